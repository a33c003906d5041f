using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Injection.CommandInjectionAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Injection;

/// <summary>SAPI4003: a process file name or command line built from non-constant input.</summary>
public sealed class CommandInjectionAnalyzerTests
{
    private static DiagnosticResult At(int markup, string what = "command line") =>
        Verify.Diagnostic(Descriptors.CommandInjection).WithLocation(markup).WithArguments(what);

    private static DiagnosticResult FileName(int markup) => At(markup, "file name");

    [Fact]
    public Task Every_Process_Start_overload_with_a_built_string()
    {
        const string source = """
            using System.Diagnostics;
            using System.Security;

            public sealed class Tools
            {
                public void Run(string repository, string directory, string tool, string user, SecureString password, string domain)
                {
                    Process.{|#0:Start("git", "clone " + repository + " " + directory)|};
                    Process.{|#1:Start($"/opt/tools/{tool}")|};
                    Process.{|#2:Start("/opt/tools/" + tool, new[] { repository })|};
                    Process.{|#3:Start("git", string.Format("log {0}", repository), user, password, domain)|};
                    Process.{|#4:Start(string.Concat("/opt/", tool), user, password, domain)|};
                    var arguments = $"fetch {repository}";
                    Process.{|#5:Start("git", arguments)|};
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, At(0), FileName(1), FileName(2), At(3), FileName(4), At(5));
    }

    [Fact]
    public Task ProcessStartInfo_constructor_properties_and_initializers()
    {
        const string source = """
            using System.Diagnostics;
            using System.Text;

            public sealed class Scanner
            {
                public void Scan(string path, string address, string options, int pid)
                {
                    var ping = {|#0:new ProcessStartInfo("/bin/sh", $"-c \"ping -c 3 {address}\"")|} { RedirectStandardOutput = true };
                    var scan = new ProcessStartInfo
                    {
                        FileName = "clamdscan",
                        {|#1:Arguments = "--no-summary --fdpass " + path|},
                        UseShellExecute = false,
                    };
                    var kill = new ProcessStartInfo("kill");
                    kill.{|#2:Arguments = string.Join(" ", "-9", pid)|};
                    var builder = new StringBuilder("--config ");
                    builder.Append(options);
                    var custom = new ProcessStartInfo("tool");
                    custom.{|#3:Arguments = builder.ToString()|};
                    var process = new Process { StartInfo = { {|#4:FileName = "/usr/local/bin/" + path|}, Arguments = "--version" } };
                    process.StartInfo.{|#5:Arguments = $"--pid {pid}"|};
                    var later = new ProcessStartInfo("tar") { Arguments = "-x -f archive.tar" };
                    later.{|#6:Arguments += " -C " + path|};
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, At(0), At(1), At(2), At(3), FileName(4), At(5), At(6));
    }

    [Fact]
    public Task Message_names_the_file_name_or_the_arguments()
    {
        const string source = """
            using System.Diagnostics;

            public static class Launcher
            {
                public static void Open(string tool, string target) => Process.{|#0:Start("/opt/" + tool)|};
                public static void Pass(string target) => Process.{|#1:Start("open", "-a " + target)|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            FileName(0),
            At(1));
    }

    [Fact]
    public Task String_built_at_the_call_of_a_helper_whose_parameter_reaches_a_sink()
    {
        const string source = """
            using System.Diagnostics;

            public sealed class Git
            {
                // Runs git with a command line the caller has already written.
                private static Process? Run(string args) => Process.{|#1:Start("git", args)|};

                private static void Configure(string args)
                {
                    var info = new ProcessStartInfo("git") { {|#3:Arguments = args|} };
                    Process.Start(info);
                }

                private static Process? Logged(string args) => Run(args);

                public void Status() => Run("status --short");

                public void Clone(string url, string directory) => {|#0:Run($"clone {url} {directory}")|};

                public void Checkout(string branch)
                {
                    var args = "checkout " + branch;
                    {|#2:Logged(args)|};
                }

                public void Set(string name) => {|#4:Configure("config user.name " + name)|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            At(0).WithLocation(1),
            At(2).WithLocation(1),
            At(4).WithLocation(3));
    }

    // ---------------------------------------------------------------- not flagged

    [Fact]
    public Task Constant_commands_and_arguments_passed_one_by_one()
    {
        const string source = """
            using System.Diagnostics;

            public sealed class Safe
            {
                private const string Git = "git";
                private static readonly string Tools = "/opt/tools/";
                private static readonly string[] Flags = { "--short", "--branch" };

                public void Run(string path, string url, IEnumerable<string> more)
                {
                    Process.Start(Git, "status " + "--short");
                    Process.Start("systemctl", "is-active mosquitto");
                    Process.Start(Tools + "scan", Flags[0] + " " + Flags[1]);
                    Process.Start("git", new[] { "clone", url, path });
                    Process.Start("git", more);

                    var file = new ProcessStartInfo("file") { RedirectStandardOutput = true };
                    file.ArgumentList.Add("--brief");
                    file.ArgumentList.Add(path);
                    file.ArgumentList.Add("--separator=" + path);
                    Process.Start(file);

                    var clone = new ProcessStartInfo("git", new[] { "clone", url });
                    var info = new ProcessStartInfo { FileName = "tar", ArgumentList = { "-x", "-f", path } };
                    Process.Start(info);
                }

                // Received with no visible construction: reported where a caller builds it, not here.
                public void Forward(string fileName, string arguments)
                {
                    Process.Start(fileName, arguments);
                    var info = new ProcessStartInfo(fileName) { Arguments = arguments };
                    info.FileName = Path.Combine(AppContext.BaseDirectory, fileName);
                }

                private static void Quiet(string flag) => Process.Start("tool", "--" + flag);

                public void Callers()
                {
                    Quiet("quiet");
                    Quiet("verbose");
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Helpers_whose_parameter_only_reaches_ArgumentList()
    {
        const string source = """
            using System.Diagnostics;

            public sealed class Git
            {
                private static void Run(string argument)
                {
                    var info = new ProcessStartInfo("git");
                    info.ArgumentList.Add(argument);
                    Process.Start(info);
                }

                public void Clone(string url) => Run("--origin=" + url);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }
}
