using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Tls;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Tls;

/// <summary>
/// SAPI8001: remove the accepting callback, so the platform's own certificate validation applies: the assignment
/// statement or initializer entry goes; an SslStream's callback argument is dropped (or becomes <c>null</c> when
/// arguments follow it).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CertificateValidationDisabledCodeFix)), Shared]
public sealed class CertificateValidationDisabledCodeFix : CodeFixProvider
{
    public const string RemoveCallback = "SecureApi.Tls.RemoveCertificateCallback" + FixEffect.ChangesBehavior;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.CertificateValidationDisabled);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<CertificateValidationDisabledAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        NodeEdits.RegisterEachAsync(context, FindEdit, diagnostic => FixEffect.ChangingBehavior(
            "Remove the certificate validation callback",
            "untrusted certificates are rejected",
            ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
            RemoveCallback));

    private static Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        NodeEdits.EditEachAsync(document, diagnostics, FindEdit, (editor, node, _) =>
        {
            switch (node)
            {
                case ArgumentSyntax argument when IsLastPositional(argument):
                    editor.RemoveNode(argument);
                    break;

                case ArgumentSyntax argument:
                    editor.ReplaceNode(argument.Expression, LiteralExpression(SyntaxKind.NullLiteralExpression).WithTriviaFrom(argument.Expression));
                    break;

                default:
                    // The comment above the callback explained why it was there; it goes with it.
                    editor.RemoveNode(node, SyntaxRemoveOptions.KeepUnbalancedDirectives);
                    break;
            }
        }, cancellationToken);

    private static bool IsLastPositional(ArgumentSyntax argument) =>
        argument.NameColon is null
        && argument.Parent is ArgumentListSyntax list
        && list.Arguments.IndexOf(argument) == list.Arguments.Count - 1;

    /// <summary>What to remove: the statement, the initializer entry, or the constructor argument; null for other shapes.</summary>
    private static SyntaxNode? FindEdit(SyntaxNode root, Diagnostic diagnostic)
    {
        if (diagnostic.Location.SourceTree != root.SyntaxTree)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (node.FirstAncestorOrSelf<ArgumentSyntax>() is { } argument && argument.Span == diagnostic.Location.SourceSpan)
        {
            return argument.Parent is ArgumentListSyntax { Parent: ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax } ? argument : null;
        }

        return node.FirstAncestorOrSelf<AssignmentExpressionSyntax>()?.Parent switch
        {
            InitializerExpressionSyntax initializer when initializer.IsKind(SyntaxKind.ObjectInitializerExpression) => node.FirstAncestorOrSelf<AssignmentExpressionSyntax>(),
            ExpressionStatementSyntax { Parent: GlobalStatementSyntax global } => global,
            ExpressionStatementSyntax { Parent: BlockSyntax } statement => statement,
            _ => null,
        };
    }
}
