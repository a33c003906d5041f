namespace SecureApi.Bench;

/// <summary>
/// Peak resident memory of the compiler server (VBCSCompiler), read from Linux's /proc: the kernel keeps the
/// high-water mark (VmHWM), so a poll only has to see the process once while it lives. Elsewhere it reports nothing.
/// </summary>
internal sealed class CompilerServerMemory : IDisposable
{
    private readonly Timer _timer;
    private readonly object _sync = new();
    private long _peakBytes;

    public CompilerServerMemory()
    {
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));
    }

    public static bool Measurable => OperatingSystem.IsLinux() && Directory.Exists("/proc");

    /// <summary>Peak in bytes, or null when nothing could be read.</summary>
    public long? PeakBytes
    {
        get
        {
            Sample();
            lock (_sync)
            {
                return _peakBytes > 0 ? _peakBytes : null;
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        if (!Measurable)
        {
            return;
        }

        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            try
            {
                if (!int.TryParse(Path.GetFileName(directory), out _)
                    || !File.ReadAllText(Path.Combine(directory, "cmdline")).Contains("VBCSCompiler", StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var line in File.ReadLines(Path.Combine(directory, "status")))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal)
                        && long.TryParse(line["VmHWM:".Length..].Trim().Split(' ')[0], out var kilobytes))
                    {
                        lock (_sync)
                        {
                            _peakBytes = Math.Max(_peakBytes, kilobytes * 1024);
                        }
                    }
                }
            }
            catch (IOException)
            {
                // The process ended between listing and reading.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
