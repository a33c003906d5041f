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

    /// <summary>
    /// The plain reasons for one project, without repeats (restore and load often report the same thing); missing
    /// packages are named in one clause.
    /// </summary>
    public IReadOnlyList<string> Reasons(string project)
    {
        if (!_messages.TryGetValue(project, out var messages))
        {
            return [];
        }

        var missing = new List<string>();
        var reasons = new List<string>();
        foreach (var message in messages)
        {
            if (MissingPackageOf(message) is { } package)
            {
                missing.Add(package);
            }
            else if (Explain(message) is { } reason)
            {
                reasons.Add(reason);
            }
        }

        missing = missing.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        if (missing.Count > 0)
        {
            const int Shown = 4;
            var names = string.Join(", ", missing.Take(Shown)) + (missing.Count > Shown ? $" and {missing.Count - Shown} more" : string.Empty);
            reasons.Insert(0, (missing.Count == 1 ? "package " : "packages ") + names + " not found on the package sources");
        }

        return reasons.Distinct(StringComparer.Ordinal).ToList();
    }

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
    /// version match, a downgrade, an audit note; also when the project makes warnings errors, since the packages were
    /// resolved all the same), a continuation line of another message, or an unrecognized message about a project that
    /// loaded anyway (the workspace passes NuGet's warnings on without their code; the compiler error count says whether
    /// anything is missing).
    /// </summary>
    public static string? Explain(string message, bool projectLoaded = true)
    {
        var text = WithoutProjectSuffix(ProjectLoader.OneLine(message));
        if (MissingPackageOf(text) is { } package)
        {
            return $"package {package} not found on the package sources";
        }

        if (MissingVersion().Match(text) is { Success: true } version
            && version.Groups["id"].Value.EndsWith(".App.Ref", StringComparison.OrdinalIgnoreCase)
            && FrameworkVersion().Match(version.Groups["range"].Value) is { Success: true } framework)
        {
            return $"no reference pack for target framework net{framework.Value} ({version.Groups["id"].Value} {version.Groups["range"].Value.Trim('=', ' ')} is not on the package sources; -p:TargetFramework=... analyzes it for another one)";
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
            var detail = coded.Groups["text"].Value.Trim();
            var benign = coded.Groups["level"].Value.Equals("warning", StringComparison.OrdinalIgnoreCase)
                         || detail.StartsWith("Warning As Error", StringComparison.OrdinalIgnoreCase)
                         || detail.StartsWith("-", StringComparison.Ordinal)
                         || WarningCodes.Contains(coded.Groups["code"].Value);
            return benign ? null : $"{coded.Groups["code"].Value}: {Shorten(detail)}";
        }

        if (projectLoaded)
        {
            return null;
        }

        var withMessage = text.IndexOf("with message: ", StringComparison.Ordinal);
        return Shorten(withMessage >= 0 ? text[(withMessage + "with message: ".Length)..] : text);
    }

    /// <summary>NuGet's codes that are warnings by nature: resolution went on (NU1603 approximate match, NU1605 downgrade...).</summary>
    private static readonly HashSet<string> WarningCodes = new(StringComparer.Ordinal)
    {
        "NU1603", "NU1605", "NU1608", "NU1701", "NU1900", "NU1901", "NU1902", "NU1903", "NU1904", "NU1905",
    };

    /// <summary>"Contoso.Billing" or "Serilog >= 9.9.0" for a package restore did not find (not a reference pack).</summary>
    private static string? MissingPackageOf(string message)
    {
        var text = WithoutProjectSuffix(ProjectLoader.OneLine(message));
        if (MissingVersion().Match(text) is { Success: true } version)
        {
            return version.Groups["id"].Value.EndsWith(".App.Ref", StringComparison.OrdinalIgnoreCase)
                ? null
                : $"{version.Groups["id"].Value} {version.Groups["range"].Value}";
        }

        return MissingPackage().Match(text) is { Success: true } missing ? missing.Groups["id"].Value : null;
    }

    /// <summary>NuGet appends " [/path/App.sln]" to the messages of a solution restore.</summary>
    private static string WithoutProjectSuffix(string text) =>
        text.EndsWith(']') && text.LastIndexOf(" [", StringComparison.Ordinal) is > 0 and var start ? text[..start] : text;

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
