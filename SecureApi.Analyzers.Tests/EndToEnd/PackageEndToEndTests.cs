using System.IO.Compression;
using System.Xml.Linq;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;

namespace SecureApi.Analyzers.Tests.EndToEnd;

/// <summary>
/// The path a user travels: install the packed package into a copy of samples/VulnerableApi, see warnings, see
/// errors in strict mode, let <c>dotnet format analyzers</c> apply every fix, and build again.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class PackageEndToEndTests(PackedPackageFixture package)
{
    [Fact]
    public void Package_has_the_analyzers_props_and_no_dependencies()
    {
        using var archive = ZipFile.OpenRead(package.PackagePath);
        var entries = archive.Entries.Select(e => e.FullName).ToList();

        Assert.Contains("analyzers/dotnet/cs/SecureApi.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/SecureApi.CodeFixes.dll", entries);
        Assert.Contains("build/SecureApi.Analyzers.props", entries);
        Assert.Contains("build/SecureApi.Analyzers.targets", entries);
        Assert.Contains("build/SecureApi.Strict.globalconfig", entries);
        Assert.Contains("buildTransitive/SecureApi.Analyzers.props", entries);
        Assert.Contains("buildTransitive/SecureApi.Analyzers.targets", entries);
        Assert.Contains("README.md", entries);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));

        using var nuspecStream = archive.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        var nuspec = XDocument.Load(nuspecStream);
        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal("SecureApi.Analyzers", Value("id"));
        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.False(string.IsNullOrWhiteSpace(Value("tags")));
        Assert.Null(metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "dependencies"));

        // The package page shows the README away from the repository: every link is absolute.
        using var readme = new StreamReader(archive.GetEntry("README.md")!.Open());
        var text = readme.ReadToEnd();
        Assert.Contains("](https://github.com/secureapi/SecureApi.Analyzers/blob/main/docs/cli.md)", text, StringComparison.Ordinal);
        var relative = System.Text.RegularExpressions.Regex.Matches(text, @"\]\((?!https?:|#|mailto:)[^)]*\)").Select(m => m.Value).ToList();
        Assert.Empty(relative);
        Assert.StartsWith("# SecureApi.Analyzers", text, StringComparison.Ordinal);
        Assert.Contains("<!-- rules:end -->", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Install_warn_strict_errors_fix_all_then_clean_build()
    {
        var project = package.CopySample("VulnerableApi");
        var expected = Finding.ReadExpected(Path.Combine(project, "expected-findings.txt"));
        var expectedFindings = expected.Select(e => e.Finding.ToString()).Order().ToList();

        // Install like a user; a development dependency must not flow to consumers.
        package.Run(project, "add", "package", "SecureApi.Analyzers", "--version", PackedPackageFixture.PackageVersion);
        var reference = XDocument.Load(Path.Combine(project, "VulnerableApi.csproj")).Descendants("PackageReference")
            .Single(r => (string?)r.Attribute("Include") == "SecureApi.Analyzers");
        Assert.Equal("all", reference.Element("PrivateAssets")?.Value ?? (string?)reference.Attribute("PrivateAssets"));

        // The package's props hand appsettings*.json to the analyzers.
        var additionalFiles = ProcessRunner.Dotnet(project, package.Environment, "msbuild", "VulnerableApi.csproj", "-getItem:AdditionalFiles");
        Assert.Contains("appsettings.json", additionalFiles.Output, StringComparison.Ordinal);

        // Warnings (Info rules as notes), build succeeds.
        var warnings = package.Build(project, "plain.sarif", strict: false);
        Assert.True(warnings.Result.ExitCode == 0, warnings.Result.ToString());
        Assert.Equal(expectedFindings, Ids(warnings.Findings));
        Assert.All(warnings.Findings, f => Assert.Contains(f.Level, new[] { "warning", "note" }));
        Assert.Contains(warnings.Findings, f => f.Level == "warning");

        // Strict mode: the same findings, all errors, and the build fails.
        var strict = package.Build(project, "strict.sarif", strict: true);
        Assert.True(strict.Result.ExitCode != 0, "A strict build with findings must fail.\n" + strict.Result);
        Assert.Equal(expectedFindings, Ids(strict.Findings));
        Assert.All(strict.Findings, f => Assert.Equal("error", f.Level));
        Assert.Contains("error SAPI", strict.Result.Output, StringComparison.Ordinal);

        // A user's .editorconfig still sets the severity of a single rule in strict mode.
        var editorConfig = Path.Combine(project, ".editorconfig");
        File.WriteAllText(editorConfig, "root = true\n\n[*.cs]\ndotnet_diagnostic.SAPI3002.severity = suggestion\n");
        var overridden = package.Build(project, "overridden.sarif", strict: true);
        Assert.All(overridden.Findings, f => Assert.Equal(f.Finding.RuleId == "SAPI3002" ? "note" : "error", f.Level));
        File.Delete(editorConfig);

        // Fixes move lines; a finding that is not fixed keeps its line's text. Remember the texts to compare after fixing.
        var keptByDefault = expected.Where(e => e.Fix != ExpectedFix.KeepsBehavior).Select(e => e.Finding.Describe(project)).Order().ToList();
        var withoutFix = expected.Where(e => e.Fix == ExpectedFix.None).Select(e => e.Finding.Describe(project)).Order().ToList();

        // The official fix-all command line applies the fixes that keep behaviour; the others wait for a person.
        var ids = expected.Select(e => e.Finding.RuleId).Distinct().Order().ToArray();
        package.Run(project, ["format", "analyzers", "VulnerableApi.csproj", "--severity", "info", "--diagnostics", .. ids]);
        var afterDefault = package.Build(project, "fixed-default.sarif", strict: true);
        Assert.Equal(keptByDefault, afterDefault.Findings.Select(f => f.Finding.Describe(project)).Distinct().Order().ToList());
        Assert.DoesNotContain("Cors:AllowedOrigins", File.ReadAllText(Path.Combine(project, "Program.cs")), StringComparison.Ordinal);

        // Asked for, it applies the behaviour-changing ones too: what remains is exactly what has no fix, and it compiles.
        File.WriteAllText(editorConfig, "root = true\n\n[*.cs]\nsecureapi.fix_all_behavior_changes = true\n");
        package.Run(project, ["format", "analyzers", "VulnerableApi.csproj", "--severity", "info", "--diagnostics", .. ids]);
        var afterFix = package.Build(project, "fixed.sarif", strict: true);
        Assert.Equal(withoutFix, afterFix.Findings.Select(f => f.Finding.Describe(project)).Distinct().Order().ToList());
        Assert.True(afterFix.Result.ExitCode == (withoutFix.Count == 0 ? 0 : 1), afterFix.Result.ToString());
        Assert.Contains("Cors:AllowedOrigins", File.ReadAllText(Path.Combine(project, "Program.cs")), StringComparison.Ordinal);
    }

    /// <summary>
    /// Switching strict mode on or off re-runs the analyzers even when no source changed: an incremental build that
    /// skipped the compiler would print "Build succeeded" with the old severities.
    /// </summary>
    [Fact]
    public void Switching_strict_mode_on_an_incremental_build_rebuilds_with_the_new_severities()
    {
        var project = package.CopySample("VulnerableApi");
        package.Run(project, "add", "package", "SecureApi.Analyzers", "--version", PackedPackageFixture.PackageVersion);

        var plain = package.Build(project, "plain.sarif", strict: false, incremental: true);
        Assert.True(plain.Result.ExitCode == 0, plain.Result.ToString());
        Assert.Contains(plain.Findings, f => f.Level == "warning");
        Assert.DoesNotContain(plain.Findings, f => f.Level == "error");

        var strict = package.Build(project, "strict.sarif", strict: true, incremental: true);
        Assert.True(strict.Result.ExitCode != 0, "Strict mode after a normal build must fail.\n" + strict.Result);
        Assert.Contains("error SAPI", strict.Result.Output, StringComparison.Ordinal);
        Assert.All(strict.Findings, f => Assert.Equal("error", f.Level));

        var plainAgain = package.Build(project, "plain-again.sarif", strict: false, incremental: true);
        Assert.True(plainAgain.Result.ExitCode == 0, plainAgain.Result.ToString());
        Assert.Equal(Ids(plain.Findings), Ids(plainAgain.Findings));
        Assert.DoesNotContain(plainAgain.Findings, f => f.Level == "error");

        // Unchanged mode, unchanged sources: the compiler is skipped as usual (the mode file is not rewritten).
        var unchanged = ProcessRunner.Dotnet(project, package.Environment, "build", "--disable-build-servers", "-p:SecureApiStrict=false", "-v:n");
        Assert.True(unchanged.ExitCode == 0, unchanged.ToString());
        Assert.Contains("Skipping target \"CoreCompile\"", unchanged.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Secure_sample_builds_clean_in_strict_mode()
    {
        var project = package.CopySample("SecureApi");
        package.Run(project, "add", "package", "SecureApi.Analyzers", "--version", PackedPackageFixture.PackageVersion);

        var strict = package.Build(project, "strict.sarif", strict: true);
        Assert.True(strict.Result.ExitCode == 0, strict.Result.ToString());
        Assert.Empty(strict.Findings);
    }

    private static List<string> Ids(IEnumerable<(Finding Finding, string Level)> findings) =>
        findings.Select(f => f.Finding.ToString()).Distinct().Order().ToList();
}
