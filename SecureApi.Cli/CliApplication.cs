using Microsoft.CodeAnalysis;
using SecureApi.Cli.Reports;

namespace SecureApi.Cli;

/// <summary>The whole tool behind <c>Main</c>, with its console streams passed in so tests run it in-process.</summary>
public static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, bool interactive, CancellationToken cancellationToken = default)
    {
        try
        {
            var catalog = ProductCatalog.Load();
            var options = CommandLine.Parse(args, catalog.RuleIds);
            if (options is null)
            {
                output.WriteLine(args[0] == "--version" ? ProductCatalog.Version : CommandLine.Usage);
                return ExitCodes.Success;
            }

            var progress = new ProgressDisplay(error, interactive && options.Progress);
            using var loaded = await ProjectLoader.LoadAsync(options, progress, error, cancellationToken);
            foreach (var failure in loaded.Failures)
            {
                error.WriteLine($"secureapi: error: could not load '{failure.Path}': {failure.Message}");
            }

            if (loaded.Projects.Count == 0 && loaded.Failures.Count > 0)
            {
                return ExitCodes.LoadFailed;
            }

            if (loaded.Projects.Count == 0)
            {
                throw new CliException(ExitCodes.LoadFailed, $"no C# project could be loaded from '{options.Path}'");
            }

            var exitCode = options.Command == "fix"
                ? await FixAsync(options, loaded, catalog, progress, output, error, cancellationToken)
                : await ScanAsync(options, loaded, catalog, progress, output, cancellationToken);
            return loaded.Failures.Count > 0 ? ExitCodes.LoadFailed : exitCode;
        }
        catch (CliException exception)
        {
            error.WriteLine("secureapi: error: " + exception.Message);
            return exception.ExitCode;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("secureapi: cancelled");
            return ExitCodes.InternalError;
        }
        catch (Exception exception)
        {
            // Never a stack trace: one line that says what happened.
            error.WriteLine($"secureapi: internal error: {exception.GetType().Name}: {ProjectLoader.OneLine(exception.Message)}");
            return ExitCodes.InternalError;
        }
    }

    private static async Task<int> ScanAsync(
        CommandLine options, LoadedProjects loaded, ProductCatalog catalog, ProgressDisplay progress, TextWriter output, CancellationToken cancellationToken)
    {
        var result = await Scanner.ScanAsync(loaded, catalog, options.Rules, progress, cancellationToken);
        WriteReport(options, result, catalog, output);
        return options.FailOn is { } threshold && result.Findings.Any(f => f.Severity >= threshold)
            ? ExitCodes.FindingsAtThreshold
            : ExitCodes.Success;
    }

    private static void WriteReport(CommandLine options, ScanResult result, ProductCatalog catalog, TextWriter console)
    {
        using var stream = new MemoryStream();
        switch (options.Format)
        {
            case ReportFormat.Json:
                JsonReport.Write(result, catalog, stream);
                break;
            case ReportFormat.Sarif:
                SarifReport.Write(result, catalog, stream);
                break;
            default:
                using (var writer = new StreamWriter(stream, leaveOpen: true))
                {
                    TextReport.Write(result, catalog, writer);
                }

                break;
        }

        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        if (options.Output is null)
        {
            console.Write(text);
            if (!text.EndsWith('\n'))
            {
                console.WriteLine();
            }

            return;
        }

        try
        {
            File.WriteAllText(options.Output, text);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Usage, $"cannot write '{options.Output}': {ProjectLoader.OneLine(exception.Message)}");
        }
    }

    private static async Task<int> FixAsync(
        CommandLine options, LoadedProjects loaded, ProductCatalog catalog, ProgressDisplay progress, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var result = await Fixer.FixAsync(loaded, catalog, options.Rules, options.FixSeverity, options.IncludeBehaviorChanges, progress, cancellationToken);
        if (options.DryRun)
        {
            foreach (var (path, (before, after)) in result.ChangedFiles.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                output.Write(UnifiedDiff.Create(PathDisplay.Relative(loaded.Root, path), before, after));
            }
        }
        else if (result.ChangedFiles.Count > 0 && !Fixer.Write(loaded, result))
        {
            throw new CliException(ExitCodes.InternalError, "the fixed files could not be written");
        }

        foreach (var rule in result.Rules)
        {
            var fixedCount = rule.Before - rule.After;
            var verb = options.DryRun ? "would fix" : "fixed";
            var files = rule.Files.Count == 0 ? string.Empty : " in " + string.Join(", ", rule.Files.Select(f => PathDisplay.Relative(loaded.Root, f)));
            var left = rule.After == 0 ? string.Empty
                : rule.ChangesBehavior ? $"; {rule.After} left (the fix changes behaviour: choose it in the IDE, or pass --include-behaviour-changes)"
                : $"; {rule.After} left (no automatic fix)";
            (options.DryRun ? error : output).WriteLine($"{rule.RuleId}: {verb} {fixedCount} of {rule.Before}{files}{left}");
        }

        if (result.Rules.Count == 0)
        {
            (options.DryRun ? error : output).WriteLine("Nothing to fix.");
        }

        return options.FailOn is { } threshold && result.Rules.Any(r => r.LeftSeverity >= threshold)
            ? ExitCodes.FindingsAtThreshold
            : ExitCodes.Success;
    }
}
