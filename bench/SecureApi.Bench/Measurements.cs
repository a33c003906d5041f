namespace SecureApi.Bench;

/// <summary>The measured builds of one analyzer set on one solution size.</summary>
internal sealed class SetRuns(AnalyzerSet set, int lines)
{
    public AnalyzerSet Set { get; } = set;

    public int Lines { get; } = lines;

    public List<BuildMeasurement> Builds { get; } = [];

    public long? PeakServerBytes { get; set; }

    public double CompilerSeconds => Statistics.Median(Builds.Select(b => b.CompilerTime.TotalSeconds));

    public double WallSeconds => Statistics.Median(Builds.Select(b => b.WallTime.TotalSeconds));

    public double AnalyzerSeconds => Statistics.Median(Builds.Select(b => b.AnalyzerSeconds(Set)));

    public int Findings => Builds.Count == 0 ? 0 : Builds[^1].WarningsById.Where(w => Set.OwnsDiagnostic(w.Key)).Sum(w => w.Value);

    /// <summary>Median time of each of the set's analyzer types, most expensive first.</summary>
    public IEnumerable<(string Analyzer, double Seconds)> AnalyzerTypes() =>
        Builds.SelectMany(b => b.SecondsByAnalyzer.Keys)
            .Distinct()
            .Where(key => Set.Owns(key[..key.IndexOf('|', StringComparison.Ordinal)]))
            .Select(key => (key[(key.IndexOf('|', StringComparison.Ordinal) + 1)..], Statistics.Median(Builds.Select(b => b.SecondsByAnalyzer.GetValueOrDefault(key)))))
            .OrderByDescending(a => a.Item2)
            .ThenBy(a => a.Item1, StringComparer.Ordinal);
}

/// <summary>Everything one benchmark command measured.</summary>
internal sealed class BenchResults
{
    public required BenchOptions Options { get; init; }

    public required string CommandLine { get; init; }

    public required SecureApi.Bench.Generator.GenerationResult Solution { get; init; }

    public List<SetRuns> Main { get; } = [];

    /// <summary>Builds at other sizes (no analyzers and SecureApi only), keyed by generated line count.</summary>
    public List<SetRuns> Scaling { get; } = [];

    public LatencyResult? Latency { get; set; }

    public IReadOnlyList<string> SonarRules { get; set; } = [];

    public SetRuns Baseline => Main.Single(r => r.Set == AnalyzerSet.None);
}
