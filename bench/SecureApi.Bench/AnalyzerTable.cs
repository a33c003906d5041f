using System.Globalization;
using System.Text.RegularExpressions;

namespace SecureApi.Bench;

/// <summary>
/// The table the compiler prints with <c>/reportanalyzer</c>: "Time (s)  %  Analyzer", one line per analyzer assembly
/// (it carries ", Version=") followed by its analyzer types; the generator table that follows is skipped.
/// </summary>
internal static partial class AnalyzerTable
{
    /// <summary>Adds the times of one compiler invocation's analyzer table (the lines of its messages).</summary>
    public static void Add(IEnumerable<string> lines, BuildMeasurement measurement)
    {
        var inAnalyzers = false;
        string? assembly = null;
        foreach (var line in lines)
        {
            if (line.Contains("Total analyzer execution time", StringComparison.Ordinal))
            {
                inAnalyzers = true;
                continue;
            }

            if (line.Contains("Total generator execution time", StringComparison.Ordinal))
            {
                inAnalyzers = false;
                continue;
            }

            var row = inAnalyzers ? TableRow().Match(line) : Match.Empty;
            if (!row.Success)
            {
                continue;
            }

            var seconds = row.Groups["time"].Value.StartsWith('<')
                ? 0
                : double.Parse(row.Groups["time"].Value, CultureInfo.InvariantCulture);
            var name = row.Groups["name"].Value.Trim();
            if (name.Contains(", Version=", StringComparison.Ordinal))
            {
                assembly = name[..name.IndexOf(',', StringComparison.Ordinal)];
                measurement.SecondsByAssembly[assembly] = measurement.SecondsByAssembly.GetValueOrDefault(assembly) + seconds;
            }
            else if (assembly is not null)
            {
                var key = assembly + "|" + name;
                measurement.SecondsByAnalyzer[key] = measurement.SecondsByAnalyzer.GetValueOrDefault(key) + seconds;
            }
        }
    }

    [GeneratedRegex(@"^\s*(?<time><?\d+(\.\d+)?)\s+<?\d+\s+(?<name>\S.*)$")]
    private static partial Regex TableRow();
}
