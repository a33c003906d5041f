using System.Text;
using Microsoft.CodeAnalysis;
using SecureApi.Analyzers.Tests.Infrastructure;

namespace SecureApi.Analyzers.Tests.Catalog;

/// <summary>
/// The README's rule table, generated from the descriptors and code fixes. The links are the help links (absolute),
/// so they also work in the package README on nuget.org.
/// </summary>
public static class RuleTable
{
    public const string Begin = "<!-- rules:begin -->";
    public const string End = "<!-- rules:end -->";

    public static string Generate()
    {
        var fixable = ProductAssemblies.AllCodeFixes().SelectMany(f => f.FixableDiagnosticIds).ToHashSet(StringComparer.Ordinal);
        var text = new StringBuilder();
        text.Append(Begin).Append('\n');
        text.Append("| Id | Title | Label | Default severity | Code fix |\n");
        text.Append("|----|-------|-------|------------------|----------|\n");
        foreach (var descriptor in ProductAssemblies.AllDescriptors())
        {
            text.Append($"| [{descriptor.Id}]({descriptor.HelpLinkUri}) | {descriptor.Title} | {descriptor.CustomTags.First()} | {Severity(descriptor.DefaultSeverity)} | {(fixable.Contains(descriptor.Id) ? "Yes" : "No")} |\n");
        }

        text.Append(End);
        return text.ToString();
    }

    private static string Severity(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Info => "Info",
        DiagnosticSeverity.Warning => "Warning",
        DiagnosticSeverity.Error => "Error",
        _ => "Hidden",
    };
}
