using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Identity;
using SecureApi.CodeFixes.Core;

namespace SecureApi.CodeFixes.Rules.Identity;

/// <summary>
/// SAPI2006: the unknown-user branch returns a copy of the wrong-password branch's result, so both failures answer the
/// same. Offered only when the analyzer found the copy readable there (no missing user, no local declared later) and
/// the edited member still compiles. Clients that relied on the old answer (a 404 for unknown accounts) see the
/// wrong-password answer instead: a behaviour change.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UserEnumerationCodeFix)), Shared]
public sealed class UserEnumerationCodeFix : CodeFixProvider
{
    public const string Key = "SecureApi.Identity.SameFailureAnswer" + FixEffect.ChangesBehavior;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UserEnumeration);

    public override FixAllProvider GetFixAllProvider() =>
        FixAll.For<UserEnumerationAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Missing(root, diagnostic) is not { } missing || Failed(root, diagnostic) is not { } failed
                || !await CompileCheck.KeepsCompilingAsync(context.Document, root, missing, Copy(missing, failed), (string?)null, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            context.RegisterCodeFix(
                FixEffect.ChangingBehavior(
                    "Answer an unknown user like a wrong password",
                    "unknown users get the wrong-password result",
                    ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                    Key),
                diagnostic);
        }
    }

    private static Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        NodeEdits.ReplaceEachAsync(
            document,
            diagnostics,
            (root, diagnostic) => Failed(root, diagnostic) is not null ? Missing(root, diagnostic) : null,
            (missing, diagnostic) => Copy(missing, Failed(missing.SyntaxTree.GetRoot(), diagnostic)!),
            cancellationToken);

    private static ExpressionSyntax Copy(ExpressionSyntax missing, ExpressionSyntax failed) =>
        failed.WithoutTrivia().WithTriviaFrom(missing);

    /// <summary>The unknown-user branch's result.</summary>
    private static ExpressionSyntax? Missing(SyntaxNode root, Diagnostic diagnostic) =>
        At(root, diagnostic, UserEnumerationAnalyzer.MissingProperty);

    /// <summary>The wrong-password branch's result (absent when its copy would not compile in the other branch).</summary>
    private static ExpressionSyntax? Failed(SyntaxNode root, Diagnostic diagnostic) =>
        At(root, diagnostic, UserEnumerationAnalyzer.FailedProperty);

    private static ExpressionSyntax? At(SyntaxNode root, Diagnostic diagnostic, string key) =>
        diagnostic.Location.SourceTree == root.SyntaxTree
        && SpanProperty.Decode(diagnostic, key, root) is { } span
        && root.FindNode(span, getInnermostNodeForTie: true) is ExpressionSyntax expression && expression.Span == span
            ? expression
            : null;
}
