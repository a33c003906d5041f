using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SecureApi.Bench;

/// <summary>The editor-latency figure's numbers (milliseconds are medians over the runs).</summary>
internal sealed record LatencyResult(
    string Document, int Lines, int Runs, int Findings,
    double AnalyzerCallMs, double AnalyzerCallP90Ms, double AnalyzerExecutionMs, double CompilerDiagnosticsMs);

/// <summary>
/// What a keystroke costs in the IDE: the project is rebuilt as the compiler saw it (the Csc command line from the
/// build's binary log), then for each run one character is typed into the document, which gives a new compilation
/// (so every per-compilation cache starts empty, as it does in the IDE), and <see cref="CompilationWithAnalyzers"/>
/// computes SecureApi's semantic diagnostics for that document only.
/// </summary>
internal static class EditorLatency
{
    private const int WarmupRuns = 5;

    public static async Task<LatencyResult> MeasureAsync(string binlogPath, string projectName, string documentPath, string analyzerDirectory, int runs)
    {
        var task = BinlogReader.FindCompilerTask(binlogPath, projectName)
            ?? throw new BenchException($"no Csc task for {projectName} in {binlogPath}");
        var projectDirectory = Path.GetDirectoryName(task.GetNearestParent<Microsoft.Build.Logging.StructuredLogger.Project>()!.ProjectFile)!;
        var arguments = CommandLineParser.SplitCommandLineIntoArguments(task.CommandLineArguments, removeHashComments: false)
            .SkipWhile(a => !a.EndsWith("csc.dll", StringComparison.OrdinalIgnoreCase) && !a.EndsWith("csc", StringComparison.OrdinalIgnoreCase))
            .Skip(1)
            .ToArray();
        var parsed = CSharpCommandLineParser.Default.Parse(arguments, projectDirectory, sdkDirectory: null);
        var trees = parsed.SourceFiles
            .Select(f => CSharpSyntaxTree.ParseText(SourceText.From(File.ReadAllText(f.Path)), parsed.ParseOptions, f.Path))
            .ToList();
        var references = parsed.MetadataReferences
            .Select(r => (MetadataReference)MetadataReference.CreateFromFile(Path.GetFullPath(r.Reference, projectDirectory)))
            .ToList();
        var compilation = CSharpCompilation.Create(parsed.CompilationName, trees, references, parsed.CompilationOptions);
        var tree = trees.Single(t => Path.GetFullPath(t.FilePath) == Path.GetFullPath(documentPath));

        var analyzers = new AnalyzerFileReference(Path.Combine(analyzerDirectory, "SecureApi.Analyzers.dll"), new DefaultContextLoader())
            .GetAnalyzers(LanguageNames.CSharp);
        var options = new AnalyzerOptions(
            [.. parsed.AdditionalFiles.Select(f => (AdditionalText)new FileText(f.Path))],
            ConfigOptionsProvider.Create(parsed.AnalyzerConfigPaths));

        var calls = new List<double>();
        var executions = new List<double>();
        var compilerDiagnostics = new List<double>();
        var findings = 0;
        for (var run = 0; run < WarmupRuns + runs; run++)
        {
            var text = tree.GetText();
            var edited = tree.WithChangedText(text.WithChanges(new TextChange(new TextSpan(text.Length, 0), run % 2 == 0 ? " " : "\n")));
            var current = compilation.ReplaceSyntaxTree(tree, edited);

            var clock = Stopwatch.StartNew();
            _ = current.GetSemanticModel(edited).GetDiagnostics();
            var compilerMs = clock.Elapsed.TotalMilliseconds;

            var withAnalyzers = current.WithAnalyzers(
                analyzers,
                new CompilationWithAnalyzersOptions(options, onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
            clock.Restart();
            var diagnostics = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(
                withAnalyzers.Compilation.GetSemanticModel(edited), filterSpan: null, CancellationToken.None);
            var callMs = clock.Elapsed.TotalMilliseconds;
            var executionMs = 0.0;
            foreach (var analyzer in analyzers)
            {
                executionMs += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).ExecutionTime.TotalMilliseconds;
            }

            if (run >= WarmupRuns)
            {
                calls.Add(callMs);
                executions.Add(executionMs);
                compilerDiagnostics.Add(compilerMs);
                findings = diagnostics.Length;
            }
        }

        return new LatencyResult(
            Path.GetRelativePath(Path.GetDirectoryName(Path.GetDirectoryName(projectDirectory))!, documentPath).Replace('\\', '/'),
            tree.GetText().Lines.Count, runs, findings,
            Statistics.Median(calls), Statistics.Percentile(calls, 0.9), Statistics.Median(executions), Statistics.Median(compilerDiagnostics));
    }

    private sealed class DefaultContextLoader : IAnalyzerAssemblyLoader
    {
        public void AddDependencyLocation(string fullPath)
        {
        }

        public Assembly LoadFromPath(string fullPath) => AssemblyLoadContext.Default.LoadFromAssemblyPath(fullPath);
    }

    private sealed class FileText(string path) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText? GetText(CancellationToken cancellationToken = default) =>
            File.Exists(Path) ? SourceText.From(File.ReadAllText(Path)) : null;
    }

    /// <summary>.editorconfig and global config options the way the compiler hands them to analyzers.</summary>
    private sealed class ConfigOptionsProvider(AnalyzerConfigSet set) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(set.GlobalConfigOptions.AnalyzerOptions);

        public static ConfigOptionsProvider Create(ImmutableArray<string> paths) =>
            new(AnalyzerConfigSet.Create(paths.Select(p => AnalyzerConfig.Parse(SourceText.From(File.ReadAllText(p)), p)).ToList()));

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.For(set, tree.FilePath);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.For(set, textFile.Path);

        private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
        {
            public static Options For(AnalyzerConfigSet set, string path) => new(set.GetOptionsForSourcePath(path).AnalyzerOptions);

            public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
        }
    }
}
