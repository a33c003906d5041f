using System.Diagnostics;

namespace SecureApi.Bench;

/// <summary>Runs the <c>dotnet</c> CLI with its output in a log file (a 150k-line build prints too much to show).</summary>
internal static class Dotnet
{
    public static TimeSpan Run(string logPath, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Telemetry and first-run messages would add noise to the timings.
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        // Users build with the compiler server (the SDK's default); some CI images turn it off through the environment.
        start.Environment.Remove("UseSharedCompilation");
        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        using var log = new StreamWriter(logPath);
        log.WriteLine("dotnet " + string.Join(' ', arguments));
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var sync = new object();
        process.OutputDataReceived += (_, e) => { lock (sync) { log.WriteLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (sync) { log.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.WaitForExit();
        clock.Stop();
        if (process.ExitCode != 0)
        {
            throw new BenchException($"'dotnet {string.Join(' ', arguments.Take(2))}' failed with exit code {process.ExitCode}; see {logPath}");
        }

        return clock.Elapsed;
    }

    /// <summary>Stops the compiler server and MSBuild nodes so that each analyzer set starts from the same state.</summary>
    public static void ShutdownBuildServers(string logPath) => Run(logPath, "build-server", "shutdown");
}

internal sealed class BenchException(string message) : Exception(message);
