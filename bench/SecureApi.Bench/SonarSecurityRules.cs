using System.Collections;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace SecureApi.Bench;

/// <summary>
/// "Only its security rules and hotspots": SonarAnalyzer's own rule catalog says each rule's type, so the set is read
/// from the restored package (a newer package brings its new security rules with it) and written as a global config
/// that turns those rules on and every other Sonar rule off.
/// </summary>
internal static class SonarSecurityRules
{
    public const string Version = "10.36.0.15337";

    private static readonly string[] SecurityTypes = ["VULNERABILITY", "SECURITY_HOTSPOT"];

    public static IReadOnlyList<string> WriteGlobalConfig(string restoredProjectDirectory, string path)
    {
        var dll = Path.Combine(PackagesFolder(restoredProjectDirectory), "sonaranalyzer.csharp", Version, "analyzers", "SonarAnalyzer.CSharp.dll");
        var catalog = Assembly.LoadFrom(dll).GetType("SonarAnalyzer.CSharp.Core.Rspec.RuleCatalog")
            ?? throw new InvalidOperationException($"{dll} has no rule catalog; update {nameof(SonarSecurityRules)} for this version");
        var rules = (IDictionary)catalog.GetProperty("Rules")!.GetValue(null)!;
        var security = new List<string>();
        var text = new StringBuilder("is_global = true\n");
        foreach (DictionaryEntry entry in rules)
        {
            var id = (string)entry.Key;
            var type = entry.Value!.GetType().GetProperty("Type")!.GetValue(entry.Value) as string;
            var enabled = SecurityTypes.Contains(type);
            if (enabled)
            {
                security.Add(id);
            }

            text.Append($"dotnet_diagnostic.{id}.severity = {(enabled ? "warning" : "none")}\n");
        }

        File.WriteAllText(path, text.ToString());
        security.Sort(StringComparer.Ordinal);
        return security;
    }

    private static string PackagesFolder(string restoredProjectDirectory)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(Path.Combine(restoredProjectDirectory, "obj", "project.assets.json")));
        return assets.RootElement.GetProperty("packageFolders").EnumerateObject().First().Name;
    }
}
