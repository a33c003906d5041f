using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace SecureApi.Cli;

/// <summary>What <c>fix</c> did for one rule: findings before and after, and the files it changed.</summary>
/// <param name="LeftSeverity">The highest effective severity (after .editorconfig) among the findings left, if any.</param>
/// <param name="ChangesBehavior">The rule's fix changes behaviour and was not asked for: its findings were left.</param>
public sealed record RuleFixSummary(string RuleId, int Before, int After, DiagnosticSeverity? LeftSeverity, IReadOnlyList<string> Files, bool ChangesBehavior = false);

public sealed record FixResult(IReadOnlyList<RuleFixSummary> Rules, IReadOnlyDictionary<string, (string Before, string After)> ChangedFiles);

/// <summary>
/// Applies the code fixes through Fix All, one rule at a time, project by project (like <c>dotnet format analyzers</c>:
/// each rule's first offered fix, e.g. <c>[Authorize]</c> rather than <c>[AllowAnonymous]</c>). Only findings of at
/// least the given effective severity are fixed: an Info finding (a CORS policy that is public on purpose) is a
/// question for a person, not an edit to make by default.
/// </summary>
public static class Fixer
{
    public static async Task<FixResult> FixAsync(
        LoadedProjects loaded,
        ProductCatalog catalog,
        IReadOnlyCollection<string> rules,
        DiagnosticSeverity minimumSeverity,
        bool includeBehaviorChanges,
        ProgressDisplay progress,
        CancellationToken cancellationToken)
    {
        bool Selected(Diagnostic d) => d.Severity >= minimumSeverity && (rules.Count == 0 || rules.Contains(d.Id));
        var solution = includeBehaviorChanges ? AllowBehaviorChanges(loaded.Solution, loaded.Projects) : loaded.Solution;
        var heldBack = new HashSet<string>(StringComparer.Ordinal);
        var failures = new List<string>();
        var before = new Dictionary<string, int>(StringComparer.Ordinal);
        var after = new Dictionary<string, int>(StringComparer.Ordinal);
        var leftSeverity = new Dictionary<string, DiagnosticSeverity>(StringComparer.Ordinal);
        var filesByRule = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);

        for (var p = 0; p < loaded.Projects.Count; p++)
        {
            var projectId = loaded.Projects[p];
            progress.Report("Fixing", p + 1, loaded.Projects.Count, solution.GetProject(projectId)!.Name);
            var (initial, _, _) = await Scanner.AnalyzeAsync(solution.GetProject(projectId)!, catalog.Analyzers, failures, cancellationToken);
            var ids = initial.Where(Selected).Select(d => d.Id).Distinct().Order(StringComparer.Ordinal).ToList();
            foreach (var id in ids)
            {
                Add(before, id, initial.Count(d => d.Id == id && Selected(d)));
                var fixer = catalog.Fixers.FirstOrDefault(f => f.FixableDiagnosticIds.Contains(id));
                if (fixer?.GetFixAllProvider() is not { } fixAll)
                {
                    continue;
                }

                // Diagnostics of the current (already partly fixed) project.
                var (current, _, _) = await Scanner.AnalyzeAsync(solution.GetProject(projectId)!, catalog.Analyzers, failures, cancellationToken);
                var diagnostics = current.Where(d => d.Id == id && Selected(d) && d.Location.IsInSource).ToImmutableArray();
                if (diagnostics.IsEmpty || await FirstActionKeyAsync(solution, fixer, diagnostics, cancellationToken) is not { } first)
                {
                    continue;
                }

                if (!includeBehaviorChanges && IsBehaviorChanging(first.Key))
                {
                    heldBack.Add(id);
                    continue;
                }

                var context = new FixAllContext(
                    first.Document, fixer, FixAllScope.Project, first.Key, [id], new KnownDiagnostics(diagnostics), cancellationToken);
                if (await fixAll.GetFixAsync(context) is not { } action)
                {
                    continue;
                }

                foreach (var operation in await action.GetOperationsAsync(cancellationToken))
                {
                    if (operation is ApplyChangesOperation apply)
                    {
                        var changed = apply.ChangedSolution;
                        foreach (var document in changed.GetChanges(solution).GetProjectChanges().SelectMany(c => c.GetChangedDocuments()))
                        {
                            Files(filesByRule, id).Add(changed.GetDocument(document)?.FilePath ?? string.Empty);
                        }

                        solution = changed;
                    }
                }
            }

            var (remaining, _, _) = await Scanner.AnalyzeAsync(solution.GetProject(projectId)!, catalog.Analyzers, failures, cancellationToken);
            foreach (var id in ids)
            {
                var left = remaining.Where(d => d.Id == id && Selected(d)).ToList();
                Add(after, id, left.Count);
                if (left.Count > 0)
                {
                    var highest = left.Max(d => d.Severity);
                    leftSeverity[id] = leftSeverity.TryGetValue(id, out var known) && known > highest ? known : highest;
                }
            }
        }

        progress.Done();
        var changedFiles = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var change in solution.GetChanges(loaded.Solution).GetProjectChanges())
        {
            foreach (var id in change.GetChangedDocuments())
            {
                var original = loaded.Solution.GetDocument(id)!;
                var fixedDocument = solution.GetDocument(id)!;
                changedFiles[original.FilePath ?? original.Name] =
                    ((await original.GetTextAsync(cancellationToken)).ToString(), (await fixedDocument.GetTextAsync(cancellationToken)).ToString());
            }
        }

        var summaries = before.Keys.Order(StringComparer.Ordinal)
            .Select(id => new RuleFixSummary(
                id,
                before[id],
                after.GetValueOrDefault(id),
                leftSeverity.TryGetValue(id, out var severity) ? severity : null,
                Files(filesByRule, id).Where(changedFiles.ContainsKey).Order(StringComparer.Ordinal).ToList(),
                heldBack.Contains(id)))
            .ToList();
        return new FixResult(summaries, changedFiles);
    }

    /// <summary>Writes the fixed text of each changed document back through the workspace (keeping each file's encoding).</summary>
    public static bool Write(LoadedProjects loaded, FixResult result)
    {
        var target = loaded.Workspace.CurrentSolution;
        foreach (var (path, (_, text)) in result.ChangedFiles)
        {
            foreach (var id in target.GetDocumentIdsWithFilePath(path))
            {
                var document = target.GetDocument(id)!;
                var encoding = document.GetTextAsync().GetAwaiter().GetResult().Encoding;
                target = target.WithDocumentText(id, Microsoft.CodeAnalysis.Text.SourceText.From(text, encoding));
            }
        }

        return loaded.Workspace.TryApplyChanges(target);
    }

    /// <summary>The marker every behaviour-changing fix's equivalence key ends with (SecureApi.CodeFixes' FixEffect).</summary>
    private static bool IsBehaviorChanging(string? key) => key?.EndsWith(".ChangesBehavior", StringComparison.Ordinal) == true;

    /// <summary>A global config that lets the fixers' Fix All apply behaviour-changing fixes (secureapi.fix_all_behavior_changes).</summary>
    private static Solution AllowBehaviorChanges(Solution solution, IReadOnlyList<ProjectId> projects)
    {
        foreach (var id in projects)
        {
            var project = solution.GetProject(id)!;
            var folder = Path.GetDirectoryName(project.FilePath) ?? Path.GetTempPath();
            solution = project.AddAnalyzerConfigDocument(
                "secureapi-fix.globalconfig",
                Microsoft.CodeAnalysis.Text.SourceText.From("is_global = true\nsecureapi.fix_all_behavior_changes = true\n"),
                filePath: Path.Combine(folder, "secureapi-fix.globalconfig")).Project.Solution;
        }

        return solution;
    }

    /// <summary>The key of the first fix offered, preferring one that keeps behaviour (dotnet format takes the first).</summary>
    private static async Task<(Document Document, string? Key)?> FirstActionKeyAsync(
        Solution solution, CodeFixProvider fixer, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        foreach (var diagnostic in diagnostics)
        {
            if (solution.GetDocument(diagnostic.Location.SourceTree) is not { } document)
            {
                continue;
            }

            var actions = new List<CodeAction>();
            await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), cancellationToken));
            if (actions.Count > 0)
            {
                return (document, (actions.FirstOrDefault(a => !IsBehaviorChanging(a.EquivalenceKey)) ?? actions[0]).EquivalenceKey);
            }
        }

        return null;
    }

    private static void Add(Dictionary<string, int> counts, string id, int count) => counts[id] = counts.GetValueOrDefault(id) + count;

    private static HashSet<string> Files(Dictionary<string, HashSet<string>> byRule, string id) =>
        byRule.TryGetValue(id, out var files) ? files : byRule[id] = new HashSet<string>(StringComparer.Ordinal);

    private sealed class KnownDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult(diagnostics.Where(d => d.Location.SourceTree?.FilePath == document.FilePath));

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
