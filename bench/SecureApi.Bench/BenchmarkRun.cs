using SecureApi.Bench.Generator;

namespace SecureApi.Bench;

/// <summary>
/// The whole benchmark: build SecureApi, generate the solutions, then per analyzer set stop the build servers,
/// restore, build <c>--warmups</c> times to warm up and <c>--runs</c> times with <c>ReportAnalyzer</c> and a binary log. The
/// scaling sizes are built right after the same set's main runs (its compiler server is warm by then).
/// </summary>
internal sealed class BenchmarkRun(BenchOptions options, Action<string> progress)
{
    private string Work => options.WorkDirectory;

    private string AnalyzerDirectory => Path.Combine(Work, "analyzers");

    private string Logs => Path.Combine(Work, "logs");

    public async Task<BenchResults> RunAsync(string commandLine)
    {
        Directory.CreateDirectory(Work);
        progress($"Building SecureApi.Analyzers (Release) into {AnalyzerDirectory}");
        Dotnet.Run(Path.Combine(Logs, "analyzers.log"), "build",
            Path.Combine(options.RepositoryRoot, "SecureApi.CodeFixes", "SecureApi.CodeFixes.csproj"), "-c", "Release", "-o", AnalyzerDirectory);

        var main = Generate(options.Size);
        var results = new BenchResults { Options = options, CommandLine = commandLine, Solution = main };
        var scaling = options.ScalingSizes.Select(Generate).ToList();

        foreach (var set in options.Sets.Select(n => AnalyzerSet.Find(n)!))
        {
            var context = new SetContext(Path.Combine(Work, "sets"), AnalyzerDirectory, options.RepositoryRoot);
            var importFile = set.WriteImportFile(context);
            Dotnet.ShutdownBuildServers(Path.Combine(Logs, "shutdown.log"));

            var runs = new SetRuns(set, main.Lines);
            using (var memory = new CompilerServerMemory())
            {
                Restore(main, set, importFile);
                if (set == AnalyzerSet.Sonar)
                {
                    results.SonarRules = SonarSecurityRules.WriteGlobalConfig(
                        Path.Combine(Path.GetDirectoryName(main.SolutionPath)!, "src", "Bench.Api"),
                        Path.Combine(context.SetDirectory, "sonar-security.globalconfig"));
                }

                for (var warmup = 1; warmup <= options.Warmups; warmup++)
                {
                    progress($"[{set.Name}] warm-up build {warmup}/{options.Warmups} of {main.Lines:N0} lines");
                    Build(main, set, importFile, $"warmup{warmup}");
                }
                for (var run = 1; run <= options.Runs; run++)
                {
                    var measurement = Build(main, set, importFile, $"run{run}");
                    runs.Builds.Add(measurement);
                    progress($"[{set.Name}] run {run}/{options.Runs}: compiler {measurement.CompilerTime.TotalSeconds:F1} s, analyzers {measurement.AnalyzerSeconds(set):F2} s");
                }

                runs.PeakServerBytes = memory.PeakBytes;
            }

            results.Main.Add(runs);
            if (set == AnalyzerSet.SecureApi)
            {
                progress($"[{set.Name}] editor latency: {options.LatencyRuns} runs on {TypicalDocument.RelativePath}");
                results.Latency = await EditorLatency.MeasureAsync(
                    BinlogPath(main, set, $"run{options.Runs}"), "Bench.Api",
                    Path.Combine(Path.GetDirectoryName(main.SolutionPath)!, TypicalDocument.RelativePath),
                    AnalyzerDirectory, options.LatencyRuns);
            }

            if (set != AnalyzerSet.None && set != AnalyzerSet.SecureApi)
            {
                continue;
            }

            foreach (var solution in scaling)
            {
                var scaled = new SetRuns(set, solution.Lines);
                Restore(solution, set, importFile);
                for (var run = 1; run <= options.ScalingRuns; run++)
                {
                    var measurement = Build(solution, set, importFile, $"run{run}");
                    scaled.Builds.Add(measurement);
                    progress($"[{set.Name}] {solution.Lines:N0} lines, run {run}/{options.ScalingRuns}: compiler {measurement.CompilerTime.TotalSeconds:F1} s, analyzers {measurement.AnalyzerSeconds(set):F2} s");
                }

                results.Scaling.Add(scaled);
            }
        }

        Dotnet.ShutdownBuildServers(Path.Combine(Logs, "shutdown.log"));
        return results;
    }

    private GenerationResult Generate(int size)
    {
        var directory = Path.Combine(Work, "solutions", size.ToString(System.Globalization.CultureInfo.InvariantCulture));
        progress($"Generating {size:N0} lines into {directory}");
        return SolutionGenerator.Generate(directory, size, options.Seed);
    }

    private void Restore(GenerationResult solution, AnalyzerSet set, string importFile) =>
        Dotnet.Run(Path.Combine(Logs, $"{set.Name}-{solution.Lines}-restore.log"),
            ["restore", solution.SolutionPath, .. Properties(set, importFile)]);

    private BuildMeasurement Build(GenerationResult solution, AnalyzerSet set, string importFile, string label)
    {
        var binlog = BinlogPath(solution, set, label);
        var wall = Dotnet.Run(Path.Combine(Logs, $"{set.Name}-{solution.Lines}-{label}.log"),
            ["build", solution.SolutionPath, "--no-restore", "--no-incremental", "-p:ReportAnalyzer=true", "-p:UseSharedCompilation=true", "-bl:" + binlog, .. Properties(set, importFile)]);
        return BinlogReader.Read(binlog, wall);
    }

    private string BinlogPath(GenerationResult solution, AnalyzerSet set, string label) =>
        Path.Combine(Work, "binlogs", $"{set.Name}-{solution.Lines}-{label}.binlog");

    private static IEnumerable<string> Properties(AnalyzerSet set, string importFile) =>
        set.Properties.Select(p => $"-p:{p.Key}={p.Value}").Append("-p:CustomAfterMicrosoftCommonTargets=" + importFile);
}
