using System.Text.RegularExpressions;

namespace SecureApi.Cli;

/// <summary>
/// What went wrong while restoring and loading, gathered per project and told in plain words: one line per project
/// ("package X not found", "no reference pack for target framework net7.0"), the raw MSBuild and NuGet messages only
/// with --verbose. NuGet's warnings (an approximate version match, an audit note) do not make results partial, so they
/// are not reasons.
/// </summary>
public sealed partial class LoadProblems
{
    private readonly Dictionary<string, List<string>> _messages = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The output of a failed <c>dotnet restore</c> of <paramref name="target"/>.</summary>
    public void AddRestoreOutput(string target, string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var any = false;
        foreach (var line in lines)
        {
            // "/src/Api/Api.csproj : error NU1101: Unable to find package ..."
            var match = CodedMessage().Match(line);
            if (match.Success)
            {
                var project = line.IndexOf(" : ", StringComparison.Ordinal) is > 0 and var end ? line[..end].Trim() : target;
                Add(project, line);
                any = true;
            }
        }

        if (!any)
        {
            Add(target, $"error: 'dotnet restore {Path.GetFileName(target)}' failed" + (lines.Length > 0 ? ": " + lines[0] : string.Empty));
        }
    }

    /// <summary>A workspace failure ("Msbuild failed when processing the file '...' with message: ...").</summary>
    public void AddWorkspaceMessage(string fallbackProject, string message)
    {
        var named = ProcessedFile().Match(message);
        Add(named.Success ? named.Groups["path"].Value : fallbackProject, message);
    }

    /// <summary>The plain reasons for one project, without repeats (restore and load often report the same thing).</summary>
    public IReadOnlyList<string> Reasons(string project) =>
        _messages.TryGetValue(project, out var messages)
            ? messages.Select(m => Explain(m)).OfType<string>().Distinct(StringComparer.Ordinal).ToList()
            : [];

    public IEnumerable<string> Projects => _messages.Keys;

    /// <summary>
    /// One line per project that has a reason (all messages with <paramref name="verbose"/>), for projects that did load:
    /// the ones that did not are reported as load failures by the caller.
    /// </summary>
    public void Write(TextWriter error, bool verbose, string root, IEnumerable<string> notLoaded)
    {
        var skipped = new HashSet<string>(notLoaded, StringComparer.OrdinalIgnoreCase);
        foreach (var (project, messages) in _messages.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var reasons = Reasons(project);
            if (!skipped.Contains(project) && reasons.Count > 0)
            {
                error.WriteLine($"secureapi: warning: {PathDisplay.Relative(root, project)}: {string.Join("; ", reasons)}; the results may be partial"
                    + (verbose ? string.Empty : " (--verbose for details)"));
            }

            if (verbose)
            {
                foreach (var message in messages.Distinct(StringComparer.Ordinal))
                {
                    error.WriteLine($"  {PathDisplay.Relative(root, project)}: {ProjectLoader.OneLine(message)}");
                }
            }
        }
    }

    /// <summary>
    /// A message in plain words, or null when it is no reason for partial results: a warning (NuGet's approximate
    /// version match, an audit note), or an unrecognized message about a project that loaded anyway (the workspace
    /// passes NuGet's warnings on without their code; the compiler error count says whether anything is missing).
    /// </summary>
    public static string? Explain(string message, bool projectLoaded = true)
    {
        var text = ProjectLoader.OneLine(message);
        if (MissingVersion().Match(text) is { Success: true } version)
        {
            var id = version.Groups["id"].Value;
            var range = version.Groups["range"].Value;
            return id.EndsWith(".App.Ref", StringComparison.OrdinalIgnoreCase) && FrameworkVersion().Match(range) is { Success: true } framework
                ? $"no reference pack for target framework net{framework.Value} ({id} {range.Trim('=', ' ')} is not on the package sources; -p:TargetFramework=... analyzes it for another one)"
                : $"package {id} {range} not found on the package sources";
        }

        if (MissingPackage().Match(text) is { Success: true } missing)
        {
            return $"package {missing.Groups["id"].Value} not found on the package sources";
        }

        if (UnsupportedFramework().Match(text) is { Success: true } unsupported)
        {
            return $"this .NET SDK cannot build target framework {unsupported.Groups["framework"].Value} (-p:TargetFramework=... analyzes it for another one)";
        }

        if (text.Contains("NETSDK1004", StringComparison.Ordinal) || AssetsFileMissing().IsMatch(text))
        {
            return "packages were not restored";
        }

        var coded = CodedMessage().Match(text);
        if (coded.Success)
        {
            return coded.Groups["level"].Value.Equals("error", StringComparison.OrdinalIgnoreCase)
                ? $"{coded.Groups["code"].Value}: {Shorten(coded.Groups["text"].Value)}"
                : null;
        }

        if (projectLoaded)
        {
            return null;
        }

        var withMessage = text.IndexOf("with message: ", StringComparison.Ordinal);
        return Shorten(withMessage >= 0 ? text[(withMessage + "with message: ".Length)..] : text);
    }

    private void Add(string project, string message)
    {
        var key = Path.GetFullPath(project);
        if (!_messages.TryGetValue(key, out var list))
        {
            _messages[key] = list = [];
        }

        list.Add(message);
    }

    private static string Shorten(string text)
    {
        var trimmed = text.Trim();
        var end = trimmed.IndexOf(". ", StringComparison.Ordinal);
        trimmed = end > 0 ? trimmed[..(end + 1)] : trimmed;
        return trimmed.Length <= 160 ? trimmed : trimmed[..157] + "...";
    }

    [GeneratedRegex(@"\b(?<level>error|warning)\s+(?<code>[A-Z]+[0-9]{4}):\s*(?<text>.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex CodedMessage();

    [GeneratedRegex(@"processing the file '(?<path>[^']+)'")]
    private static partial Regex ProcessedFile();

    [GeneratedRegex(@"Unable to find package (?<id>[^\s]+?)\.?(\s|$)")]
    private static partial Regex MissingPackage();

    [GeneratedRegex(@"Unable to find package (?<id>[^\s]+) with version \((?<range>[^)]*)\)")]
    private static partial Regex MissingVersion();

    [GeneratedRegex(@"[0-9]+\.[0-9]+")]
    private static partial Regex FrameworkVersion();

    [GeneratedRegex(@"does not support targeting (?<framework>.+?)\.(\s|$)")]
    private static partial Regex UnsupportedFramework();

    [GeneratedRegex(@"Assets file '[^']*' (not found|doesn't have a target)")]
    private static partial Regex AssetsFileMissing();
}
