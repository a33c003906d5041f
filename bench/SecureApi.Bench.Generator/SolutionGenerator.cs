namespace SecureApi.Bench.Generator;

/// <summary>What <see cref="SolutionGenerator.Generate"/> wrote.</summary>
public sealed record GenerationResult(string SolutionPath, int Projects, int Files, int Lines, int Features, int FlaggedSites);

/// <summary>
/// Writes a synthetic ASP.NET Core solution of about <c>size</c> lines of C#: a web host (Bench.Api), Domain and
/// Infrastructure libraries, and one more feature library per ~50k lines above 150k. The content is built from
/// feature slices (entity, Dapper and EF Core repositories, service, controller, minimal-API module) plus fixed
/// setup files and files shaped to stress analyzers; a filler settings class tops the count up to the target.
/// Everything is deterministic for a given size and seed.
/// </summary>
public static class SolutionGenerator
{
    public const int DefaultSize = 150_000;
    public const int MinSize = 1_000;
    public const int MaxSize = 1_000_000;
    public const int DefaultSeed = 42;
    public const string SolutionName = "BenchApp";

    private const int LinesPerProject = 50_000;

    public static GenerationResult Generate(string outDir, int size, int seed)
    {
        if (size < MinSize || size > MaxSize)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"between {MinSize} and {MaxSize}");
        }

        var output = new OutputFiles();
        var sites = new InsecureSites(seed);
        var projectCount = Math.Max(3, (int)Math.Round(size / (double)LinesPerProject));
        var hosts = new List<string> { Names.ApiProject };
        for (var i = 1; i <= projectCount - 3; i++)
        {
            hosts.Add($"Bench.Features{i}");
        }

        FixedFiles.Write(output, sites, size, hosts);
        StressFiles.Write(output, sites, size);

        // Feature slices until the next one would overshoot; registrations cost a few lines per feature.
        var features = new List<Feature>();
        const int registrationLinesPerFeature = 6;
        while (true)
        {
            var feature = new Feature(features.Count, seed, hosts[features.Count % hosts.Count]);
            var featureSites = sites.For(feature);
            var slice = new OutputFiles();
            FeatureFiles.Write(slice, featureSites, feature);
            var projected = output.Lines + slice.Lines + (features.Count + 1) * registrationLinesPerFeature
                + RegistrationFiles.FixedLines(hosts.Count) + TypicalDocument.ReservedLines(size);
            if (features.Count > 0 && projected > size)
            {
                break;
            }

            output.AddAll(slice);
            sites.Commit(featureSites);
            features.Add(feature);
        }

        RegistrationFiles.Write(output, features, hosts);
        TypicalDocument.Write(output, features, TypicalDocument.ReservedLines(size));
        FillerFiles.Write(output, size - output.Lines);

        var root = Path.GetFullPath(outDir);
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        Directory.CreateDirectory(root);
        ProjectFiles.Write(root, hosts);
        output.WriteTo(root);
        var solutionPath = ProjectFiles.WriteSolution(root, hosts);
        return new GenerationResult(solutionPath, hosts.Count + 2, output.Count, output.Lines, features.Count, sites.Count);
    }
}

/// <summary>Generated files kept in memory (so the line count is known before writing), with "\n" line ends.</summary>
internal sealed class OutputFiles
{
    private readonly List<(string Path, string Text)> _files = [];

    public int Lines { get; private set; }

    public int Count => _files.Count;

    public void Add(string path, string text)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (!normalized.EndsWith('\n'))
        {
            normalized += "\n";
        }

        _files.Add((path, normalized));
        Lines += normalized.Count(c => c == '\n');
    }

    public void AddAll(OutputFiles other)
    {
        foreach (var (path, text) in other._files)
        {
            Add(path, text);
        }
    }

    public void WriteTo(string root)
    {
        foreach (var (path, text) in _files)
        {
            var full = Path.Combine(root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
    }
}

internal static class Names
{
    public const string ApiProject = "Bench.Api";
    public const string DomainProject = "Bench.Domain";
    public const string InfrastructureProject = "Bench.Infrastructure";

    public static string Src(string project, string file) => Path.Combine("src", project, file);
}
