using Microsoft.CodeAnalysis;

namespace SecureApi.Cli;

/// <summary>Severity names as users write them (<c>--fail-on</c>) and as SARIF levels.</summary>
public static class Severity
{
    /// <summary>"none" never fails; "note" (or info/suggestion) fails on any finding.</summary>
    public static DiagnosticSeverity? ParseThreshold(string value) => value.ToLowerInvariant() switch
    {
        "none" or "never" => null,
        "note" or "info" or "suggestion" => DiagnosticSeverity.Info,
        "warning" => DiagnosticSeverity.Warning,
        "error" => DiagnosticSeverity.Error,
        _ => throw new CliException(ExitCodes.Usage, $"unknown severity '{value}' (expected none, note, warning or error)"),
    };

    public static string Name(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "note",
        _ => "hidden",
    };

    /// <summary>SARIF 2.1.0 result/configuration level.</summary>
    public static string SarifLevel(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        DiagnosticSeverity.Info => "note",
        _ => "none",
    };
}
