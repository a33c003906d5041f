using System.Globalization;
using System.Text;

namespace SecureApi.Bench;

/// <summary>
/// The report: the comparison table, SecureApi's most expensive analyzers, the scaling table, the editor-latency
/// figure and the targets. "% of compiler time" is always relative to the compiler time of the build with no extra
/// analyzers (the compiler's own time, framework analyzers and generators included).
/// </summary>
internal static class MarkdownReport
{
    private const double MaxShare = 5.0;
    private const double MaxRuleShare = 1.0;

    public static string Write(BenchResults results, IReadOnlyList<string> machine)
    {
        var text = new StringBuilder();
        var baseline = results.Baseline.CompilerSeconds;
        var secureApi = results.Main.FirstOrDefault(r => r.Set == AnalyzerSet.SecureApi);
        var options = results.Options;

        text.AppendLine("# Benchmark results").AppendLine();
        text.AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd} with:").AppendLine();
        text.AppendLine("```").AppendLine(results.CommandLine).AppendLine("```").AppendLine();
        text.AppendLine("Machine:").AppendLine();
        foreach (var line in machine)
        {
            text.AppendLine("- " + line);
        }

        text.AppendLine();
        var solution = results.Solution;
        text.AppendLine($"Solution: {solution.Lines:N0} lines of C# in {solution.Files:N0} files, {solution.Projects} projects, " +
            $"{solution.Features} features, {solution.FlaggedSites} deliberately insecure sites (seed {options.Seed}).");
        text.AppendLine();

        text.AppendLine($"## Build cost ({solution.Lines:N0} lines; median of {options.Runs} runs after {options.Warmups} warm-up build(s))").AppendLine();
        text.AppendLine("| analyzer set | compiler time (s) | analyzer time (s) | % of compiler time | ratio to SecureApi | findings | peak compiler server memory (MiB) | build wall time (s) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var runs in results.Main)
        {
            var analyzer = runs.AnalyzerSeconds;
            var ratio = secureApi is null || runs.Set == AnalyzerSet.None ? "" : Ratio(analyzer, secureApi.AnalyzerSeconds);
            text.AppendLine($"| {runs.Set.Title} | {runs.CompilerSeconds:F1} | {(runs.Set == AnalyzerSet.None ? "" : analyzer.ToString("F2", CultureInfo.InvariantCulture))} | " +
                $"{(runs.Set == AnalyzerSet.None ? "" : Percent(analyzer, baseline))} | {ratio} | {(runs.Set == AnalyzerSet.None ? "" : runs.Findings.ToString(CultureInfo.InvariantCulture))} | " +
                $"{(runs.PeakServerBytes is { } bytes ? (bytes / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture) : "n/a")} | {runs.WallSeconds:F1} |");
        }

        text.AppendLine();
        if (results.SonarRules.Count > 0)
        {
            text.AppendLine($"SonarAnalyzer ran with its {results.SonarRules.Count} rules of type vulnerability or security hotspot on " +
                "(from the package's own rule catalog) and every other rule off.").AppendLine();
        }

        if (secureApi is not null)
        {
            WriteTopAnalyzers(text, secureApi, baseline);
        }

        WriteScaling(text, results);
        WriteLatency(text, results.Latency);
        WriteTargets(text, results, secureApi, baseline);

        text.AppendLine("## How to read this").AppendLine();
        text.AppendLine("- Compiler time: the sum of the Csc task durations of all projects (from the binary log), so it includes the");
        text.AppendLine("  analyzers and generators that ran. Analyzer time: what the compiler reports with `-p:ReportAnalyzer=true` for the");
        text.AppendLine("  set's analyzer assemblies, summed over projects; analyzers run concurrently, so it is CPU time rather than wall time.");
        text.AppendLine("- % of compiler time: analyzer time divided by the compiler time of the build with no extra analyzers.");
        text.AppendLine("- Findings: warnings the set reported (a sanity check that its rules ran; the generated code plants SecureApi's patterns).");
        text.AppendLine("- Peak compiler server memory: the high-water mark of the VBCSCompiler process over the set's builds; the server is");
        text.AppendLine("  stopped before each set.");
        return text.ToString();
    }

    private static void WriteTopAnalyzers(StringBuilder text, SetRuns secureApi, double baseline)
    {
        text.AppendLine("## SecureApi: the ten most expensive analyzers").AppendLine();
        text.AppendLine("| analyzer (rules) | time (s) | % of compiler time |");
        text.AppendLine("|---|---:|---:|");
        foreach (var (analyzer, seconds) in secureApi.AnalyzerTypes().Take(10))
        {
            text.AppendLine($"| `{analyzer.Replace("SecureApi.Analyzers.Rules.", "", StringComparison.Ordinal)}` | {seconds:F3} | {Percent(seconds, baseline)} |");
        }

        text.AppendLine();
    }

    private static void WriteScaling(StringBuilder text, BenchResults results)
    {
        var none = results.Scaling.Where(r => r.Set == AnalyzerSet.None).Append(results.Baseline).ToList();
        var secure = results.Scaling.Where(r => r.Set == AnalyzerSet.SecureApi).Concat(results.Main.Where(r => r.Set == AnalyzerSet.SecureApi)).ToList();
        if (secure.Count < 2)
        {
            return;
        }

        text.AppendLine("## Scaling").AppendLine();
        text.AppendLine($"Other sizes: median of {results.Options.ScalingRuns} run(s), built right after the same set's runs above.").AppendLine();
        text.AppendLine("| lines | compiler time, no extra analyzers (s) | SecureApi analyzer time (s) | % of compiler time | SecureApi ms per 1,000 lines |");
        text.AppendLine("|---:|---:|---:|---:|---:|");
        foreach (var runs in secure.OrderBy(r => r.Lines))
        {
            var compiler = none.FirstOrDefault(n => n.Lines == runs.Lines)?.CompilerSeconds;
            text.AppendLine($"| {runs.Lines:N0} | {(compiler is { } c ? c.ToString("F1", CultureInfo.InvariantCulture) : "n/a")} | {runs.AnalyzerSeconds:F2} | " +
                $"{(compiler is { } b ? Percent(runs.AnalyzerSeconds, b) : "n/a")} | {runs.AnalyzerSeconds * 1000 / (runs.Lines / 1000.0):F1} |");
        }

        text.AppendLine();
    }

    private static void WriteLatency(StringBuilder text, LatencyResult? latency)
    {
        if (latency is null)
        {
            return;
        }

        text.AppendLine("## Editor latency").AppendLine();
        text.AppendLine($"`CompilationWithAnalyzers.GetAnalyzerSemanticDiagnosticsAsync` for one document after a one-character edit (a new");
        text.AppendLine($"compilation each time, so per-compilation caches start empty), median of {latency.Runs} runs after 5 warm-up runs.").AppendLine();
        text.AppendLine("| document | lines | SecureApi diagnostics call (median / p90 ms) | SecureApi analyzer execution time (median ms) | compiler's semantic diagnostics for the document (median ms, for scale) | findings |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        text.AppendLine($"| `{latency.Document}` | {latency.Lines:N0} | {latency.AnalyzerCallMs:F0} / {latency.AnalyzerCallP90Ms:F0} | {latency.AnalyzerExecutionMs:F1} | {latency.CompilerDiagnosticsMs:F0} | {latency.Findings} |");
        text.AppendLine();
    }

    private static void WriteTargets(StringBuilder text, BenchResults results, SetRuns? secureApi, double baseline)
    {
        if (secureApi is null)
        {
            return;
        }

        text.AppendLine("## Targets").AppendLine();
        var share = secureApi.AnalyzerSeconds / baseline * 100;
        text.AppendLine($"- SecureApi's analyzer time at most {MaxShare:F0}% of the compiler's own time: {Verdict(share <= MaxShare)} ({share:F2}%).");
        foreach (var peer in results.Main.Where(r => r.Set != AnalyzerSet.None && r.Set != AnalyzerSet.SecureApi))
        {
            text.AppendLine($"- Below {peer.Set.Title}: {Verdict(secureApi.AnalyzerSeconds < peer.AnalyzerSeconds)} (SecureApi {secureApi.AnalyzerSeconds:F2} s, peer {peer.AnalyzerSeconds:F2} s, ratio {Ratio(peer.AnalyzerSeconds, secureApi.AnalyzerSeconds)}).");
        }

        var top = secureApi.AnalyzerTypes().FirstOrDefault();
        if (top.Analyzer is not null)
        {
            var topShare = top.Seconds / baseline * 100;
            text.AppendLine($"- No single analyzer above {MaxRuleShare:F0}%: {Verdict(topShare <= MaxRuleShare)} (most expensive: `{top.Analyzer.Replace("SecureApi.Analyzers.Rules.", "", StringComparison.Ordinal)}`, {topShare:F2}%).");
        }

        var scaling = results.Scaling.Where(r => r.Set == AnalyzerSet.SecureApi).Append(secureApi).OrderBy(r => r.Lines).ToList();
        if (scaling.Count >= 2)
        {
            var perLine = scaling.Select(r => r.AnalyzerSeconds / r.Lines).ToList();
            // Linear: the cost per line at the largest size is not more than 1.5 times the cost per line at the smallest.
            var growth = perLine[^1] / perLine[0];
            text.AppendLine($"- Cost linear in solution size: {Verdict(growth <= 1.5)} (cost per line at {scaling[^1].Lines:N0} lines is {growth:F2}x the cost per line at {scaling[0].Lines:N0}).");
        }

        text.AppendLine();
    }

    private static string Verdict(bool met) => met ? "**met**" : "**not met**";

    private static string Percent(double part, double whole) =>
        whole <= 0 ? "n/a" : (part / whole * 100).ToString("F2", CultureInfo.InvariantCulture) + "%";

    private static string Ratio(double value, double reference) =>
        reference <= 0 ? "n/a" : (value / reference).ToString("F1", CultureInfo.InvariantCulture) + "x";
}
