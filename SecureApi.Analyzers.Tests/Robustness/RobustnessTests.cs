using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;

namespace SecureApi.Analyzers.Tests.Robustness;

/// <summary>
/// The IDE analyzes half-typed code: every snippet of every rule test, cut short at many points, with single tokens
/// deleted and with random tokens deleted, goes through every analyzer and every offered code fix (one by one and
/// Fix All) without a single exception.
/// </summary>
public sealed class RobustnessTests
{
    private const int CutsPerSnippet = 8;
    private const int DeletionsPerSnippet = 7;
    private const int RandomDeletionsPerSnippet = 3;

    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = ProductAssemblies.AllAnalyzers();
    private static readonly ImmutableArray<CodeFixProvider> Fixers = ProductAssemblies.AllCodeFixes();

    public static TheoryData<string> SnippetFiles() => new(SnippetCorpus.Files().Select(Path.GetFileName)!);

    [Fact]
    public void The_corpus_has_snippets_for_every_rule_test_file()
    {
        Assert.NotEmpty(SnippetCorpus.Files());
        Assert.All(SnippetCorpus.Files(), f => Assert.NotEmpty(SnippetCorpus.Snippets(f)));
    }

    [Theory]
    [MemberData(nameof(SnippetFiles))]
    public async Task Mutated_snippets_never_crash_an_analyzer_or_a_fix(string fileName)
    {
        var file = SnippetCorpus.Files().Single(f => Path.GetFileName(f) == fileName);
        var failures = new ConcurrentBag<string>();
        var harness = await Harness.CreateAsync();

        foreach (var snippet in SnippetCorpus.Snippets(file))
        {
            foreach (var variant in Variants(snippet))
            {
                await harness.RunAsync(variant, failures);
            }
        }

        Assert.True(failures.IsEmpty, string.Join("\n\n", failures.Take(5)));

        // Not vacuous: the corpus produced findings, and fixes were applied to those that have one.
        Assert.True(harness.Findings > 0, "No SAPI finding in " + fileName);
        Assert.True(harness.FixableFindings == 0 || harness.FixesApplied > 0, "No code fix applied in " + fileName);
    }

    /// <summary>
    /// The snippet itself, prefixes ending at evenly spread tokens, the snippet without one token, and the snippet
    /// without three random tokens.
    /// </summary>
    private static IEnumerable<string> Variants(string snippet)
    {
        yield return snippet;
        var tokens = CSharpSyntaxTree.ParseText(snippet).GetRoot().DescendantTokens().Where(t => t.Span.Length > 0).ToList();
        if (tokens.Count == 0)
        {
            yield break;
        }

        for (var i = 1; i <= CutsPerSnippet; i++)
        {
            var token = tokens[(tokens.Count - 1) * i / (CutsPerSnippet + 1)];
            yield return snippet[..token.Span.End];
        }

        for (var i = 1; i <= DeletionsPerSnippet; i++)
        {
            var token = tokens[(tokens.Count - 1) * i / (DeletionsPerSnippet + 1)];
            yield return snippet.Remove(token.SpanStart, token.Span.Length);
        }

        // Random tokens, several at once, seeded by the snippet so that a failure reproduces.
        var random = new Random(StableHash(snippet));
        for (var i = 0; i < RandomDeletionsPerSnippet; i++)
        {
            var deleted = Enumerable.Range(0, 3).Select(_ => tokens[random.Next(tokens.Count)]).DistinctBy(t => t.SpanStart).OrderByDescending(t => t.SpanStart);
            var text = snippet;
            foreach (var token in deleted)
            {
                text = text.Remove(token.SpanStart, token.Span.Length);
            }

            yield return text;
        }
    }

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }

    /// <summary>One workspace whose snippet document is replaced for every variant (the references are bound once).</summary>
    private sealed class Harness
    {
        private readonly SnippetWorkspace _workspace;

        private Harness(SnippetWorkspace workspace) => _workspace = workspace;

        public int Findings { get; private set; }

        public int FixableFindings { get; private set; }

        public int FixesApplied { get; private set; }

        public static async Task<Harness> CreateAsync() => new(await SnippetWorkspace.CreateAsync());

        public async Task RunAsync(string source, ConcurrentBag<string> failures)
        {
            // A JSON snippet (SAPI7003's tests) is the project's appsettings.json, next to an empty C# document.
            var isJson = source.TrimStart().StartsWith('{');
            var document = isJson ? _workspace.WithAppSettings(source) : _workspace.With(source);
            var compilation = (await document.Project.GetCompilationAsync())!;
            var (diagnostics, crashes) = await ProductAnalysis.RunAsync(compilation, document.Project.AnalyzerOptions, concurrent: false);
            foreach (var crash in crashes)
            {
                failures.Add($"Analyzer exception on:\n{source}\n---\n{crash}");
            }

            var ours = diagnostics
                .Where(d => d.Id.StartsWith("SAPI", StringComparison.Ordinal)
                            && (isJson ? d.Location.GetLineSpan().Path == SnippetWorkspace.AppSettingsPath : d.Location.SourceTree?.FilePath == SnippetWorkspace.SnippetPath))
                .ToImmutableArray();
            Findings += ours.Length;
            foreach (var fixer in Fixers)
            {
                var fixable = ours.Where(d => fixer.FixableDiagnosticIds.Contains(d.Id)).ToImmutableArray();
                if (fixable.IsEmpty)
                {
                    continue;
                }

                // App-level findings (SAPI8003 on every snippet that builds an app) say nothing about the rule the file
                // tests, and often have no fix in a snippet's shape (builder.Build().Run()): not counted for non-vacuity.
                FixableFindings += fixable.Count(d => d.Id != global::SecureApi.Analyzers.Core.RuleIds.HttpsNotEnforced);
                try
                {
                    await ApplyEveryFixAsync(document, fixer, fixable);
                }
                catch (Exception exception)
                {
                    failures.Add($"Code fix {fixer.GetType().Name} threw on:\n{source}\n---\n{exception}");
                }
            }
        }

        private async Task ApplyEveryFixAsync(Document document, CodeFixProvider fixer, ImmutableArray<Diagnostic> diagnostics)
        {
            var keys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var diagnostic in diagnostics)
            {
                var actions = new List<CodeAction>();
                var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None);
                await fixer.RegisterCodeFixesAsync(context);
                foreach (var action in actions)
                {
                    keys.Add(action.EquivalenceKey ?? string.Empty);
                    await ApplyAsync(action);
                }
            }

            var provider = fixer.GetFixAllProvider();
            if (provider is null)
            {
                return;
            }

            foreach (var key in keys)
            {
                var fixAll = new FixAllContext(
                    document, fixer, FixAllScope.Document, key, fixer.FixableDiagnosticIds, new FixedDiagnostics(diagnostics), CancellationToken.None);
                if (await provider.GetFixAsync(fixAll) is { } action)
                {
                    await ApplyAsync(action);
                }
            }
        }

        private async Task ApplyAsync(CodeAction action)
        {
            FixesApplied++;
            foreach (var operation in await action.GetOperationsAsync(CancellationToken.None))
            {
                if (operation is ApplyChangesOperation apply)
                {
                    foreach (var changed in apply.ChangedSolution.Projects.SelectMany(p => p.Documents))
                    {
                        _ = await changed.GetTextAsync();
                    }
                }
            }
        }
    }

    private sealed class FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
