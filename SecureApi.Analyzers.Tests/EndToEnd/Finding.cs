using System.Text.Json;

namespace SecureApi.Analyzers.Tests.EndToEnd;

/// <summary>A SAPI finding at a file (relative to the project folder, '/' separated) and line.</summary>
public sealed record Finding(string File, int Line, string RuleId)
{
    public override string ToString() => $"{File}:{Line} {RuleId}";

    /// <summary>"file SAPIxxxx: the line's code", which survives edits that move lines.</summary>
    public string Describe(string projectDirectory)
    {
        var lines = System.IO.File.ReadAllLines(Path.Combine(projectDirectory, File));
        var text = Line >= 1 && Line <= lines.Length ? lines[Line - 1].Trim() : "?";
        return $"{File} {RuleId}: {text}";
    }

    /// <summary>Reads a sample's expected-findings.txt: <c>file:line RULEID fix|fix-changes|nofix</c> per line.</summary>
    public static IReadOnlyList<(Finding Finding, ExpectedFix Fix)> ReadExpected(string path) =>
        System.IO.File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l =>
            {
                var parts = l.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var location = parts[0].Split(':');
                return (new Finding(location[0], int.Parse(location[1]), parts[1]), parts[2] switch
                {
                    "fix" => ExpectedFix.KeepsBehavior,
                    "fix-changes" => ExpectedFix.ChangesBehavior,
                    "nofix" => ExpectedFix.None,
                    _ => throw new FormatException($"'{l}': the last column is fix, fix-changes or nofix"),
                });
            })
            .ToList();

    /// <summary>The SAPI results (with their SARIF level) of a compiler error log in SARIF 2.1 format.</summary>
    public static IReadOnlyList<(Finding Finding, string Level)> ReadSarif(string path, string projectDirectory)
    {
        using var document = JsonDocument.Parse(System.IO.File.ReadAllText(path));
        var results = new List<(Finding, string)>();
        foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
        {
            if (!run.TryGetProperty("results", out var runResults))
            {
                continue;
            }

            foreach (var result in runResults.EnumerateArray())
            {
                var id = result.GetProperty("ruleId").GetString()!;
                if (!id.StartsWith("SAPI", StringComparison.Ordinal) && id is not ("AD0001" or "CS8032" or "CS8784"))
                {
                    continue;
                }

                var level = result.TryGetProperty("level", out var l) ? l.GetString()! : "warning";
                if (!result.TryGetProperty("locations", out var locations) || locations.GetArrayLength() == 0)
                {
                    // Analyzer crashes and load failures have no source location.
                    results.Add((new Finding(string.Empty, 0, id), level));
                    continue;
                }

                var physical = locations[0].GetProperty("physicalLocation");
                var uri = new Uri(physical.GetProperty("artifactLocation").GetProperty("uri").GetString()!);
                var file = Path.GetRelativePath(projectDirectory, uri.LocalPath).Replace('\\', '/');
                var line = physical.GetProperty("region").GetProperty("startLine").GetInt32();
                results.Add((new Finding(file, line, id), level));
            }
        }

        return results;
    }
}

/// <summary>The fix an expected finding has: none, one that keeps behaviour (applied in bulk), one that changes it.</summary>
public enum ExpectedFix
{
    None,
    KeepsBehavior,
    ChangesBehavior,
}
