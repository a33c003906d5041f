using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Secrets;
using SecureApi.CodeFixes.Core;

namespace SecureApi.CodeFixes.Rules.Secrets;

/// <summary>
/// SAPI7001 and SAPI7002: the secret literal at the diagnostic's location is removed from a property the configuration
/// binder fills, else replaced by a connection-string or configuration read or an environment variable that throws
/// when the secret is missing (<see cref="SecretReplacement"/>). The diagnostic
/// contract: the location is exactly the string literal; the properties <c>SecretName</c> (the member, variable or
/// parameter it belongs to) and <c>ConfigurationKey</c> (a key the code already names) choose the key. Not offered for
/// other literals (<c>"..."u8</c>, interpolated strings) or when no form keeps the file compiling.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SecretInSourceCodeFix)), Shared]
public sealed class SecretInSourceCodeFix : CodeFixProvider
{
    public const string ReadFromConfiguration = "SecureApi.Secrets.ReadFromConfiguration" + FixEffect.ChangesBehavior;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SecretInSource, RuleIds.HardCodedKeyMaterial);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<SecretInSourceAnalyzer, HardCodedKeyAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (await SecretReplacement.PlanAsync(context.Document, root, model, diagnostic, context.CancellationToken).ConfigureAwait(false) is { } replacement)
            {
                context.RegisterCodeFix(
                    FixEffect.ChangingBehavior(replacement.Title, "the value must now be configured", ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct), ReadFromConfiguration),
                    diagnostic);
            }
        }
    }

    /// <summary>Every diagnostic is planned on its own (the form follows its location, not the Fix All key); one literal is replaced once.</summary>
    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var replacements = new List<SecretReplacement>();
        var done = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (await SecretReplacement.PlanAsync(document, root, model, diagnostic, cancellationToken).ConfigureAwait(false) is { } replacement
                && done.Add(replacement.Literal))
            {
                replacements.Add(replacement);
            }
        }

        return replacements.Count == 0 ? document : document.WithSyntaxRoot(SecretReplacement.Apply(root, replacements));
    }
}
