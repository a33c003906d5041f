using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AppFacts;
using SecureApi.Analyzers.Core.AspNetCore.Endpoints;
using SecureApi.Analyzers.Core.EntityFramework;
using SecureApi.Analyzers.Core.Naming;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Authorization;

/// <summary>
/// SAPI2007: a controller action or minimal-API handler loads a record by an identifier of the request (<see cref="ObjectLoads"/>)
/// whose type has an owner member, and returns, changes or deletes it without using the caller's identity anywhere
/// (<see cref="CallerIdentity"/>). Silent on endpoints restricted by a role or policy or marked anonymous, and for entity
/// types whose EF Core query filter scopes them to a user or tenant (<see cref="QueryFilters"/>, found lazily once per
/// compilation). Reported on the action's name or the <c>Map*</c> call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ObjectLevelAuthorizationAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ObjectLevelAuthorizationMissing);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            var metadata = new AuthorizationMetadata(types);
            var loads = new ObjectLoads(types, new EntityTypes(types));
            if (!metadata.IsAvailable || !loads.IsAvailable)
            {
                return;
            }

            var compilation = start.Compilation;
            var rule = new Rule(
                loads,
                new CallerIdentity(types),
                new CompilationFacts.LazyFact<QueryFilters>(ct => QueryFilters.Compute(compilation, types, ct)),
                compilation);

            var controllers = ControllerConventions.For(types);
            if (controllers.IsAvailable)
            {
                var actions = new ActionRule(rule, controllers, metadata);
                start.RegisterOperationAction(actions.Analyze, OperationKind.MethodBody);
            }

            var endpoints = new MinimalApiEndpoints(compilation, types, EndpointMetadataKind.Restriction(metadata));
            if (endpoints.IsAvailable)
            {
                var handlers = new EndpointRule(rule, endpoints);
                start.RegisterOperationAction(handlers.Analyze, OperationKind.Invocation);
            }
        });
    }

    /// <summary>The check shared by actions and handlers: a load by a request id, then no sign of the caller's identity.</summary>
    private sealed class Rule
    {
        private readonly ObjectLoads _loads;
        private readonly CallerIdentity _identity;
        private readonly CompilationFacts.LazyFact<QueryFilters> _filters;

        public Rule(ObjectLoads loads, CallerIdentity identity, CompilationFacts.LazyFact<QueryFilters> filters, Compilation compilation)
        {
            _loads = loads;
            _identity = identity;
            _filters = filters;
            Compilation = compilation;
        }

        public Compilation Compilation { get; }

        /// <summary>Parameters bound from the route or query string and named <c>id</c> or <c>*Id</c> (not body, header, services).</summary>
        public static ImmutableArray<IParameterSymbol> IdParameters(ImmutableArray<IParameterSymbol> parameters)
        {
            var ids = ImmutableArray<IParameterSymbol>.Empty;
            foreach (var parameter in parameters)
            {
                if (parameter.Name.EndsWith("Id", System.StringComparison.Ordinal) || parameter.Name is "id" or "ID")
                {
                    if (IsIdType(parameter.Type) && IdentifierWords.Last(parameter.Name) == "id"
                        && !parameter.GetAttributes().Any(a => a.AttributeClass?.Name is "FromBodyAttribute" or "FromHeaderAttribute" or "FromFormAttribute"
                            or "FromServicesAttribute" or "FromKeyedServicesAttribute"))
                    {
                        ids = ids.Add(parameter);
                    }
                }
            }

            return ids;
        }

        public Diagnostic? Check(IOperation body, ImmutableArray<IParameterSymbol> parameters, ImmutableArray<IParameterSymbol> ids, INamedTypeSymbol? container, Location location, CancellationToken cancellationToken)
        {
            if (_loads.FirstIn(body, ids, null) is not { } load
                || !load.Dapper && _filters.Get(cancellationToken).ScopesToCaller(load.Entity)
                || _identity.IsUsed(body, parameters, container, cancellationToken))
            {
                return null;
            }

            return Diagnostic.Create(
                Descriptors.ObjectLevelAuthorizationMissing, location, load.Id.Name, load.Entity.Name, load.Use, load.Owner);
        }

        private static bool IsIdType(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
            {
                type = nullable.TypeArguments[0];
            }

            return type.SpecialType is SpecialType.System_Int16 or SpecialType.System_Int32 or SpecialType.System_Int64
                       or SpecialType.System_UInt16 or SpecialType.System_UInt32 or SpecialType.System_UInt64 or SpecialType.System_String
                   || type is { Name: "Guid" or "Ulid", ContainingNamespace.Name: "System" or "NUlid" };
        }
    }

    private sealed class ActionRule
    {
        private readonly Rule _rule;
        private readonly ControllerConventions _controllers;
        private readonly AuthorizationMetadata _metadata;

        public ActionRule(Rule rule, ControllerConventions controllers, AuthorizationMetadata metadata)
        {
            _rule = rule;
            _controllers = controllers;
            _metadata = metadata;
        }

        public void Analyze(OperationAnalysisContext context)
        {
            // The id parameter first: the cheapest test, and most methods have none.
            if (context.ContainingSymbol is not IMethodSymbol method || Rule.IdParameters(method.Parameters) is not { IsEmpty: false } ids
                || !_controllers.IsAction(method) || !_controllers.IsController(method.ContainingType, context.CancellationToken)
                || IsRestricted(method))
            {
                return;
            }

            var location = method.Locations.FirstOrDefault(l => l.IsInSource);
            if (location is not null
                && _rule.Check(context.Operation, method.Parameters, ids, method.ContainingType, location, context.CancellationToken) is { } diagnostic)
            {
                context.ReportDiagnostic(diagnostic);
            }
        }

        /// <summary>A role, a policy, [AllowAnonymous] or an authorization filter on the action, a method it overrides, its class or a base class.</summary>
        private bool IsRestricted(IMethodSymbol action)
        {
            for (var current = action; current is not null; current = current.OverriddenMethod)
            {
                if (current.GetAttributes().Any(_metadata.RestrictsAccess))
                {
                    return true;
                }
            }

            for (var type = action.ContainingType; type is not null; type = type.BaseType)
            {
                if (type.TypeKind == TypeKind.Error || type.GetAttributes().Any(_metadata.RestrictsAccess))
                {
                    return true;
                }
            }

            return false;
        }
    }

    private sealed class EndpointRule
    {
        private readonly Rule _rule;
        private readonly MinimalApiEndpoints _endpoints;

        public EndpointRule(Rule rule, MinimalApiEndpoints endpoints)
        {
            _rule = rule;
            _endpoints = endpoints;
        }

        public void Analyze(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var cancellationToken = context.CancellationToken;
            if (!MinimalApiEndpoints.MayBeEndpoint(invocation.TargetMethod.Name)
                || _endpoints.SiteOf(invocation, cancellationToken) is not { } site
                || Handler(site, cancellationToken) is not { } handler
                || Rule.IdParameters(handler.Parameters) is not { IsEmpty: false } ids
                || _endpoints.IsReportedAtCallers(site, cancellationToken)
                || _endpoints.IsCovered(site, cancellationToken))
            {
                return;
            }

            if (_rule.Check(handler.Body, handler.Parameters, ids, handler.Container, EndpointLocations.MapName(invocation), cancellationToken) is { } diagnostic)
            {
                context.ReportDiagnostic(diagnostic);
            }
        }

        /// <summary>The handler's code and parameters: a lambda's, or a method group's of this compilation.</summary>
        private (IOperation Body, ImmutableArray<IParameterSymbol> Parameters, INamedTypeSymbol? Container)? Handler(MinimalApiEndpoints.Site site, CancellationToken cancellationToken)
        {
            var handler = site.Handler?.WalkDownConversions();
            if (handler is IDelegateCreationOperation creation)
            {
                handler = creation.Target.WalkDownConversions();
            }

            if (handler is IAnonymousFunctionOperation lambda)
            {
                return (lambda.Body, lambda.Symbol.Parameters, lambda.Symbol.ContainingType);
            }

            if (handler is not IMethodReferenceOperation { Method: var method } || !method.IsDeclaredIn(_rule.Compilation))
            {
                return null;
            }

            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(cancellationToken);
                if (syntax is MethodDeclarationSyntax or LocalFunctionStatementSyntax
                    && CompilationFacts.ModelOf(_rule.Compilation, syntax.SyntaxTree, null) is { } model
                    && model.GetOperation(syntax, cancellationToken) is { } operation)
                {
                    return (operation, method.Parameters, method.ContainingType);
                }
            }

            return null;
        }
    }
}
