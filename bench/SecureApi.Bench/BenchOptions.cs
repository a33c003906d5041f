using System.Globalization;
using SecureApi.Bench.Generator;

namespace SecureApi.Bench;

/// <summary>Command-line options of the benchmark command.</summary>
internal sealed class BenchOptions
{
    public int Size { get; private set; } = SolutionGenerator.DefaultSize;

    /// <summary>Extra sizes built with no analyzers and with SecureApi only, for the scaling table.</summary>
    public List<int> ScalingSizes { get; } = [15_000, 600_000];

    public int Runs { get; private set; } = 3;

    public int ScalingRuns { get; private set; } = 1;

    /// <summary>Unmeasured builds per set before the measured ones (the first builds of a fresh server are slower).</summary>
    public int Warmups { get; private set; } = 5;

    public int LatencyRuns { get; private set; } = 30;

    public int Seed { get; private set; } = SolutionGenerator.DefaultSeed;

    public List<string> Sets { get; } = [.. AnalyzerSet.All.Select(s => s.Name)];

    public string WorkDirectory { get; private set; } = Path.Combine(Path.GetTempPath(), "secureapi-bench");

    public string? ReportPath { get; private set; }

    public string RepositoryRoot { get; private set; } = FindRepositoryRoot();

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            var value = i + 1 < args.Length ? args[++i] : throw new UsageException($"{name} needs a value");
            switch (name)
            {
                case "--size":
                    options.Size = ParseSize(value);
                    break;
                case "--scaling":
                    options.ScalingSizes.Clear();
                    if (value != "none")
                    {
                        options.ScalingSizes.AddRange(value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ParseSize));
                    }

                    break;
                case "--runs":
                    options.Runs = ParseCount(name, value);
                    break;
                case "--scaling-runs":
                    options.ScalingRuns = ParseCount(name, value);
                    break;
                case "--warmups":
                    options.Warmups = ParseCount(name, value);
                    break;
                case "--latency-runs":
                    options.LatencyRuns = ParseCount(name, value);
                    break;
                case "--seed":
                    options.Seed = ParseCount(name, value);
                    break;
                case "--sets":
                    options.Sets.Clear();
                    foreach (var set in value.Split(',', StringSplitOptions.RemoveEmptyEntries))
                    {
                        if (AnalyzerSet.Find(set) is null)
                        {
                            throw new UsageException($"unknown analyzer set '{set}' (known: {string.Join(", ", AnalyzerSet.All.Select(s => s.Name))})");
                        }

                        options.Sets.Add(set);
                    }

                    break;
                case "--work":
                    options.WorkDirectory = Path.GetFullPath(value);
                    break;
                case "--report":
                    options.ReportPath = Path.GetFullPath(value);
                    break;
                case "--repo":
                    options.RepositoryRoot = Path.GetFullPath(value);
                    break;
                default:
                    throw new UsageException($"unknown option '{name}'");
            }
        }

        // The baseline is what every percentage is relative to, so it always runs.
        if (!options.Sets.Contains(AnalyzerSet.None.Name))
        {
            options.Sets.Insert(0, AnalyzerSet.None.Name);
        }

        options.ScalingSizes.RemoveAll(s => s == options.Size);
        return options;
    }

    private static int ParseSize(string value) =>
        SizeArgument.TryParse(value, out var size) && size >= SolutionGenerator.MinSize && size <= SolutionGenerator.MaxSize
            ? size
            : throw new UsageException($"invalid size '{value}' ({SolutionGenerator.MinSize} to {SolutionGenerator.MaxSize} lines, e.g. 150k)");

    private static int ParseCount(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : throw new UsageException($"{name} must be a positive integer");

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SecureApi.Analyzers.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}

internal sealed class UsageException(string message) : Exception(message);
