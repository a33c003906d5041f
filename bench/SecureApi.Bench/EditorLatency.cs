using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SecureApi.Bench;

/// <summary>The editor-latency figure's numbers (milliseconds are medians over the runs).</summary>
internal sealed record LatencyResult(
    string Document, int Lines, int Runs, int Findings,
    double AnalyzerCallMs, double AnalyzerCallP90Ms, double AnalyzerExecutionMs, double CompilerDiagnosticsMs);

/// <summary>
/// What a keystroke costs in the IDE: the project is rebuilt as the compiler saw it (the Csc command line from the
/// build's binary log), then for each run one character is typed into the document, which gives a new compilation
/// (so every per-compilation cache starts empty, as it does in the IDE), and <see cref="CompilationWithAnalyzers"/>
/// computes SecureApi's semantic diagnostics for that document only.
/// </summary>
internal static class EditorLatency
{
    private const int WarmupRuns = 5;

    public static async Task<LatencyResult> MeasureAsync(string binlogPath, string projectName, string documentPath, string analyzerDirectory, int runs)
    {
        var invocation = CompilerInvocation.Load(binlogPath, projectName);
        var projectDirectory = invocation.ProjectDirectory;
        var compilation = invocation.Compilation;
        var tree = compilation.SyntaxTrees.Single(t => Path.GetFullPath(t.FilePath) == Path.GetFullPath(documentPath));
        var analyzers = CompilerInvocation.Analyzers(analyzerDirectory);
        var options = invocation.Options;

        var calls = new List<double>();
        var executions = new List<double>();
        var compilerDiagnostics = new List<double>();
        var findings = 0;
        for (var run = 0; run < WarmupRuns + runs; run++)
        {
            var text = tree.GetText();
            var edited = tree.WithChangedText(text.WithChanges(new TextChange(new TextSpan(text.Length, 0), run % 2 == 0 ? " " : "\n")));
            var current = compilation.ReplaceSyntaxTree(tree, edited);

            var clock = Stopwatch.StartNew();
            _ = current.GetSemanticModel(edited).GetDiagnostics();
            var compilerMs = clock.Elapsed.TotalMilliseconds;

            var withAnalyzers = current.WithAnalyzers(
                analyzers,
                new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
            clock.Restart();
            var diagnostics = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(
                withAnalyzers.Compilation.GetSemanticModel(edited), filterSpan: null, CancellationToken.None);
            var callMs = clock.Elapsed.TotalMilliseconds;
            var executionMs = 0.0;
            foreach (var analyzer in analyzers)
            {
                executionMs += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).ExecutionTime.TotalMilliseconds;
            }

            if (run >= WarmupRuns)
            {
                calls.Add(callMs);
                executions.Add(executionMs);
                compilerDiagnostics.Add(compilerMs);
                findings = diagnostics.Length;
            }
        }

        return new LatencyResult(
            Path.GetRelativePath(Path.GetDirectoryName(Path.GetDirectoryName(projectDirectory))!, documentPath).Replace('\\', '/'),
            tree.GetText().Lines.Count, runs, findings,
            Statistics.Median(calls), Statistics.Percentile(calls, 0.9), Statistics.Median(executions), Statistics.Median(compilerDiagnostics));
    }
}
