using SecureApi.Analyzers.Core;
using SecureApi.CodeFixes.Rules.Injection;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Injection.CommandInjectionAnalyzer,
    SecureApi.CodeFixes.Rules.Injection.CommandInjectionCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Injection;

/// <summary>Fix of SAPI4003: the command line becomes a list of arguments where its split is evident.</summary>
public sealed class CommandInjectionCodeFixTests
{
    private const string Key = CommandInjectionCodeFix.UseArgumentList;

    [Fact]
    public Task Arguments_statements_and_initializers_become_ArgumentList_with_fix_all()
    {
        const string source = """
            using System.Diagnostics;

            public sealed class Git
            {
                public void Clone(string url, string directory)
                {
                    var info = new ProcessStartInfo("git");
                    info.{|SAPI4003:Arguments = "clone " + url + " " + directory|};
                    Process.Start(info);
                }

                public void Scan(string path, int depth)
                {
                    var scan = new ProcessStartInfo
                    {
                        FileName = "clamdscan",
                        {|SAPI4003:Arguments = $"--no-summary --max-depth={depth}  --fdpass {path}"|},
                        UseShellExecute = false,
                    };
                    Process.Start(scan);
                }
            }
            """;
        const string fixedSource = """
            using System.Diagnostics;

            public sealed class Git
            {
                public void Clone(string url, string directory)
                {
                    var info = new ProcessStartInfo("git");
                    info.ArgumentList.Add("clone");
                    info.ArgumentList.Add(url);
                    info.ArgumentList.Add(directory);
                    Process.Start(info);
                }

                public void Scan(string path, int depth)
                {
                    var scan = new ProcessStartInfo
                    {
                        FileName = "clamdscan",
                        ArgumentList = { "--no-summary", $"--max-depth={depth}", "--fdpass", path },
                        UseShellExecute = false,
                    };
                    Process.Start(scan);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Process_Start_and_the_constructor_take_an_argument_array()
    {
        const string source = """
            using System.Diagnostics;

            public sealed class Firmware
            {
                public void Sign(string model, string path)
                {
                    var signatureArgs = $"--model {model} --in {path} --out {path}.sig";
                    using var signer = Process.{|SAPI4003:Start("fwsign", signatureArgs)|};
                    var inspect = {|SAPI4003:new ProcessStartInfo("fwinspect", "--json " + path)|} { RedirectStandardOutput = true };
                    Process.Start(inspect);
                }
            }
            """;
        const string fixedSource = """
            using System.Diagnostics;

            public sealed class Firmware
            {
                public void Sign(string model, string path)
                {
                    var signatureArgs = new[] { "--model", model, "--in", path, "--out", $"{path}.sig" };
                    using var signer = Process.Start("fwsign", signatureArgs);
                    var inspect = new ProcessStartInfo("fwinspect", new[] { "--json", path }) { RedirectStandardOutput = true };
                    Process.Start(inspect);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Initializer_of_a_start_info_created_with_its_file_name()
    {
        const string source = """
            using System.Diagnostics;

            namespace Shop.Infrastructure;

            public static class InvoiceArchive
            {
                public static async Task<int> PackAsync(string orderId, string folder, CancellationToken ct)
                {
                    var tar = new ProcessStartInfo("tar")
                    {
                        {|SAPI4003:Arguments = "-c -z -f " + orderId + ".tar.gz -C " + folder + " ."|},
                        UseShellExecute = false,
                    };
                    using var process = Process.Start(tar)!;
                    await process.WaitForExitAsync(ct);
                    return process.ExitCode;
                }
            }
            """;
        const string fixedSource = """
            using System.Diagnostics;

            namespace Shop.Infrastructure;

            public static class InvoiceArchive
            {
                public static async Task<int> PackAsync(string orderId, string folder, CancellationToken ct)
                {
                    var tar = new ProcessStartInfo("tar")
                    {
                        ArgumentList = { "-c", "-z", "-f", $"{orderId}.tar.gz", "-C", folder, "." },
                        UseShellExecute = false,
                    };
                    using var process = Process.Start(tar)!;
                    await process.WaitForExitAsync(ct);
                    return process.ExitCode;
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task No_fix_where_the_split_is_not_evident()
    {
        const string source = """
            using System.Diagnostics;

            public sealed class Unsplittable
            {
                public void Run(string address, string path, string tool, string pattern)
                {
                    // Quotes, a shell, metacharacters, a built file name, holes holding several arguments, a helper call: no mechanical split.
                    Process.{|SAPI4003:Start("/bin/sh", $"-c \"ping -c 3 {address}\"")|};
                    Process.{|SAPI4003:Start("bash", "-c ls " + path)|};
                    Process.{|SAPI4003:Start("grep", "-r " + pattern + " | head")|};
                    Process.{|SAPI4003:Start("/opt/" + tool)|};
                    Process.{|SAPI4003:Start("tar", "-x -f '" + path + "'")|};
                    var info = new ProcessStartInfo("tar", "-x");
                    info.{|SAPI4003:Arguments = "-x -f " + path|};
                    var shell = new ProcessStartInfo();
                    shell.FileName = "/bin/bash";
                    shell.{|SAPI4003:Arguments = "-c ls " + path|};
                    var verbose = path.Length > 3 ? "-v -q" : "";
                    Process.{|SAPI4003:Start("tar", "-x " + verbose + " " + path)|};
                    Process.{|SAPI4003:Start("tar", "-x " + string.Join(" ", address, path))|};
                    var options = new System.Text.StringBuilder("-x");
                    options.Append(path);
                    Process.{|SAPI4003:Start("tar", "-f " + options.ToString())|};
                    {|#0:Tool("--in " + path)|};
                }

                private static void Tool(string args) => Process.{|#1:Start("tool", args)|};
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key, expected: Verify.Diagnostic(Descriptors.CommandInjection).WithLocation(0).WithLocation(1).WithArguments("command line"));
    }
}
