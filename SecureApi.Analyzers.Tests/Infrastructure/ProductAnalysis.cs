using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SecureApi.Analyzers.Tests.Infrastructure;

/// <summary>Every SecureApi analyzer over a compilation, as a host runs them, with any analyzer exception collected.</summary>
public static class ProductAnalysis
{
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, IReadOnlyList<string> Crashes)> RunAsync(
        Compilation compilation, AnalyzerOptions options, bool concurrent)
    {
        var exceptions = new List<string>();
        var withAnalyzers = compilation.WithAnalyzers(
            ProductAssemblies.AllAnalyzers(),
            new CompilationWithAnalyzersOptions(
                options,
                onAnalyzerException: (exception, analyzer, _) => { lock (exceptions) { exceptions.Add($"{analyzer}: {exception}"); } },
                concurrentAnalysis: concurrent,
                logAnalyzerExecutionTime: false));
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();

        // AD0001 is how a host reports an analyzer that threw.
        var crashes = exceptions.Concat(diagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString())).ToList();
        return (diagnostics, crashes);
    }
}
