using System.Collections.Generic;
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
using SecureApi.Analyzers.Core.AspNetCore.Responses;
using SecureApi.Analyzers.Core.EntityFramework;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Exposure;

/// <summary>
/// SAPI5004: an EF Core entity bound from the request (a controller action's or minimal-API handler's parameter) and
/// then added, updated or attached as it is (over-posting), and responses that serialize a type with sensitive members
/// (password hashes, security stamps, national identifiers; for entities and Identity users also tokens, API keys and
/// secrets) not marked <c>[JsonIgnore]</c>. Controller actions are read through their own operations (their returns and
/// EF calls); a minimal-API handler through its <c>Map*</c> call (a lambda, or a method group declared in source).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class MassAssignmentAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: over-posting or exposure.</summary>
    public const string KindProperty = "Kind";

    public const string OverPosting = "OverPosting";
    public const string Exposure = "Exposure";

    /// <summary>
    /// Diagnostic property of an exposure finding whose members can take <c>[JsonIgnore]</c>: the attribute's namespace
    /// (<c>System.Text.Json.Serialization</c> or <c>Newtonsoft.Json</c>). The members' declarations are the additional locations.
    /// </summary>
    public const string JsonIgnoreNamespaceProperty = "JsonIgnoreNamespace";

    public const string SystemTextJsonNamespace = "System.Text.Json.Serialization";
    public const string NewtonsoftNamespace = "Newtonsoft.Json";

    private const string OverPostingConsequence =
        "a client can set every property it has (keys, owners, roles, prices, status); bind a DTO with only the fields the client may set and copy them onto the entity";

    private const string ExposureConsequence = "every client that can read this response receives them; return a DTO without them or mark them [JsonIgnore]";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.MassAssignment);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            var sinks = ResponseSinks.For(types);
            if (!sinks.IsAvailable)
            {
                return;
            }

            var rule = new Rule(types, sinks);
            if (rule.Controllers.IsAvailable)
            {
                start.RegisterOperationAction(rule.AnalyzeReturn, OperationKind.Return);
                if (rule.Entities.IsAvailable)
                {
                    start.RegisterSymbolAction(rule.AnalyzeAction, SymbolKind.Method);
                }
            }

            if (types.EndpointRouteBuilderExtensions is not null)
            {
                start.RegisterOperationAction(rule.AnalyzeEndpoint, OperationKind.Invocation);
            }
        });
    }

    private sealed class Rule
    {
        private readonly Compilation _compilation;
        private readonly ResponseBodies _bodies;
        private readonly SensitiveMembers _sensitive;
        private readonly EntitySaves _saves;
        private readonly SerializedElsewhere _serialized;
        private readonly INamedTypeSymbol? _fromServices;
        private readonly INamedTypeSymbol? _fromKeyedServices;

        public Rule(KnownTypes types, ResponseSinks sinks)
        {
            _compilation = types.Compilation;
            Controllers = ControllerConventions.For(types);
            Entities = new EntityTypes(types);
            _bodies = new ResponseBodies(types, sinks);
            _sensitive = new SensitiveMembers(types, Entities);
            _saves = new EntitySaves(types, Entities);
            _serialized = new SerializedElsewhere(types);
            _fromServices = types.IFromServiceMetadata;
            _fromKeyedServices = types.FromKeyedServicesAttribute;
        }

        public ControllerConventions Controllers { get; }

        public EntityTypes Entities { get; }

        // ------------------------------------------------------------ controllers

        public void AnalyzeReturn(OperationAnalysisContext context)
        {
            var ret = (IReturnOperation)context.Operation;
            if (ret.ReturnedValue is { } value && IsAction(context.ContainingSymbol, context.CancellationToken) && !InNestedFunction(ret))
            {
                CheckResponse(value, sendsNewtonsoft: true, null, context.ReportDiagnostic, context.CancellationToken);
            }
        }

        /// <summary>
        /// An action that binds an entity: its body is read for saves only when it spells one (a symbol action, so the
        /// finding sits in the action's own declaration, where the editor looks for it).
        /// </summary>
        public void AnalyzeAction(SymbolAnalysisContext context)
        {
            var cancellationToken = context.CancellationToken;
            if (context.Symbol is not IMethodSymbol { Parameters.Length: > 0 } action
                || !IsAction(action, cancellationToken)
                || !action.Parameters.Any(p => IsBoundEntity(p, onSet: false, cancellationToken)))
            {
                return;
            }

            foreach (var reference in action.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax(cancellationToken);
                if (!EntitySaves.MaySave(declaration)
                    || CompilationFacts.ModelOf(_compilation, declaration.SyntaxTree, null) is not { } model
                    || model.GetOperation(declaration, cancellationToken) is not { } body)
                {
                    continue;
                }

                var reported = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
                foreach (var operation in body.Descendants())
                {
                    if (!EntitySaves.MayTrack(operation))
                    {
                        continue;
                    }

                    foreach (var (parameter, method, onSet) in _saves.Tracked(operation))
                    {
                        if (SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, action)
                            && IsBoundEntity(parameter, onSet, cancellationToken) && reported.Add(parameter))
                        {
                            context.ReportDiagnostic(OverPosted(parameter, method, null));
                        }
                    }
                }
            }
        }

        private bool IsAction(ISymbol symbol, CancellationToken cancellationToken) =>
            symbol is IMethodSymbol { ContainingType: { } controller } method
            && Controllers.IsController(controller, cancellationToken) && Controllers.IsAction(method);

        // ------------------------------------------------------------ minimal APIs

        public void AnalyzeEndpoint(OperationAnalysisContext context)
        {
            var call = (IInvocationOperation)context.Operation;
            if (!MinimalApiEndpoints.MayBeEndpoint(call.TargetMethod.Name)
                || call.Arguments.FirstOrDefault(a => a.Parameter?.Name is "handler") is not { } argument
                || !MinimalApiEndpoints.IsHandlerArgument(argument))
            {
                return;
            }

            var cancellationToken = context.CancellationToken;
            switch (argument.Value.WalkDownConversions())
            {
                case IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }:
                    CheckHandler(lambda.Symbol, lambda.Body, null, context.ReportDiagnostic, cancellationToken);
                    break;
                case IDelegateCreationOperation { Target: IMethodReferenceOperation { Method: { } method } }
                    when method.IsDeclaredIn(_compilation) && HandlerBody(method, call.SemanticModel, cancellationToken) is { } body:
                    // A handler in another file is reported at the method group: a diagnostic must stay in the tree analyzed.
                    var elsewhere = body.Syntax.SyntaxTree == call.Syntax.SyntaxTree ? null : argument.Value.Syntax.GetLocation();
                    CheckHandler(method, body, elsewhere, context.ReportDiagnostic, cancellationToken);
                    break;
            }
        }

        /// <summary>The body of a method-group handler declared in this compilation (a method or a local function).</summary>
        private IOperation? HandlerBody(IMethodSymbol method, SemanticModel? site, CancellationToken cancellationToken)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(cancellationToken);
                if (syntax is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax
                    && CompilationFacts.ModelOf(_compilation, syntax.SyntaxTree, site) is { } model
                    && model.GetOperation(syntax, cancellationToken) is { } body)
                {
                    return body;
                }
            }

            return null;
        }

        private void CheckHandler(IMethodSymbol handler, IOperation body, Location? elsewhere, System.Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            var reported = new HashSet<IParameterSymbol>(SymbolEqualityComparer.Default);
            foreach (var operation in body.Descendants())
            {
                switch (operation)
                {
                    case IReturnOperation { ReturnedValue: { } value } ret:
                        if (!InNestedFunction(ret, body))
                        {
                            // Minimal APIs always write JSON with System.Text.Json.
                            CheckResponse(value, sendsNewtonsoft: false, elsewhere, report, cancellationToken);
                        }

                        break;
                    case IInvocationOperation or ISimpleAssignmentOperation when Entities.IsAvailable && EntitySaves.MayTrack(operation):
                        foreach (var (parameter, method, onSet) in _saves.Tracked(operation))
                        {
                            if (SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, handler)
                                && IsBoundEntity(parameter, onSet, cancellationToken) && reported.Add(parameter))
                            {
                                report(OverPosted(parameter, method, elsewhere));
                            }
                        }

                        break;
                }
            }
        }

        // ------------------------------------------------------------ over-posting

        /// <summary>Bound from the request (not a service) and an entity (or a collection of entities).</summary>
        private bool IsBoundEntity(IParameterSymbol parameter, bool onSet, CancellationToken cancellationToken) =>
            _saves.IsEntityParameter(parameter, onSet, cancellationToken)
            && !parameter.GetAttributes().Any(a => a.AttributeClass is { } c && (c.AllInterfaces.Any(i => i.Is(_fromServices)) || c.Is(_fromKeyedServices)));

        private static Diagnostic OverPosted(IParameterSymbol parameter, string method, Location? elsewhere)
        {
            var location = elsewhere ?? parameter.Locations.FirstOrDefault() ?? Location.None;
            var entity = ResponseBodies.ElementType(parameter.Type);
            return Diagnostic.Create(
                Descriptors.MassAssignment,
                location,
                ImmutableDictionary<string, string?>.Empty.Add(KindProperty, OverPosting),
                $"'{parameter.Name}' binds the EF Core entity '{entity.Name}' from the request and is passed to {method}",
                OverPostingConsequence);
        }

        // ------------------------------------------------------------ exposure

        private void CheckResponse(IOperation returned, bool sendsNewtonsoft, Location? elsewhere, System.Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            foreach (var (value, type) in _bodies.Sent(returned))
            {
                var members = _sensitive.Of(type, cancellationToken);
                if (!members.IsEmpty)
                {
                    report(Exposed(value, type, members, sendsNewtonsoft, elsewhere, cancellationToken));
                }
            }
        }

        private Diagnostic Exposed(IOperation value, ITypeSymbol type, ImmutableArray<SensitiveMembers.Member> members, bool sendsNewtonsoft, Location? elsewhere, CancellationToken cancellationToken)
        {
            var properties = ImmutableDictionary<string, string?>.Empty.Add(KindProperty, Exposure);

            // [JsonIgnore] goes on members declared here, unless the type is also serialized for storage or transport.
            var fixable = members.Select(m => m.Property)
                .Where(p => p.IsDeclaredIn(_compilation) && p.Locations.FirstOrDefault() is { IsInSource: true })
                .ToList();
            var additional = new List<Location>();
            if (fixable.Count > 0 && elsewhere is null
                && !_serialized.IsSerialized(type, cancellationToken) && !fixable.Any(p => _serialized.IsSerialized(p.ContainingType, cancellationToken)))
            {
                additional.AddRange(fixable.Select(p => p.Locations[0]));
                properties = properties.Add(
                    JsonIgnoreNamespaceProperty,
                    sendsNewtonsoft && _serialized.MvcUsesNewtonsoft(cancellationToken) ? NewtonsoftNamespace : SystemTextJsonNamespace);
            }

            var described = string.Join(", ", members.Select(m => $"{m.Property.Name} ({m.What})"));
            return Diagnostic.Create(
                Descriptors.MassAssignment,
                elsewhere ?? value.Syntax.GetLocation(),
                additional,
                properties,
                $"The response serializes '{type.Name}' with {described}",
                ExposureConsequence);
        }

        /// <summary>A return of a lambda or local function inside the action or handler: not the response.</summary>
        private static bool InNestedFunction(IOperation ret, IOperation? body = null)
        {
            for (var parent = ret.Parent; parent is not null && parent != body; parent = parent.Parent)
            {
                if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
