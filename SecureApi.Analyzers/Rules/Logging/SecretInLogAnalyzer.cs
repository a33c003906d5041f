using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;

namespace SecureApi.Analyzers.Rules.Logging;

/// <summary>
/// SAPI5003: a password, token, key, Authorization header, authentication cookie or whole request body written to a
/// log (<see cref="LogSinks"/>), judged by <see cref="SecretValues"/>. Reported on the argument, or on the
/// interpolation hole or concatenation operand that carries the secret.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SecretInLogAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: <c>"[REDACTED]"</c> can take the reported expression's place and the call still compiles.</summary>
    public const string ReplaceableProperty = "Replaceable";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SecretInLog);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            var sinks = new LogSinks(types);
            if (!sinks.IsAvailable)
            {
                return;
            }

            var values = new SecretValues(types);
            start.RegisterOperationAction(context => Analyze(context, sinks, values), OperationKind.Invocation);
        });
    }

    private static void Analyze(OperationAnalysisContext context, LogSinks sinks, SecretValues values)
    {
        var call = (IInvocationOperation)context.Operation;
        foreach (var logged in sinks.ValuesLogged(call))
        {
            foreach (var secret in values.Find(logged))
            {
                // An interpolation hole and a concatenation operand are string positions: "[REDACTED]" always fits.
                var replaceable = logged.Replaceable || secret.Site != logged.Value;
                var properties = replaceable
                    ? ImmutableDictionary<string, string?>.Empty.Add(ReplaceableProperty, "true")
                    : ImmutableDictionary<string, string?>.Empty;
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.SecretInLog,
                    secret.Site.Syntax.GetLocation(),
                    properties,
                    DisplayText.Of(secret.Site.Syntax),
                    secret.What));
            }
        }
    }
}
