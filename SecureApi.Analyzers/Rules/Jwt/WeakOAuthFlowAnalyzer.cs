using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AspNetCore;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>
/// SAPI1009: an OpenID Connect or OAuth client that weakens the authorization-code flow: <c>UsePkce = false</c>, a
/// <c>ResponseType</c> that asks for tokens without a code (the implicit flow), or a protocol validator that no longer
/// requires the nonce or the state, outside code that only runs in the Development environment. Only constants count:
/// a value read from configuration is the operator's decision.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WeakOAuthFlowAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The assigned member (<c>UsePkce</c>, <c>ResponseType</c>, <c>RequireNonce</c>...), for the fixer.</summary>
    public const string MemberProperty = "Member";

    public const string UsePkce = "UsePkce";
    public const string ResponseType = "ResponseType";

    private static readonly char[] Separators = { ' ', '\t', '+' };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.WeakOAuthFlow);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.OAuthOptions is null && types.OpenIdConnectOptions is null && types.OpenIdConnectProtocolValidator is null)
            {
                return;
            }

            var rule = new Rule(types);
            start.RegisterOperationAction(rule.AnalyzeAssignment, OperationKind.SimpleAssignment);
        });
    }

    /// <summary>
    /// Does the response type ask for tokens without a code: <c>token</c>, <c>id_token</c>, <c>id_token token</c>? A hybrid
    /// type that includes <c>code</c> and <c>none</c> do not.
    /// </summary>
    public static bool IsImplicit(string responseType)
    {
        var tokens = false;
        foreach (var part in responseType.Split(Separators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (string.Equals(part, "code", StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            tokens |= string.Equals(part, "token", StringComparison.OrdinalIgnoreCase) || string.Equals(part, "id_token", StringComparison.OrdinalIgnoreCase);
        }

        return tokens;
    }

    private sealed class Rule
    {
        private readonly KnownTypes _types;

        // Read once: the callback runs for every assignment of the compilation.
        private readonly INamedTypeSymbol? _oauthOptions;
        private readonly INamedTypeSymbol? _openIdConnectOptions;
        private readonly INamedTypeSymbol? _protocolValidator;
        private readonly INamedTypeSymbol? _protocolMessage;

        public Rule(KnownTypes types)
        {
            _types = types;
            _oauthOptions = types.OAuthOptions;
            _openIdConnectOptions = types.OpenIdConnectOptions;
            _protocolValidator = types.OpenIdConnectProtocolValidator;
            _protocolMessage = types.OpenIdConnectMessage;
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation { Property: { } property }
                || Problem(property, assignment.Value) is not { } problem
                || EnvironmentChecks.IsDevelopmentOnly(assignment, _types))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.WeakOAuthFlow,
                assignment.GetMemberNameLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(MemberProperty, property.Name),
                problem.Setting,
                problem.Consequence));
        }

        private (string Setting, string Consequence)? Problem(IPropertySymbol property, IOperation value)
        {
            switch (property.Name)
            {
                case UsePkce when value.IsConstantFalse() && (property.ContainingType.IsOrDerivesFrom(_oauthOptions) || property.ContainingType.IsOrDerivesFrom(_openIdConnectOptions)):
                    return ("UsePkce = false", "without PKCE an authorization code intercepted on its way back (a malicious app, a log, a referrer) can be redeemed by whoever holds it; keep PKCE on");

                case ResponseType when value.TryGetConstantString(out var responseType) && IsImplicit(responseType)
                                       && (property.ContainingType.IsOrDerivesFrom(_openIdConnectOptions) || property.ContainingType.IsOrDerivesFrom(_protocolMessage)):
                    return ($"ResponseType = \"{responseType}\" (implicit flow)", "the tokens come back in the browser redirect, where history, logs and referrers leak them and an attacker can inject a stolen one; use the authorization-code flow (OpenIdConnectResponseType.Code)");

                case "RequireNonce" when value.IsConstantFalse() && property.ContainingType.IsOrDerivesFrom(_protocolValidator):
                    return ("RequireNonce = false", "an id_token without a nonce is not tied to this sign-in, so a stolen or replayed token is accepted");

                case "RequireState" or "RequireStateValidation" when value.IsConstantFalse() && property.ContainingType.IsOrDerivesFrom(_protocolValidator):
                    return ($"{property.Name} = false", "without the state check a response the user never asked for is accepted, so an attacker can sign the victim in to the attacker's account (login CSRF)");

                default:
                    return null;
            }
        }
    }
}
