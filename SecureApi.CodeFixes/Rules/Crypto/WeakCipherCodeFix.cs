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
using SecureApi.Analyzers.Rules.Crypto;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Crypto;

/// <summary>
/// SAPI6004: DES, TripleDES and RC2 become AES: <c>DES.Create()</c> and <c>new DESCryptoServiceProvider()</c> become
/// <c>Aes.Create()</c>, a CryptoConfig name becomes "AES". Offered only when the member still compiles afterwards
/// (not for <c>TripleDES tdes = TripleDES.Create();</c> or a member only the old type has). ECB, IVs and keys get no
/// fix: the replacement needs a decision on where the IV travels and where the key is stored.
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
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Plan(root, model, diagnostic, context.CancellationToken) is { } change
                && await CompileCheck.KeepsCompilingAsync(context.Document, root, change.Node, change.Replacement, change.Namespace, context.CancellationToken).ConfigureAwait(false))
            {
                context.RegisterCodeFix(
                    FixEffect.ChangingBehavior(change.Title, "ciphertexts differ", ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct), UseAes),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var namespaces = new HashSet<string>();
        var done = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            // Each change is checked on its own: a member that would not compile keeps its algorithm.
            if (Plan(editor.OriginalRoot, editor.SemanticModel, diagnostic, cancellationToken) is not { } change
                || !done.Add(change.Node)
                || !await CompileCheck.KeepsCompilingAsync(document, editor.OriginalRoot, change.Node, change.Replacement, change.Namespace, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            editor.ReplaceNode(change.Node, change.Replacement);
            if (change.Namespace is { } ns)
            {
                namespaces.Add(ns);
            }
        }

        return document.WithSyntaxRoot(Imports.AddUsings(editor.GetChangedRoot(), namespaces));
    }

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

    private static Change? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
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
