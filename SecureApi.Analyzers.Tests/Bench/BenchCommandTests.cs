using SecureApi.Bench;
using Xunit;

namespace SecureApi.Analyzers.Tests.Bench;

/// <summary>The benchmark command's parsing: options, and the compiler's ReportAnalyzer table. No timing here.</summary>
public sealed class BenchCommandTests
{
    // The shape csc prints with /reportanalyzer (values from a real build of the generated solution).
    private static readonly string[] CompilerMessages =
    [
        "Total analyzer execution time: 1.323 seconds.",
        "NOTE: Elapsed time may be less than analyzer execution time because analyzers can run concurrently.",
        "",
        "Time (s)    %   Analyzer",
        "   0.687   51   SecureApi.Analyzers, Version=0.1.0.0, Culture=neutral, PublicKeyToken=null",
        "   0.501   37      SecureApi.Analyzers.Rules.Authorization.MissingAuthorizationAnalyzer (SAPI2001, SAPI2002)",
        "   0.090    6      SecureApi.Analyzers.Rules.Sql.SqlInjectionAnalyzer (SAPI4001)",
        "  <0.001   <1      SecureApi.Analyzers.Rules.Jwt.JwtLifetimeAnalyzer (SAPI1005)",
        "   0.400   30   Microsoft.AspNetCore.App.Analyzers, Version=10.0.0.0, Culture=neutral, PublicKeyToken=adb9793829ddae60",
        "   0.300   22      Microsoft.AspNetCore.Analyzers.RouteEmbeddedLanguage.RoutePatternAnalyzer (ASP0017)",
        "",
        "Total generator execution time: 0.250 seconds.",
        "",
        "Time (s)    %   Generator",
        "   0.250  100   Microsoft.AspNetCore.App.SourceGenerators, Version=10.0.0.0, Culture=neutral, PublicKeyToken=adb9793829ddae60",
    ];

    [Fact]
    public void Analyzer_table_is_summed_per_assembly_and_per_analyzer_across_projects()
    {
        var measurement = new BuildMeasurement();
        AnalyzerTable.Add(CompilerMessages, measurement);
        AnalyzerTable.Add(CompilerMessages, measurement);

        Assert.Equal(1.374, measurement.SecondsByAssembly["SecureApi.Analyzers"], 3);
        Assert.Equal(0.8, measurement.SecondsByAssembly["Microsoft.AspNetCore.App.Analyzers"], 3);
        Assert.Equal(1.002, measurement.SecondsByAnalyzer["SecureApi.Analyzers|SecureApi.Analyzers.Rules.Authorization.MissingAuthorizationAnalyzer (SAPI2001, SAPI2002)"], 3);
        Assert.Equal(0, measurement.SecondsByAnalyzer["SecureApi.Analyzers|SecureApi.Analyzers.Rules.Jwt.JwtLifetimeAnalyzer (SAPI1005)"]);

        // Generators are not analyzers.
        Assert.DoesNotContain("Microsoft.AspNetCore.App.SourceGenerators", measurement.SecondsByAssembly.Keys);
    }

    [Fact]
    public void Options_default_to_the_documented_run()
    {
        var options = BenchOptions.Parse([]);

        Assert.Equal(150_000, options.Size);
        Assert.Equal(3, options.Runs);
        Assert.Equal(5, options.Warmups);
        Assert.Equal([15_000, 600_000], options.ScalingSizes);
        Assert.Equal(["none", "secureapi", "scs", "sonar", "ca"], options.Sets);
        Assert.Null(options.ReportPath);
    }

    [Fact]
    public void Sonar_rule_selection_reaches_the_compiler_as_an_editor_config_file()
    {
        // A GlobalAnalyzerConfigFiles item added after the SDK's targets is never turned into an EditorConfigFiles one,
        // so Csc would not see it and Sonar would run its default rules.
        var directory = Path.Combine(Path.GetTempPath(), "secureapi-bench-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var path = AnalyzerSet.Sonar.WriteImportFile(new SetContext(directory, "/analyzers", "/repo"));
            var text = File.ReadAllText(path);
            Assert.Contains($"<EditorConfigFiles Include=\"{directory}/sonar-security.globalconfig\" />", text, StringComparison.Ordinal);
            Assert.DoesNotContain("<GlobalAnalyzerConfigFiles", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Baseline_always_runs_and_the_main_size_is_not_repeated_in_the_scaling_table()
    {
        var options = BenchOptions.Parse(["--size", "15k", "--sets", "secureapi", "--scaling", "15k,1m", "--runs", "2"]);

        Assert.Equal(["none", "secureapi"], options.Sets);
        Assert.Equal([1_000_000], options.ScalingSizes);
        Assert.Equal(2, options.Runs);
        Assert.Empty(BenchOptions.Parse(["--scaling", "none"]).ScalingSizes);
    }

    [Theory]
    [InlineData("--sets", "secureapi,resharper")]
    [InlineData("--size", "2m")]
    [InlineData("--size", "lots")]
    [InlineData("--runs", "0")]
    [InlineData("--colour", "blue")]
    public void Bad_options_are_usage_errors(string name, string value) =>
        Assert.Throws<UsageException>(() => BenchOptions.Parse([name, value]));

    [Fact]
    public void Option_without_a_value_is_a_usage_error() =>
        Assert.Throws<UsageException>(() => BenchOptions.Parse(["--size"]));

    [Fact]
    public void Median_of_an_even_count_averages_the_middle_values()
    {
        Assert.Equal(2.5, Statistics.Median([4, 1, 3, 2]));
        Assert.Equal(3, Statistics.Median([5, 3, 1]));
        Assert.Equal(0, Statistics.Median([]));
    }
}
