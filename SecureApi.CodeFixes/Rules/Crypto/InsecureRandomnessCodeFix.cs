using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Crypto;
using SecureApi.CodeFixes.Core;

namespace SecureApi.CodeFixes.Rules.Crypto;

/// <summary>
/// SAPI6005: call <c>RandomNumberGenerator</c> instead of <c>System.Random</c> (see <see cref="InsecureRandomnessRewrite"/>),
/// add <c>using System.Security.Cryptography;</c> when missing, and remove a local <c>var random = new Random();</c>
/// that nothing uses any more. The fix is offered only where the member still compiles afterwards.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InsecureRandomnessCodeFix)), Shared]
public sealed class InsecureRandomnessCodeFix : CodeFixProvider
{
    public const string UseRandomNumberGenerator = "SecureApi.Crypto.UseRandomNumberGenerator";

    private const string CryptographyNamespace = "System.Security.Cryptography";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.InsecureRandomness);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<InsecureRandomnessAnalyzer>(changesBehavior: false, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

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
            if (InsecureRandomnessRewrite.For(model, root, diagnostic, context.CancellationToken) is not { } rewrite)
            {
                continue;
            }

            // Computed now: whether the result compiles decides whether the fix is offered.
            var fixedDocument = await ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), context.CancellationToken).ConfigureAwait(false);
            if (fixedDocument != context.Document)
            {
                context.RegisterCodeFix(
                    FixEffect.Preserving(
                        $"Use {InsecureRandomnessRewrite.GeneratorName}.{rewrite.Method}",
                        _ => Task.FromResult(fixedDocument),
                        UseRandomNumberGenerator),
                    diagnostic);
            }
        }
    }

    /// <summary>
    /// Rewrites every call it can; a member that no longer compiles afterwards (or did not before) is left as it was,
    /// and the rest is rewritten again without it.
    /// </summary>
    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var rewrites = new List<InsecureRandomnessRewrite>();
        foreach (var diagnostic in diagnostics)
        {
            if (InsecureRandomnessRewrite.For(model, root, diagnostic, cancellationToken) is { } rewrite && rewrites.All(r => r.Node != rewrite.Node))
            {
                rewrites.Add(rewrite);
            }
        }

        while (rewrites.Count > 0)
        {
            var candidate = Rewrite(document, root, model, rewrites, cancellationToken);
            var broken = await BrokenMembersAsync(candidate, rewrites.Select(r => r.Member).Distinct(), cancellationToken).ConfigureAwait(false);
            if (broken.Count == 0)
            {
                return candidate;
            }

            rewrites.RemoveAll(r => broken.Contains(r.Member));
        }

        return document;
    }

    private static Document Rewrite(Document document, SyntaxNode root, SemanticModel model, List<InsecureRandomnessRewrite> rewrites, CancellationToken cancellationToken)
    {
        var unused = UnusedDeclarations(model, rewrites, cancellationToken);
        var tracked = root.TrackNodes(rewrites.Select(r => r.Node).Concat(rewrites.Select(r => r.Member)).Concat(unused));

        // The tracked copy of each replaced node, with its rewrite (applied innermost first by ReplaceNodes).
        var replacements = new Dictionary<SyntaxNode, InsecureRandomnessRewrite>();
        foreach (var rewrite in rewrites)
        {
            if (tracked.GetCurrentNode(rewrite.Node) is { } current)
            {
                replacements[current] = rewrite;
            }
        }

        var changed = tracked.ReplaceNodes(replacements.Keys, (original, rewritten) => replacements[original].Replace(rewritten));
        var removed = unused.Select(s => changed.GetCurrentNode(s)).OfType<SyntaxNode>().ToList();
        if (removed.Count > 0)
        {
            changed = changed.RemoveNodes(removed, SyntaxRemoveOptions.KeepNoTrivia) ?? changed;
        }

        if (!rewrites.All(r => Imports.IsInScope(model, r.Node.SpanStart, CryptographyNamespace, cancellationToken)))
        {
            changed = Imports.AddUsings(changed, new[] { CryptographyNamespace });
        }

        return document.WithSyntaxRoot(changed);
    }

    /// <summary>
    /// <c>var random = new Random();</c> statements whose local is only used as the receiver of rewritten calls (and
    /// whose initializer calls nothing): nothing is left to use them.
    /// </summary>
    private static List<SyntaxNode> UnusedDeclarations(SemanticModel model, List<InsecureRandomnessRewrite> rewrites, CancellationToken cancellationToken)
    {
        var receivers = new HashSet<SyntaxNode>(rewrites.Select(r => r.Receiver));
        var unused = new List<SyntaxNode>();
        foreach (var receiver in rewrites.Select(r => r.Receiver).OfType<IdentifierNameSyntax>())
        {
            if (model.GetSymbolInfo(receiver, cancellationToken).Symbol is not ILocalSymbol local
                || local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
                || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax statement }
                || statement.Modifiers.Count > 0
                || model.GetOperation(initializer, cancellationToken) is not { } value
                || value.DescendantsAndSelf().Any(o => o is IInvocationOperation))
            {
                continue;
            }

            // A top-level statement's local is seen by the statements after it: the scope is the file.
            SyntaxNode removable = statement.Parent is GlobalStatementSyntax global ? global : statement;
            var scope = removable.Parent is CompilationUnitSyntax file ? file : (SyntaxNode?)statement.FirstAncestorOrSelf<MemberDeclarationSyntax>();
            var uses = scope?.DescendantNodes().OfType<IdentifierNameSyntax>()
                .Where(n => n.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, cancellationToken).Symbol, local));
            if (!unused.Contains(removable) && uses is not null && uses.All(receivers.Contains))
            {
                unused.Add(removable);
            }
        }

        return unused;
    }

    /// <summary>The members (of <paramref name="members"/>, tracked) with compiler errors in <paramref name="document"/>.</summary>
    private static async Task<HashSet<SyntaxNode>> BrokenMembersAsync(Document document, IEnumerable<SyntaxNode> members, CancellationToken cancellationToken)
    {
        var broken = new HashSet<SyntaxNode>();
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        foreach (var member in members)
        {
            var current = root?.GetCurrentNode(member);
            if (current is null || model is null || model.GetDiagnostics(current.Span, cancellationToken).Any(d => d.Severity == DiagnosticSeverity.Error))
            {
                broken.Add(member);
            }
        }

        return broken;
    }
}
