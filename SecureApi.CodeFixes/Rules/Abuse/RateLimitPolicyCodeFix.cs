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
using SecureApi.Analyzers.Core.AspNetCore.Endpoints;
using SecureApi.Analyzers.Rules.Abuse;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Abuse;

/// <summary>
/// SAPI2004, an authentication endpoint without rate limiting: <c>[EnableRateLimiting("policy")]</c> on the action,
/// <c>.RequireRateLimiting("policy")</c> on the endpoint. Offered only when the compilation registers exactly one
/// rate-limiter policy, so the fixed code names a policy that exists (an unknown name throws at the first request).
/// Not offered for <c>[DisableRateLimiting]</c> (removing it is the author's call: it was put there on purpose) nor
/// for an action inherited from a base class.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RateLimitPolicyCodeFix)), Shared]
public sealed class RateLimitPolicyCodeFix : CodeFixProvider
{
    public const string RequirePolicy = "SecureApi.RateLimit.RequirePolicy" + FixEffect.ChangesBehavior;

    private const string RateLimitingNamespace = "Microsoft.AspNetCore.RateLimiting";
    private const string BuilderNamespace = "Microsoft.AspNetCore.Builder";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.RateLimit);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<RateLimitAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Target(root, diagnostic) is null
                || await SinglePolicyAsync(context.Document, context.CancellationToken).ConfigureAwait(false) is not { } policy)
            {
                continue;
            }

            var how = Target(root, diagnostic) is MethodDeclarationSyntax ? $"[EnableRateLimiting(\"{policy}\")]" : $".RequireRateLimiting(\"{policy}\")";
            context.RegisterCodeFix(
                FixEffect.ChangingBehavior(
                    $"Rate limit this endpoint with policy '{policy}' ({how})",
                    "requests beyond the limit are rejected",
                    ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                    RequirePolicy),
                diagnostic);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        if (await SinglePolicyAsync(document, cancellationToken).ConfigureAwait(false) is not { } policy)
        {
            return document;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var root = editor.OriginalRoot;
        var name = LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(policy));
        var targets = new HashSet<SyntaxNode>();
        var namespaces = new List<string>();
        foreach (var diagnostic in diagnostics)
        {
            if (Target(root, diagnostic) is not { } target || !targets.Add(target))
            {
                continue;
            }

            if (target is MethodDeclarationSyntax)
            {
                var attribute = Attribute(IdentifierName("EnableRateLimiting"), AttributeArgumentList(SingletonSeparatedList(AttributeArgument(name))));
                editor.ReplaceNode(target, (current, _) => AttributeLists.Prepend((MemberDeclarationSyntax)current, attribute));
                AddNamespace(namespaces, editor.SemanticModel, target, RateLimitingNamespace, cancellationToken);
            }
            else
            {
                editor.ReplaceNode(target, (current, _) => EndpointConventions.Append((InvocationExpressionSyntax)current, "RequireRateLimiting", Argument(name)));
                AddNamespace(namespaces, editor.SemanticModel, target, BuilderNamespace, cancellationToken);
            }
        }

        return document.WithSyntaxRoot(Imports.AddUsings(editor.GetChangedRoot(), namespaces));
    }

    private static void AddNamespace(List<string> namespaces, SemanticModel model, SyntaxNode at, string namespaceName, CancellationToken cancellationToken)
    {
        if (!namespaces.Contains(namespaceName) && !Imports.IsInScope(model, at.SpanStart, namespaceName, cancellationToken))
        {
            namespaces.Add(namespaceName);
        }
    }

    /// <summary>The one policy name the compilation registers, or null (none, several, or a name that is not a constant).</summary>
    private static async Task<string?> SinglePolicyAsync(Document document, CancellationToken cancellationToken)
    {
        var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        return compilation is not null && RateLimitingFacts.PolicyNames(compilation, KnownTypes.For(compilation), cancellationToken) is { Length: 1 } names
            ? names[0]
            : null;
    }

    /// <summary>The flagged action (its declaration) or <c>Map*</c> invocation; null for other kinds and inherited actions.</summary>
    private static SyntaxNode? Target(SyntaxNode root, Diagnostic diagnostic)
    {
        if (diagnostic.Location.SourceTree != root.SyntaxTree
            || !diagnostic.Properties.TryGetValue(RateLimitAnalyzer.KindProperty, out var kind) || kind != RateLimitAnalyzer.Missing
            || diagnostic.Properties.ContainsKey(RateLimitAnalyzer.InheritedProperty))
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return node switch
        {
            MethodDeclarationSyntax method => method,
            SimpleNameSyntax { Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } access } when access.Name == node => invocation,
            _ => null,
        };
    }
}
