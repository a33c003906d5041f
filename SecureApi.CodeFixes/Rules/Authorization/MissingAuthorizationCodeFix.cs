using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AspNetCore;
using SecureApi.Analyzers.Rules.Authorization;
using SecureApi.CodeFixes.Core;

namespace SecureApi.CodeFixes.Rules.Authorization;

/// <summary>
/// SAPI2001: <c>[Authorize]</c> on the action or on its controller, or <c>[AllowAnonymous]</c> on the action.
/// SAPI2002: <c>.RequireAuthorization()</c> or <c>.AllowAnonymous()</c> on the endpoint (not its group, which
/// other endpoints share).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingAuthorizationCodeFix)), Shared]
public sealed class MissingAuthorizationCodeFix : CodeFixProvider
{
    // One key per kind of edit, shared by both ids: Fix All and `dotnet format` (which fixes every id of a provider
    // with the first action's key) then treat controllers and minimal APIs alike.
    public const string RequireAuthorization = "SecureApi.Authorization.Require" + FixEffect.ChangesBehavior;
    public const string RequireOnController = "SecureApi.Authorization.RequireOnController" + FixEffect.ChangesBehavior;
    public const string AllowAnonymous = "SecureApi.Authorization.AllowAnonymous" + FixEffect.ChangesBehavior;

    private const string AuthorizationNamespace = "Microsoft.AspNetCore.Authorization";
    private const string BuilderNamespace = "Microsoft.AspNetCore.Builder";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } =
        ImmutableArray.Create(RuleIds.ControllerActionWithoutAuthorization, RuleIds.MinimalApiEndpointWithoutAuthorization);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<MissingAuthorizationAnalyzer>(changesBehavior: true, ApplyAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var compilation = await context.Document.Project.GetCompilationAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || compilation is null)
        {
            return;
        }

        // Without authentication, requiring authorization makes every request to the endpoint fail: offer the
        // decision that keeps the app working first, and say on the page what to add before requiring authorization.
        var noAuthentication = !AuthenticationSetup.IsConfigured(compilation, context.CancellationToken);
        foreach (var diagnostic in context.Diagnostics)
        {
            // A login, a health probe, a webhook: public by nature, so marking it public is the likely decision.
            var anonymousFirst = noAuthentication
                                 || diagnostic.Properties.TryGetValue(MissingAuthorizationAnalyzer.NatureProperty, out var nature)
                                 && nature == MissingAuthorizationAnalyzer.PublicByNature;
            void Register(string title, string key) => context.RegisterCodeFix(
                FixEffect.ChangingBehavior(
                    title,
                    key == AllowAnonymous ? "it stays public, also under authorization policies added later" : "callers must be authorized",
                    ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), key, ct),
                    key),
                diagnostic);

            if (diagnostic.Id == RuleIds.MinimalApiEndpointWithoutAuthorization)
            {
                if (FindEndpoint(root, diagnostic) is not null)
                {
                    if (anonymousFirst)
                    {
                        Register("Mark this endpoint as public (.AllowAnonymous())", AllowAnonymous);
                    }

                    Register("Require authorization on this endpoint (.RequireAuthorization())", RequireAuthorization);
                    if (!anonymousFirst)
                    {
                        Register("Mark this endpoint as public (.AllowAnonymous())", AllowAnonymous);
                    }
                }

                continue;
            }

            var (action, controller) = FindControllerTargets(root, diagnostic);
            if (action is not null && anonymousFirst)
            {
                Register("Mark the action as public ([AllowAnonymous])", AllowAnonymous);
            }

            if (action is not null)
            {
                Register("Add [Authorize] to the action", RequireAuthorization);
            }

            if (controller is not null)
            {
                Register($"Add [Authorize] to '{controller.Identifier.ValueText}' (all its actions)", action is null ? RequireAuthorization : RequireOnController);
            }

            if (action is not null && !anonymousFirst)
            {
                Register("Mark the action as public ([AllowAnonymous])", AllowAnonymous);
            }
        }
    }

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string equivalenceKey, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var root = editor.OriginalRoot;
        var model = editor.SemanticModel;

        var members = new Dictionary<MemberDeclarationSyntax, string>();
        var endpoints = new Dictionary<InvocationExpressionSyntax, string>();
        foreach (var diagnostic in diagnostics)
        {
            if (diagnostic.Id == RuleIds.MinimalApiEndpointWithoutAuthorization)
            {
                if (FindEndpoint(root, diagnostic) is { } endpoint && equivalenceKey is RequireAuthorization or AllowAnonymous)
                {
                    endpoints[endpoint] = equivalenceKey == RequireAuthorization ? "RequireAuthorization" : "AllowAnonymous";
                }

                continue;
            }

            var (action, controller) = FindControllerTargets(root, diagnostic);
            MemberDeclarationSyntax? target = equivalenceKey switch
            {
                RequireAuthorization => (MemberDeclarationSyntax?)action ?? controller,
                RequireOnController => controller,
                AllowAnonymous => action,
                _ => null,
            };
            if (target is not null)
            {
                members[target] = equivalenceKey == AllowAnonymous ? "AllowAnonymous" : "Authorize";
            }
        }

        // [Authorize] on a controller covers its actions: no need to repeat it on them in the same pass.
        foreach (var member in members.Keys.ToList())
        {
            if (members[member] == "Authorize" && member.Ancestors().OfType<ClassDeclarationSyntax>().Any(c => members.TryGetValue(c, out var a) && a == "Authorize"))
            {
                members.Remove(member);
            }
        }

        foreach (var pair in members)
        {
            editor.ReplaceNode(pair.Key, (current, _) => AttributeLists.Prepend((MemberDeclarationSyntax)current, pair.Value));
        }

        foreach (var pair in endpoints)
        {
            editor.ReplaceNode(pair.Key, (current, _) => EndpointConventions.Append((InvocationExpressionSyntax)current, pair.Value));
        }

        var namespaces = new List<string>();
        if (members.Count > 0 && !Imports.IsInScope(model, members.Keys.First().SpanStart, AuthorizationNamespace, cancellationToken))
        {
            namespaces.Add(AuthorizationNamespace);
        }

        if (endpoints.Count > 0 && !Imports.IsInScope(model, endpoints.Keys.First().SpanStart, BuilderNamespace, cancellationToken))
        {
            namespaces.Add(BuilderNamespace);
        }

        return document.WithSyntaxRoot(Imports.AddUsings(editor.GetChangedRoot(), namespaces));
    }

    /// <summary>The flagged <c>app.MapGet(...)</c> invocation (the diagnostic is on its method name).</summary>
    private static InvocationExpressionSyntax? FindEndpoint(SyntaxNode root, Diagnostic diagnostic)
    {
        if (diagnostic.Location.SourceTree != root.SyntaxTree)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return node is SimpleNameSyntax { Parent: MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax invocation } access } && access.Name == node
            ? invocation
            : null;
    }

    /// <summary>
    /// The action method to annotate (null when the action is inherited: the diagnostic is then on the controller)
    /// and the controller class declaration (the part that holds the action, for partial classes).
    /// </summary>
    private static (MethodDeclarationSyntax? Action, ClassDeclarationSyntax? Controller) FindControllerTargets(SyntaxNode root, Diagnostic diagnostic)
    {
        if (diagnostic.Location.SourceTree != root.SyntaxTree)
        {
            return (null, null);
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (diagnostic.Properties.ContainsKey(MissingAuthorizationAnalyzer.InheritedProperty))
        {
            return (null, node as ClassDeclarationSyntax);
        }

        return node is MethodDeclarationSyntax method
            ? (method, method.Parent as ClassDeclarationSyntax)
            : (null, null);
    }
}
