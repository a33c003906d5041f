using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AppFacts;
using SecureApi.Analyzers.Core.AspNetCore;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>
/// SAPI1001: TokenValidationParameters for which ValidAlgorithms is never set — on the creation (<c>new</c>,
/// target-typed <c>new()</c>), or, when options lambdas assign its properties one by one, on the
/// <c>AddJwtBearer</c>/<c>Configure</c> call. Pins set later in the same method or lambda (also through a local),
/// for the same scheme anywhere in the compilation, or by the callers of a helper that returns the parameters, count.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PinJwtAlgorithmsAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the SecurityAlgorithms member the fix pins.</summary>
    public const string AlgorithmProperty = "Algorithm";

    /// <summary>Diagnostic property: <see cref="CreationForm"/> or <see cref="OptionsLambdaForm"/>.</summary>
    public const string FormProperty = "Form";

    public const string CreationForm = "Creation";
    public const string OptionsLambdaForm = "OptionsLambda";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.JwtAlgorithmsNotPinned);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.TokenValidationParameters is null)
            {
                return;
            }

            var rule = new Rule(start.Compilation, types);
            start.RegisterOperationAction(rule.AnalyzeCreation, OperationKind.ObjectCreation);
            if (types.JwtBearerOptions is not null)
            {
                start.RegisterOperationAction(rule.AnalyzeInvocation, OperationKind.Invocation);
            }
        });
    }

    private sealed class Rule
    {
        private readonly INamedTypeSymbol? _parametersType;
        private readonly TokenValidationParametersCode _parameters;
        private readonly JwtBearerOptionsCode _options;
        private readonly SigningAlgorithmChoice _algorithms;
        private readonly CompilationFacts.LazyFact<JwtAlgorithmPins> _pins;

        public Rule(Compilation compilation, KnownTypes types)
        {
            _parametersType = types.TokenValidationParameters;
            _parameters = new TokenValidationParametersCode(types);
            _options = new JwtBearerOptionsCode(types);
            _algorithms = new SigningAlgorithmChoice(types);
            _pins = new CompilationFacts.LazyFact<JwtAlgorithmPins>(ct => JwtAlgorithmPins.Compute(compilation, _parameters, _options, ct));
        }

        public void AnalyzeCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (!creation.Type.Is(_parametersType) || _parameters.InitializerPins(creation) || IsPinnedElsewhere(creation, context.CancellationToken))
            {
                return;
            }

            var keys = creation.Initializer?.Initializers
                .OfType<ISimpleAssignmentOperation>()
                .Where(a => a.Target is IPropertyReferenceOperation { Property.Name: "IssuerSigningKey" or "IssuerSigningKeys" })
                .Select(a => a.Value)
                .ToArray() ?? [];
            Report(context, creation.Syntax.GetLocation(), CreationForm, _algorithms.Choose(keys, context.CancellationToken), "These TokenValidationParameters");
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (!JwtBearerOptionsCode.MayConfigure(invocation.TargetMethod.Name)
                || !_options.TryGetConfigurationCall(invocation, out var lambda, out var schemes))
            {
                return;
            }

            var isAddJwtBearer = invocation.TargetMethod.Name == "AddJwtBearer";
            var uses = lambda is null ? OptionsLambdaUses.None : OptionsLambdaUses.Read(lambda, _parameters);
            if (uses.ReplacesParameters || uses.Pins)
            {
                // A whole TokenValidationParameters object is assigned: judged where it is created.
                return;
            }

            if (!uses.TouchesParameters)
            {
                var requireEverywhere = isAddJwtBearer
                    && SecureApiOptions.JwtRequirePinningEverywhere.GetValue(context.Options, invocation.Syntax.SyntaxTree, RuleIds.JwtAlgorithmsNotPinned);
                if (!requireEverywhere)
                {
                    return;
                }
            }

            if (_pins.Get(context.CancellationToken).IsPinned(schemes))
            {
                return;
            }

            // Keys decide; without them (Authority, metadata) RS256 is the identity providers' default.
            var algorithm = _algorithms.Choose(uses.Keys, context.CancellationToken);
            var form = lambda is null ? null : OptionsLambdaForm;
            Report(context, invocation.GetMemberNameLocation(), form, algorithm, "The options of " + schemes.Describe());
        }

        /// <summary>ValidAlgorithms set on the same object later in the method/lambda, for its scheme, or by the helper's callers.</summary>
        private bool IsPinnedElsewhere(IObjectCreationOperation creation, CancellationToken cancellationToken)
        {
            var root = creation.GetRoot();
            var parent = creation.WalkUpConversions().Parent;

            switch (parent)
            {
                // var parameters = new TokenValidationParameters { ... };
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    var local = declarator.Symbol;
                    if (_parameters.ValidAlgorithmsInstances(root).Any(i => i is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, local)))
                    {
                        return true;
                    }

                    foreach (var (owner, site) in _parameters.OptionsAssignedFrom(local, root))
                    {
                        if (IsOptionsPinned(owner, site, root, cancellationToken))
                        {
                            return true;
                        }
                    }

                    return IsReturnedFromPinnedHelper(root, local, cancellationToken);

                // options.TokenValidationParameters = new TokenValidationParameters { ... };
                case ISimpleAssignmentOperation assignment when _parameters.IsOptionsParameters(assignment.Target, out var options) && options is not null:
                    return IsOptionsPinned(options, assignment, root, cancellationToken);

                // return new TokenValidationParameters { ... };  or  => new(...)
                case IReturnOperation:
                    return ContainingMethod(creation) is { } method && _pins.Get(cancellationToken).IsPinnedByCallers(method);

                default:
                    return false;
            }
        }

        private bool IsOptionsPinned(ISymbol options, IOperation site, IOperation root, CancellationToken cancellationToken)
        {
            if (_parameters.ValidAlgorithmsInstances(root).Any(i => _parameters.IsOptionsParameters(i, out var pinned) && SymbolEqualityComparer.Default.Equals(pinned, options)))
            {
                return true;
            }

            return options is IParameterSymbol parameter
                   && _options.TryGetSchemes(parameter, site, out var schemes)
                   && _pins.Get(cancellationToken).IsPinned(schemes);
        }

        private bool IsReturnedFromPinnedHelper(IOperation root, ILocalSymbol local, CancellationToken cancellationToken)
        {
            foreach (var operation in root.Descendants())
            {
                if (operation is IReturnOperation { ReturnedValue: { } value } returned
                    && value.WalkDownConversions() is ILocalReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    return ContainingMethod(returned) is { } method && _pins.Get(cancellationToken).IsPinnedByCallers(method);
                }
            }

            return false;
        }

        private static IMethodSymbol? ContainingMethod(IOperation operation) =>
            operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart) as IMethodSymbol;

        private static void Report(OperationAnalysisContext context, Location location, string? form, string algorithm, string subject)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[AlgorithmProperty] = algorithm;
            if (form is not null)
            {
                properties[FormProperty] = form;
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.JwtAlgorithmsNotPinned, location, properties.ToImmutable(), subject));
        }
    }
}
