using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SecureApi.CodeFixes.Core;

/// <summary>
/// The Fix All provider of every SecureApi fixer: all diagnostics of a document are fixed in one edit pass.
/// A driver may hand over diagnostics computed before an earlier fix changed the document (command-line fixers
/// apply one provider after another): their locations are then stale, so the rule is re-run on the current
/// document first. A behaviour-changing fix (<see cref="FixEffect"/>) is not applied in bulk unless asked for.
/// </summary>
internal static class FixAll
{
    public delegate Task<Document> Apply(Document document, ImmutableArray<Diagnostic> diagnostics, string equivalenceKey, CancellationToken cancellationToken);

    /// <param name="changesBehavior">
    /// Whether the fixer's fixes change behaviour (<see cref="FixEffect"/>). It decides when a driver passes no
    /// equivalence key: <c>dotnet format</c> takes the key of the first fix offered for the first diagnostic it meets,
    /// none when that diagnostic has no fix.
    /// </param>
    public static FixAllProvider For<TAnalyzer>(bool changesBehavior, Apply apply)
        where TAnalyzer : DiagnosticAnalyzer, new() =>
        For(changesBehavior, apply, () => ImmutableArray.Create<DiagnosticAnalyzer>(new TAnalyzer()));

    /// <summary>For a fixer of the ids of two analyzers.</summary>
    public static FixAllProvider For<TFirst, TSecond>(bool changesBehavior, Apply apply)
        where TFirst : DiagnosticAnalyzer, new()
        where TSecond : DiagnosticAnalyzer, new() =>
        For(changesBehavior, apply, () => ImmutableArray.Create<DiagnosticAnalyzer>(new TFirst(), new TSecond()));

    /// <summary>
    /// The diagnostics a Fix All request covers, project by project: for fixes whose edits land in other documents than
    /// their findings (a solution-level change), which the per-document provider cannot make.
    /// </summary>
    public static async Task<List<(Project Project, ImmutableArray<Diagnostic> Diagnostics)>> DiagnosticsInScopeAsync(FixAllContext context)
    {
        var found = new List<(Project, ImmutableArray<Diagnostic>)>();
        var projects = context.Scope == FixAllScope.Solution ? context.Solution.Projects : new[] { context.Project };
        foreach (var project in projects)
        {
            var diagnostics = context.Scope == FixAllScope.Document && context.Document is { } document
                ? await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false)
                : await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false);
            found.Add((project, diagnostics));
        }

        return found;
    }

    /// <summary>Document, project and solution: the scopes of the solution-level Fix All providers.</summary>
    public static IEnumerable<FixAllScope> AllScopes { get; } = new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    private static FixAllProvider For(bool changesBehavior, Apply apply, Func<ImmutableArray<DiagnosticAnalyzer>> analyzers) => new BehaviorGate(changesBehavior,
        FixAllProvider.Create(async (context, document, diagnostics) =>
        {
            // Behaviour-changing fixes are applied in bulk only where the user asked for it (FixEffect).
            if (changesBehavior && !await FixEffect.BulkMayApplyAsync(document, context.CancellationToken).ConfigureAwait(false))
            {
                return document;
            }

            var current = await CurrentAsync(analyzers, document, diagnostics, context.CancellationToken).ConfigureAwait(false);
            return current.IsEmpty ? document : await apply(document, current, context.CodeActionEquivalenceKey ?? string.Empty, context.CancellationToken).ConfigureAwait(false);
        }));

    private static async Task<ImmutableArray<Diagnostic>> CurrentAsync(Func<ImmutableArray<DiagnosticAnalyzer>> analyzers, Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        if (tree is null || diagnostics.All(d => d.Location.SourceTree == tree))
        {
            return diagnostics;
        }

        var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null || model is null)
        {
            return ImmutableArray<Diagnostic>.Empty;
        }

        var ids = diagnostics.Select(d => d.Id).ToImmutableHashSet(StringComparer.Ordinal);
        var withAnalyzers = compilation.WithAnalyzers(analyzers(), document.Project.AnalyzerOptions);
        var fresh = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, cancellationToken).ConfigureAwait(false);
        return fresh.Where(d => ids.Contains(d.Id)).ToImmutableArray();
    }

    /// <summary>No Fix All at all for a behaviour-changing fix where it was not asked for (rather than one that does nothing).</summary>
    private sealed class BehaviorGate(bool changesBehavior, FixAllProvider inner) : FixAllProvider
    {
        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => inner.GetSupportedFixAllScopes();

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            if ((FixEffect.IsChanging(fixAllContext.CodeActionEquivalenceKey) || fixAllContext.CodeActionEquivalenceKey is null && changesBehavior)
                && (fixAllContext.Document ?? fixAllContext.Project.Documents.FirstOrDefault()) is { } document
                && !await FixEffect.BulkMayApplyAsync(document, fixAllContext.CancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            return await inner.GetFixAsync(fixAllContext).ConfigureAwait(false);
        }
    }
}
