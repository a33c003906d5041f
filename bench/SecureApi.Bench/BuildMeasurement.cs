namespace SecureApi.Bench;

/// <summary>What one build of the generated solution cost, read from its binary log.</summary>
internal sealed class BuildMeasurement
{
    /// <summary>Sum of the Csc task durations over all projects (analyzers and generators included).</summary>
    public TimeSpan CompilerTime { get; set; }

    public TimeSpan WallTime { get; set; }

    /// <summary>Analyzer execution time per analyzer assembly (simple name), summed over projects.</summary>
    public Dictionary<string, double> SecondsByAssembly { get; } = new(StringComparer.Ordinal);

    /// <summary>Analyzer execution time per analyzer type ("Namespace.Type (IDs)"), summed over projects.</summary>
    public Dictionary<string, double> SecondsByAnalyzer { get; } = new(StringComparer.Ordinal);

    /// <summary>Number of warnings per diagnostic id.</summary>
    public Dictionary<string, int> WarningsById { get; } = new(StringComparer.Ordinal);

    public double AnalyzerSeconds(AnalyzerSet set) =>
        SecondsByAssembly.Where(a => set.Owns(a.Key)).Sum(a => a.Value);
}
