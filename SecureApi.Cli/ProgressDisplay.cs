namespace SecureApi.Cli;

/// <summary>"[2/5] Analyzing Orders.Api" on one rewritten stderr line; silent when stderr is redirected.</summary>
public sealed class ProgressDisplay(TextWriter error, bool enabled)
{
    private int _width;

    public void Report(string stage, int current, int total, string name)
    {
        if (!enabled)
        {
            return;
        }

        var line = $"[{current}/{total}] {stage} {name}";
        error.Write("\r" + line.PadRight(_width));
        _width = Math.Max(_width, line.Length);
    }

    public void Done()
    {
        if (enabled && _width > 0)
        {
            error.Write("\r" + new string(' ', _width) + "\r");
            _width = 0;
        }
    }
}
