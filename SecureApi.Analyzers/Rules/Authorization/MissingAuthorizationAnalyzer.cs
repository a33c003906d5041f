using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AppFacts;
using SecureApi.Analyzers.Core.AspNetCore.Endpoints;
using SecureApi.Analyzers.Core.Operations;

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

            var controllers = new ControllerConventions(types);
            if (controllers.IsAvailable)
            {
                var rule = new ControllerRule(controllers, metadata, facts);
                start.RegisterSymbolAction(rule.Analyze, SymbolKind.NamedType);
            }

            var endpoints = new MinimalApiEndpoints(compilation, types, metadata);
            if (endpoints.IsAvailable)
            {
                var rule = new EndpointRule(endpoints, facts);
                start.RegisterOperationAction(rule.Analyze, OperationKind.Invocation);
            }
        });
    }

    private sealed class ControllerRule
    {
        private static readonly ImmutableDictionary<string, string?> Inherited =
            ImmutableDictionary<string, string?>.Empty.Add(InheritedProperty, "true");

        private readonly ControllerConventions _controllers;
        private readonly AuthorizationMetadata _metadata;
        private readonly CompilationFacts.LazyFact<AuthorizationFacts> _facts;

        public ControllerRule(ControllerConventions controllers, AuthorizationMetadata metadata, CompilationFacts.LazyFact<AuthorizationFacts> facts)
        {
            _controllers = controllers;
            _metadata = metadata;
            _facts = facts;
        }

        public void Analyze(SymbolAnalysisContext context)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            if (!_controllers.IsController(type) || ClassIsCovered(type))
            {
                return;
            }

            var actions = ActionsOf(type, context.Compilation).Where(m => !IsCovered(m)).ToList();
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
                if (location is not null)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.ControllerActionWithoutAuthorization, location, own ? null : Inherited, action.Name));
                }
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

        /// <summary>The type's actions, its own and inherited ones (each once, the most derived override).</summary>
        private System.Collections.Generic.IEnumerable<IMethodSymbol> ActionsOf(INamedTypeSymbol type, Compilation compilation)
        {
            var overridden = new System.Collections.Generic.HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
            for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                // Framework and referenced base classes (other projects too) are not this compilation's to fix.
                if (!current.IsDeclaredIn(compilation))
                {
                    yield break;
                }

                foreach (var member in current.GetMembers())
                {
                    if (member is not IMethodSymbol method || overridden.Contains(method.OriginalDefinition))
                    {
                        continue;
                    }

                    for (var baseMethod = method.OverriddenMethod; baseMethod is not null; baseMethod = baseMethod.OverriddenMethod)
                    {
                        overridden.Add(baseMethod.OriginalDefinition);
                    }

                    // A method hidden with 'new' in a derived class is still an action of its own; keep it simple and
                    // let each declared method stand for itself.
                    if (_controllers.IsAction(method))
                    {
                        yield return method;
                    }
                }
            }
        }
    }

    private sealed class EndpointRule
    {
        private readonly MinimalApiEndpoints _endpoints;
        private readonly CompilationFacts.LazyFact<AuthorizationFacts> _facts;

        public EndpointRule(MinimalApiEndpoints endpoints, CompilationFacts.LazyFact<AuthorizationFacts> facts)
        {
            _endpoints = endpoints;
            _facts = facts;
        }

        public void Analyze(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (!MinimalApiEndpoints.MayBeEndpoint(invocation.TargetMethod.Name) || !_endpoints.IsEndpoint(invocation)
                || _endpoints.IsCovered(invocation, context.CancellationToken)
                || _facts.Get(context.CancellationToken).HasFallbackPolicy)
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.MinimalApiEndpointWithoutAuthorization,
                MapNameLocation(invocation),
                MinimalApiEndpoints.Describe(invocation)));
        }

        /// <summary>The <c>MapGet</c> name: the endpoint's line, without the (often long) handler lambda.</summary>
        private static Location MapNameLocation(IInvocationOperation invocation) =>
            invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: var name } }
                ? name.GetLocation()
                : invocation.GetMemberNameLocation();
    }
}
