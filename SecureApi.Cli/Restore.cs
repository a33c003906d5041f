using System.Diagnostics;

namespace SecureApi.Cli;

/// <summary><c>dotnet restore</c>, quietly: an IDE restores before it loads, and so does the scanner.</summary>
public static class Restore
{
    /// <summary>Restores <paramref name="target"/> with the given global properties; the output tells why it failed.</summary>
    public static (bool Succeeded, string Output) Run(string target, IReadOnlyDictionary<string, string> properties)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(target)!,
        };
        foreach (var argument in new[] { "restore", target, "--verbosity", "quiet", "-p:NuGetAudit=false" }.Concat(properties.Select(p => $"-p:{p.Key}={p.Value}")))
        {
            start.ArgumentList.Add(argument);
        }

        // No build servers left behind by a command-line tool.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            Task.WaitAll(output, error);
            return (process.ExitCode == 0, output.Result + error.Result);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (false, "no 'dotnet' on PATH"); // load what is there
        }
    }
}
