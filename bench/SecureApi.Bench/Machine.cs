using System.Runtime.InteropServices;

namespace SecureApi.Bench;

/// <summary>The machine description printed with the figures.</summary>
internal static class Machine
{
    public static IReadOnlyList<string> Describe()
    {
        var cpu = ReadProcValue("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = ReadProcValue("/proc/meminfo", "MemTotal");
        var memoryText = memory is not null && long.TryParse(memory.Split(' ')[0], out var kilobytes)
            ? $"{kilobytes / 1024.0 / 1024.0:F1} GiB"
            : "unknown";
        return
        [
            $"CPU: {cpu}, {Environment.ProcessorCount} logical cores",
            $"Memory: {memoryText}",
            $"OS: {RuntimeInformation.OSDescription}",
            $".NET SDK: {SdkVersion()} (runtime {RuntimeInformation.FrameworkDescription})",
        ];
    }

    private static string? ReadProcValue(string path, string key)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line?[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static string SdkVersion()
    {
        var log = Path.Combine(Path.GetTempPath(), "secureapi-bench-sdk-version.log");
        try
        {
            Dotnet.Run(log, "--version");
            return File.ReadLines(log).Skip(1).FirstOrDefault(l => l.Length > 0)?.Trim() ?? "unknown";
        }
        catch (BenchException)
        {
            return "unknown";
        }
    }
}
