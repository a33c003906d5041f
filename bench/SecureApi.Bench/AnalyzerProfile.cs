using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SecureApi.Bench;

/// <summary>
/// <c>profile</c>: each SecureApi analyzer's own execution time on one project of a bench build, in process, without
/// concurrency (the times do not include waiting), median of the runs; each analyzer alone, or all together
/// (<c>--together</c>, as in a build). Quicker than a
/// bench run for finding which analyzer to look at, and a process to attach <c>dotnet-trace</c> to.
/// </summary>
internal static class AnalyzerProfile
{
    public static async Task<int> RunAsync(string[] args)
    {
        string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var binlog = Option("--binlog") ?? throw new UsageException("profile needs --binlog FILE (a bench build's binary log)");
        var project = Option("--project") ?? "Bench.Api";
        var analyzerDirectory = Option("--analyzers") ?? throw new UsageException("profile needs --analyzers DIR (SecureApi.Analyzers.dll's folder)");
        var runs = int.TryParse(Option("--runs"), out var n) && n > 0 ? n : 3;
        var only = Option("--only")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        var invocation = CompilerInvocation.Load(binlog, project);
        var analyzers = CompilerInvocation.Analyzers(analyzerDirectory)
            .Where(a => only is null || only.Any(o => a.GetType().FullName!.Contains(o, StringComparison.Ordinal)))
            .ToList();
        var times = analyzers.ToDictionary(a => a, _ => new List<double>());
        var findings = new Dictionary<DiagnosticAnalyzer, int>();
        var together = args.Contains("--together");
        var clock = Stopwatch.StartNew();
        for (var run = 0; run < runs; run++)
        {
            // A fresh compilation per run (and per analyzer, alone): per-compilation caches start empty, as in a build.
            // Alone, an analyzer pays for everything it touches first (type lookups, text scans shared through
            // caches); together, as in a build, whichever analyzer gets there first does.
            foreach (var group in together ? [analyzers] : analyzers.Select(a => new List<DiagnosticAnalyzer> { a }))
            {
                // The compiler's own first work on a compilation (binding the references, reading their type names)
                // is paid by whichever analyzer asks first for a type: done here first, so that it is charged to none.
                var compilation = invocation.Compilation.Clone();
                _ = compilation.GetTypeByMetadataName("SecureApi.Bench.NoSuchType");
                var withAnalyzers = compilation.WithAnalyzers(
                    [.. group],
                    new CompilationWithAnalyzersOptions(invocation.Options, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
                var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(CancellationToken.None);
                foreach (var analyzer in group)
                {
                    var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
                    times[analyzer].Add(telemetry.ExecutionTime.TotalMilliseconds);
                    findings[analyzer] = diagnostics.Count(d => analyzer.SupportedDiagnostics.Any(s => s.Id == d.Id));
                }
            }
        }

        Console.WriteLine($"{project}: {invocation.Compilation.SyntaxTrees.Count()} files, {(together ? "analyzers together" : "each analyzer alone")}, median of {runs} run(s), {clock.Elapsed.TotalSeconds:0.0} s in all");
        Console.WriteLine("| analyzer | ms | findings |");
        Console.WriteLine("|---|---:|---:|");
        foreach (var (analyzer, list) in times.OrderByDescending(p => Statistics.Median(p.Value)))
        {
            Console.WriteLine($"| {analyzer.GetType().Name} | {Statistics.Median(list):0.0} | {findings[analyzer]} |");
        }

        return 0;
    }
}
