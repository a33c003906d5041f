using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;

namespace SecureApi.Analyzers.Rules.Tls;

/// <summary>
/// SAPI8002: <c>SslProtocols.Ssl2/Ssl3/Tls/Tls11/Default</c> or <c>SecurityProtocolType.Ssl3/Tls/Tls11</c> given to
/// something that configures a connection (assigned, passed, returned, a variable's value), alone or in a <c>|</c>
/// combination. Reading a protocol (<c>protocol == SslProtocols.Tls</c>, <c>HasFlag</c>, a <c>case</c> label) or
/// removing one (<c>&amp;= ~SecurityProtocolType.Tls</c>) configures nothing and is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ObsoleteTlsProtocolAnalyzer : DiagnosticAnalyzer
{
    public const string SslProtocolsType = "System.Security.Authentication.SslProtocols";
    public const string SecurityProtocolTypeType = "System.Net.SecurityProtocolType";

    // Member name -> the protocol versions it enables, for the message.
    private static readonly Dictionary<string, string> ObsoleteSslProtocols = new()
    {
        ["Ssl2"] = "SSL 2.0",
        ["Ssl3"] = "SSL 3.0",
        ["Tls"] = "TLS 1.0",
        ["Tls11"] = "TLS 1.1",
        ["Default"] = "SSL 3.0 and TLS 1.0",
    };

    private static readonly Dictionary<string, string> ObsoleteSecurityProtocols = new()
    {
        ["Ssl3"] = "SSL 3.0",
        ["Tls"] = "TLS 1.0",
        ["Tls11"] = "TLS 1.1",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ObsoleteTlsProtocol);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            var sslProtocols = types.Get(SslProtocolsType);
            var securityProtocolType = types.Get(SecurityProtocolTypeType);
            if (sslProtocols is null && securityProtocolType is null)
            {
                return;
            }

            start.RegisterOperationAction(
                context =>
                {
                    var reference = (IFieldReferenceOperation)context.Operation;
                    var field = reference.Field;
                    var type = field.ContainingType;
                    var obsolete = type.Is(sslProtocols) ? ObsoleteSslProtocols : type.Is(securityProtocolType) ? ObsoleteSecurityProtocols : null;
                    if (obsolete is null
                        || !obsolete.TryGetValue(field.Name, out var versions)
                        || !IsConfigured(reference, sslProtocols, securityProtocolType))
                    {
                        return;
                    }

                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.ObsoleteTlsProtocol, reference.Syntax.GetLocation(), type.Name + "." + field.Name, versions));
                },
                OperationKind.FieldReference);
        });
    }

    /// <summary>Does the value reach a configuration (through <c>|</c>, <c>?:</c>, switch arms and conversions)?</summary>
    private static bool IsConfigured(IOperation reference, INamedTypeSymbol? sslProtocols, INamedTypeSymbol? securityProtocolType)
    {
        var current = reference;
        for (var parent = current.Parent; parent is not null; current = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConversionOperation:
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Or }:
                case IConditionalOperation conditional when current != conditional.Condition:
                case ISwitchExpressionArmOperation arm when current == arm.Value:
                case ISwitchExpressionOperation @switch when current != @switch.Value:
                case ICoalesceOperation:
                    continue;

                case ISimpleAssignmentOperation assignment:
                    return current == assignment.Value;

                case ICompoundAssignmentOperation compound:
                    return current == compound.Value && compound.OperatorKind == BinaryOperatorKind.Or;

                // A local's, field's, property's or parameter's value, or what a method returns.
                case ISymbolInitializerOperation:
                case IReturnOperation:
                    return true;

                // SslStream.AuthenticateAsClient(host, certs, SslProtocols.Tls, false); not HasFlag(Enum), Equals(object), logging.
                case IArgumentOperation argument:
                    var type = argument.Parameter?.Type;
                    if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
                    {
                        type = nullable.TypeArguments[0];
                    }

                    return type.Is(sslProtocols) || type.Is(securityProtocolType);

                default:
                    return false;
            }
        }

        return false;
    }
}
