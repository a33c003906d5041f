using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Tls;

/// <summary>
/// SAPI8001: a certificate validation callback that accepts every certificate, given to an HttpClientHandler,
/// SslClientAuthenticationOptions (also SocketsHttpHandler.SslOptions), ServicePointManager, HttpWebRequest or an
/// SslStream. Development branches are reported too: the catalog does not exempt them (see the rule page).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CertificateValidationDisabledAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CertificateValidationDisabled);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var rule = new Rule(KnownTypes.For(start.Compilation));
            if (!rule.IsValid)
            {
                return;
            }

            start.RegisterOperationAction(rule.AnalyzeAssignment, OperationKind.SimpleAssignment, OperationKind.CompoundAssignment);
            if (rule.HasSslStream)
            {
                start.RegisterOperationAction(rule.AnalyzeCreation, OperationKind.ObjectCreation);
            }
        });
    }

    private sealed class Rule
    {
        private readonly INamedTypeSymbol? _httpClientHandler;
        private readonly INamedTypeSymbol? _sslClientOptions;
        private readonly INamedTypeSymbol? _servicePointManager;
        private readonly INamedTypeSymbol? _httpWebRequest;
        private readonly INamedTypeSymbol? _winHttpHandler;
        private readonly INamedTypeSymbol? _sslStream;
        private readonly INamedTypeSymbol? _remoteCallback;
        private readonly AcceptAnyCertificate _reader;

        public Rule(KnownTypes types)
        {
            _httpClientHandler = types.Get("System.Net.Http.HttpClientHandler");
            _sslClientOptions = types.Get("System.Net.Security.SslClientAuthenticationOptions");
            _servicePointManager = types.Get("System.Net.ServicePointManager");
            _httpWebRequest = types.Get("System.Net.HttpWebRequest");
            _winHttpHandler = types.Get("System.Net.Http.WinHttpHandler");
            _sslStream = types.Get("System.Net.Security.SslStream");
            _remoteCallback = types.Get("System.Net.Security.RemoteCertificateValidationCallback");
            _reader = new AcceptAnyCertificate(types, _httpClientHandler);
        }

        public bool IsValid => _httpClientHandler is not null || _sslClientOptions is not null || _servicePointManager is not null
                               || _httpWebRequest is not null || _sslStream is not null;

        public bool HasSslStream => _sslStream is not null && _remoteCallback is not null;

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (IAssignmentOperation)context.Operation;
            // ServicePointManager.ServerCertificateValidationCallback += ... combines delegates: the accepting one wins.
            if (assignment is ICompoundAssignmentOperation { OperatorKind: not BinaryOperatorKind.Add }
                || assignment.Target is not IPropertyReferenceOperation { Property: var property }
                || !IsCallbackProperty(property)
                || !_reader.AcceptsEverything(assignment.Value, context.CancellationToken))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.CertificateValidationDisabled, assignment.GetMemberNameLocation(), property.Name));
        }

        public void AnalyzeCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (!creation.Type.Is(_sslStream))
            {
                return;
            }

            foreach (var argument in creation.Arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.Explicit
                    && argument.Parameter?.Type.Is(_remoteCallback) == true
                    && _reader.AcceptsEverything(argument.Value, context.CancellationToken))
                {
                    context.ReportDiagnostic(Diagnostic.Create(Descriptors.CertificateValidationDisabled, argument.Syntax.GetLocation(), "The SslStream's RemoteCertificateValidationCallback"));
                }
            }
        }

        private bool IsCallbackProperty(IPropertySymbol property) => property.Name switch
        {
            "ServerCertificateCustomValidationCallback" => property.ContainingType.Is(_httpClientHandler),
            "RemoteCertificateValidationCallback" => property.ContainingType.Is(_sslClientOptions),
            "ServerCertificateValidationCallback" => property.ContainingType.Is(_servicePointManager)
                                                     || property.ContainingType.Is(_httpWebRequest)
                                                     || property.ContainingType.Is(_winHttpHandler),
            _ => false,
        };
    }
}
