using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Tls;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Tls;

/// <summary>
/// SAPI8002: drop the obsolete members from the <c>|</c> combination they are in (<c>Tls11 | Tls12</c> becomes
/// <c>Tls12</c>); when nothing else is left, let the operating system choose: <c>SslProtocols.None</c> or
/// <c>SecurityProtocolType.SystemDefault</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ObsoleteTlsProtocolCodeFix)), Shared]
public sealed class ObsoleteTlsProtocolCodeFix : CodeFixProvider
{
    public const string DropObsoleteProtocols = "SecureApi.Tls.DropObsoleteProtocols" + FixEffect.ChangesBehavior;

    private static readonly HashSet<string> ObsoleteNames = new() { "Ssl2", "Ssl3", "Tls", "Tls11", "Default" };

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ObsoleteTlsProtocol);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<ObsoleteTlsProtocolAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        NodeEdits.RegisterEachAsync(context, (root, model, diagnostic) => Plan(model, root, diagnostic, context.CancellationToken) is not { } plan
            ? null
            : FixEffect.ChangingBehavior(
                plan.Title,
                "peers that only speak the old versions cannot connect",
                ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                DropObsoleteProtocols));

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var handled = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            // Every obsolete member of one combination is fixed by one edit of the whole combination.
            if (Plan(editor.SemanticModel, editor.OriginalRoot, diagnostic, cancellationToken) is { } plan && handled.Add(plan.Combination))
            {
                editor.ReplaceNode(plan.Combination, plan.Replacement.WithTriviaFrom(plan.Combination));
            }
        }

        return editor.GetChangedDocument();
    }

    private sealed class Edit
    {
        public Edit(ExpressionSyntax combination, ExpressionSyntax replacement, string title)
        {
            Combination = combination;
            Replacement = replacement;
            Title = title;
        }

        public ExpressionSyntax Combination { get; }

        public ExpressionSyntax Replacement { get; }

        public string Title { get; }
    }

    private static Edit? Plan(SemanticModel model, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.Location.SourceTree != root.SyntaxTree
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not MemberAccessExpressionSyntax member
            || model.GetSymbolInfo(member, cancellationToken).Symbol is not IFieldSymbol { ContainingType: { } enumType })
        {
            return null;
        }

        // The whole a | b | (c | d) the member is part of.
        ExpressionSyntax combination = member;
        while (combination.Parent is ParenthesizedExpressionSyntax or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.BitwiseOrExpression })
        {
            combination = (ExpressionSyntax)combination.Parent;
        }

        var kept = Operands(combination).Where(operand => !IsObsolete(model, operand, enumType, cancellationToken)).ToList();
        if (kept.Count > 0)
        {
            var joined = kept.Select(k => k.WithoutTrivia()).Aggregate((left, right) => BinaryExpression(SyntaxKind.BitwiseOrExpression, left, right));
            return new Edit(combination, joined, "Remove the obsolete protocol versions");
        }

        var osDefault = enumType.Name == "SecurityProtocolType" ? "SystemDefault" : "None";
        return new Edit(combination, member.WithName(IdentifierName(osDefault)).WithoutTrivia(), $"Let the operating system choose ({enumType.Name}.{osDefault})");
    }

    private static IEnumerable<ExpressionSyntax> Operands(ExpressionSyntax expression) => expression switch
    {
        ParenthesizedExpressionSyntax parenthesized => Operands(parenthesized.Expression),
        BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.BitwiseOrExpression) => Operands(binary.Left).Concat(Operands(binary.Right)),
        _ => new[] { expression },
    };

    private static bool IsObsolete(SemanticModel model, ExpressionSyntax operand, INamedTypeSymbol enumType, CancellationToken cancellationToken) =>
        model.GetSymbolInfo(operand, cancellationToken).Symbol is IFieldSymbol field
        && SymbolEqualityComparer.Default.Equals(field.ContainingType, enumType)
        && ObsoleteNames.Contains(field.Name)
        && (enumType.Name == "SslProtocols" || field.Name != "Ssl2");
}
