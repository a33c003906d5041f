using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SecureApi.Cli;

/// <summary>Runs every SecureApi analyzer over the loaded projects through CompilationWithAnalyzers, as an IDE does.</summary>
public static class Scanner
{
    public static async Task<ScanResult> ScanAsync(
        LoadedProjects loaded, ProductCatalog catalog, IReadOnlyCollection<string> rules, ProgressDisplay progress, CancellationToken cancellationToken)
    {
        var projects = new List<ScannedProject>();
        var analyzerFailures = new List<string>();
        var diagnostics = new List<Diagnostic>();
        for (var i = 0; i < loaded.Projects.Count; i++)
        {
            var project = loaded.Solution.GetProject(loaded.Projects[i])!;
            progress.Report("Analyzing", i + 1, loaded.Projects.Count, project.Name);
            var (found, errors, firstError) = await AnalyzeAsync(project, catalog.Analyzers, analyzerFailures, cancellationToken);
            projects.Add(new ScannedProject(project.Name, project.FilePath ?? project.Name, errors, firstError is null ? null : Describe(firstError, loaded.Root)));
            diagnostics.AddRange(found.Where(d => rules.Count == 0 || rules.Contains(d.Id)));
        }

        progress.Done();
        return new ScanResult(loaded.Root, projects, loaded.Failures, Findings(diagnostics, loaded.Root), analyzerFailures);
    }

    /// <summary>
    /// The SAPI diagnostics of one project (after .editorconfig, global configs and suppressions), its compiler error
    /// count and the first error (what a user fixes first to get a full analysis).
    /// </summary>
    public static async Task<(ImmutableArray<Diagnostic> Diagnostics, int CompilerErrors, Diagnostic? FirstError)> AnalyzeAsync(
        Project project, ImmutableArray<DiagnosticAnalyzer> analyzers, List<string> analyzerFailures, CancellationToken cancellationToken)
    {
        if (await project.GetCompilationAsync(cancellationToken) is not { } compilation)
        {
            return (ImmutableArray<Diagnostic>.Empty, 0, null);
        }

        // Warnings made errors (TreatWarningsAsErrors) do not stop code from binding: they are no reason for partial results.
        var compilerErrors = compilation.GetDiagnostics(cancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error && !d.IsWarningAsError).ToList();
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            onAnalyzerException: (exception, analyzer, _) =>
            {
                lock (analyzerFailures)
                {
                    analyzerFailures.Add($"{analyzer.GetType().Name}: {ProjectLoader.OneLine(exception.Message)}");
                }
            },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        var diagnostics = (await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken)).ToBuilder();

        // Additional files (appsettings*.json) are analyzed one by one, as the IDE does.
        foreach (var file in project.AnalyzerOptions.AdditionalFiles)
        {
            var result = await withAnalyzers.GetAnalysisResultAsync(file, cancellationToken);
            diagnostics.AddRange(result.AdditionalFileDiagnostics.Values.SelectMany(byAnalyzer => byAnalyzer.Values).SelectMany(d => d));
        }

        // A host may hand additional-file diagnostics back from both calls: keep each once.
        var sapi = diagnostics
            .Where(d => d.Id.StartsWith("SAPI", StringComparison.Ordinal) && !d.IsSuppressed && d.Severity != DiagnosticSeverity.Hidden)
            .DistinctBy(d => (d.Id, d.Location.GetLineSpan().Path, d.Location.SourceSpan))
            .ToImmutableArray();
        return (sapi, compilerErrors.Count, compilerErrors.FirstOrDefault());
    }

    /// <summary>"Program.cs:1:7: CS0246: The type or namespace name 'Contoso' could not be found ..." (path relative to the root).</summary>
    private static string Describe(Diagnostic error, string root)
    {
        var span = error.Location.GetLineSpan();
        var where = error.Location.IsInSource
            ? $"{PathDisplay.Relative(root, span.Path)}:{span.StartLinePosition.Line + 1}:{span.StartLinePosition.Character + 1}: "
            : string.Empty;
        return where + error.Id + ": " + error.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Findings in file and line order, without the duplicates a multi-targeted project gives. The fingerprint hashes
    /// the rule, the relative path, the flagged line's text and its occurrence number among identical lines: it survives
    /// edits elsewhere in the file, so code scanning keeps a finding's identity across runs.
    /// </summary>
    private static IReadOnlyList<ScanFinding> Findings(IEnumerable<Diagnostic> diagnostics, string root)
    {
        var findings = new List<ScanFinding>();
        var seen = new HashSet<(string, string, int, int)>();
        var occurrences = new Dictionary<(string, string, string), int>();
        var lines = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics
                     .OrderBy(d => d.Location.GetLineSpan().Path, StringComparer.Ordinal)
                     .ThenBy(d => d.Location.GetLineSpan().StartLinePosition)
                     .ThenBy(d => d.Id, StringComparer.Ordinal))
        {
            var span = diagnostic.Location.GetLineSpan();
            var path = span.Path ?? string.Empty;
            if (!seen.Add((diagnostic.Id, path, span.StartLinePosition.Line, span.StartLinePosition.Character)))
            {
                continue;
            }

            var relative = PathDisplay.Relative(root, path);
            if (!lines.TryGetValue(path, out var text))
            {
                text = File.Exists(path) ? File.ReadAllLines(path) : [];
                lines[path] = text;
            }

            var lineText = span.StartLinePosition.Line < text.Length ? text[span.StartLinePosition.Line].Trim() : string.Empty;
            var key = (diagnostic.Id, relative, lineText);
            occurrences[key] = occurrences.TryGetValue(key, out var count) ? count + 1 : 1;

            findings.Add(new ScanFinding(
                diagnostic.Id,
                diagnostic.Severity,
                diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
                path,
                relative,
                span.StartLinePosition.Line + 1,
                span.StartLinePosition.Character + 1,
                span.EndLinePosition.Line + 1,
                span.EndLinePosition.Character + 1,
                Fingerprint(diagnostic.Id, relative, lineText, occurrences[key])));
        }

        return findings;
    }

    private static string Fingerprint(string ruleId, string path, string lineText, int occurrence)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{ruleId}\n{path}\n{lineText}\n{occurrence}"));
        return Convert.ToHexString(bytes, 0, 16).ToLowerInvariant();
    }
}
