using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SecureApi.Cli;

/// <summary>
/// The projects a solution file lists (.sln or .slnx), as full paths. The workspace also loads the projects they
/// reference; only the listed ones are the solution's own.
/// </summary>
public static partial class SolutionProjects
{
    public static IReadOnlyList<string> Read(string solutionPath)
    {
        var folder = Path.GetDirectoryName(solutionPath)!;
        var text = File.ReadAllText(solutionPath);
        var relative = solutionPath.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase)
            ? FromSlnx(text)
            : SlnProjectLine().Matches(text).Select(m => m.Groups["path"].Value);
        return relative
            .Where(p => p.EndsWith("proj", StringComparison.OrdinalIgnoreCase))
            .Select(p => Path.GetFullPath(Path.Combine(folder, p.Replace('\\', Path.DirectorySeparatorChar))))
            .ToList();
    }

    private static IEnumerable<string> FromSlnx(string text)
    {
        try
        {
            return XDocument.Parse(text).Descendants()
                .Where(e => e.Name.LocalName == "Project")
                .Select(e => (string?)e.Attribute("Path"))
                .OfType<string>()
                .ToList();
        }
        catch (System.Xml.XmlException)
        {
            return []; // the workspace reports the broken file
        }
    }

    // Project("{type}") = "Name", "relative\path.csproj", "{id}"
    [GeneratedRegex("""^Project\("[^"]*"\)\s*=\s*"[^"]*"\s*,\s*"(?<path>[^"]+)"\s*,""", RegexOptions.Multiline)]
    private static partial Regex SlnProjectLine();
}
