using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Crypto;
using SecureApi.CodeFixes.Core;

namespace SecureApi.CodeFixes.Rules.Crypto;

/// <summary>
/// SAPI6001: MD5/SHA-1 become SHA-256 (<c>SHA256.HashData</c>, <c>SHA256.Create()</c>, <c>HMACSHA256</c>,
/// <c>HashAlgorithmName.SHA256</c>, <c>"SHA256"</c>). SAPI6002: a password hash turned into a string becomes
/// <c>new PasswordHasher&lt;object&gt;().HashPassword(null!, password)</c>. Each fix is offered only where the
/// analyzer saw nothing depending on the old digest's length, nothing compares, stores or sends the old output
/// (<see cref="CryptoFixGate"/>), and the changed member still compiles. A local named after the old algorithm is
/// renamed (<c>md5Hash</c> -> <c>sha256Hash</c>); hash objects and buffers the rewrite leaves unused are removed.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WeakHashCodeFix)), Shared]
public sealed class WeakHashCodeFix : CodeFixProvider
{
    public const string UseSha256 = "SecureApi.Crypto.UseSha256" + FixEffect.ChangesBehavior;
    public const string UsePasswordHasher = "SecureApi.Crypto.UsePasswordHasher" + FixEffect.ChangesBehavior;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.WeakHashAlgorithm, RuleIds.PasswordWithFastHash);

    public override FixAllProvider GetFixAllProvider() =>
        FixAll.For<WeakHashAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

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
            if (Plan(root, model, diagnostic, context.CancellationToken) is not { } change
                || !await CryptoEdits.KeepsCompilingAsync(document, root, change, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            context.RegisterCodeFix(
                FixEffect.ChangingBehavior(
                    change.Title,
                    key == UsePasswordHasher ? "the stored hash format changes" : "the digest changes",
                    _ => Task.FromResult(CryptoEdits.Apply(document, root, new[] { change })),
                    key),
                diagnostic);
        }
    }

    /// <summary>
    /// The kind of edit follows from the diagnostic, not from the Fix All key: command-line fixers (dotnet format) fix
    /// every id of a provider with the key of the first action they saw.
    /// </summary>
    private static string KeyOf(Diagnostic diagnostic) => diagnostic.Id == RuleIds.WeakHashAlgorithm ? UseSha256 : UsePasswordHasher;

    private static CryptoChange? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        KeyOf(diagnostic) == UseSha256 ? Sha256(root, model, diagnostic, cancellationToken) : PasswordHasher(root, model, diagnostic, cancellationToken);

    private static CryptoChange? Sha256(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (WeakHashEdits.Sha256(root, diagnostic) is not { } edit
            || SpanProperty.Decode(diagnostic, WeakHashAnalyzer.OutputSpanProperty, root) is not { } outputSpan
            || !CryptoFixGate.MayChange(model, root.FindNode(outputSpan, getInnermostNodeForTie: true), CryptoOutputOptions.Digest, cancellationToken))
        {
            return null;
        }

        var output = root.FindNode(outputSpan, getInnermostNodeForTie: true);
        var edits = new List<CryptoEdit> { CryptoEdit.Replace(edit.Node, edit.Build) };
        edits.AddRange(WeakHashEdits.UnusedWeakHashObjects(model, output, cancellationToken));
        var declarator = CryptoEdits.DeclaratorOf(output);
        edits.AddRange(CryptoEdits.RenameLocal(model, declarator, Rename, cancellationToken));
        edits.AddRange(CryptoEdits.RenameDerived(model, declarator, Rename, cancellationToken));
        var title = diagnostic.Properties.TryGetValue(WeakHashAnalyzer.ReplacementProperty, out var replacement) && replacement == "HMACSHA256" ? "Use HMAC-SHA256" : "Use SHA-256";
        return new CryptoChange(title, edits);
    }

    private static string? Rename(string name) => CryptoEdits.Renamed(name, CryptoFixGate.HashWords);

    private static CryptoChange? PasswordHasher(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (WeakHashEdits.PasswordHasher(root, model, diagnostic, cancellationToken) is not { } edit
            || !CryptoFixGate.MayChange(model, edit.Node, CryptoOutputOptions.Digest, cancellationToken))
        {
            return null;
        }

        var edits = new List<CryptoEdit> { CryptoEdit.Replace(edit.Node, edit.Build) };
        edits.AddRange(WeakHashEdits.Leftovers(model, edit, cancellationToken));
        return new CryptoChange("Hash the password with PasswordHasher<T>", edits, edit.RequiredNamespace is { } ns ? new[] { ns } : null);
    }

    private static Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        CryptoEdits.ApplyAllAsync(document, diagnostics, Plan, cancellationToken);
}
