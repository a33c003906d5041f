using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureApi.Analyzers.Tests.Infrastructure;

namespace SecureApi.Analyzers.Tests.Robustness;

/// <summary>
/// The C# snippets written in the rule tests (read from the test sources in the repository), with markup removed
/// and interpolation holes emptied: a corpus of realistic code every analyzer must survive.
/// </summary>
public static partial class SnippetCorpus
{
    public static string Folder { get; } = RepositoryPaths.Combine("SecureApi.Analyzers.Tests", "Rules");

    public static IEnumerable<string> Files() =>
        Directory.EnumerateFiles(Folder, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    public static IReadOnlyList<string> Snippets(string file)
    {
        var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
        var snippets = new List<string>();
        foreach (var node in root.DescendantNodes())
        {
            var text = node switch
            {
                LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => literal.Token.ValueText,
                InterpolatedStringExpressionSyntax interpolated => string.Concat(interpolated.Contents.OfType<InterpolatedStringTextSyntax>().Select(t => t.TextToken.ValueText)),
                _ => null,
            };

            // Code, not a message or a name.
            if (text is not null && text.Length > 60 && (text.Contains(';') || text.Contains('{')))
            {
                snippets.Add(RemoveMarkup(text));
            }
        }

        return snippets;
    }

    private static string RemoveMarkup(string text) => Markup().Replace(text, string.Empty);

    [GeneratedRegex(@"\{\|[^:|{}]*:|\|\}|\[\||\|\]")]
    private static partial Regex Markup();
}
