using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;

namespace SecureApi.Analyzers.Tests.Robustness;

/// <summary>
/// What every analyzer promises the host: it runs concurrently, it skips generated code, and running the whole suite
/// concurrently gives the same diagnostics every time (and the same as running it on one thread).
/// </summary>
public sealed class AnalyzerContractTests
{
    public static TheoryData<string> AnalyzerNames() => new(ProductAssemblies.AllAnalyzers().Select(a => a.GetType().Name));

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void Analyzer_runs_concurrently_and_skips_generated_code(string name)
    {
        var analyzer = ProductAssemblies.AllAnalyzers().Single(a => a.GetType().Name == name);
        var context = new RecordingContext();

        analyzer.Initialize(context);

        Assert.True(context.ConcurrentExecution, name + " does not call EnableConcurrentExecution()");
        Assert.Equal(GeneratedCodeAnalysisFlags.None, context.GeneratedCode);
    }

    [Fact]
    public async Task Whole_suite_gives_identical_diagnostics_concurrently_twice_and_sequentially()
    {
        var (compilation, options) = await VulnerableSampleAsync();

        var first = await RunAsync(compilation, options, concurrent: true);
        var sequential = await RunAsync(compilation, options, concurrent: false);

        // Not vacuous: the sample has findings of most rules.
        Assert.True(first.Count(d => d.StartsWith("SAPI", StringComparison.Ordinal)) >= 20, string.Join("\n", first));
        AssertSame(first, sequential, "sequential run");

        // Clones start with empty per-compilation facts, so each run races for them again (a module-coverage fact
        // once read another thread's "in progress" as "not covered").
        for (var run = 2; run <= 5; run++)
        {
            AssertSame(first, await RunAsync(compilation.Clone(), options, concurrent: true), $"concurrent run {run}");
        }
    }

    private static void AssertSame(ImmutableArray<string> expected, ImmutableArray<string> actual, string what)
    {
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        Assert.True(
            missing.Count == 0 && extra.Count == 0 && expected.Length == actual.Length,
            $"The {what} differs from the first concurrent run.\nOnly in the first:\n{string.Join("\n", missing)}\nOnly in the {what}:\n{string.Join("\n", extra)}");
    }

    private static async Task<ImmutableArray<string>> RunAsync(Compilation compilation, AnalyzerOptions options, bool concurrent)
    {
        var (diagnostics, crashes) = await ProductAnalysis.RunAsync(compilation, options, concurrent);
        Assert.Empty(crashes);
        return [.. diagnostics
            .Select(d => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage()} {string.Join(",", d.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value))} {string.Join(",", d.AdditionalLocations.Select(l => l.GetLineSpan().ToString()))}")
            .OrderBy(d => d, StringComparer.Ordinal)];
    }

    /// <summary>samples/VulnerableApi (sources and appsettings.json) compiled against the tests' reference set.</summary>
    private static async Task<(Compilation Compilation, AnalyzerOptions Options)> VulnerableSampleAsync()
    {
        var project = (await SnippetWorkspace.CreateAsync()).With(string.Empty).Project;
        var root = RepositoryPaths.Combine("samples", "VulnerableApi");
        var trees = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(f)), (CSharpParseOptions)project.ParseOptions!, f))
            .Append(CSharpSyntaxTree.ParseText(TestSources.WebSdkGlobalUsings, (CSharpParseOptions)project.ParseOptions!, "/GlobalUsings.cs"));
        var compilation = CSharpCompilation.Create("VulnerableApi", trees, project.MetadataReferences, (CSharpCompilationOptions)project.CompilationOptions!);
        var appSettings = Path.Combine(root, "appsettings.json");
        return (compilation, new AnalyzerOptions([new FileText(appSettings)]));
    }

    private sealed class FileText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(File.ReadAllText(Path));
    }

    /// <summary>Records what an analyzer's Initialize configures; registrations are accepted and ignored.</summary>
    private sealed class RecordingContext : AnalysisContext
    {
        public bool ConcurrentExecution { get; private set; }

        public GeneratedCodeAnalysisFlags? GeneratedCode { get; private set; }

        public override void EnableConcurrentExecution() => ConcurrentExecution = true;

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => GeneratedCode = analysisMode;

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action)
        {
        }

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action)
        {
        }

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action)
        {
        }

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds)
        {
        }

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
        {
        }

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action)
        {
        }

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action)
        {
        }

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
        {
        }

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action)
        {
        }
    }
}
