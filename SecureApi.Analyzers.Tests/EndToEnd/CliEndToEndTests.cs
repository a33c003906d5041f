using System.Text.Json;
using SecureApi.Analyzers.Tests.Infrastructure;
using SecureApi.Cli;
using Xunit;

namespace SecureApi.Analyzers.Tests.EndToEnd;

/// <summary>
/// The <c>secureapi</c> tool, run in-process (its console streams captured) over copies of the samples, plus one run of
/// the packed tool installed with <c>dotnet tool install</c>.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CliEndToEndTests(PackedPackageFixture package)
{
    [Fact]
    public async Task Scan_of_the_vulnerable_sample_finds_exactly_its_expected_list_in_text_json_and_sarif()
    {
        var project = package.CopySample("VulnerableApi");
        var expected = Finding.ReadExpected(Path.Combine(project, "expected-findings.txt")).Select(e => e.Finding.ToString()).Order().ToList();

        var text = await RunAsync("scan", project, "--fail-on", "warning");
        Assert.Equal(ExitCodes.FindingsAtThreshold, text.ExitCode);
        Assert.Equal(expected, TextFindings(text.Output));
        Assert.Matches($@"\nTotal +{expected.Count}\n", text.Output);
        Assert.Contains("Project VulnerableApi: analyzed", text.Output, StringComparison.Ordinal);

        var jsonFile = Path.Combine(project, "..", "report.json");
        var json = await RunAsync("scan", project, "--format", "json", "--output", jsonFile, "--no-restore");
        Assert.Equal(ExitCodes.Success, json.ExitCode);
        using (var report = JsonDocument.Parse(File.ReadAllText(jsonFile)))
        {
            var findings = report.RootElement.GetProperty("findings").EnumerateArray()
                .Select(f => $"{f.GetProperty("file").GetString()}:{f.GetProperty("line").GetInt32()} {f.GetProperty("ruleId").GetString()}");
            Assert.Equal(expected, findings.Distinct().Order().ToList());
            Assert.Equal(0, report.RootElement.GetProperty("projects")[0].GetProperty("compilerErrors").GetInt32());
        }

        var sarifFile = Path.Combine(project, "..", "report.sarif");
        var sarif = await RunAsync("scan", project, "--format", "sarif", "--output", sarifFile, "--no-restore");
        Assert.Equal(ExitCodes.Success, sarif.ExitCode);
        var results = SarifChecks.ValidResults(File.ReadAllText(sarifFile));
        Assert.Equal(expected, results.Select(r => $"{r.Uri}:{r.Line} {r.RuleId}").Distinct().Order().ToList());
        Assert.Equal(results.Count, results.Select(r => r.Fingerprint).Distinct().Count());

        // Fingerprints survive a line inserted above the findings (and a second run).
        var program = Path.Combine(project, "Program.cs");
        File.WriteAllText(program, "// reviewed\n" + File.ReadAllText(program));
        await RunAsync("scan", project, "--format", "sarif", "--output", sarifFile, "--no-restore");
        var moved = SarifChecks.ValidResults(File.ReadAllText(sarifFile));
        Assert.Equal(results.Select(r => r.Fingerprint).Order(), moved.Select(r => r.Fingerprint).Order());
        Assert.NotEqual(results.Where(r => r.Uri == "Program.cs").Select(r => r.Line), moved.Where(r => r.Uri == "Program.cs").Select(r => r.Line));
    }

    [Theory]
    [InlineData("sln")]
    [InlineData("slnx")]
    public async Task Scan_of_a_solution_file_covers_its_projects(string format)
    {
        var project = package.CopySample("VulnerableApi");
        var folder = Path.GetDirectoryName(project)!;
        package.Run(folder, "new", "sln", "-n", "All", "--format", format);
        package.Run(folder, "sln", "All." + format, "add", Path.Combine("VulnerableApi", "VulnerableApi.csproj"));
        var expected = Finding.ReadExpected(Path.Combine(project, "expected-findings.txt"))
            .Select(e => $"VulnerableApi/{e.Finding}").Order().ToList();

        var result = await RunAsync("scan", Path.Combine(folder, "All." + format));

        // Without a .git folder, paths are relative to the solution's folder.
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(expected, TextFindings(result.Output));
    }

    [Fact]
    public async Task Scan_of_the_secure_sample_finds_nothing()
    {
        var project = package.CopySample("SecureApi");

        var result = await RunAsync("scan", project, "--fail-on", "note");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("No findings.", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Project_editorconfig_global_config_and_config_option_set_severities()
    {
        var project = package.CopySample("VulnerableApi");
        File.WriteAllText(Path.Combine(project, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.SAPI6001.severity = none\n");

        // A project's own global config (as an MSBuild item, like the package's strict mode).
        File.WriteAllText(Path.Combine(project, "team.globalconfig"), "is_global = true\ndotnet_diagnostic.SAPI6004.severity = error\n");
        var projectFile = Path.Combine(project, "VulnerableApi.csproj");
        File.WriteAllText(projectFile, File.ReadAllText(projectFile).Replace(
            "</Project>", "  <ItemGroup>\n    <GlobalAnalyzerConfigFiles Include=\"team.globalconfig\" />\n  </ItemGroup>\n</Project>", StringComparison.Ordinal));
        var config = Path.Combine(project, "..", "ci.globalconfig");
        File.WriteAllText(config, "dotnet_diagnostic.SAPI3002.severity = error\n");

        var result = await RunAsync("scan", project, "--config", config, "--fail-on", "error", "--format", "json");

        Assert.Equal(ExitCodes.FindingsAtThreshold, result.ExitCode);
        using var report = JsonDocument.Parse(result.Output);
        var findings = report.RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.DoesNotContain(findings, f => f.GetProperty("ruleId").GetString() == "SAPI6001");
        Assert.All(findings.Where(f => f.GetProperty("ruleId").GetString() == "SAPI3002"), f => Assert.Equal("error", f.GetProperty("severity").GetString()));
        Assert.All(findings.Where(f => f.GetProperty("ruleId").GetString() == "SAPI3001"), f => Assert.Equal("warning", f.GetProperty("severity").GetString()));
        Assert.Contains(findings, f => f.GetProperty("ruleId").GetString() == "SAPI6004");
        Assert.All(findings.Where(f => f.GetProperty("ruleId").GetString() == "SAPI6004"), f => Assert.Equal("error", f.GetProperty("severity").GetString()));
    }

    [Fact]
    public async Task Fix_leaves_only_the_findings_without_fixes_and_the_copy_still_builds()
    {
        var project = package.CopySample("VulnerableApi");
        var expected = Finding.ReadExpected(Path.Combine(project, "expected-findings.txt"));
        var keptByDefault = expected.Where(e => e.Fix != ExpectedFix.KeepsBehavior).Select(e => e.Finding.Describe(project)).Order().ToList();
        var withoutFix = expected.Where(e => e.Fix == ExpectedFix.None).Select(e => e.Finding.Describe(project)).Order().ToList();

        // A behaviour-changing fix ([Authorize]) is applied only when asked for.
        var controller = Path.Combine(project, "Controllers", "ReportsController.cs");
        var unfixed = File.ReadAllText(controller);
        var held = await RunAsync("fix", project, "--dry-run", "--rule", "SAPI2001");
        Assert.Equal(ExitCodes.Success, held.ExitCode);
        Assert.Equal(string.Empty, held.Output);
        Assert.Contains("SAPI2001: would fix 0 of 1; 1 left (the fix changes behaviour", held.Error, StringComparison.Ordinal);
        var dryRun = await RunAsync("fix", project, "--dry-run", "--rule", "SAPI2001", "--include-behaviour-changes");
        Assert.Equal(ExitCodes.Success, dryRun.ExitCode);
        Assert.Contains("+++ b/Controllers/ReportsController.cs", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("+    [Authorize]", dryRun.Output, StringComparison.Ordinal);
        Assert.Contains("SAPI2001: would fix 1 of 1", dryRun.Error, StringComparison.Ordinal);
        Assert.Equal(unfixed, File.ReadAllText(controller));

        // By default: the fixes that keep behaviour. SAPI1004 has no fix; the project makes it an error, so what is
        // left fails --fail-on error.
        File.WriteAllText(Path.Combine(project, ".editorconfig"), "root = true\n\n[*.cs]\ndotnet_diagnostic.SAPI1004.severity = error\n");
        var fix = await RunAsync("fix", project, "--no-restore", "--fail-on", "error", "--severity", "note");
        Assert.Equal(ExitCodes.FindingsAtThreshold, fix.ExitCode);
        Assert.Contains("SAPI4001: fixed 2 of 3", fix.Output, StringComparison.Ordinal);
        Assert.Equal(keptByDefault, TextFindings((await RunAsync("scan", project, "--no-restore")).Output).Select(f => Parse(f).Describe(project)).Order().ToList());

        // Asked for, the behaviour-changing fixes too, except Info findings (SAPI3002: a CORS policy that may be public
        // on purpose), which are fixed only with --severity note.
        var changing = await RunAsync("fix", project, "--no-restore", "--include-behaviour-changes");
        Assert.Contains("SAPI6001: fixed 1 of 3", changing.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("SAPI3002", changing.Output, StringComparison.Ordinal);
        Assert.Contains("SAPI3002", (await RunAsync("scan", project, "--no-restore")).Output, StringComparison.Ordinal);
        var info = await RunAsync("fix", project, "--no-restore", "--severity", "note", "--rule", "SAPI3002", "--include-behaviour-changes");
        Assert.Contains("SAPI3002: fixed 1 of 1", info.Output, StringComparison.Ordinal);

        var after = await RunAsync("scan", project, "--no-restore");
        var left = TextFindings(after.Output).Select(f => Parse(f).Describe(project)).Order().ToList();
        Assert.Equal(withoutFix, left);

        var build = ProcessRunner.Dotnet(project, package.Environment, "build", "--disable-build-servers");
        Assert.True(build.ExitCode == 0, build.ToString());
    }

    [Fact]
    public async Task A_project_with_a_broken_package_reference_is_still_scanned_and_said_to_be_partial()
    {
        var workspace = package.NewWorkspace("Broken");
        var project = Path.Combine(workspace, "Broken");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "Broken.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Contoso.Does.Not.Exist" Version="9.9.9" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            using Contoso.Missing;

            var app = WebApplication.Create(args);
            app.MapGet("/orders", () => MissingClient.List());
            app.Run();
            """);

        var result = await RunAsync("scan", project);

        // One plain line for the project (restore and load say the same thing), not MSBuild's and NuGet's messages.
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(
            ["secureapi: warning: Broken.csproj: package Contoso.Does.Not.Exist not found on the package sources; the results may be partial (--verbose for details)"],
            result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("compiler error(s), first: Program.cs:1:7: CS0246: ", result.Output, StringComparison.Ordinal);
        Assert.Contains("the results may be partial", result.Output, StringComparison.Ordinal);
        Assert.Equal(["Program.cs:3 SAPI8003", "Program.cs:4 SAPI2002"], TextFindings(result.Output));

        var verbose = await RunAsync("scan", project, "--verbose");
        Assert.Contains("error NU1101", verbose.Error, StringComparison.Ordinal);

        // The same through a solution: the package failure is the project's, not a solution that failed to load.
        package.Run(workspace, "new", "sln", "-n", "All", "--format", "slnx");
        package.Run(workspace, "sln", "All.slnx", "add", Path.Combine("Broken", "Broken.csproj"));
        var viaSolution = await RunAsync("scan", Path.Combine(workspace, "All.slnx"), "--no-restore");
        Assert.True(viaSolution.ExitCode == ExitCodes.Success, viaSolution.Error);
        Assert.Contains("Contoso.Does.Not.Exist", viaSolution.Error, StringComparison.Ordinal);
        Assert.Equal(["Broken/Program.cs:3 SAPI8003", "Broken/Program.cs:4 SAPI2002"], TextFindings(viaSolution.Output));
    }

    /// <summary>
    /// A project is scanned on its own: the projects it references (the samples reference the analyzers) are scanned
    /// only with --include-references; a folder scans every project under it, a solution the projects it lists.
    /// </summary>
    [Fact]
    public async Task Scanning_a_project_does_not_scan_the_projects_it_references()
    {
        var workspace = package.NewWorkspace("References");
        var library = Path.Combine(workspace, "Lib");
        var app = Path.Combine(workspace, "App");
        Directory.CreateDirectory(library);
        Directory.CreateDirectory(app);
        File.WriteAllText(Path.Combine(library, "Lib.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(library, "Digests.cs"), """
            public static class Digests
            {
                public static byte[] Of(byte[] data) => System.Security.Cryptography.MD5.HashData(data);
            }
            """);
        File.WriteAllText(Path.Combine(app, "App.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="../Lib/Lib.csproj" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(app, "Program.cs"), """
            var app = WebApplication.Create(args);
            app.MapGet("/digest", () => Digests.Of([1, 2, 3]));
            app.Run();
            """);

        var project = await RunAsync("scan", Path.Combine(app, "App.csproj"));
        Assert.Equal(["Program.cs:1 SAPI8003", "Program.cs:2 SAPI2002"], TextFindings(project.Output));
        Assert.DoesNotContain("Project Lib", project.Output, StringComparison.Ordinal);

        var withReferences = await RunAsync("scan", Path.Combine(app, "App.csproj"), "--include-references", "--no-restore");
        Assert.Contains("Project Lib: analyzed", withReferences.Output, StringComparison.Ordinal);
        Assert.Contains(TextFindings(withReferences.Output), f => f.EndsWith("Digests.cs:3 SAPI6001", StringComparison.Ordinal));

        var folder = await RunAsync("scan", workspace, "--no-restore");
        Assert.Equal(["App/Program.cs:1 SAPI8003", "App/Program.cs:2 SAPI2002", "Lib/Digests.cs:3 SAPI6001"], TextFindings(folder.Output));

        package.Run(workspace, "new", "sln", "-n", "OnlyApp", "--format", "sln");
        package.Run(workspace, "sln", "OnlyApp.sln", "add", Path.Combine("App", "App.csproj"), "--include-references", "false");
        var solution = await RunAsync("scan", Path.Combine(workspace, "OnlyApp.sln"), "--no-restore");
        Assert.Equal(["App/Program.cs:1 SAPI8003", "App/Program.cs:2 SAPI2002"], TextFindings(solution.Output));

        // A docker-compose project in the solution (eShopOnWeb has one) is not C#: skipped, not a failed load.
        Directory.CreateDirectory(Path.Combine(workspace, "compose"));
        File.WriteAllText(Path.Combine(workspace, "compose", "docker-compose.dcproj"), "<Project Sdk=\"Microsoft.Docker.Sdk\" />\n");
        var sln = Path.Combine(workspace, "OnlyApp.sln");
        File.WriteAllText(sln, File.ReadAllText(sln).Replace(
            "Global",
            "Project(\"{E53339B2-1760-4266-BCC7-CA923CBCF16C}\") = \"docker-compose\", \"compose\\docker-compose.dcproj\", \"{3C6B4C0E-4F4E-4C3C-9C1B-2A3A6E0D2F11}\"\nEndProject\nGlobal",
            StringComparison.Ordinal));
        var withCompose = await RunAsync("scan", sln, "--no-restore");
        Assert.True(withCompose.ExitCode == ExitCodes.Success, withCompose.Error);
        Assert.DoesNotContain("could not load", withCompose.Error, StringComparison.Ordinal);
        Assert.Equal(["App/Program.cs:1 SAPI8003", "App/Program.cs:2 SAPI2002"], TextFindings(withCompose.Output));
    }

    /// <summary>
    /// A target framework this machine cannot build (here one newer than its SDK; a reference pack missing from the
    /// package sources reads the same way) is said in plain words, and -p:Name=Value (as dotnet build takes it) lets
    /// the project be analyzed for another one.
    /// </summary>
    [Fact]
    public async Task A_missing_reference_pack_is_named_and_a_property_analyzes_the_project_anyway()
    {
        var workspace = package.NewWorkspace("OldFramework");
        var project = Path.Combine(workspace, "Legacy");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "Legacy.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk.Web">
              <PropertyGroup>
                <TargetFramework>net11.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            var app = WebApplication.Create(args);
            app.MapGet("/orders", () => "[]");
            app.Run();
            """);

        var missing = await RunAsync("scan", project);
        Assert.Equal(
            ["secureapi: warning: Legacy.csproj: this .NET SDK cannot build target framework .NET 11.0 (-p:TargetFramework=... analyzes it for another one); the results may be partial (--verbose for details)"],
            missing.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        var retargeted = await RunAsync("scan", project, "-p:TargetFramework=net10.0");
        Assert.True(retargeted.ExitCode == ExitCodes.Success, retargeted.Error);
        Assert.Equal(string.Empty, retargeted.Error.Trim());
        Assert.Contains("Project Legacy: analyzed", retargeted.Output, StringComparison.Ordinal);
        Assert.Equal(["Program.cs:1 SAPI8003", "Program.cs:2 SAPI2002"], TextFindings(retargeted.Output));
    }

    [Fact]
    public async Task Bad_input_gives_one_line_on_stderr_and_a_distinct_exit_code()
    {
        var workspace = package.NewWorkspace("BadInput");
        var broken = Path.Combine(workspace, "Broken.csproj");
        File.WriteAllText(broken, "<Project Sdk=\"Microsoft.NET.Sdk\"><PropertyGroup>");
        var sample = package.CopySample("SecureApi");

        var cases = new (string[] Arguments, int ExitCode, string Says)[]
        {
            (["scan", Path.Combine(workspace, "missing")], ExitCodes.PathNotFound, "does not exist"),
            (["scan", broken, "--no-restore"], ExitCodes.LoadFailed, "could not load"),
            (["scan", sample, "--rule", "SAPI9999"], ExitCodes.Usage, "unknown rule id 'SAPI9999'"),
            (["scan", sample, "--no-restore", "--config", Path.Combine(workspace, "missing.globalconfig")], ExitCodes.ConfigUnreadable, "cannot read config"),
            (["scan", sample, "--no-restore", "--config", workspace], ExitCodes.ConfigUnreadable, "cannot read config"),
            (["scan", sample, "--format", "xml"], ExitCodes.Usage, "unknown format 'xml'"),
            (["audit", sample], ExitCodes.Usage, "unknown command 'audit'"),
        };

        foreach (var (arguments, exitCode, says) in cases)
        {
            var result = await RunAsync(arguments);
            var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(result.ExitCode == exitCode, $"{string.Join(' ', arguments)}: exit {result.ExitCode}\n{result.Error}");
            Assert.True(lines.Length == 1 && lines[0].StartsWith("secureapi: error: ", StringComparison.Ordinal) && lines[0].Contains(says, StringComparison.Ordinal),
                $"{string.Join(' ', arguments)}:\n{result.Error}");
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Packed_tool_installs_and_scans()
    {
        var feed = Path.Combine(package.Root, "tool-feed");
        var pack = ProcessRunner.Dotnet(
            RepositoryPaths.Root, null, "pack", RepositoryPaths.Combine("SecureApi.Cli", "SecureApi.Cli.csproj"),
            "-c", "Release", "-o", feed, "-p:Version=" + PackedPackageFixture.PackageVersion, "--disable-build-servers");
        Assert.True(pack.ExitCode == 0, pack.ToString());

        var workspace = package.NewWorkspace("Tool");
        var tools = Path.Combine(workspace, "tools");
        var install = ProcessRunner.Dotnet(
            workspace, package.Environment, "tool", "install", "SecureApi.Cli", "--version", PackedPackageFixture.PackageVersion,
            "--tool-path", tools, "--add-source", feed);
        Assert.True(install.ExitCode == 0, install.ToString());

        var sample = package.CopySample("SecureApi");
        var scan = ProcessRunner.Run(Path.Combine(tools, "secureapi"), sample, null, "scan", sample, "--fail-on", "note");
        Assert.True(scan.ExitCode == 0 && scan.Output.Contains("No findings.", StringComparison.Ordinal), scan.ToString());
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exitCode = await CliApplication.RunAsync(arguments, output, error, interactive: false);
        return (exitCode, output.ToString(), error.ToString());
    }

    /// <summary>"file:line RULE" of each "  file:line:column: severity: message" line of the text report.</summary>
    private static List<string> TextFindings(string output) =>
        output.Split('\n')
            .Where(l => l.StartsWith("  ", StringComparison.Ordinal) && l.Contains(": ", StringComparison.Ordinal))
            .Select(l =>
            {
                var location = l.Trim().Split(": ")[0].Split(':');
                var rule = output[..output.IndexOf(l, StringComparison.Ordinal)].Split('\n').Last(h => h.StartsWith("SAPI", StringComparison.Ordinal)).Split(':')[0];
                return $"{location[0]}:{location[1]} {rule}";
            })
            .Distinct()
            .Order()
            .ToList();

    private static Finding Parse(string finding)
    {
        var parts = finding.Split(' ');
        var location = parts[0].Split(':');
        return new Finding(location[0], int.Parse(location[1]), parts[1]);
    }
}
