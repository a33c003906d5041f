using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;

namespace SecureApi.Analyzers.Tests.Catalog;

/// <summary>
/// Every rule is complete: a descriptor with the catalog's tags, an analyzer that reports it, a doc page, a README
/// row, a release-tracking entry, a strict-mode line and tests.
/// </summary>
public sealed partial class CatalogTests
{
    /// <summary>The category labels of the rule specification (../shared/spec/rules.md, "label" column).</summary>
    private static readonly HashSet<string> SpecLabels = new(StringComparer.Ordinal)
    {
        "JWT-ALG", "JWT-VALIDATION", "JWT-ISSUE", "AUTHZ-MISSING", "CSRF", "RATE-LIMIT", "IDENTITY-POLICY",
        "CORS-CREDS", "CORS-ANY", "SQLI", "NOSQLI", "CMDI", "OPEN-REDIRECT", "DESERIALIZE", "EXC-LEAK",
        "LOG-SECRET", "MASS-ASSIGN", "WEAK-HASH", "WEAK-KDF", "WEAK-CIPHER", "WEAK-RANDOM", "SECRET", "TLS",
        "COOKIE", "BODY-LIMIT", "PROXY-TRUST",
        "TOKEN-IN-URL", "OAUTH-FLOW", "USER-ENUM", "BOLA",
    };

    public static TheoryData<string> RuleIds() => new(ProductAssemblies.AllDescriptors().Select(d => d.Id));

    [Fact]
    public void Ids_are_unique_and_every_descriptor_is_reported_by_an_analyzer()
    {
        var descriptors = ProductAssemblies.AllDescriptors();
        Assert.NotEmpty(descriptors);
        Assert.Equal(descriptors.Length, descriptors.Select(d => d.Id).Distinct().Count());

        var supported = ProductAssemblies.AllAnalyzers().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet();
        Assert.Equal(descriptors.Select(d => d.Id).Order(), supported.Order());
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Descriptor_follows_the_catalog_conventions(string id)
    {
        var descriptor = Descriptor(id);
        Assert.Matches("^SAPI[1-8][0-9]{3}$", id);
        Assert.Equal("Security", descriptor.Category);
        Assert.True(descriptor.IsEnabledByDefault);
        Assert.Equal(Descriptors.HelpLinkBase + id + ".md", descriptor.HelpLinkUri);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));

        var tags = descriptor.CustomTags.ToList();
        Assert.Contains(tags[0], SpecLabels);
        Assert.Single(tags, t => SpecLabels.Contains(t));
        Assert.Single(tags, t => CweTag().IsMatch(t));
        Assert.Single(tags, t => OwaspTag().IsMatch(t));
        Assert.DoesNotContain(WellKnownDiagnosticTags.CompilationEnd, tags);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_has_a_documentation_page_with_every_section(string id)
    {
        var descriptor = Descriptor(id);
        var path = RepositoryPaths.Combine("docs", "rules", id + ".md");
        Assert.True(File.Exists(path), $"{path} is missing");
        var page = File.ReadAllText(path);

        Assert.StartsWith($"# {id}: {descriptor.Title}", page, StringComparison.Ordinal);
        foreach (var section in new[] { "## What it flags", "## What it does not flag", "## Why it matters", "## Noncompliant code", "## Compliant code", "## How to fix", "## Options", "## References" })
        {
            Assert.Contains(section, page, StringComparison.Ordinal);
        }

        var tags = descriptor.CustomTags.ToList();
        Assert.Contains(tags.Single(t => CweTag().IsMatch(t)), page, StringComparison.Ordinal);
        var owaspItem = "API" + tags.Single(t => OwaspTag().IsMatch(t))["OWASP-API".Length..] + ":2023";
        Assert.Contains(owaspItem, page, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_is_release_tracked_strict_and_tested(string id)
    {
        var descriptor = Descriptor(id);
        var releases = File.ReadAllText(RepositoryPaths.Combine("SecureApi.Analyzers", "AnalyzerReleases.Shipped.md"))
            + File.ReadAllText(RepositoryPaths.Combine("SecureApi.Analyzers", "AnalyzerReleases.Unshipped.md"));
        Assert.Matches($@"(?m)^{id}\s*\|\s*Security\s*\|\s*{descriptor.DefaultSeverity}\s*\|", releases);

        var strict = File.ReadAllText(RepositoryPaths.Combine("SecureApi.Analyzers.Package", "build", "SecureApi.Strict.globalconfig"));
        Assert.Matches($@"(?m)^dotnet_diagnostic\.{id}\.severity = error$", strict);

        var testSources = Directory.EnumerateFiles(RepositoryPaths.Combine("SecureApi.Analyzers.Tests", "Rules"), "*.cs", SearchOption.AllDirectories)
            .Select(File.ReadAllText);
        Assert.Contains(testSources, s => s.Contains(id, StringComparison.Ordinal) || s.Contains("Descriptors." + DescriptorField(descriptor), StringComparison.Ordinal));
    }

    [Fact]
    public void Strict_mode_lists_only_catalog_rules()
    {
        var ids = ProductAssemblies.AllDescriptors().Select(d => d.Id).ToHashSet();
        var strict = File.ReadAllLines(RepositoryPaths.Combine("SecureApi.Analyzers.Package", "build", "SecureApi.Strict.globalconfig"));
        foreach (var line in strict.Where(l => l.StartsWith("dotnet_diagnostic.", StringComparison.Ordinal)))
        {
            Assert.Contains(line.Split('.')[1], ids);
        }
    }

    [Fact]
    public void Readme_rule_table_matches_the_descriptors()
    {
        var path = RepositoryPaths.Combine("README.md");
        var readme = File.ReadAllText(path).ReplaceLineEndings("\n");
        var expected = RuleTable.Generate();
        var start = readme.IndexOf(RuleTable.Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(RuleTable.End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"README.md has no {RuleTable.Begin} ... {RuleTable.End} block.");

        var actual = readme[start..(end + RuleTable.End.Length)];
        if (actual != expected && Environment.GetEnvironmentVariable("SECUREAPI_UPDATE_README") == "1")
        {
            File.WriteAllText(path, readme[..start] + expected + readme[(end + RuleTable.End.Length)..]);
            return;
        }

        Assert.True(actual == expected, $"README.md's rule table is out of date (run the tests with SECUREAPI_UPDATE_README=1). Expected:\n{expected}");
    }

    [Fact]
    public void Every_option_is_documented()
    {
        var configuration = File.ReadAllText(RepositoryPaths.Combine("docs", "configuration.md"));
        foreach (var option in SecureApiOptions.All)
        {
            Assert.Contains(option.Key, configuration, StringComparison.Ordinal);
            Assert.Contains(option.DefaultText, configuration, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Code_fixes_are_exported_under_their_class_name_and_fix_catalog_rules()
    {
        var ids = ProductAssemblies.AllDescriptors().Select(d => d.Id).ToHashSet();
        foreach (var fixer in ProductAssemblies.AllCodeFixes())
        {
            var export = fixer.GetType().GetCustomAttribute<ExportCodeFixProviderAttribute>();
            Assert.NotNull(export);
            Assert.Equal(fixer.GetType().Name, export.Name);
            Assert.Contains(LanguageNames.CSharp, export.Languages);
            Assert.NotNull(fixer.GetFixAllProvider());
            Assert.All(fixer.FixableDiagnosticIds, id => Assert.Contains(id, ids));
        }
    }

    private static DiagnosticDescriptor Descriptor(string id) => ProductAssemblies.AllDescriptors().Single(d => d.Id == id);

    private static string DescriptorField(DiagnosticDescriptor descriptor) =>
        typeof(Descriptors).GetFields(BindingFlags.Public | BindingFlags.Static).Single(f => f.GetValue(null) == descriptor).Name;

    [GeneratedRegex("^CWE-[0-9]+$")]
    private static partial Regex CweTag();

    [GeneratedRegex("^OWASP-API([1-9]|10)$")]
    private static partial Regex OwaspTag();
}
