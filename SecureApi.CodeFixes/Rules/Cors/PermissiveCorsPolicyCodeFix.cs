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
using SecureApi.Analyzers.Rules.Cors;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Cors;

/// <summary>
/// SAPI3001/SAPI3002: replace the any-origin call with <c>WithOrigins(...)</c> (read from configuration when an
/// <c>IConfiguration</c> is reachable), or, for SAPI3001, stop allowing credentials. The origin list goes through the
/// shared compile check: the configuration form where it compiles, else an explicit list, else no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PermissiveCorsPolicyCodeFix)), Shared]
public sealed class PermissiveCorsPolicyCodeFix : CodeFixProvider
{
    // One key per kind of edit, shared by both ids: Fix All (and `dotnet format`, which fixes all ids of a provider
    // with the first action's key) then handles SAPI3001 and SAPI3002 findings together.
    public const string UseExplicitOrigins = "SecureApi.Cors.UseExplicitOrigins" + FixEffect.ChangesBehavior;
    public const string RemoveCredentials = "SecureApi.Cors.RemoveCredentials" + FixEffect.ChangesBehavior;
    private const string ConfigurationNamespace = "Microsoft.Extensions.Configuration";
    private const string PlaceholderOrigin = "https://app.example.com";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIds.CorsAnyOriginWithCredentials, RuleIds.CorsAnyOrigin);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<PermissiveCorsPolicyAnalyzer>(changesBehavior: true, ApplyAsync);

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
            if (FindOriginSite(root, diagnostic) is { } site
                && await PlanOriginsAsync(context.Document, root, model, site, ConfigurationKey(diagnostic), context.CancellationToken).ConfigureAwait(false) is { } plan)
            {
                var title = plan.FromConfiguration
                    ? $"Allow only the origins configured in '{ConfigurationKey(diagnostic)}'"
                    : "Allow only an explicit list of origins";
                context.RegisterCodeFix(
                    FixEffect.ChangingBehavior(title, "other origins are refused", ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), UseExplicitOrigins, ct), UseExplicitOrigins),
                    diagnostic);
            }

            if (diagnostic.Id == RuleIds.CorsAnyOriginWithCredentials && CredentialRemovals(root, diagnostic) is { Count: > 0 })
            {
                context.RegisterCodeFix(
                    FixEffect.ChangingBehavior("Do not allow credentials in this CORS policy", "browsers stop sending cookies to other origins", ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), RemoveCredentials, ct), RemoveCredentials),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string equivalenceKey, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var root = editor.OriginalRoot;
        var model = editor.SemanticModel;
        var namespacesToImport = new HashSet<string>();
        var handled = new HashSet<SyntaxNode>();

        foreach (var diagnostic in diagnostics)
        {
            if (equivalenceKey == UseExplicitOrigins && FindOriginSite(root, diagnostic) is { } site && handled.Add(site)
                && await PlanOriginsAsync(document, root, model, site, ConfigurationKey(diagnostic), cancellationToken).ConfigureAwait(false) is { } plan)
            {
                namespacesToImport.UnionWith(plan.Namespaces);
                editor.ReplaceNode(site, (current, _) => WithOrigins(current, plan.Arguments));
            }
            else if (equivalenceKey == RemoveCredentials && diagnostic.Id == RuleIds.CorsAnyOriginWithCredentials && CredentialRemovals(root, diagnostic) is { Count: > 0 } removals)
            {
                foreach (var (node, replacement) in removals)
                {
                    if (!handled.Add(node))
                    {
                        continue;
                    }

                    if (replacement is null)
                    {
                        editor.RemoveNode(node, SyntaxRemoveOptions.KeepUnbalancedDirectives);
                    }
                    else
                    {
                        editor.ReplaceNode(node, (current, _) => replacement(current));
                    }
                }
            }
        }

        return document.WithSyntaxRoot(Imports.AddUsings(editor.GetChangedRoot(), namespacesToImport));
    }

    /// <summary>The flagged <c>AllowAnyOrigin()</c> / <c>WithOrigins("*")</c> / <c>SetIsOriginAllowed(...)</c> call or builder creation.</summary>
    private static SyntaxNode? FindOriginSite(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(PermissiveCorsPolicyAnalyzer.FormProperty, out var form))
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return form switch
        {
            nameof(CorsOriginForm.AllowAnyOrigin) or nameof(CorsOriginForm.WithOrigins) or nameof(CorsOriginForm.SetIsOriginAllowed)
                => node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { Expression: MemberAccessExpressionSyntax or MemberBindingExpressionSyntax } invocation ? invocation : null,
            nameof(CorsOriginForm.BuilderConstructor)
                => node.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>(),
            _ => null,
        };
    }

    private static SyntaxNode WithOrigins(SyntaxNode current, ArgumentListSyntax arguments)
    {
        switch (current)
        {
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation:
                return invocation
                    .WithExpression(access.WithName(IdentifierName("WithOrigins").WithTriviaFrom(access.Name)))
                    .WithArgumentList(arguments.WithTriviaFrom(invocation.ArgumentList));
            case InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } invocation:
                return invocation
                    .WithExpression(binding.WithName(IdentifierName("WithOrigins").WithTriviaFrom(binding.Name)))
                    .WithArgumentList(arguments.WithTriviaFrom(invocation.ArgumentList));
            case ObjectCreationExpressionSyntax creation:
                return creation.WithArgumentList(creation.ArgumentList is { } list ? arguments.WithTriviaFrom(list) : arguments);
            case ImplicitObjectCreationExpressionSyntax implicitCreation:
                return implicitCreation.WithArgumentList(arguments.WithTriviaFrom(implicitCreation.ArgumentList));
            default:
                return current;
        }
    }

    private static string ConfigurationKey(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(PermissiveCorsPolicyAnalyzer.ConfigurationKeyProperty, out var key) && key is not null
            ? key
            : SecureApiOptions.CorsOriginsConfigurationKey.Default;

    /// <summary>
    /// The origins to write at the site: read from configuration where that form compiles there, else an explicit
    /// placeholder list; null when neither keeps the member compiling.
    /// </summary>
    private static async Task<OriginsPlan?> PlanOriginsAsync(
        Document document, SyntaxNode root, SemanticModel model, SyntaxNode site, string key, CancellationToken cancellationToken)
    {
        var namespaces = new HashSet<string>();
        if (ConfiguredOrigins(model, site, key, namespaces, cancellationToken) is { } configured
            && await CompileCheck.KeepsCompilingAsync(document, root, site, WithOrigins(site, configured), namespaces, cancellationToken).ConfigureAwait(false))
        {
            return new OriginsPlan(configured, namespaces, fromConfiguration: true);
        }

        var explicitList = ParseArgumentList($"(\"{PlaceholderOrigin}\" /* TODO: list the trusted origins */)");
        return await CompileCheck.KeepsCompilingAsync(document, root, site, WithOrigins(site, explicitList), new string[0], cancellationToken).ConfigureAwait(false)
            ? new OriginsPlan(explicitList, new HashSet<string>(), fromConfiguration: false)
            : null;
    }

    /// <summary><c>configuration.GetSection("Cors:AllowedOrigins").Get&lt;string[]&gt;() ?? []</c>, when a configuration is in scope.</summary>
    private static ArgumentListSyntax? ConfiguredOrigins(SemanticModel model, SyntaxNode site, string key, HashSet<string> namespacesToImport, CancellationToken cancellationToken)
    {
        var configuration = OriginsFromConfiguration(model, site, cancellationToken);
        if (configuration is null)
        {
            return null;
        }

        if (!Imports.IsInScope(model, site.SpanStart, ConfigurationNamespace, cancellationToken))
        {
            namespacesToImport.Add(ConfigurationNamespace);
        }

        var empty = "[]";
        if (((CSharpParseOptions)site.SyntaxTree.Options).LanguageVersion < LanguageVersion.CSharp12)
        {
            empty = "Array.Empty<string>()";
            if (!Imports.IsInScope(model, site.SpanStart, "System", cancellationToken))
            {
                namespacesToImport.Add("System");
            }
        }

        // The key is validated by the option parser (no quotes, backslashes or control characters).
        return ParseArgumentList($"({configuration}.GetSection(\"{key}\").Get<string[]>() ?? {empty})");
    }

    /// <summary>The configuration the fix can read, when the binder (<c>Get&lt;T&gt;</c>) is referenced too.</summary>
    private static ExpressionSyntax? OriginsFromConfiguration(SemanticModel model, SyntaxNode site, CancellationToken cancellationToken) =>
        KnownTypes.For(model.Compilation).ConfigurationBinder is null
            ? null
            : ScopedAccess.Configuration(model, site.SpanStart, cancellationToken);

    /// <summary>
    /// For each credential site of a SAPI3001 diagnostic (its additional locations): the node to edit and how
    /// (null = remove it). Empty when one of them cannot be removed cleanly.
    /// </summary>
    private static List<(SyntaxNode Node, System.Func<SyntaxNode, SyntaxNode>? Replacement)> CredentialRemovals(SyntaxNode root, Diagnostic diagnostic)
    {
        var removals = new List<(SyntaxNode, System.Func<SyntaxNode, SyntaxNode>?)>();
        foreach (var location in diagnostic.AdditionalLocations)
        {
            if (!location.IsInSource || location.SourceTree != root.SyntaxTree)
            {
                return new();
            }

            var node = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true);
            if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AllowCredentials" } access } call)
            {
                if (call.Parent is ExpressionStatementSyntax statement && access.Expression is not InvocationExpressionSyntax)
                {
                    // policy.AllowCredentials();
                    removals.Add((statement, null));
                }
                else if (access.Expression is InvocationExpressionSyntax || call.Parent is not (ExpressionStatementSyntax or LambdaExpressionSyntax or ArrowExpressionClauseSyntax))
                {
                    // ...AllowAnyOrigin().AllowCredentials() -> ...AllowAnyOrigin()
                    removals.Add((call, current => current is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax currentAccess } c
                        ? currentAccess.Expression.WithTrailingTrivia(c.GetTrailingTrivia())
                        : current));
                }
                else
                {
                    return new();
                }
            }
            else if (node.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { } assignment
                     && assignment.Left is IdentifierNameSyntax { Identifier.ValueText: "SupportsCredentials" } or MemberAccessExpressionSyntax { Name.Identifier.ValueText: "SupportsCredentials" })
            {
                if (assignment.Parent is InitializerExpressionSyntax)
                {
                    removals.Add((assignment, null));
                }
                else if (assignment.Parent is ExpressionStatementSyntax statement)
                {
                    removals.Add((statement, null));
                }
                else
                {
                    return new();
                }
            }
            else
            {
                return new();
            }
        }

        return removals;
    }

    private sealed class OriginsPlan(ArgumentListSyntax arguments, HashSet<string> namespaces, bool fromConfiguration)
    {
        public ArgumentListSyntax Arguments { get; } = arguments;

        public HashSet<string> Namespaces { get; } = namespaces;

        public bool FromConfiguration { get; } = fromConfiguration;
    }
}
