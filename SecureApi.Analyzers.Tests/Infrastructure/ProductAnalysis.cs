using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

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

    /// <summary>
    /// The SAPI findings of every analyzer (run concurrently, as in a build) over <paramref name="source"/> and more files
    /// of the same project. No analyzer may throw; the code must compile unless <paramref name="mustCompile"/> is false
    /// (the snippet project is a console application, so a library snippet's missing entry point, CS5001, is allowed).
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> SapiFindingsAsync(
        string source,
        IEnumerable<string>? others = null,
        ReferenceSet? references = null,
        LanguageVersion languageVersion = LanguageVersion.CSharp12,
        bool mustCompile = true)
    {
        var document = (await SnippetWorkspace.CreateAsync(references, languageVersion)).With(source, others ?? []);
        return await SapiFindingsAsync(document, mustCompile);
    }

    /// <summary>The same over a document of an existing workspace (to reuse its bound references across many sources).</summary>
    public static async Task<ImmutableArray<Diagnostic>> SapiFindingsAsync(Document document, bool mustCompile)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        if (mustCompile)
        {
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS5001"));
        }

        var (diagnostics, crashes) = await RunAsync(compilation, document.Project.AnalyzerOptions, concurrent: true);

        Assert.True(crashes.Count == 0, string.Join("\n\n", crashes));
        return [.. diagnostics.Where(d => d.Id.StartsWith("SAPI", StringComparison.Ordinal))];
    }
}
