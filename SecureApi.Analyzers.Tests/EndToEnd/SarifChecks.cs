using System.Text.Json;
using Xunit;

namespace SecureApi.Analyzers.Tests.EndToEnd;

/// <summary>
/// The structure SARIF 2.1.0 requires (version, runs, tool.driver.name, results with a message and physical locations)
/// and what GitHub code scanning reads (rule help, tags, relative uris, partial fingerprints), checked field by field.
/// </summary>
public static class SarifChecks
{
    public sealed record Result(string RuleId, string Uri, int Line, string Fingerprint);

    public static IReadOnlyList<Result> ValidResults(string sarif)
    {
        using var document = JsonDocument.Parse(sarif);
        var root = document.RootElement;
        Assert.Equal("2.1.0", root.GetProperty("version").GetString());
        Assert.Contains("sarif-2.1.0", root.GetProperty("$schema").GetString(), StringComparison.Ordinal);
        var run = Assert.Single(root.GetProperty("runs").EnumerateArray());
        var driver = run.GetProperty("tool").GetProperty("driver");
        Assert.False(string.IsNullOrEmpty(driver.GetProperty("name").GetString()));

        var rules = driver.GetProperty("rules").EnumerateArray().ToList();
        Assert.NotEmpty(rules);
        foreach (var rule in rules)
        {
            Assert.StartsWith("SAPI", rule.GetProperty("id").GetString(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrEmpty(rule.GetProperty("shortDescription").GetProperty("text").GetString()));
            Assert.StartsWith("https://", rule.GetProperty("helpUri").GetString(), StringComparison.Ordinal);
            var tags = rule.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()!).ToList();
            Assert.Contains(tags, t => t.StartsWith("CWE-", StringComparison.Ordinal));
            Assert.Contains(tags, t => t.StartsWith("external/cwe/cwe-", StringComparison.Ordinal));
            Assert.Contains(tags, t => t.StartsWith("OWASP-API", StringComparison.Ordinal));
            Assert.True(double.TryParse(rule.GetProperty("properties").GetProperty("security-severity").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
        }

        Assert.StartsWith("file://", run.GetProperty("originalUriBaseIds").GetProperty("%SRCROOT%").GetProperty("uri").GetString(), StringComparison.Ordinal);
        var results = new List<Result>();
        foreach (var result in run.GetProperty("results").EnumerateArray())
        {
            var ruleId = result.GetProperty("ruleId").GetString()!;
            var index = result.GetProperty("ruleIndex").GetInt32();
            Assert.Equal(ruleId, rules[index].GetProperty("id").GetString());
            Assert.Contains(result.GetProperty("level").GetString(), new[] { "none", "note", "warning", "error" });
            Assert.False(string.IsNullOrEmpty(result.GetProperty("message").GetProperty("text").GetString()));
            var physical = Assert.Single(result.GetProperty("locations").EnumerateArray()).GetProperty("physicalLocation");
            var artifact = physical.GetProperty("artifactLocation");
            var uri = artifact.GetProperty("uri").GetString()!;
            Assert.False(Uri.TryCreate(uri, UriKind.Absolute, out _), "Result paths are relative to the repository root: " + uri);
            Assert.Equal("%SRCROOT%", artifact.GetProperty("uriBaseId").GetString());
            var region = physical.GetProperty("region");
            Assert.True(region.GetProperty("startLine").GetInt32() >= 1);
            Assert.True(region.GetProperty("startColumn").GetInt32() >= 1);
            var fingerprint = result.GetProperty("partialFingerprints").GetProperty(SecureApi.Cli.Reports.SarifReport.FingerprintKey).GetString()!;
            results.Add(new Result(ruleId, uri, region.GetProperty("startLine").GetInt32(), fingerprint));
        }

        return results;
    }
}
