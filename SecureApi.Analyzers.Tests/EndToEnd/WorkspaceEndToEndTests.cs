using System.Collections.Immutable;
using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.MSBuild;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;

namespace SecureApi.Analyzers.Tests.EndToEnd;

/// <summary>
/// The IDE path: open the samples with <see cref="MSBuildWorkspace"/> (as an IDE loads a project) and run the
/// analyzers through <see cref="CompilationWithAnalyzers"/> (as the IDE's diagnostic engine does). The findings
/// must be the ones the command-line build reports.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class WorkspaceEndToEndTests(PackedPackageFixture package)
{
    private static readonly object LocatorGate = new();

    [Fact]
    public async Task Vulnerable_sample_gives_the_expected_findings_through_CompilationWithAnalyzers()
    {
        var project = package.CopySample("VulnerableApi");
        var expected = Finding.ReadExpected(Path.Combine(project, "expected-findings.txt"))
            .Select(e => e.Finding.ToString()).Order().ToList();

        var findings = await AnalyzeAsync(project, "VulnerableApi.csproj");

        Assert.Equal(expected, findings);
    }

    [Fact]
    public async Task Secure_sample_has_no_findings_through_CompilationWithAnalyzers()
    {
        var project = package.CopySample("SecureApi");

        var findings = await AnalyzeAsync(project, "SecureApi.csproj");

        Assert.Empty(findings);
    }

    private async Task<List<string>> AnalyzeAsync(string projectDirectory, string projectFile)
    {
        var restore = ProcessRunner.Dotnet(projectDirectory, package.Environment, "restore");
        Assert.True(restore.ExitCode == 0, restore.ToString());

        lock (LocatorGate)
        {
            if (MSBuildLocator.CanRegister)
            {
                MSBuildLocator.RegisterDefaults();
            }
        }

        var properties = new Dictionary<string, string> { ["NuGetPackageRoot"] = package.Environment["NUGET_PACKAGES"] + Path.DirectorySeparatorChar };
        using var workspace = MSBuildWorkspace.Create(properties);
        var loaded = await workspace.OpenProjectAsync(Path.Combine(projectDirectory, projectFile));
        var failures = workspace.Diagnostics.Where(d => d.Kind == WorkspaceDiagnosticKind.Failure).ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // The copy does not reference the package (the analyzers come from ProductAssemblies): add the
        // appsettings*.json additional files its props would add.
        foreach (var json in Directory.EnumerateFiles(projectDirectory, "appsettings*.json"))
        {
            if (!loaded.AdditionalDocuments.Any(d => d.FilePath == json))
            {
                loaded = loaded.AddAdditionalDocument(Path.GetFileName(json), Microsoft.CodeAnalysis.Text.SourceText.From(File.ReadAllText(json)), filePath: json).Project;
            }
        }

        var compilation = (await loaded.GetCompilationAsync())!;
        var compilerErrors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(compilerErrors.Count == 0, "The sample must load like it builds:\n" + string.Join("\n", compilerErrors));

        var crashes = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            loaded.AnalyzerOptions,
            onAnalyzerException: (exception, analyzer, _) => { lock (crashes) { crashes.Add($"{analyzer}: {exception}"); } },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false);
        var withAnalyzers = compilation.WithAnalyzers(ProductAssemblies.AllAnalyzers(), options);
        var diagnostics = (await withAnalyzers.GetAnalyzerDiagnosticsAsync()).ToList();

        // The IDE analyzes additional documents (appsettings*.json) one by one.
        foreach (var file in loaded.AnalyzerOptions.AdditionalFiles)
        {
            var result = await withAnalyzers.GetAnalysisResultAsync(file, CancellationToken.None);
            diagnostics.AddRange(result.AdditionalFileDiagnostics.Values.SelectMany(byAnalyzer => byAnalyzer.Values).SelectMany(d => d));
        }

        Assert.Empty(crashes);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");

        return diagnostics
            .Where(d => d.Id.StartsWith("SAPI", StringComparison.Ordinal))
            .Select(d =>
            {
                var span = d.Location.GetLineSpan();
                var file = Path.GetRelativePath(projectDirectory, span.Path).Replace('\\', '/');
                return new Finding(file, span.StartLinePosition.Line + 1, d.Id).ToString();
            })
            .Distinct()
            .Order()
            .ToList();
    }
}
