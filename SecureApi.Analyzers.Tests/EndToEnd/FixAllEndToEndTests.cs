using SecureApi.Bench.Generator;
using SecureApi.Cli;
using Xunit;

namespace SecureApi.Analyzers.Tests.EndToEnd;

/// <summary>
/// Every fix of every rule, behaviour-changing ones and Info findings included, applied in bulk (<c>secureapi fix</c>,
/// i.e. Fix All per rule) to both samples and to a larger generated solution: the result must build with warnings as
/// errors. A fix that leaves an unused variable (CS0168), an unreachable statement or a nullable warning fails here.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class FixAllEndToEndTests(PackedPackageFixture package)
{
    [Theory]
    [InlineData("VulnerableApi", true)]
    [InlineData("SecureApi", false)]
    public async Task Every_fix_over_a_sample_builds_with_warnings_as_errors(string sample, bool hasFindings)
    {
        var project = package.CopySample(sample);
        var report = await FixEverythingThenBuildCleanAsync(project, project);
        Assert.Contains(hasFindings ? ": fixed " : "Nothing to fix.", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_fix_over_a_generated_solution_builds_with_warnings_as_errors()
    {
        var root = package.NewWorkspace("Generated");
        var generated = SolutionGenerator.Generate(root, 8_000, SolutionGenerator.DefaultSeed);
        Assert.True(generated.FlaggedSites > 0);
        var report = await FixEverythingThenBuildCleanAsync(generated.SolutionPath, root);
        Assert.Contains(": fixed ", report, StringComparison.Ordinal);
    }

    /// <returns>What secureapi fix reported.</returns>
    private async Task<string> FixEverythingThenBuildCleanAsync(string target, string folder)
    {
        // The copies do not reference the analyzers. Warnings the code has before (the generated solution's EF1003 on
        // FromSqlRaw, say) stay warnings; any other warning after the fixes is an error.
        var before = ProcessRunner.Dotnet(folder, package.Environment, "build", target, "--disable-build-servers");
        Assert.True(before.ExitCode == 0, "The code must build before the fixes:\n" + before);
        var known = System.Text.RegularExpressions.Regex.Matches(before.Output, @"warning ([A-Z]+[0-9]+):").Select(m => m.Groups[1].Value).Distinct().Order();

        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await CliApplication.RunAsync(
            ["fix", target, "--include-behaviour-changes", "--severity", "note", "--no-restore", "--no-progress"], output, error, interactive: false);
        Assert.True(exitCode == ExitCodes.Success, $"secureapi fix exited {exitCode}:\n{output}\n{error}");

        var after = ProcessRunner.Dotnet(
            folder, package.Environment, "build", target, "--disable-build-servers", "--no-incremental",
            "-p:TreatWarningsAsErrors=true", "-p:WarningsNotAsErrors=" + string.Join("%3B", known));
        Assert.True(after.ExitCode == 0, $"The fixed code does not build with warnings as errors:\n{output}\n{after}");
        return output.ToString();
    }
}
