using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AspNetCore;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>
/// SAPI1003: <c>RequireHttpsMetadata = false</c> on JwtBearer or OpenID Connect options, outside code that only
/// runs in the Development environment.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class JwtMetadataOverHttpAnalyzer : DiagnosticAnalyzer
{
    public const string PropertyName = "RequireHttpsMetadata";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.JwtMetadataOverHttp);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.JwtBearerOptions is null && types.OpenIdConnectOptions is null)
            {
                return;
            }

            var rule = new Rule(types);
            start.RegisterOperationAction(rule.AnalyzeAssignment, OperationKind.SimpleAssignment);
        });
    }

    private sealed class Rule
    {
        private readonly KnownTypes _types;

        // Read once: the callback runs for every assignment of the compilation.
        private readonly INamedTypeSymbol? _jwtBearerOptions;
        private readonly INamedTypeSymbol? _openIdConnectOptions;

        public Rule(KnownTypes types)
        {
            _types = types;
            _jwtBearerOptions = types.JwtBearerOptions;
            _openIdConnectOptions = types.OpenIdConnectOptions;
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: PropertyName } property }
                || !(property.ContainingType.Is(_jwtBearerOptions) || property.ContainingType.Is(_openIdConnectOptions))
                || !assignment.Value.IsConstantFalse()
                || EnvironmentChecks.IsDevelopmentOnly(assignment, _types))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.JwtMetadataOverHttp, assignment.GetMemberNameLocation()));
        }
    }
}
