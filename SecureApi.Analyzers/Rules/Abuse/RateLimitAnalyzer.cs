using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AppFacts;
using SecureApi.Analyzers.Core.AspNetCore;
using SecureApi.Analyzers.Core.AspNetCore.Endpoints;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Abuse;

/// <summary>
/// SAPI2004, in a compilation that starts a web app (<see cref="WebApplications.StartsApp"/>; class libraries and tests stay silent:
/// their host decides the limits):
/// <list type="bullet">
/// <item>an authentication endpoint (controller action or minimal API; <see cref="PublicEndpointNames.AuthenticationWord"/>)
/// that no rate-limiter policy reaches (<c>[EnableRateLimiting]</c> on the action, controller or a base class,
/// <c>RequireRateLimiting</c> on the endpoint, a group or <c>MapControllers()</c>) and no global limiter covers;</item>
/// <item>one whose <c>[DisableRateLimiting]</c>/<c>DisableRateLimiting()</c> turns every limit off, the global one too;</item>
/// <item>a limit declared (<c>[EnableRateLimiting]</c>, <c>RequireRateLimiting</c>, <c>GlobalLimiter =</c>) in an app
/// that never calls <c>UseRateLimiter()</c>: reported where it is declared, since that is what silently does nothing.</item>
/// </list>
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class RateLimitAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: <see cref="Missing"/>, <see cref="Disabled"/> or <see cref="NotEnforced"/>.</summary>
    public const string KindProperty = "Kind";

    public const string Missing = "Missing";
    public const string Disabled = "Disabled";
    public const string NotEnforced = "NotEnforced";

    /// <summary>Diagnostic property: the action is declared by a base class (the finding is on the controller).</summary>
    public const string InheritedProperty = "Inherited";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.RateLimit);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var compilation = start.Compilation;
            var types = KnownTypes.For(compilation);
            if (types.EnableRateLimitingAttribute is null || !WebApplications.MayHoldApp(compilation, types))
            {
                return;
            }

            var app = new App(
                compilation,
                types,
                new CompilationFacts.LazyFact<StrongBox<bool>>(ct => new StrongBox<bool>(WebApplications.StartsApp(compilation, types, ct))),
                new CompilationFacts.LazyFact<RateLimitingFacts>(ct => RateLimitingFacts.Compute(compilation, types, ct)));

            var controllers = ControllerConventions.For(types);
            if (controllers.IsAvailable)
            {
                start.RegisterSymbolAction(new ControllerRule(controllers, app).Analyze, SymbolKind.NamedType);
            }

            var enabled = new MinimalApiEndpoints(compilation, types, RateLimitingMetadata.Enabled(types));
            if (enabled.IsAvailable)
            {
                var rule = new EndpointRule(enabled, new MinimalApiEndpoints(compilation, types, RateLimitingMetadata.Disabled(types)), app);
                start.RegisterOperationAction(rule.Analyze, OperationKind.Invocation);
            }

            start.RegisterOperationAction(app.AnalyzeConvention, OperationKind.Invocation);
            start.RegisterOperationAction(app.AnalyzeGlobalLimiter, OperationKind.SimpleAssignment);
            start.RegisterSyntaxNodeAction(app.AnalyzeAttribute, SyntaxKind.Attribute);
        });
    }

    /// <summary>The app-wide facts, and the "limits never enforced" half.</summary>
    private sealed class App
    {
        private readonly CompilationFacts.LazyFact<StrongBox<bool>> _startsApp;
        private readonly CompilationFacts.LazyFact<RateLimitingFacts> _facts;
        private readonly CompilationFacts.LazyFact<StrongBox<bool>> _groupPrefixes;

        public App(Compilation compilation, KnownTypes types, CompilationFacts.LazyFact<StrongBox<bool>> startsApp, CompilationFacts.LazyFact<RateLimitingFacts> facts)
        {
            Types = types;
            _startsApp = startsApp;
            _facts = facts;
            _groupPrefixes = new CompilationFacts.LazyFact<StrongBox<bool>>(ct =>
                new StrongBox<bool>(GroupPrefixes.Any(compilation, PublicEndpointNames.MayQualifyAuthentication, ct)));
        }

        public KnownTypes Types { get; }

        public bool StartsApp(CancellationToken cancellationToken) => _startsApp.Get(cancellationToken).Value;

        public RateLimitingFacts Facts(CancellationToken cancellationToken) => _facts.Get(cancellationToken);

        public bool GroupPrefixesMayQualifyAuthentication(CancellationToken cancellationToken) => _groupPrefixes.Get(cancellationToken).Value;

        /// <summary><c>.RequireRateLimiting("policy")</c> of the framework.</summary>
        public void AnalyzeConvention(OperationAnalysisContext context)
        {
            var call = (IInvocationOperation)context.Operation;
            if (call.TargetMethod.Name == "RequireRateLimiting" && call.TargetMethod.ContainingType.IsInNamespace("Microsoft.AspNetCore.Builder"))
            {
                ReportIfNotEnforced(context.ReportDiagnostic, EndpointLocations.MapName(call), "RequireRateLimiting(...)", context.CancellationToken);
            }
        }

        /// <summary><c>options.GlobalLimiter = ...</c></summary>
        public void AnalyzeGlobalLimiter(OperationAnalysisContext context)
        {
            if (RateLimitingFacts.IsGlobalLimiter(context.Operation, Types))
            {
                ReportIfNotEnforced(context.ReportDiagnostic, context.Operation.Syntax.GetLocation(), "The GlobalLimiter", context.CancellationToken);
            }
        }

        /// <summary><c>[EnableRateLimiting("policy")]</c> on an action, a controller or a handler lambda.</summary>
        public void AnalyzeAttribute(SyntaxNodeAnalysisContext context)
        {
            var attribute = (AttributeSyntax)context.Node;
            var name = attribute.Name switch
            {
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => null,
            };
            if (name is not ("EnableRateLimiting" or "EnableRateLimitingAttribute")
                || context.SemanticModel.GetSymbolInfo(attribute, context.CancellationToken).Symbol is not IMethodSymbol { ContainingType: var type }
                || !type.IsOrDerivesFrom(Types.EnableRateLimitingAttribute))
            {
                return;
            }

            ReportIfNotEnforced(context.ReportDiagnostic, attribute.GetLocation(), "[EnableRateLimiting]", context.CancellationToken);
        }

        private void ReportIfNotEnforced(System.Action<Diagnostic> report, Location location, string what, CancellationToken cancellationToken)
        {
            if (Facts(cancellationToken).UsesRateLimiter || !StartsApp(cancellationToken))
            {
                return;
            }

            report(Diagnostic.Create(
                Descriptors.RateLimit,
                location,
                ImmutableDictionary<string, string?>.Empty.Add(KindProperty, NotEnforced),
                $"{what} has no effect: the app never calls UseRateLimiter(), so no request is ever limited"));
        }
    }

    private static string MissingMessage(string endpoint, string word) =>
        $"Authentication endpoint {endpoint} ('{word}') has no rate limiting: no [EnableRateLimiting], RequireRateLimiting(...) or GlobalLimiter covers it, so passwords, codes and tokens can be guessed at full speed";

    private static string DisabledMessage(string endpoint, string word, string how) =>
        $"Authentication endpoint {endpoint} ('{word}') turns rate limiting off with {how}: no policy and not even the GlobalLimiter applies, so passwords, codes and tokens can be guessed at full speed";

    private sealed class ControllerRule
    {
        private readonly ControllerConventions _controllers;
        private readonly App _app;
        private readonly EndpointMetadataKind _enabled;
        private readonly EndpointMetadataKind _disabled;

        public ControllerRule(ControllerConventions controllers, App app)
        {
            _controllers = controllers;
            _app = app;
            _enabled = RateLimitingMetadata.Enabled(app.Types);
            _disabled = RateLimitingMetadata.Disabled(app.Types);
        }

        public void Analyze(SymbolAnalysisContext context)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            var cancellationToken = context.CancellationToken;
            if (!_controllers.IsController(type, cancellationToken))
            {
                return;
            }

            foreach (var action in _controllers.ActionsOf(type, context.Compilation))
            {
                // Most actions name no authentication: their routes are not built.
                if (!ControllerRoutes.AnyRouteText(type, action, PublicEndpointNames.MayNameAuthentication))
                {
                    continue;
                }

                var verbs = ControllerRoutes.Verbs(action);
                var route = ControllerRoutes.Route(type, action);
                // No verb attribute: the action answers every method, the POST of a sign-in form included.
                var verb = verbs.Count == 1 ? verbs[0] : verbs.Contains("POST") || verbs.Count == 0 ? "POST" : verbs[0];
                if (PublicEndpointNames.AuthenticationWord(new[] { action.Name }, route, verb) is not { } word)
                {
                    continue;
                }

                var endpoint = EndpointRoute.Describe(verbs.Count == 1 ? verbs[0] : "MAP", route);
                string message;
                string kind;
                if (RateLimitingMetadata.OnActionOrController(_disabled, action, type))
                {
                    (message, kind) = (DisabledMessage(endpoint, word, "[DisableRateLimiting]"), Disabled);
                }
                else if (RateLimitingMetadata.OnActionOrController(_enabled, action, type)
                         || _app.Facts(cancellationToken).HasGlobalLimiter || _app.Facts(cancellationToken).ControllersLimited)
                {
                    continue;
                }
                else
                {
                    (message, kind) = (MissingMessage(endpoint, word), Missing);
                }

                // Declared by a base class: the derived controller is what to fix. One location per symbol. The
                // app-wide fact last: most endpoints are covered or no authentication endpoints.
                var own = SymbolEqualityComparer.Default.Equals(action.ContainingType, type);
                if ((own ? action.Locations : type.Locations).FirstOrDefault(l => l.IsInSource) is not { } location
                    || !_app.StartsApp(cancellationToken))
                {
                    continue;
                }

                var properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind);
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.RateLimit, location, own ? properties : properties.Add(InheritedProperty, "true"), message));
            }
        }
    }

    private sealed class EndpointRule
    {
        private readonly MinimalApiEndpoints _enabled;
        private readonly MinimalApiEndpoints _disabled;
        private readonly App _app;

        public EndpointRule(MinimalApiEndpoints enabled, MinimalApiEndpoints disabled, App app)
        {
            _enabled = enabled;
            _disabled = disabled;
            _app = app;
        }

        public void Analyze(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var cancellationToken = context.CancellationToken;
            if (_enabled.SiteOf(invocation, cancellationToken) is not { } site)
            {
                return;
            }

            // Most endpoints name no authentication. When no group prefix of the app can make one (a prefix can still
            // veto), the endpoint's own name and pattern decide, and its groups are read only when they name one.
            var verb = MinimalApiEndpoints.Verb(site);
            var handler = MinimalApiEndpoints.HandlerName(site);
            if (verb == "DELETE"
                || !_app.GroupPrefixesMayQualifyAuthentication(cancellationToken)
                && PublicEndpointNames.AuthenticationWord(new[] { handler }, EndpointRoute.Join(new[] { MinimalApiEndpoints.Pattern(site) }), verb) is null)
            {
                return;
            }

            var route = _enabled.Route(site, cancellationToken);
            if (PublicEndpointNames.AuthenticationWord(new[] { handler }, route, verb) is not { } word
                || _enabled.IsReportedAtCallers(site, cancellationToken))
            {
                return;
            }

            var endpoint = EndpointRoute.Describe(verb, route);
            string message;
            string kind;
            if (_disabled.IsCovered(site, cancellationToken))
            {
                (message, kind) = (DisabledMessage(endpoint, word, "DisableRateLimiting"), Disabled);
            }
            else if (_enabled.IsCovered(site, cancellationToken) || _app.Facts(cancellationToken).HasGlobalLimiter)
            {
                return;
            }
            else
            {
                (message, kind) = (MissingMessage(endpoint, word), Missing);
            }

            if (!_app.StartsApp(cancellationToken))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.RateLimit,
                EndpointLocations.MapName(invocation),
                ImmutableDictionary<string, string?>.Empty.Add(KindProperty, kind),
                message));
        }
    }
}
