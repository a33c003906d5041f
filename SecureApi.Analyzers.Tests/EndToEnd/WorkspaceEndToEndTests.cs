using SecureApi.Cli;
using Xunit;

namespace SecureApi.Analyzers.Tests.EndToEnd;

/// <summary>
/// The IDE path: open the samples with <c>MSBuildWorkspace</c> (as an IDE loads a project) and run the
/// analyzers through <c>CompilationWithAnalyzers</c> (as the IDE's diagnostic engine does). The findings
/// must be the ones the command-line build reports.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class WorkspaceEndToEndTests(PackedPackageFixture package)
{
    [Fact]
    public async Task Vulnerable_sample_gives_the_expected_findings_through_CompilationWithAnalyzers()
    {
        var project = package.CopySample("VulnerableApi");
        var expected = Finding.ReadExpected(Path.Combine(project, "expected-findings.txt"))
            .Select(e => e.Finding.ToString()).Order().ToList();

        var findings = await AnalyzeAsync(project);

        Assert.Equal(expected, findings);
    }

    [Fact]
    public async Task Secure_sample_has_no_findings_through_CompilationWithAnalyzers()
    {
        var project = package.CopySample("SecureApi");

        var findings = await AnalyzeAsync(project);

        Assert.Empty(findings);
    }

    /// <summary>
    /// Loads and analyzes through the scanner's own loader (restore, MSBuildWorkspace, appsettings*.json as additional
    /// files) and analysis (CompilationWithAnalyzers, additional files one by one): one implementation of the IDE path.
    /// </summary>
    private static async Task<List<string>> AnalyzeAsync(string projectDirectory)
    {
        var catalog = ProductCatalog.Load();
        var options = SecureApi.Cli.CommandLine.Parse(["scan", projectDirectory], catalog.RuleIds)!;
        var progress = new ProgressDisplay(TextWriter.Null, enabled: false);
        var messages = new StringWriter();
        using var loaded = await ProjectLoader.LoadAsync(options, progress, messages, CancellationToken.None);
        Assert.True(loaded.Failures.Count == 0 && messages.ToString().Length == 0, messages.ToString());

        var result = await Scanner.ScanAsync(loaded, catalog, [], progress, CancellationToken.None);

        Assert.All(result.Projects, p => Assert.True(p.CompilerErrors == 0, $"{p.Name} must load like it builds: {p.CompilerErrors} compiler errors"));
        Assert.Empty(result.AnalyzerFailures);
        return result.Findings
            .Select(f => new Finding(f.RelativePath, f.Line, f.RuleId).ToString())
            .Distinct()
            .Order()
            .ToList();
    }
}
