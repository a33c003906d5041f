using System.Text.Json;

namespace SecureApi.Cli.Reports;

/// <summary>A plain JSON report: the tool, the projects (with compiler error counts), the findings and a per-rule summary.</summary>
public static class JsonReport
{
    public static void Write(ScanResult result, ProductCatalog catalog, Stream output)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("tool", "secureapi");
        json.WriteString("version", ProductCatalog.Version);
        json.WriteString("root", result.Root);

        json.WriteStartArray("projects");
        foreach (var project in result.Projects)
        {
            json.WriteStartObject();
            json.WriteString("name", project.Name);
            json.WriteString("path", PathDisplay.Relative(result.Root, project.Path));
            json.WriteNumber("compilerErrors", project.CompilerErrors);
            json.WriteBoolean("partial", project.CompilerErrors > 0);
            if (project.FirstError is { } firstError)
            {
                json.WriteString("firstCompilerError", firstError);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("loadFailures");
        foreach (var failure in result.LoadFailures)
        {
            json.WriteStartObject();
            json.WriteString("path", PathDisplay.Relative(result.Root, failure.Path));
            json.WriteString("message", failure.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        // Like the text and SARIF reports: an analyzer that failed may have missed findings.
        json.WriteStartArray("analyzerFailures");
        foreach (var failure in result.AnalyzerFailures)
        {
            json.WriteStringValue(failure);
        }

        json.WriteEndArray();

        json.WriteStartArray("findings");
        foreach (var finding in result.Findings)
        {
            json.WriteStartObject();
            json.WriteString("ruleId", finding.RuleId);
            json.WriteString("severity", Severity.Name(finding.Severity));
            json.WriteString("file", finding.RelativePath);
            json.WriteNumber("line", finding.Line);
            json.WriteNumber("column", finding.Column);
            json.WriteNumber("endLine", finding.EndLine);
            json.WriteNumber("endColumn", finding.EndColumn);
            json.WriteString("message", finding.Message);
            json.WriteString("helpUri", catalog.Rule(finding.RuleId)?.HelpLinkUri);
            json.WriteString("fingerprint", finding.Fingerprint);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("summary");
        foreach (var rule in result.Findings.GroupBy(f => f.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("ruleId", rule.Key);
            json.WriteString("title", catalog.Rule(rule.Key)?.Title.ToString());
            json.WriteNumber("count", rule.Count());
            json.WriteString("severity", Severity.Name(rule.Max(f => f.Severity)));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
