using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Crypto;
using SecureApi.CodeFixes.Core;

namespace SecureApi.CodeFixes.Rules.Crypto;

/// <summary>
/// SAPI6001: MD5/SHA-1 become SHA-256 (<c>SHA256.HashData</c>, <c>SHA256.Create()</c>, <c>HMACSHA256</c>,
/// <c>HashAlgorithmName.SHA256</c>, <c>"SHA256"</c>). SAPI6002: a password hash turned into a string becomes
/// <c>new PasswordHasher&lt;object&gt;().HashPassword(null!, password)</c>. Each fix is offered only where the
/// analyzer saw nothing depending on the old digest and the changed member still compiles.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WeakHashCodeFix)), Shared]
public sealed class WeakHashCodeFix : CodeFixProvider
{
    public const string UseSha256 = "SecureApi.Crypto.UseSha256" + FixEffect.ChangesBehavior;
    public const string UsePasswordHasher = "SecureApi.Crypto.UsePasswordHasher" + FixEffect.ChangesBehavior;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.WeakHashAlgorithm, RuleIds.PasswordWithFastHash);

    public override FixAllProvider GetFixAllProvider() =>
        FixAll.For<WeakHashAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, verified: false, ct));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            var key = KeyOf(diagnostic);
            if (Edit(root, model, diagnostic, context.CancellationToken) is not { } edit
                || !await CompileCheck.KeepsCompilingAsync(document, root, edit.Node, edit.Build(edit.Node), edit.RequiredNamespace, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            var title = key == UsePasswordHasher ? "Hash the password with PasswordHasher<T>"
                : diagnostic.Properties.TryGetValue(WeakHashAnalyzer.ReplacementProperty, out var replacement) && replacement == "HMACSHA256" ? "Use HMAC-SHA256"
                : "Use SHA-256";
            context.RegisterCodeFix(
                FixEffect.ChangingBehavior(title, key == UsePasswordHasher ? "the stored hash format changes" : "the digest changes", ct => ApplyAsync(document, ImmutableArray.Create(diagnostic), verified: true, ct), key),
                diagnostic);
        }
    }

    /// <summary>
    /// The kind of edit follows from the diagnostic, not from the Fix All key: command-line fixers (dotnet format) fix
    /// every id of a provider with the key of the first action they saw.
    /// </summary>
    private static string KeyOf(Diagnostic diagnostic) => diagnostic.Id == RuleIds.WeakHashAlgorithm ? UseSha256 : UsePasswordHasher;

    private static WeakHashEdit? Edit(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) => KeyOf(diagnostic) switch
    {
        UseSha256 => WeakHashEdits.Sha256(root, diagnostic),
        UsePasswordHasher => WeakHashEdits.PasswordHasher(root, model, diagnostic, cancellationToken),
        _ => null,
    };

    /// <param name="verified">The edits were already checked to compile (a single fix chosen in the IDE).</param>
    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, bool verified, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var root = editor.OriginalRoot;
        var done = new HashSet<SyntaxNode>();
        var namespaces = new HashSet<string>();
        foreach (var diagnostic in diagnostics)
        {
            if (Edit(root, editor.SemanticModel, diagnostic, cancellationToken) is not { } edit
                || done.Contains(edit.Node)
                || (!verified && !await CompileCheck.KeepsCompilingAsync(document, root, edit.Node, edit.Build(edit.Node), edit.RequiredNamespace, cancellationToken).ConfigureAwait(false)))
            {
                continue;
            }

            done.Add(edit.Node);
            editor.ReplaceNode(edit.Node, (current, _) => edit.Build(current));
            if (edit.RequiredNamespace is not null)
            {
                namespaces.Add(edit.RequiredNamespace);
            }
        }

        return document.WithSyntaxRoot(Imports.AddUsings(editor.GetChangedRoot(), namespaces));
    }
}
