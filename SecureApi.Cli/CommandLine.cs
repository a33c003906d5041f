using Microsoft.CodeAnalysis;

namespace SecureApi.Cli;

public enum ReportFormat
{
    Text,
    Json,
    Sarif,
}

/// <summary>What to do, parsed from the command line (no third-party parser: the tool ships no extra dependency).</summary>
public sealed record CommandLine
{
    public const string Usage = """
        Usage:
          secureapi scan <path.sln|path.slnx|path.csproj|folder> [options]
          secureapi fix  <path.sln|path.slnx|path.csproj|folder> [--rule SAPInnnn ...] [--dry-run] [options]

        A project is scanned on its own (not the projects it references: add --include-references); a solution
        scans its projects; a folder scans every project under it.

        Options:
          --format text|json|sarif      Report format (scan; default text).
          --output FILE                 Write the report to FILE instead of the console.
          --fail-on none|note|warning|error
                                        Exit with code 1 when a finding has at least this severity (default none).
                                        --severity-threshold is the same option.
          --config FILE                 A global analyzer config (dotnet_diagnostic.SAPInnnn.severity = ...) added to
                                        every project, after the projects' own .editorconfig and global configs.
          --rule SAPInnnn               Only this rule (repeatable; scan and fix).
          --severity note|warning|error fix: fix findings of at least this severity (default warning, so Info
                                        findings such as a deliberately public CORS policy are left alone).
          --include-behaviour-changes   fix: also apply fixes that change behaviour (a digest, a cipher, who may
                                        call an endpoint, where a secret comes from); without it they are left for
                                        a person to choose one by one.
          --dry-run                     fix: print a unified diff instead of writing files.
          --include-references          Also scan (or fix) the projects that the given project references.
          -p:Name=Value                 An MSBuild property for restore and loading, as with dotnet build
                                        (repeatable), e.g. -p:TargetFramework=net10.0 when a project's target
                                        framework has no reference pack on this machine.
          --no-restore                  Do not run 'dotnet restore' before loading.
          --no-progress                 No progress display (it is off anyway when stderr is redirected).
          --verbose                     Print every restore and load message, not one line per project.
          -h, --help                    Show this help.
          --version                     Show the version.

        Exit codes: 0 success, 1 findings at --fail-on, 2 usage, 3 path not found, 4 project failed to load,
        5 config unreadable, 6 internal error.
        """;

    public required string Command { get; init; }

    public required string Path { get; init; }

    public ReportFormat Format { get; init; } = ReportFormat.Text;

    public string? Output { get; init; }

    public DiagnosticSeverity? FailOn { get; init; }

    public string? ConfigFile { get; init; }

    public IReadOnlyList<string> Rules { get; init; } = [];

    public bool DryRun { get; init; }

    public bool Restore { get; init; } = true;

    public bool Progress { get; init; } = true;

    /// <summary>fix: the lowest severity fixed (default warning).</summary>
    public DiagnosticSeverity FixSeverity { get; init; } = DiagnosticSeverity.Warning;

    /// <summary>Also analyze the projects referenced by the given project.</summary>
    public bool IncludeReferences { get; init; }

    /// <summary>MSBuild global properties (-p:Name=Value) for restore and the workspace.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    public bool Verbose { get; init; }

    /// <summary>fix: also apply behaviour-changing fixes (secureapi.fix_all_behavior_changes = true for the run).</summary>
    public bool IncludeBehaviorChanges { get; init; }

    /// <summary>Null for --help and --version (printed by the caller).</summary>
    public static CommandLine? Parse(IReadOnlyList<string> args, IReadOnlySet<string> knownRules)
    {
        if (args.Count == 0)
        {
            throw new CliException(ExitCodes.Usage, "missing command (scan or fix); see secureapi --help");
        }

        if (args[0] is "-h" or "--help" or "help" or "--version")
        {
            return null;
        }

        var command = args[0];
        if (command is not ("scan" or "fix"))
        {
            throw new CliException(ExitCodes.Usage, $"unknown command '{command}' (expected scan or fix)");
        }

        string? path = null;
        var format = ReportFormat.Text;
        string? output = null;
        DiagnosticSeverity? failOn = null;
        string? config = null;
        var rules = new List<string>();
        var dryRun = false;
        var restore = true;
        var progress = true;
        DiagnosticSeverity? fixSeverity = null;
        var includeReferences = false;
        var properties = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var verbose = false;
        var includeBehaviorChanges = false;
        for (var i = 1; i < args.Count; i++)
        {
            var argument = args[i];
            string Value() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new CliException(ExitCodes.Usage, $"option {argument} needs a value");

            switch (argument)
            {
                case "--format":
                    var name = Value();
                    format = name.ToLowerInvariant() switch
                    {
                        "text" => ReportFormat.Text,
                        "json" => ReportFormat.Json,
                        "sarif" => ReportFormat.Sarif,
                        _ => throw new CliException(ExitCodes.Usage, $"unknown format '{name}' (expected text, json or sarif)"),
                    };
                    break;
                case "--output" or "-o":
                    output = Value();
                    break;
                case "--fail-on" or "--severity-threshold":
                    failOn = Severity.ParseThreshold(Value());
                    break;
                case "--config":
                    config = Value();
                    break;
                case "--rule":
                    var rule = Value().ToUpperInvariant();
                    if (!knownRules.Contains(rule))
                    {
                        throw new CliException(ExitCodes.Usage, $"unknown rule id '{rule}' (known: {string.Join(", ", knownRules.Order(StringComparer.Ordinal))})");
                    }

                    rules.Add(rule);
                    break;
                case "--dry-run" when command == "fix":
                    dryRun = true;
                    break;
                case "--no-restore":
                    restore = false;
                    break;
                case "--no-progress":
                    progress = false;
                    break;
                case "--severity" when command == "fix":
                    var severity = Value();
                    fixSeverity = Severity.ParseThreshold(severity)
                        ?? throw new CliException(ExitCodes.Usage, $"--severity {severity} would fix nothing (expected note, warning or error)");
                    break;
                case "--include-behaviour-changes" or "--include-behavior-changes" when command == "fix":
                    includeBehaviorChanges = true;
                    break;
                case "--include-references":
                    includeReferences = true;
                    break;
                case "--verbose" or "-v":
                    verbose = true;
                    break;
                case "-p" or "--property":
                    AddProperty(properties, Value());
                    break;
                case var _ when argument.StartsWith("-p:", StringComparison.Ordinal) || argument.StartsWith("--property:", StringComparison.Ordinal):
                    AddProperty(properties, argument[(argument.IndexOf(':') + 1)..]);
                    break;
                default:
                    if (argument.StartsWith('-') || path is not null)
                    {
                        throw new CliException(ExitCodes.Usage, $"unknown option '{argument}' for {command}; see secureapi --help");
                    }

                    path = argument;
                    break;
            }
        }

        return new CommandLine
        {
            Command = command,
            Path = path ?? throw new CliException(ExitCodes.Usage, $"missing path: secureapi {command} <path.sln|path.csproj|folder>"),
            Format = format,
            Output = output,
            FailOn = failOn,
            ConfigFile = config,
            Rules = rules,
            DryRun = dryRun,
            Restore = restore,
            Progress = progress,
            FixSeverity = fixSeverity ?? DiagnosticSeverity.Warning,
            IncludeReferences = includeReferences,
            Properties = properties,
            Verbose = verbose,
            IncludeBehaviorChanges = includeBehaviorChanges,
        };
    }

    /// <summary><c>Name=Value</c>, or several separated by ';' as dotnet build takes them.</summary>
    private static void AddProperty(Dictionary<string, string> properties, string text)
    {
        foreach (var pair in text.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                throw new CliException(ExitCodes.Usage, $"property '{pair}' is not of the form -p:Name=Value");
            }

            properties[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
        }
    }
}
