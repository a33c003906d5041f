using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SecureApi.Bench;

/// <summary>
/// A project rebuilt in process as the compiler saw it (the Csc command line from a build's binary log), with
/// SecureApi's analyzers and the analyzer options of that build: what the editor-latency figure and the profile
/// command analyze.
/// </summary>
internal sealed class CompilerInvocation
{
    private CompilerInvocation(string projectDirectory, CSharpCompilation compilation, AnalyzerOptions options)
    {
        ProjectDirectory = projectDirectory;
        Compilation = compilation;
        Options = options;
    }

    public string ProjectDirectory { get; }

    public CSharpCompilation Compilation { get; }

    public AnalyzerOptions Options { get; }

    public static CompilerInvocation Load(string binlogPath, string projectName)
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
        var options = new AnalyzerOptions(
            [.. parsed.AdditionalFiles.Select(f => (AdditionalText)new FileText(f.Path))],
            ConfigOptionsProvider.Create(parsed.AnalyzerConfigPaths));
        return new CompilerInvocation(projectDirectory, compilation, options);
    }

    /// <summary>SecureApi's analyzers, loaded into the default context (one copy per process).</summary>
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers(string analyzerDirectory) =>
        new AnalyzerFileReference(Path.Combine(analyzerDirectory, "SecureApi.Analyzers.dll"), new DefaultContextLoader())
            .GetAnalyzers(LanguageNames.CSharp);

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
