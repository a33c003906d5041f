using System.Text.Json;
using Microsoft.CodeAnalysis;

namespace SecureApi.Cli.Reports;

/// <summary>
/// SARIF 2.1.0 as GitHub code scanning reads it: rule metadata (help link, CWE/OWASP tags, security severity),
/// results with paths relative to the repository root (<c>%SRCROOT%</c>), and stable partial fingerprints.
/// Projects with compiler errors or that failed to load appear as tool execution notifications.
/// </summary>
public static class SarifReport
{
    public const string FingerprintKey = "secureApiFinding/v1";

    public static void Write(ScanResult result, ProductCatalog catalog, Stream output)
    {
        var rules = catalog.Rules;
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();

        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", "SecureApi");
        json.WriteString("semanticVersion", ProductCatalog.Version);
        json.WriteString("informationUri", "https://github.com/secureapi/SecureApi.Analyzers");
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            WriteRule(json, rule);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartObject("originalUriBaseIds");
        json.WriteStartObject("%SRCROOT%");
        json.WriteString("uri", new Uri(result.Root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar).AbsoluteUri);
        json.WriteEndObject();
        json.WriteEndObject();

        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", result.LoadFailures.Count == 0 && result.AnalyzerFailures.Count == 0);
        json.WriteStartArray("toolExecutionNotifications");
        foreach (var project in result.Projects.Where(p => p.CompilerErrors > 0))
        {
            Notification(json, "warning", $"{project.Name}: {project.CompilerErrors} compiler error(s), first: {project.FirstError}; the results may be partial");
        }

        foreach (var failure in result.LoadFailures)
        {
            Notification(json, "error", $"{PathDisplay.Relative(result.Root, failure.Path)} was not loaded: {failure.Message}");
        }

        foreach (var failure in result.AnalyzerFailures)
        {
            Notification(json, "error", "Analyzer failure: " + failure);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();

        json.WriteStartArray("results");
        foreach (var finding in result.Findings)
        {
            json.WriteStartObject();
            json.WriteString("ruleId", finding.RuleId);
            var index = rules.IndexOf(rules.FirstOrDefault(r => r.Id == finding.RuleId)!);
            if (index >= 0)
            {
                json.WriteNumber("ruleIndex", index);
            }

            json.WriteString("level", Severity.SarifLevel(finding.Severity));
            json.WriteStartObject("message");
            json.WriteString("text", finding.Message);
            json.WriteEndObject();
            json.WriteStartArray("locations");
            json.WriteStartObject();
            json.WriteStartObject("physicalLocation");
            json.WriteStartObject("artifactLocation");
            json.WriteString("uri", Uri.EscapeDataString(finding.RelativePath).Replace("%2F", "/", StringComparison.Ordinal));
            json.WriteString("uriBaseId", "%SRCROOT%");
            json.WriteEndObject();
            json.WriteStartObject("region");
            json.WriteNumber("startLine", finding.Line);
            json.WriteNumber("startColumn", finding.Column);
            json.WriteNumber("endLine", finding.EndLine);
            json.WriteNumber("endColumn", finding.EndColumn);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartObject("partialFingerprints");
            json.WriteString(FingerprintKey, finding.Fingerprint);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("columnKind", "utf16CodeUnits");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteRule(Utf8JsonWriter json, DiagnosticDescriptor rule)
    {
        json.WriteStartObject();
        json.WriteString("id", rule.Id);
        json.WriteString("name", Name(rule.Title.ToString()));
        json.WriteStartObject("shortDescription");
        json.WriteString("text", rule.Title.ToString());
        json.WriteEndObject();
        json.WriteStartObject("fullDescription");
        json.WriteString("text", rule.Description.ToString());
        json.WriteEndObject();
        json.WriteString("helpUri", rule.HelpLinkUri);
        json.WriteStartObject("help");
        json.WriteString("text", $"{rule.Description} See {rule.HelpLinkUri}");
        json.WriteString("markdown", $"{rule.Description}\n\n[{rule.Id} documentation]({rule.HelpLinkUri})");
        json.WriteEndObject();
        json.WriteStartObject("defaultConfiguration");
        json.WriteString("level", Severity.SarifLevel(rule.DefaultSeverity));
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteStartArray("tags");
        json.WriteStringValue("security");
        foreach (var tag in rule.CustomTags)
        {
            json.WriteStringValue(tag);
            if (tag.StartsWith("CWE-", StringComparison.Ordinal))
            {
                // GitHub's convention for CWE tags.
                json.WriteStringValue("external/cwe/cwe-" + tag["CWE-".Length..]);
            }
        }

        json.WriteEndArray();
        json.WriteString("precision", "high");

        // GitHub code scanning ranks security alerts by this score (0.1-10): high for errors, medium for warnings.
        json.WriteString("security-severity", rule.DefaultSeverity switch
        {
            DiagnosticSeverity.Error => "8.0",
            DiagnosticSeverity.Warning => "6.5",
            _ => "4.0",
        });
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void Notification(Utf8JsonWriter json, string level, string text)
    {
        json.WriteStartObject();
        json.WriteString("level", level);
        json.WriteStartObject("message");
        json.WriteString("text", text);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>"Token validation check is switched off" becomes "TokenValidationCheckIsSwitchedOff".</summary>
    private static string Name(string title) =>
        string.Concat(title.Split([' ', '-', '\'', '(', ')', ',', '.', '/', ':'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => char.ToUpperInvariant(w[0]) + w[1..]));
}
