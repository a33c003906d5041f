using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Hosting;

/// <summary>
/// SAPI8006: <c>ForwardedHeadersOptions</c> that accept X-Forwarded-* headers from anyone: both trust lists
/// (<c>KnownNetworks</c>/<c>KnownIPNetworks</c> and <c>KnownProxies</c>) cleared with nothing added in the same method or
/// lambda tree, a network of prefix length 0 (<c>0.0.0.0/0</c>, <c>::/0</c>) added, or <c>ForwardLimit = null</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ForwardedHeadersTrustAnalyzer : DiagnosticAnalyzer
{
    private const string KnownProxies = "KnownProxies";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ForwardedHeadersTrustAll);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var options = KnownTypes.For(start.Compilation).ForwardedHeadersOptions;
            if (options is null)
            {
                return;
            }

            var rule = new Rule(options);
            start.RegisterOperationAction(rule.AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(rule.AnalyzeAssignment, OperationKind.SimpleAssignment);
        });
    }

    private sealed class Rule
    {
        private readonly INamedTypeSymbol _options;

        public Rule(INamedTypeSymbol options) => _options = options;

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is IPropertyReferenceOperation { Property: { Name: "ForwardLimit" } property }
                && property.ContainingType.Is(_options)
                && assignment.Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: null })
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.ForwardedHeadersTrustAll,
                    assignment.GetMemberNameLocation(),
                    "ForwardLimit = null processes every entry of X-Forwarded-For, however long the chain a client sends"));
            }
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var call = (IInvocationOperation)context.Operation;
            var name = call.TargetMethod.Name;
            if ((name != "Clear" && name != "Add") || TrustList(call.Instance) is not { } list)
            {
                return;
            }

            if (name == "Add")
            {
                if (call.Arguments.Length == 1 && IsEverything(call.Arguments[0].Value))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.ForwardedHeadersTrustAll,
                        call.GetMemberNameLocation(),
                        $"{list}.Add of a network with prefix length 0 trusts every address as a proxy"));
                }

                return;
            }

            // Report once, on the first Clear() of the two lists, when the other list is cleared too and nothing is added.
            if (!IsFirstClearOfBothLists(call, list))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.ForwardedHeadersTrustAll,
                call.GetMemberNameLocation(),
                "KnownNetworks and KnownProxies are cleared and no trusted proxy is added, so forwarded headers are accepted from every sender"));
        }

        /// <summary>The name of the trust list <paramref name="instance"/> is (<c>options.KnownProxies</c>), or null.</summary>
        private string? TrustList(IOperation? instance) =>
            instance?.WalkDownConversions() is IPropertyReferenceOperation { Property: { } property }
            && property.ContainingType.Is(_options)
            && property.Name is "KnownNetworks" or "KnownIPNetworks" or KnownProxies
                ? property.Name
                : null;

        private bool IsFirstClearOfBothLists(IInvocationOperation clear, string list)
        {
            var clearsNetworks = list != KnownProxies;
            var clearsProxies = list == KnownProxies;
            IInvocationOperation? first = null;
            foreach (var operation in clear.GetRoot().Descendants())
            {
                if (operation is not IInvocationOperation call || TrustList(call.Instance) is not { } other)
                {
                    continue;
                }

                switch (call.TargetMethod.Name)
                {
                    case "Clear":
                        clearsNetworks |= other != KnownProxies;
                        clearsProxies |= other == KnownProxies;
                        if (first is null || call.Syntax.SpanStart < first.Syntax.SpanStart)
                        {
                            first = call;
                        }

                        break;

                    // Any trusted entry added in the same configuration: the lists are curated, not emptied.
                    case "Add" or "Insert":
                        return false;
                }
            }

            return clearsNetworks && clearsProxies && first == clear;
        }

        /// <summary>
        /// A network of prefix length 0: <c>new IPNetwork(IPAddress.Any, 0)</c>, <c>IPNetwork.Parse("0.0.0.0/0")</c>,
        /// <c>"::/0"</c> (ASP.NET Core's IPNetwork and .NET 8's System.Net.IPNetwork alike).
        /// </summary>
        private static bool IsEverything(IOperation value)
        {
            switch (value.WalkDownConversions())
            {
                case IObjectCreationOperation { Type.Name: "IPNetwork", Arguments.Length: 2 } creation:
                    return creation.Arguments[1].Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: 0 };

                case IInvocationOperation { TargetMethod: { Name: "Parse", ContainingType.Name: "IPNetwork" }, Arguments.Length: >= 1 } parse
                    when parse.Arguments[0].Value.TryGetConstantString(out var text):
                    return text.Trim().EndsWith("/0", StringComparison.Ordinal);

                default:
                    return false;
            }
        }
    }
}
