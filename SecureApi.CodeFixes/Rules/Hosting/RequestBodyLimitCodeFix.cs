using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Hosting;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Hosting;

/// <summary>
/// SAPI8005: <c>[DisableRequestSizeLimit]</c> -> <c>[RequestSizeLimit(10_000_000)]</c> (also <c>new DisableRequestSizeLimitAttribute()</c>
/// given as endpoint metadata). Limits that are merely high get no fix: only the author knows the largest legitimate upload.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RequestBodyLimitCodeFix)), Shared]
public sealed class RequestBodyLimitCodeFix : CodeFixProvider
{
    public const string LimitTo10MB = "SecureApi.Hosting.RequestSizeLimit" + FixEffect.ChangesBehavior;

    private const string Disabled = "DisableRequestSizeLimit";
    private const string Limited = "RequestSizeLimit";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.RequestBodyLimit);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<RequestBodyLimitAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        NodeEdits.RegisterEachAsync(context, Find, diagnostic => FixEffect.ChangingBehavior(
            "Limit request bodies to 10 MB ([RequestSizeLimit(10_000_000)])",
            "larger uploads are rejected with 413",
            ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
            LimitTo10MB));

    private static Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        NodeEdits.ReplaceEachAsync(document, diagnostics, Find, (node, _) => Rewrite(node), cancellationToken);

    /// <summary>The flagged <c>[DisableRequestSizeLimit]</c> attribute or <c>new DisableRequestSizeLimitAttribute()</c>, if still there.</summary>
    private static SyntaxNode? Find(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.ContainsKey(RequestBodyLimitAnalyzer.DisabledKey)
            || !diagnostic.Location.IsInSource || diagnostic.Location.SourceTree != root.SyntaxTree)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        SyntaxNode? found = (SyntaxNode?)node.FirstAncestorOrSelf<AttributeSyntax>() ?? node.FirstAncestorOrSelf<ObjectCreationExpressionSyntax>();
        return found is not null && LastName(found) is { } name && name.Identifier.ValueText.StartsWith(Disabled, System.StringComparison.Ordinal) ? found : null;
    }

    private static SimpleNameSyntax? LastName(SyntaxNode node) => (node switch
    {
        AttributeSyntax attribute => attribute.Name,
        ObjectCreationExpressionSyntax creation => creation.Type,
        _ => null,
    }) switch
    {
        QualifiedNameSyntax qualified => qualified.Right,
        AliasQualifiedNameSyntax alias => alias.Name,
        SimpleNameSyntax simple => simple,
        _ => null,
    };

    /// <summary>Same qualification and <c>Attribute</c> suffix as written, the name without <c>Disable</c>, and the 10 MB argument.</summary>
    private static SyntaxNode Rewrite(SyntaxNode node)
    {
        var name = LastName(node)!;
        var renamed = node.ReplaceNode(name, IdentifierName(name.Identifier.ValueText.Replace(Disabled, Limited)).WithTriviaFrom(name));
        var limit = LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal("10_000_000", 10_000_000));
        return renamed switch
        {
            AttributeSyntax attribute => attribute.WithArgumentList(AttributeArgumentList(SingletonSeparatedList(AttributeArgument(limit)))),
            ObjectCreationExpressionSyntax creation => creation.WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(limit)))),
            _ => renamed,
        };
    }
}
