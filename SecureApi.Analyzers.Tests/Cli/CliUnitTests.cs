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
    }
}
