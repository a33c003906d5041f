namespace SecureApi.Cli;

/// <summary>Process exit codes: one per kind of outcome, so a CI script can tell them apart.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Findings at or above the <c>--fail-on</c> severity.</summary>
    public const int FindingsAtThreshold = 1;

    /// <summary>Bad command line: unknown command, option or rule id, missing value.</summary>
    public const int Usage = 2;

    public const int PathNotFound = 3;

    /// <summary>A solution or project could not be loaded (the others are still scanned).</summary>
    public const int LoadFailed = 4;

    public const int ConfigUnreadable = 5;

    /// <summary>Anything unexpected (reported in one line, never as a stack trace).</summary>
    public const int InternalError = 6;
}

/// <summary>An error the user can act on: one line on stderr and its exit code.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
