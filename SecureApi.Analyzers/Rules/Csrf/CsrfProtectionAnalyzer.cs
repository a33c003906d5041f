using System;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AppFacts;
using SecureApi.Analyzers.Core.AspNetCore;
using SecureApi.Analyzers.Core.AspNetCore.Endpoints;

namespace SecureApi.Analyzers.Rules.Csrf;

/// <summary>
/// SAPI2003: in an app that signs users in with cookies (<see cref="CookieAuthentication"/>), a state-changing endpoint
/// without antiforgery validation: <c>[IgnoreAntiforgeryToken]</c> on (or above) a POST/PUT/PATCH/DELETE action or a
/// Razor page with such handlers; a non-<c>[ApiController]</c> MVC action with such a verb that no
/// <c>[ValidateAntiForgeryToken]</c>/<c>[AutoValidateAntiforgeryToken]</c> (action, class, base class) or global filter
/// covers; <c>.DisableAntiforgery()</c> reaching a form-bound minimal-API endpoint. The app-wide facts are computed
/// lazily once per compilation, and only when a candidate is found; findings show live, on the action or endpoint.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CsrfProtectionAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: what the fixer edits (one of the values below).</summary>
    public const string FixProperty = "Fix";

    /// <summary>Add <c>[ValidateAntiForgeryToken]</c> to the action (the diagnostic is on its name).</summary>
    public const string AddValidate = "AddValidate";

    /// <summary>Replace the action's <c>[IgnoreAntiforgeryToken]</c> (the diagnostic's location) with <c>[ValidateAntiForgeryToken]</c>.</summary>
    public const string ReplaceIgnore = "ReplaceIgnore";

    /// <summary>Remove the page's <c>[IgnoreAntiforgeryToken]</c> (the additional location): pages validate by default.</summary>
    public const string RemoveIgnore = "RemoveIgnore";

    /// <summary>Remove the <c>.DisableAntiforgery()</c> call (the additional location).</summary>
    public const string RemoveDisable = "RemoveDisable";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MissingAntiforgeryValidation);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var compilation = start.Compilation;
            if (TestProjects.Is(compilation))
            {
                return;
            }

            var types = KnownTypes.For(compilation);
            var cookies = new CompilationFacts.LazyFact<StrongBox<string?>>(ct => new StrongBox<string?>(CookieAuthentication.Evidence(compilation, ct)));

            var attributes = new AntiforgeryAttributes(types);
            var controllers = ControllerConventions.For(types);
            if (attributes.IsAvailable && controllers.IsAvailable)
            {
                var globalFilter = new CompilationFacts.LazyFact<StrongBox<bool>>(ct => new StrongBox<bool>(
                    GlobalFilters.IsAdded(compilation, "AutoValidateAntiforgeryTokenAttribute", types.AutoValidateAntiforgeryTokenAttribute, ct)
                    || GlobalFilters.IsAdded(compilation, "ValidateAntiForgeryTokenAttribute", types.ValidateAntiForgeryTokenAttribute, ct)));
                var rule = new ControllerRule(controllers, attributes, types, cookies, globalFilter);
                start.RegisterSymbolAction(rule.Analyze, SymbolKind.NamedType);
            }

            var disabled = AntiforgeryMetadata.Disabled(types);
            var endpoints = new MinimalApiEndpoints(compilation, types, disabled);
            if (endpoints.IsAvailable && types.IFromFormMetadata is not null)
            {
                // Validation is turned off only by name: a compilation that never spells either has nothing to report.
                var turnedOff = new CompilationFacts.LazyFact<StrongBox<bool>>(ct => new StrongBox<bool>(compilation.SyntaxTrees.Any(tree =>
                    TreeIdentifiers.Contains(tree, "DisableAntiforgery", ct) || TreeIdentifiers.Contains(tree, "RequireAntiforgeryToken", ct))));
                var rule = new EndpointRule(endpoints, disabled, new FormBinding(types), cookies, turnedOff);
                start.RegisterOperationAction(rule.Analyze, OperationKind.Invocation);
            }
        });
    }

    private static ImmutableDictionary<string, string?> Fix(string kind) => ImmutableDictionary<string, string?>.Empty.Add(FixProperty, kind);

    private sealed class ControllerRule
    {
        private readonly ControllerConventions _controllers;
        private readonly AntiforgeryAttributes _attributes;
        private readonly INamedTypeSymbol? _pageModel;
        private readonly INamedTypeSymbol? _authorizeData;
        private readonly INamedTypeSymbol? _fromBody;
        private readonly CompilationFacts.LazyFact<StrongBox<string?>> _cookies;
        private readonly CompilationFacts.LazyFact<StrongBox<bool>> _globalFilter;

        public ControllerRule(
            ControllerConventions controllers,
            AntiforgeryAttributes attributes,
            KnownTypes types,
            CompilationFacts.LazyFact<StrongBox<string?>> cookies,
            CompilationFacts.LazyFact<StrongBox<bool>> globalFilter)
        {
            _controllers = controllers;
            _attributes = attributes;
            _pageModel = types.PageModel;
            _authorizeData = types.IAuthorizeData;
            _fromBody = types.IFromBodyMetadata;
            _cookies = cookies;
            _globalFilter = globalFilter;
        }

        public void Analyze(SymbolAnalysisContext context)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (type.TypeKind != TypeKind.Class || type.IsAbstract)
            {
                return;
            }

            if (_pageModel is not null && type.IsOrDerivesFrom(_pageModel))
            {
                AnalyzePage(context, type);
                return;
            }

            if (!_controllers.IsController(type, context.CancellationToken) || BearerOnly(type.GetAttributes()))
            {
                return;
            }

            var onClass = _attributes.OnClass(type);
            var isApiController = _controllers.IsApiController(type);
            foreach (var member in type.GetMembers())
            {
                if (member is not IMethodSymbol action || !_controllers.IsAction(action)
                    || action.Locations.FirstOrDefault(l => l.IsInSource) is not { } nameLocation
                    || StateChangingVerb(action) is not { } verb
                    || BearerOnly(action.GetAttributes()))
                {
                    continue;
                }

                var what = $"Action '{action.Name}' ({EndpointRoute.Describe(verb, ControllerRoutes.Route(type, action))})";
                var onAction = _attributes.OnAction(action);
                var decision = onAction ?? onClass;
                if (decision is { Validates: true })
                {
                    continue;
                }

                if (decision is not null)
                {
                    // [IgnoreAntiforgeryToken]: flagged on API controllers too, and a global filter does not override it.
                    var attributeLocation = onAction is not null && SymbolEqualityComparer.Default.Equals(onAction.Owner, action)
                        ? onAction.SourceLocation(context.Compilation)
                        : null;
                    Report(
                        context,
                        attributeLocation ?? nameLocation,
                        attributeLocation is not null ? ReplaceIgnore : AddValidate,
                        onAction is not null
                            ? $"{what} turns antiforgery validation off with [IgnoreAntiforgeryToken]"
                            : $"{what} is exempted from antiforgery validation by [IgnoreAntiforgeryToken] on '{decision.Owner.Name}'");
                    continue;
                }

                // No attribute: an API controller is left alone (the catalog flags only [IgnoreAntiforgeryToken] there), and
                // so is an action that reads a JSON body: a cross-site form cannot send one without a CORS preflight.
                if (isApiController || TakesJsonBody(action) || _globalFilter.Get(context.CancellationToken).Value)
                {
                    continue;
                }

                Report(context, nameLocation, AddValidate, $"{what} has no [ValidateAntiForgeryToken] on it or its controller, and no global AutoValidateAntiforgeryTokenAttribute filter covers it");
            }
        }

        /// <summary>
        /// Razor pages validate the token by default: only <c>[IgnoreAntiforgeryToken]</c> on the page model (or a base)
        /// turns that off, for its POST/PUT/PATCH/DELETE handlers (filter attributes on handler methods are not applied).
        /// </summary>
        private void AnalyzePage(SymbolAnalysisContext context, INamedTypeSymbol page)
        {
            if (_attributes.OnClass(page) is not { Validates: false } decision || BearerOnly(page.GetAttributes()))
            {
                return;
            }

            var attributeLocation = decision.SourceLocation(context.Compilation);
            foreach (var member in page.GetMembers())
            {
                if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsStatic: false, DeclaredAccessibility: Accessibility.Public } handler
                    && IsStateChangingHandler(handler.Name)
                    && handler.Locations.FirstOrDefault(l => l.IsInSource) is { } location)
                {
                    Report(
                        context,
                        location,
                        attributeLocation is not null ? RemoveIgnore : null,
                        $"Razor page handler '{handler.Name}' of '{page.Name}' is exempted from antiforgery validation by [IgnoreAntiforgeryToken] on '{decision.Owner.Name}'",
                        attributeLocation);
                }
            }
        }

        private void Report(SymbolAnalysisContext context, Location location, string? fix, string what, Location? additional = null)
        {
            // The app-wide fact last: it binds registration code, and most types are no candidates.
            if (_cookies.Get(context.CancellationToken).Value is not { } evidence)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.MissingAntiforgeryValidation,
                location,
                additional is null ? null : new[] { additional },
                fix is null ? ImmutableDictionary<string, string?>.Empty : Fix(fix),
                what,
                evidence));
        }

        /// <summary>
        /// <c>[Authorize(AuthenticationSchemes = "Bearer")]</c>: the endpoint accepts only bearer tokens, which browsers do not
        /// attach on their own, even in an app that also has cookie sign-in.
        /// </summary>
        private bool BearerOnly(ImmutableArray<AttributeData> attributes)
        {
            foreach (var attribute in attributes)
            {
                if (_authorizeData is null || attribute.AttributeClass is not { } type || !type.AllInterfaces.Any(i => i.Is(_authorizeData)))
                {
                    continue;
                }

                foreach (var argument in attribute.NamedArguments)
                {
                    if (argument.Key == "AuthenticationSchemes" && argument.Value.Value is string schemes
                        && schemes.Split(',').Select(s => s.Trim()).Where(s => s.Length > 0).ToList() is { Count: > 0 } names
                        && names.All(IsBearerScheme))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>A <c>[FromBody]</c> parameter (any <c>IFromBodyMetadata</c>): the body is read by the input formatters (JSON), not as a form.</summary>
        private bool TakesJsonBody(IMethodSymbol action) =>
            _fromBody is not null
            && action.Parameters.Any(p => p.GetAttributes().Any(a => a.AttributeClass is { } c && c.AllInterfaces.Any(i => i.Is(_fromBody))));

        private static bool IsBearerScheme(string scheme) =>
            scheme.IndexOf("Bearer", StringComparison.OrdinalIgnoreCase) >= 0 || scheme.IndexOf("Jwt", StringComparison.OrdinalIgnoreCase) >= 0;

        /// <summary>
        /// The first of POST/PUT/PATCH/DELETE the action's verb attributes accept. An action without a verb attribute
        /// accepts any method, but is not reported: in MVC apps these are mostly pages served by GET, and a finding on
        /// each would bury the real ones (the rule page says so).
        /// </summary>
        private static string? StateChangingVerb(IMethodSymbol action) =>
            ControllerRoutes.Verbs(action).FirstOrDefault(HttpVerbs.IsStateChanging);

        private static bool IsStateChangingHandler(string name) =>
            (name.StartsWith("OnPost", StringComparison.Ordinal) || name.StartsWith("OnPut", StringComparison.Ordinal)
             || name.StartsWith("OnPatch", StringComparison.Ordinal) || name.StartsWith("OnDelete", StringComparison.Ordinal));
    }

    private sealed class EndpointRule
    {
        private readonly MinimalApiEndpoints _endpoints;
        private readonly EndpointMetadataKind _disabled;
        private readonly FormBinding _forms;
        private readonly CompilationFacts.LazyFact<StrongBox<string?>> _cookies;
        private readonly CompilationFacts.LazyFact<StrongBox<bool>> _turnedOff;

        public EndpointRule(
            MinimalApiEndpoints endpoints,
            EndpointMetadataKind disabled,
            FormBinding forms,
            CompilationFacts.LazyFact<StrongBox<string?>> cookies,
            CompilationFacts.LazyFact<StrongBox<bool>> turnedOff)
        {
            _endpoints = endpoints;
            _disabled = disabled;
            _forms = forms;
            _cookies = cookies;
            _turnedOff = turnedOff;
        }

        public void Analyze(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var cancellationToken = context.CancellationToken;
            if (!_turnedOff.Get(cancellationToken).Value
                || _endpoints.SiteOf(invocation, cancellationToken) is not { } site
                || _endpoints.IsReportedAtCallers(site, cancellationToken))
            {
                return;
            }

            // The endpoint model decides (groups, modules, callers, handler attributes); the call itself is located
            // when it is in the endpoint's method, so that the fix can remove it.
            var verb = MinimalApiEndpoints.Verb(site);
            if (verb == "GET" || _forms.Describe(site.Handler) is not { } form
                || !_endpoints.IsCovered(site, cancellationToken)
                || _cookies.Get(cancellationToken).Value is not { } evidence)
            {
                return;
            }

            var local = _endpoints.LocalConvention(site);
            var how = local switch
            {
                { OnGroup: true } => ".DisableAntiforgery() on its route group turns",
                { } => ".DisableAntiforgery() on it turns",
                null when MinimalApiEndpoints.Handler(site) is { } handler && _disabled.HasAttribute(handler.GetAttributes()) => "[RequireAntiforgeryToken(false)] on its handler turns",
                null => ".DisableAntiforgery() on the route group its callers map it on turns",
            };
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.MissingAntiforgeryValidation,
                EndpointLocations.MapName(invocation),
                local is { } found ? new[] { found.Call.Syntax.GetLocation() } : null,
                local is not null ? Fix(RemoveDisable) : ImmutableDictionary<string, string?>.Empty,
                $"Endpoint {_endpoints.Describe(site, cancellationToken)} binds a form ({form}), and {how} its antiforgery validation off",
                evidence));
        }
    }
}
