using Microsoft.CodeAnalysis;

namespace SecureApi.Cli.Reports;

/// <summary>Findings grouped by rule with file:line, then a summary table (rule, count, severity) and the projects' state.</summary>
public static class TextReport
{
    public static void Write(ScanResult result, ProductCatalog catalog, TextWriter output)
    {
        output.WriteLine($"SecureApi {ProductCatalog.Version}: {result.Projects.Count} project(s) under {result.Root}");
        output.WriteLine();

        var byRule = result.Findings.GroupBy(f => f.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        foreach (var rule in byRule)
        {
            output.WriteLine($"{rule.Key}: {catalog.Rule(rule.Key)?.Title} ({rule.Count()})");
            foreach (var finding in rule)
            {
                output.WriteLine($"  {finding.RelativePath}:{finding.Line}:{finding.Column}: {Severity.Name(finding.Severity)}: {finding.Message}");
            }

            output.WriteLine();
        }

        if (byRule.Count == 0)
        {
            output.WriteLine("No findings.");
            output.WriteLine();
        }
        else
        {
            output.WriteLine($"{"Rule",-10} {"Count",5}  Severity");
            foreach (var rule in byRule)
            {
                var severities = rule.Select(f => f.Severity).Distinct().OrderByDescending(s => s).Select(Severity.Name);
                output.WriteLine($"{rule.Key,-10} {rule.Count(),5}  {string.Join(", ", severities)}");
            }

            output.WriteLine($"{"Total",-10} {result.Findings.Count,5}");
            output.WriteLine();
        }

        foreach (var project in result.Projects)
        {
            output.WriteLine(project.CompilerErrors == 0
                ? $"Project {project.Name}: analyzed"
                : $"Project {project.Name}: {project.CompilerErrors} compiler error(s), first: {project.FirstError}; the results may be partial (restore the packages and fix the build for a full analysis)");
        }

        foreach (var failure in result.LoadFailures)
        {
            output.WriteLine($"Not loaded: {failure.Path}: {failure.Message}");
        }

        foreach (var failure in result.AnalyzerFailures)
        {
            output.WriteLine($"Analyzer failure: {failure}");
        }
    }
}
