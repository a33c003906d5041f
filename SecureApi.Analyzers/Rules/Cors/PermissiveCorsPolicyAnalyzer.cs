using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Cors;

/// <summary>
/// SAPI3001: a CORS policy that accepts any origin (or attacker-registrable ones) and allows credentials.
/// SAPI3002: a CORS policy that accepts any origin, without credentials (also when credentials are allowed only on a
/// mutually exclusive path, see <see cref="ExclusiveBranches"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PermissiveCorsPolicyAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: which code shape was flagged (see <see cref="CorsOriginForm"/>).</summary>
    public const string FormProperty = "Form";

    /// <summary>Diagnostic property: the configuration key the fix reads the allowed origins from.</summary>
    public const string ConfigurationKeyProperty = "ConfigurationKey";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CorsAnyOriginWithCredentials, Descriptors.CorsAnyOrigin);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.CorsPolicyBuilder is null && types.CorsPolicy is null)
            {
                return;
            }

            var rule = new Rule(types);
            start.RegisterOperationAction(rule.AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(rule.AnalyzeObjectCreation, OperationKind.ObjectCreation);
            start.RegisterOperationAction(rule.AnalyzeAssignment, OperationKind.SimpleAssignment);
        });
    }

    private sealed class Rule
    {
        private readonly KnownTypes _types;

        // Read once: the callbacks below run for every invocation, creation and assignment of the compilation.
        private readonly INamedTypeSymbol? _builder;
        private readonly INamedTypeSymbol? _policy;

        public Rule(KnownTypes types)
        {
            _types = types;
            _builder = types.CorsPolicyBuilder;
            _policy = types.CorsPolicy;
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;

            if (method.ContainingType.Is(_builder) && invocation.Instance is { } builder)
            {
                switch (method.Name)
                {
                    case "AllowAnyOrigin":
                        Report(context, invocation, builder, OriginAcceptance.Any, CorsOriginForm.AllowAnyOrigin, "accepts any origin (AllowAnyOrigin())");
                        break;

                    case "WithOrigins" when invocation.Arguments.Length == 1 && IsLoneWildcard(invocation.Arguments[0].Value):
                        Report(context, invocation, builder, OriginAcceptance.Any, CorsOriginForm.WithOrigins, "accepts any origin (WithOrigins(\"*\"))");
                        break;

                    case "SetIsOriginAllowed" when invocation.Arguments.Length == 1:
                        var acceptance = OriginPredicate.Classify(invocation.Arguments[0].Value, _types, context.CancellationToken);
                        Report(context, invocation, builder, acceptance, CorsOriginForm.SetIsOriginAllowed, PredicateDescription(acceptance, "SetIsOriginAllowed"));
                        break;
                }

                return;
            }

            // policy.Origins.Add("*") or new CorsPolicy { Origins = { "*" } }
            if (method.Name == "Add" && invocation.Arguments.Length == 1 && invocation.Arguments[0].Value.TryGetConstantString(out var origin) && origin == "*"
                && OriginsCollectionOwner(invocation) is { } policy)
            {
                Report(context, invocation, policy, OriginAcceptance.Any, CorsOriginForm.PolicyObject, "accepts any origin (Origins.Add(\"*\"))");
            }
        }

        public void AnalyzeObjectCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (creation.Type.Is(_builder) && creation.Arguments.Length == 1 && IsLoneWildcard(creation.Arguments[0].Value))
            {
                Report(context, creation, creation, OriginAcceptance.Any, CorsOriginForm.BuilderConstructor, "accepts any origin (new CorsPolicyBuilder(\"*\"))");
            }
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is IPropertyReferenceOperation { Instance: { } policy } property
                && property.Property.IsMember(_policy, "IsOriginAllowed"))
            {
                var acceptance = OriginPredicate.Classify(assignment.Value, _types, context.CancellationToken);
                Report(context, assignment, policy, acceptance, CorsOriginForm.PolicyObject, PredicateDescription(acceptance, "IsOriginAllowed"));
            }
        }

        private void Report(OperationAnalysisContext context, IOperation site, IOperation policyInstance, OriginAcceptance acceptance, CorsOriginForm form, string what)
        {
            if (acceptance < OriginAcceptance.Weak)
            {
                return;
            }

            var scope = new CorsPolicyScope(site.GetRoot(), _types);
            // Credentials allowed only on a path the origin call is not on (the other side of an if/else) are another policy.
            var credentials = scope.CredentialSites(scope.Identify(policyInstance))
                .Where(credential => !ExclusiveBranches.AreExclusive(site.Syntax, credential.Syntax))
                .ToList();
            var location = site.GetMemberNameLocation();

            var descriptor = credentials.Count > 0 ? Descriptors.CorsAnyOriginWithCredentials
                : acceptance == OriginAcceptance.Any ? Descriptors.CorsAnyOrigin
                : null;
            if (descriptor is null)
            {
                return;
            }

            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[FormProperty] = form.ToString();
            properties[ConfigurationKeyProperty] = SecureApiOptions.CorsOriginsConfigurationKey.GetValue(context.Options, site.Syntax.SyntaxTree, descriptor.Id);
            context.ReportDiagnostic(Diagnostic.Create(
                descriptor,
                location,
                credentials.Select(c => c.GetMemberNameLocation()),
                properties.ToImmutable(),
                what));
        }

        /// <summary>The <c>CorsPolicy</c> whose <c>Origins</c> collection this <c>Add</c> call fills.</summary>
        private IOperation? OriginsCollectionOwner(IInvocationOperation add)
        {
            switch (add.Instance?.WalkDownConversions())
            {
                case IPropertyReferenceOperation { Instance: { } owner } origins when origins.Property.IsMember(_policy, "Origins"):
                    return owner;

                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }
                    when add.Parent is IObjectOrCollectionInitializerOperation { Parent: IMemberInitializerOperation member }
                         && member.InitializedMember is IPropertyReferenceOperation { Instance: { } owner } origins
                         && origins.Property.IsMember(_policy, "Origins"):
                    return owner;

                default:
                    return null;
            }
        }

        private static string PredicateDescription(OriginAcceptance acceptance, string member) => acceptance == OriginAcceptance.Any
            ? $"accepts any origin (its {member} predicate accepts every value)"
            : $"accepts attacker-registrable origins (its {member} predicate checks a substring, prefix or suffix)";

        /// <summary>
        /// The origins argument is exactly <c>"*"</c> (a lone string, a one-element array or collection expression, or
        /// a local holding one). ASP.NET Core treats "*" as any origin only when it is the only origin: among others
        /// it is a literal that never matches.
        /// </summary>
        private static bool IsLoneWildcard(IOperation argument)
        {
            var value = argument.WalkDownConversions();
            if (value is ILocalReferenceOperation local && LocalValues.FindSingleValue(local.Local, value.GetRoot()) is { } localValue)
            {
                value = localValue.WalkDownConversions();
            }

            if (value.TryGetConstantString(out var single))
            {
                return single == "*";
            }

            var elements = value switch
            {
                IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues.ToList(),
                // ["*"]: ICollectionExpressionOperation is newer than Roslyn 4.8; on every version its children are the elements.
                { Syntax: CollectionExpressionSyntax } collection => collection.ChildOperations.ToList(),
                _ => new List<IOperation>(),
            };
            return elements.Count == 1 && elements[0].TryGetConstantString(out var text) && text == "*";
        }
    }
}
