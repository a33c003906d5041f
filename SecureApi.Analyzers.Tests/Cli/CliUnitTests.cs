using SecureApi.Cli;
using Xunit;

namespace SecureApi.Analyzers.Tests.Cli;

/// <summary>The scanner's pieces that need no project: progress display, diff, command line.</summary>
public sealed class CliUnitTests
{
    [Fact]
    public void Progress_shows_on_a_terminal_and_stays_quiet_when_redirected()
    {
        var terminal = new StringWriter();
        var shown = new ProgressDisplay(terminal, enabled: true);
        shown.Report("Analyzing", 2, 5, "Orders.Api");
        shown.Done();
        Assert.Contains("[2/5] Analyzing Orders.Api", terminal.ToString(), StringComparison.Ordinal);

        var redirected = new StringWriter();
        var quiet = new ProgressDisplay(redirected, enabled: false);
        quiet.Report("Analyzing", 2, 5, "Orders.Api");
        quiet.Done();
        Assert.Empty(redirected.ToString());
    }

    [Fact]
    public void Unified_diff_shows_the_changed_lines_with_context()
    {
        var before = string.Join('\n', Enumerable.Range(1, 20).Select(i => $"line {i}")) + "\n";
        var after = before.Replace("line 10\n", "line 10\nadded\n", StringComparison.Ordinal).Replace("line 15\n", string.Empty, StringComparison.Ordinal);

        var diff = UnifiedDiff.Create("src/File.cs", before, after);

        Assert.Equal(
            """
            --- a/src/File.cs
            +++ b/src/File.cs
            @@ -8,11 +8,11 @@
             line 8
             line 9
             line 10
            +added
             line 11
             line 12
             line 13
             line 14
            -line 15
             line 16
             line 17
             line 18

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            diff);
    }

    [Fact]
    public void Command_line_reads_options_and_rejects_what_it_does_not_know()
    {
        var rules = new HashSet<string>(["SAPI2001", "SAPI4001"], StringComparer.Ordinal);

        var options = CommandLine.Parse(["scan", "App.sln", "--format", "sarif", "--output", "r.sarif", "--severity-threshold", "warning", "--rule", "sapi4001"], rules)!;

        Assert.Equal(("scan", "App.sln", ReportFormat.Sarif, "r.sarif"), (options.Command, options.Path, options.Format, options.Output));
        Assert.Equal(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, options.FailOn);
        Assert.Equal(["SAPI4001"], options.Rules);
        Assert.Null(CommandLine.Parse(["--help"], rules));
        Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => CommandLine.Parse(["scan"], rules)).ExitCode);
        Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => CommandLine.Parse(["scan", "a", "--dry-run"], rules)).ExitCode);
        Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => CommandLine.Parse(["fix", "a", "--fail-on", "bad"], rules)).ExitCode);

        // Defaults: only the given project, warnings and errors fixed, one line per load problem, no properties.
        var defaults = CommandLine.Parse(["fix", "App.csproj"], rules)!;
        Assert.Equal((false, Microsoft.CodeAnalysis.DiagnosticSeverity.Warning, false), (defaults.IncludeReferences, defaults.FixSeverity, defaults.Verbose));
        Assert.Empty(defaults.Properties);

        var more = CommandLine.Parse(
            ["fix", "App.csproj", "--severity", "note", "--include-references", "--verbose", "-p:TargetFramework=net10.0", "--property:A=1;B=2", "-p", "C=3"], rules)!;
        Assert.Equal((true, Microsoft.CodeAnalysis.DiagnosticSeverity.Info, true), (more.IncludeReferences, more.FixSeverity, more.Verbose));
        Assert.Equal(
            new Dictionary<string, string> { ["TargetFramework"] = "net10.0", ["A"] = "1", ["B"] = "2", ["C"] = "3" },
            more.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value));
        Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => CommandLine.Parse(["scan", "a", "-p:NoValue"], rules)).ExitCode);
        Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => CommandLine.Parse(["scan", "a", "--severity", "note"], rules)).ExitCode);
        Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => CommandLine.Parse(["fix", "a", "--severity", "none"], rules)).ExitCode);
    }

    /// <summary>Restore and load messages as MSBuild, NuGet and the workspace word them, in plain words (null: no reason).</summary>
    [Theory]
    [InlineData(
        "/src/Api/Api.csproj : error NU1101: Unable to find package Contoso.Billing. No packages exist with this id in source(s): nuget.org",
        "package Contoso.Billing not found on the package sources")]
    [InlineData(
        "Msbuild failed when processing the file '/src/Api/Api.csproj' with message: Unable to find package Contoso.Billing. No packages exist with this id in source(s): nuget.org",
        "package Contoso.Billing not found on the package sources")]
    [InlineData(
        "/src/Api/Api.csproj : error NU1102: Unable to find package Serilog with version (>= 9.9.0)",
        "package Serilog >= 9.9.0 not found on the package sources")]
    [InlineData(
        "/src/Api/Api.csproj : error NU1102: Unable to find package Microsoft.NETCore.App.Ref with version (= 7.0.20)",
        "no reference pack for target framework net7.0 (Microsoft.NETCore.App.Ref 7.0.20 is not on the package sources; -p:TargetFramework=... analyzes it for another one)")]
    [InlineData(
        "/usr/share/dotnet/sdk/10.0.401/Sdks/Microsoft.NET.Sdk/targets/Microsoft.NET.TargetFrameworkInference.targets(184,5): error NETSDK1045: The current .NET SDK does not support targeting .NET 11.0.  Either target .NET 10.0 or lower, or use a version of the .NET SDK that supports .NET 11.0.",
        "this .NET SDK cannot build target framework .NET 11.0 (-p:TargetFramework=... analyzes it for another one)")]
    [InlineData(
        "/src/Api/Api.csproj : warning NU1603: Microsoft.AspNetCore.OpenApi 10.0.12 depends on Microsoft.OpenApi (>= 2.12.0 && < 3.0.0) but Microsoft.OpenApi 2.12.0 was not found. Microsoft.OpenApi 2.12.1 was resolved instead.",
        null)]
    [InlineData(
        "Msbuild failed when processing the file '/src/Api/Api.csproj' with message: Microsoft.AspNetCore.OpenApi 10.0.12 depends on Microsoft.OpenApi (>= 2.12.0 && < 3.0.0) but Microsoft.OpenApi 2.12.0 was not found. Microsoft.OpenApi 2.12.1 was resolved instead.",
        null)]
    [InlineData(
        "/src/Api/Api.csproj : error NU1603: Warning As Error: Api depends on Scalar.AspNetCore (>= 2.16.20) but Scalar.AspNetCore 2.16.20 was not found. Scalar.AspNetCore 2.16.21 was resolved instead. [/src/All.slnx]",
        null)]
    [InlineData(
        "/src/Api/Api.csproj : error NU1102:   - Found 39 version(s) in nuget.org [ Nearest version: 10.0.7 ] [/src/All.sln]",
        null)]
    [InlineData(
        "/src/Api/Api.csproj : error NU1102: Unable to find package Microsoft.OpenApi with version (>= 1.6.25) [/src/All.sln]",
        "package Microsoft.OpenApi >= 1.6.25 not found on the package sources")]
    public void Load_problems_are_told_in_plain_words(string message, string? reason) => Assert.Equal(reason, LoadProblems.Explain(message));

    [Fact]
    public void Missing_packages_are_named_in_one_clause()
    {
        var problems = new LoadProblems();
        problems.AddRestoreOutput("/src/All.sln", """
            /src/Api/Api.csproj : error NU1101: Unable to find package Contoso.A. No packages exist with this id in source(s): nuget.org [/src/All.sln]
            /src/Api/Api.csproj : error NU1102: Unable to find package Contoso.B with version (>= 2.0.0) [/src/All.sln]
            /src/Api/Api.csproj : error NU1102:   - Found 3 version(s) in nuget.org [ Nearest version: 1.0.0 ] [/src/All.sln]
            /src/Api/Api.csproj : error NU1603: Warning As Error: Api depends on Contoso.C (>= 1.0.0) but Contoso.C 1.0.0 was not found. [/src/All.sln]
            """);
        Assert.Equal(["packages Contoso.A, Contoso.B >= 2.0.0 not found on the package sources"], problems.Reasons("/src/Api/Api.csproj"));
    }

    [Fact]
    public void One_line_per_project_and_every_message_with_verbose()
    {
        var problems = new LoadProblems();
        problems.AddRestoreOutput("/src/Api/Api.csproj", """
            /src/Api/Api.csproj : warning NU1603: Microsoft.AspNetCore.OpenApi 10.0.12 depends on Microsoft.OpenApi (>= 2.12.0) but Microsoft.OpenApi 2.12.0 was not found.
            /src/Api/Api.csproj : error NU1101: Unable to find package Contoso.Billing. No packages exist with this id in source(s): nuget.org
            """);
        problems.AddWorkspaceMessage("/src/Api/Api.csproj", "Msbuild failed when processing the file '/src/Api/Api.csproj' with message: Unable to find package Contoso.Billing. No packages exist with this id in source(s): nuget.org");
        problems.AddWorkspaceMessage("/src/Api/Api.csproj", "Msbuild failed when processing the file '/src/Worker/Worker.csproj' with message: Microsoft.OpenApi 2.12.1 was resolved instead.");

        var quiet = new StringWriter();
        problems.Write(quiet, verbose: false, root: "/src", notLoaded: []);
        Assert.Equal(
            "secureapi: warning: Api/Api.csproj: package Contoso.Billing not found on the package sources; the results may be partial (--verbose for details)\n",
            quiet.ToString().Replace("\r\n", "\n", StringComparison.Ordinal));

        var verbose = new StringWriter();
        problems.Write(verbose, verbose: true, root: "/src", notLoaded: []);
        Assert.Contains("warning NU1603", verbose.ToString(), StringComparison.Ordinal);
        Assert.Contains("  Worker/Worker.csproj: Msbuild failed", verbose.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Solution_files_list_their_own_projects()
    {
        var folder = Directory.CreateTempSubdirectory("secureapi-sln").FullName;
        try
        {
            var sln = Path.Combine(folder, "All.sln");
            File.WriteAllText(sln, """
                Microsoft Visual Studio Solution File, Format Version 12.00
                Project("{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}") = "App", "src\App\App.csproj", "{545636AC-D51E-4CDB-B90C-00DA2D042A46}"
                EndProject
                Project("{2150E333-8FDC-42A3-9474-1A3956D46DE8}") = "docs", "docs", "{6C86B6D7-9C88-473B-A3D6-0073EDDB40FB}"
                EndProject
                """);
            var slnx = Path.Combine(folder, "All.slnx");
            File.WriteAllText(slnx, """
                <Solution>
                  <Folder Name="/src/">
                    <Project Path="src/App/App.csproj" />
                  </Folder>
                  <Project Path="tests/App.Tests/App.Tests.csproj" />
                </Solution>
                """);

            Assert.Equal([Path.Combine(folder, "src", "App", "App.csproj")], SolutionProjects.Read(sln));
            Assert.Equal([Path.Combine(folder, "src", "App", "App.csproj"), Path.Combine(folder, "tests", "App.Tests", "App.Tests.csproj")], SolutionProjects.Read(slnx));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
