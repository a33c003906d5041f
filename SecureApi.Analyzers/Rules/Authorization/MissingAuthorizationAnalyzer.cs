using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AppFacts;
using SecureApi.Analyzers.Core.AspNetCore.Endpoints;

namespace SecureApi.Analyzers.Rules.Authorization;

/// <summary>
/// SAPI2001: a controller action that no authorization metadata reaches.
/// SAPI2002: a minimal-API endpoint that no authorization metadata reaches.
/// App-wide facts (fallback policy, global AuthorizeFilter, <c>MapControllers().RequireAuthorization()</c>) are
/// found lazily once per compilation, so findings still show live in the editor.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MissingAuthorizationAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the action is declared by a base class, so only class-level fixes apply.</summary>
    public const string InheritedProperty = "Inherited";

    /// <summary>
    /// Diagnostic property: what the endpoint looks like, <see cref="PublicByNature"/> (its name or route says login,
    /// health check, webhook...: the public decision comes first) or <see cref="ChangesState"/> (POST/PUT/PATCH/DELETE
    /// in an app that requires authorization elsewhere: a likely hole). Absent when neither.
    /// </summary>
    public const string NatureProperty = "Nature";

    /// <summary>Diagnostic property: why the endpoint looks public by nature ("login", "health check", ...).</summary>
    public const string ReasonProperty = "Reason";

    public const string PublicByNature = "PublicByNature";
    public const string ChangesState = "ChangesState";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.ControllerActionWithoutAuthorization, Descriptors.MinimalApiEndpointWithoutAuthorization);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            var metadata = new AuthorizationMetadata(types);
            if (!metadata.IsAvailable)
            {
                return;
            }

            var compilation = start.Compilation;
            var facts = new CompilationFacts.LazyFact<AuthorizationFacts>(ct => AuthorizationFacts.Compute(compilation, types, ct));
            var protectsElsewhere = new CompilationFacts.LazyFact<StrongBox<bool>>(ct =>
                new StrongBox<bool>(AuthorizationFacts.RequiresAuthorizationSomewhere(compilation, types, ct)));
            var nature = new Nature(protectsElsewhere);

            var controllers = ControllerConventions.For(types);
            if (controllers.IsAvailable)
            {
                var rule = new ControllerRule(controllers, metadata, facts, nature);
                start.RegisterSymbolAction(rule.Analyze, SymbolKind.NamedType);
            }

            var endpoints = new MinimalApiEndpoints(compilation, types, EndpointMetadataKind.Authorization(metadata));
            if (endpoints.IsAvailable)
            {
                var rule = new EndpointRule(endpoints, facts, nature);
                start.RegisterOperationAction(rule.Analyze, OperationKind.Invocation);
            }
        });
    }

    /// <summary>
    /// Classifies a finding for its message and fixes: public by nature (its names or route), or state-changing in an app
    /// that requires authorization elsewhere. Neither changes whether it is reported: the rule asks for a decision.
    /// </summary>
    private sealed class Nature
    {
        private readonly CompilationFacts.LazyFact<StrongBox<bool>> _protectsElsewhere;

        public Nature(CompilationFacts.LazyFact<StrongBox<bool>> protectsElsewhere) => _protectsElsewhere = protectsElsewhere;

        /// <summary>The message's last part ("" when neither) and the diagnostic's properties.</summary>
        public (string Suffix, ImmutableDictionary<string, string?> Properties) Classify(
            ImmutableDictionary<string, string?> properties, string? publicReason, string? stateVerb, string publicFix, CancellationToken cancellationToken)
        {
            if (publicReason is not null)
            {
                return (
                    $"; it looks public by nature ({publicReason}): mark it {publicFix} if anyone may call it",
                    properties.SetItem(NatureProperty, PublicByNature).SetItem(ReasonProperty, publicReason));
            }

            if (stateVerb is not null && _protectsElsewhere.Get(cancellationToken).Value)
            {
                return (
                    $"; it changes state ({stateVerb}) while other endpoints of this app require authorization",
                    properties.SetItem(NatureProperty, ChangesState));
            }

            return ("", properties);
        }
    }

    private sealed class ControllerRule
    {
        private readonly ControllerConventions _controllers;
        private readonly AuthorizationMetadata _metadata;
        private readonly CompilationFacts.LazyFact<AuthorizationFacts> _facts;
        private readonly Nature _nature;

        public ControllerRule(ControllerConventions controllers, AuthorizationMetadata metadata, CompilationFacts.LazyFact<AuthorizationFacts> facts, Nature nature)
        {
            _controllers = controllers;
            _metadata = metadata;
            _facts = facts;
            _nature = nature;
        }

        public void Analyze(SymbolAnalysisContext context)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (!_controllers.IsController(type, context.CancellationToken) || ClassIsCovered(type))
            {
                return;
            }

            var actions = _controllers.ActionsOf(type, context.Compilation).Where(m => !IsCovered(m)).ToList();
            if (actions.Count == 0 || _facts.Get(context.CancellationToken).ControllersAuthorized)
            {
                return;
            }

            foreach (var action in actions)
            {
                // Declared by a base class that other controllers share: the derived controller is what to fix.
                // One location per symbol: a partial class or method is reported once, not on every part.
                var own = SymbolEqualityComparer.Default.Equals(action.ContainingType, type);
                var location = (own ? action.Locations : type.Locations).FirstOrDefault(l => l.IsInSource);
                if (location is null)
                {
                    continue;
                }

                var properties = own ? ImmutableDictionary<string, string?>.Empty : ImmutableDictionary<string, string?>.Empty.Add(InheritedProperty, "true");
                var verbs = ControllerRoutes.Verbs(action);
                var route = ControllerRoutes.Route(type, action);
                var reason = PublicEndpointNames.PublicReason(new[] { action.Name }, route, verbs.Count == 1 ? verbs[0] : "GET");
                var stateVerb = verbs.FirstOrDefault(HttpVerbs.IsStateChanging);
                var (suffix, classified) = _nature.Classify(properties, reason, stateVerb, "[AllowAnonymous]", context.CancellationToken);
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.ControllerActionWithoutAuthorization, location, classified, action.Name, suffix));
            }
        }

        /// <summary>
        /// ASP.NET Core reads controller attributes with inherit: true. A base class that does not resolve may carry
        /// them, so it counts as covering.
        /// </summary>
        private bool ClassIsCovered(INamedTypeSymbol type)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (current.TypeKind == TypeKind.Error || _metadata.HasAuthorization(current.GetAttributes()))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Attributes on the action or on a method it overrides (AuthorizeAttribute is inherited).</summary>
        private bool IsCovered(IMethodSymbol action)
        {
            for (var current = action; current is not null; current = current.OverriddenMethod)
            {
                if (_metadata.HasAuthorization(current.GetAttributes()))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private sealed class EndpointRule
    {
        private readonly MinimalApiEndpoints _endpoints;
        private readonly CompilationFacts.LazyFact<AuthorizationFacts> _facts;
        private readonly Nature _nature;

        public EndpointRule(MinimalApiEndpoints endpoints, CompilationFacts.LazyFact<AuthorizationFacts> facts, Nature nature)
        {
            _endpoints = endpoints;
            _facts = facts;
            _nature = nature;
        }

        public void Analyze(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var cancellationToken = context.CancellationToken;
            if (_endpoints.SiteOf(invocation, cancellationToken) is not { } site
                || _endpoints.IsReportedAtCallers(site, cancellationToken)
                || _endpoints.IsCovered(site, cancellationToken)
                || _facts.Get(cancellationToken).HasFallbackPolicy)
            {
                return;
            }

            var verb = MinimalApiEndpoints.Verb(site);
            var route = _endpoints.Route(site, cancellationToken);
            var reason = PublicEndpointNames.PublicReason(new[] { MinimalApiEndpoints.HandlerName(site) }, route, verb);
            var (suffix, properties) = _nature.Classify(
                ImmutableDictionary<string, string?>.Empty, reason, HttpVerbs.IsStateChanging(verb) ? verb : null, ".AllowAnonymous()", cancellationToken);
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.MinimalApiEndpointWithoutAuthorization,
                EndpointLocations.MapName(invocation),
                properties,
                EndpointRoute.Describe(verb, route),
                suffix));
        }
    }
}
