using Microsoft.CodeAnalysis;

namespace SecureApi.Cli;

/// <summary>One SAPI finding, with its path relative to the repository root ('/'-separated) and 1-based positions.</summary>
public sealed record ScanFinding(
    string RuleId,
    DiagnosticSeverity Severity,
    string Message,
    string FullPath,
    string RelativePath,
    int Line,
    int Column,
    int EndLine,
    int EndColumn,
    string Fingerprint);

/// <summary>A loaded project, how many compiler errors it has (non-zero: the analysis may be partial) and the first one.</summary>
public sealed record ScannedProject(string Name, string Path, int CompilerErrors, string? FirstError = null);

public sealed record ScanResult(
    string Root,
    IReadOnlyList<ScannedProject> Projects,
    IReadOnlyList<LoadFailure> LoadFailures,
    IReadOnlyList<ScanFinding> Findings,
    IReadOnlyList<string> AnalyzerFailures);
