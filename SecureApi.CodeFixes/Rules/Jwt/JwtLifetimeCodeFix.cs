using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Jwt;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Jwt;

/// <summary>
/// SAPI1005: make the access token live 15 minutes: <c>AddDays(7)</c> becomes <c>AddMinutes(15)</c>, a TimeSpan
/// becomes <c>TimeSpan.FromMinutes(15)</c>, a minutes value becomes 15, and a token without expiry gets
/// <c>expires: DateTime.UtcNow.AddMinutes(15)</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(JwtLifetimeCodeFix)), Shared]
public sealed class JwtLifetimeCodeFix : CodeFixProvider
{
    public const string ShortLifetime = "SecureApi.Jwt.ShortLifetime" + FixEffect.ChangesBehavior;
    private const int Minutes = 15;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.JwtLongLifetime);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<JwtLifetimeAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        NodeEdits.RegisterEachAsync(context, (root, model, diagnostic) => Edit(root, model, diagnostic, context.CancellationToken) is null
            ? null
            : FixEffect.ChangingBehavior(
                $"Issue the token for {Minutes} minutes",
                "clients must renew tokens sooner",
                ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                ShortLifetime));

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var needsSystem = false;
        var done = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (Edit(editor.OriginalRoot, editor.SemanticModel, diagnostic, cancellationToken) is { } edit && done.Add(edit.Node))
            {
                editor.ReplaceNode(edit.Node, (current, _) => edit.Replace(current));
                needsSystem |= edit.UsesDateTime && !Imports.IsInScope(editor.SemanticModel, edit.Node.SpanStart, "System", cancellationToken);
            }
        }

        var root = editor.GetChangedRoot();
        if (needsSystem && root is CompilationUnitSyntax unit)
        {
            root = Imports.AddUsing(unit, "System");
        }

        return document.WithSyntaxRoot(root);
    }

    private sealed class Change
    {
        public Change(SyntaxNode node, System.Func<SyntaxNode, SyntaxNode> replace, bool UsesDateTime)
        {
            Node = node;
            Replace = replace;
            this.UsesDateTime = UsesDateTime;
        }

        public SyntaxNode Node { get; }

        public System.Func<SyntaxNode, SyntaxNode> Replace { get; }

        public bool UsesDateTime { get; }
    }

    private static Change? Edit(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(JwtLifetimeAnalyzer.KindProperty, out var kind))
        {
            return null;
        }

        if (kind == JwtLifetimeAnalyzer.MissingExpiry)
        {
            // new JwtSecurityToken(issuer, audience, claims, signingCredentials: credentials) -> ..., expires: DateTime.UtcNow.AddMinutes(15))
            return root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { ArgumentList: not null } creation
                ? new Change(creation, current => AddExpires((BaseObjectCreationExpressionSyntax)current), UsesDateTime: true)
                : null;
        }

        if (SpanProperty.Decode(diagnostic, JwtLifetimeAnalyzer.AmountSpanProperty, root) is not { } span || root.FindNode(span, getInnermostNodeForTie: true) is not ExpressionSyntax amount)
        {
            return null;
        }

        if (kind == JwtLifetimeAnalyzer.LongMinutes)
        {
            return new Change(amount, current => Literal15().WithTriviaFrom(current), UsesDateTime: false);
        }

        var type = model.GetTypeInfo(amount, cancellationToken).Type;
        if (type is { Name: "DateTime" or "DateTimeOffset" } && amount is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax })
        {
            // DateTime.UtcNow.AddDays(7) -> DateTime.UtcNow.AddMinutes(15)
            return new Change(amount, current => current is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call
                ? call.WithExpression(access.WithName(IdentifierName("AddMinutes").WithTriviaFrom(access.Name)))
                      .WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(Literal15()))).WithTriviaFrom(call.ArgumentList))
                : current, UsesDateTime: false);
        }

        if (type is { Name: "TimeSpan" })
        {
            // TimeSpan.FromHours(8), new TimeSpan(1, 0, 0, 0) -> TimeSpan.FromMinutes(15)
            return new Change(amount, current => ParseExpression($"TimeSpan.FromMinutes({Minutes})").WithTriviaFrom(current), UsesDateTime: true);
        }

        return null;
    }

    private static SyntaxNode AddExpires(BaseObjectCreationExpressionSyntax creation)
    {
        var argument = Argument(ParseExpression($"DateTime.UtcNow.AddMinutes({Minutes})"))
            .WithNameColon(NameColon(IdentifierName("expires")));
        return creation.WithArgumentList(creation.ArgumentList!.AddArguments(argument));
    }

    private static LiteralExpressionSyntax Literal15() => LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(Minutes));
}
