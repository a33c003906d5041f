using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AspNetCore;
using SecureApi.Analyzers.Core.Operations;
using SecureApi.Analyzers.Core.Strings;

namespace SecureApi.Analyzers.Rules.Tls;

/// <summary>
/// SAPI8007: <c>Authority</c> or <c>MetadataAddress</c> of JwtBearer/OpenID Connect options, or the <c>BaseAddress</c>
/// of their <c>Backchannel</c>, given an <c>http://</c> address outside a development-only branch. SAPI1003 reports
/// the other half (<c>RequireHttpsMetadata = false</c>); each rule stands on its own.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IdentityEndpointOverHttpAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.IdentityEndpointOverHttp);

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

            start.RegisterOperationAction(new Rule(types).AnalyzeAssignment, OperationKind.SimpleAssignment);
        });
    }

    private sealed class Rule
    {
        private readonly KnownTypes _types;
        private readonly INamedTypeSymbol? _jwtBearerOptions;
        private readonly INamedTypeSymbol? _openIdConnectOptions;
        private readonly INamedTypeSymbol? _remoteOptions;
        private readonly INamedTypeSymbol? _httpClient;
        private readonly INamedTypeSymbol? _uri;

        public Rule(KnownTypes types)
        {
            _types = types;
            _jwtBearerOptions = types.JwtBearerOptions;
            _openIdConnectOptions = types.OpenIdConnectOptions;
            // OpenIdConnectOptions inherits Backchannel from RemoteAuthenticationOptions.
            _remoteOptions = types.Get("Microsoft.AspNetCore.Authentication.RemoteAuthenticationOptions");
            _httpClient = types.Get("System.Net.Http.HttpClient");
            _uri = types.Uri;
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation { Property: var property } target)
            {
                return;
            }

            string name;
            IOperation? address;
            switch (property.Name)
            {
                case "Authority" or "MetadataAddress" when property.ContainingType.Is(_jwtBearerOptions) || property.ContainingType.Is(_openIdConnectOptions):
                    name = property.Name;
                    address = assignment.Value;
                    break;

                case "BaseAddress" when property.ContainingType.Is(_httpClient) && IsBackchannel(target):
                    name = "Backchannel.BaseAddress";
                    address = assignment.Value.WalkDownConversions() is IObjectCreationOperation { Arguments.Length: > 0 } creation && creation.Type.Is(_uri)
                        ? creation.Arguments[0].Value
                        : null;
                    break;

                default:
                    return;
            }

            if (address is null || !PlainHttpUrls.StartsWithHttp(address) || EnvironmentChecks.IsDevelopmentOnly(assignment, _types))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.IdentityEndpointOverHttp, address.WalkDownConversions().Syntax.GetLocation(), name));
        }

        /// <summary><c>options.Backchannel.BaseAddress = ...</c>, or <c>options.Backchannel = new HttpClient { BaseAddress = ... }</c>.</summary>
        private bool IsBackchannel(IPropertyReferenceOperation baseAddress)
        {
            if (baseAddress.Instance?.WalkDownConversions() is IPropertyReferenceOperation instance)
            {
                return IsBackchannelProperty(instance.Property);
            }

            return baseAddress.Instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }
                   && baseAddress.FindInitializedObject()?.WalkUpConversions().Parent is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation backchannel }
                   && IsBackchannelProperty(backchannel.Property);
        }

        private bool IsBackchannelProperty(IPropertySymbol property) =>
            property.Name == "Backchannel"
            && (property.ContainingType.Is(_jwtBearerOptions) || property.ContainingType.IsOrDerivesFrom(_remoteOptions));
    }
}
