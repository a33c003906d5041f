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
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Crypto;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Crypto;

/// <summary>
/// SAPI6004: DES, TripleDES and RC2 become AES: <c>DES.Create()</c> and <c>new DESCryptoServiceProvider()</c> become
/// <c>Aes.Create()</c>, a CryptoConfig name becomes "AES". Offered only where the ciphertext never leaves the method
/// and nothing it decrypts was encrypted elsewhere, where the keys, IVs and sizes given to the cipher visibly fit AES,
/// where no comment says another system requires the old cipher (<see cref="CryptoFixGate"/>), and where the member
/// still compiles afterwards (not for <c>TripleDES tdes = TripleDES.Create();</c> or a member only the old type has).
/// A local named after the old cipher is renamed (<c>des</c> -> <c>aes</c>). ECB, IVs and keys get no fix: the
/// replacement needs a decision on where the IV travels and where the key is stored.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WeakCipherCodeFix)), Shared]
public sealed class WeakCipherCodeFix : CodeFixProvider
{
    public const string UseAes = "SecureApi.Crypto.UseAes" + FixEffect.ChangesBehavior;

    private const string CryptographyNamespace = "System.Security.Cryptography";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.WeakCipher);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<WeakCipherAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

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
            if (Plan(root, model, diagnostic, context.CancellationToken) is { } change
                && await CryptoEdits.KeepsCompilingAsync(document, root, change, context.CancellationToken).ConfigureAwait(false))
            {
                context.RegisterCodeFix(
                    FixEffect.ChangingBehavior(change.Title, "ciphertexts differ", _ => Task.FromResult(CryptoEdits.Apply(document, root, new[] { change })), UseAes),
                    diagnostic);
            }
        }
    }

    private static Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        CryptoEdits.ApplyAllAsync(document, diagnostics, Plan, cancellationToken);

    private static CryptoChange? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (Replacement(root, model, diagnostic, cancellationToken) is not { } change)
        {
            return null;
        }

        // What the cipher computes: the creation, or the call whose name argument is rewritten.
        var output = change.Node as ExpressionSyntax;
        if (diagnostic.Properties.TryGetValue(WeakCipherAnalyzer.FixProperty, out var fix) && fix == WeakCipherAnalyzer.NameFix)
        {
            output = change.Node.FirstAncestorOrSelf<InvocationExpressionSyntax>();
        }

        // AES takes a TripleDES key (16 or 24 bytes), not a DES (8) or RC2 (5 to 16) one.
        var checkKey = !diagnostic.Properties.TryGetValue(WeakCipherAnalyzer.AlgorithmProperty, out var algorithm) || algorithm != WeakCipherAlgorithms.TripleDes;
        if (!CryptoFixGate.MayChange(model, output, CryptoOutputOptions.Cipher(checkKey), cancellationToken))
        {
            return null;
        }

        var replacement = change.Replacement;
        var edits = new List<CryptoEdit> { CryptoEdit.Replace(change.Node, _ => replacement) };
        var declarator = CryptoEdits.DeclaratorOf(output!);
        edits.AddRange(CryptoEdits.RenameLocal(model, declarator, Rename, cancellationToken));
        edits.AddRange(CryptoEdits.RenameDerived(model, declarator, Rename, cancellationToken));
        return new CryptoChange(change.Title, edits, change.Namespace is { } ns ? new[] { ns } : null);
    }

    private static string? Rename(string name) => CryptoEdits.Renamed(name, CryptoFixGate.CipherWords);

    private sealed class Change
    {
        public Change(string title, SyntaxNode node, SyntaxNode replacement, string? ns)
        {
            Title = title;
            Node = node;
            Replacement = replacement;
            Namespace = ns;
        }

        public string Title { get; }

        public SyntaxNode Node { get; }

        public SyntaxNode Replacement { get; }

        /// <summary>The namespace to import for the replacement, when it is not in scope.</summary>
        public string? Namespace { get; }
    }

    private static Change? Replacement(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.Location.SourceTree != root.SyntaxTree || !diagnostic.Properties.TryGetValue(WeakCipherAnalyzer.FixProperty, out var fix))
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        switch (fix)
        {
            case WeakCipherAnalyzer.CreateFix when node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } call:
                // DES.Create() -> Aes.Create(); System.Security.Cryptography.DES.Create() -> System.Security.Cryptography.Aes.Create()
                ExpressionSyntax? receiver = call.Expression switch
                {
                    MemberAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax qualified } => qualified.WithName(IdentifierName("Aes").WithTriviaFrom(qualified.Name)),
                    MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax name } => IdentifierName("Aes").WithTriviaFrom(name),
                    IdentifierNameSyntax => IdentifierName("Aes"),
                    _ => null,
                };
                if (receiver is null)
                {
                    return null;
                }

                var created = call.Expression is MemberAccessExpressionSyntax access
                    ? call.WithExpression(access.WithExpression(receiver)).WithArgumentList(call.ArgumentList.WithArguments(default))
                    : ParseExpression("Aes.Create()").WithTriviaFrom(call);
                return AesCreate(model, call, created, receiver is IdentifierNameSyntax, cancellationToken);

            case WeakCipherAnalyzer.NewFix when node.FirstAncestorOrSelf<ObjectCreationExpressionSyntax>() is { Initializer: null } creation
                                                && creation.ArgumentList is null or { Arguments.Count: 0 }:
                // new DESCryptoServiceProvider() -> Aes.Create()
                var qualifier = creation.Type switch
                {
                    IdentifierNameSyntax => string.Empty,
                    QualifiedNameSyntax qualifiedName => qualifiedName.Left.ToString() + ".",
                    _ => null,
                };
                return qualifier is null
                    ? null
                    : AesCreate(model, creation, ParseExpression(qualifier + "Aes.Create()").WithTriviaFrom(creation), qualifier.Length == 0, cancellationToken);

            case WeakCipherAnalyzer.NameFix when SpanProperty.Decode(diagnostic, WeakCipherAnalyzer.NameSpanProperty, root) is { } span
                                                 && root.FindNode(span, getInnermostNodeForTie: true) is ExpressionSyntax name && name.Span == span:
                return new Change("Use AES (\"AES\")", name, LiteralExpression(SyntaxKind.StringLiteralExpression, Literal("AES")).WithTriviaFrom(name), ns: null);

            default:
                return null;
        }
    }

    private static Change AesCreate(SemanticModel model, SyntaxNode node, SyntaxNode replacement, bool unqualified, CancellationToken cancellationToken) =>
        new(
            "Use AES (Aes.Create())",
            node,
            replacement,
            unqualified && !Imports.IsInScope(model, node.SpanStart, CryptographyNamespace, cancellationToken) ? CryptographyNamespace : null);
}
