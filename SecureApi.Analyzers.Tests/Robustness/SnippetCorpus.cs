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

        // const strings of the file, so that `Usings + """..."""` folds into the whole snippet.
        var constants = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in root.DescendantNodes().OfType<FieldDeclarationSyntax>().Where(f => f.Modifiers.Any(SyntaxKind.ConstKeyword)))
        {
            foreach (var variable in field.Declaration.Variables)
            {
                if (variable.Initializer is { } initializer && Fold(initializer.Value, constants) is { } value)
                {
                    constants[variable.Identifier.ValueText] = value;
                }
            }
        }

        var snippets = new List<string>();
        foreach (var expression in root.DescendantNodes().OfType<ExpressionSyntax>())
        {
            // Only whole expressions: not a part of a larger concatenation.
            if (expression is not (LiteralExpressionSyntax or InterpolatedStringExpressionSyntax or BinaryExpressionSyntax)
                || expression.Parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression })
            {
                continue;
            }

            // Code, not a message or a name.
            if (Fold(expression, constants) is { } text && text.Length > 60 && (text.Contains(';') || text.Contains('{')))
            {
                snippets.Add(RemoveMarkup(text));
            }
        }

        return snippets;
    }

    /// <summary>The text of a string literal, an interpolated string (holes emptied), a const, or a + of those.</summary>
    private static string? Fold(ExpressionSyntax expression, IReadOnlyDictionary<string, string> constants) => expression switch
    {
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => literal.Token.ValueText,
        InterpolatedStringExpressionSyntax interpolated => string.Concat(interpolated.Contents.OfType<InterpolatedStringTextSyntax>().Select(t => t.TextToken.ValueText)),
        IdentifierNameSyntax name => constants.TryGetValue(name.Identifier.ValueText, out var value) ? value : null,
        BinaryExpressionSyntax add when add.IsKind(SyntaxKind.AddExpression) =>
            Fold(add.Left, constants) is { } left && Fold(add.Right, constants) is { } right ? left + right : null,
        ParenthesizedExpressionSyntax parenthesized => Fold(parenthesized.Expression, constants),
        _ => null,
    };

    private static string RemoveMarkup(string text) => Markup().Replace(text, string.Empty);

    [GeneratedRegex(@"\{\|[^:|{}]*:|\|\}|\[\||\|\]")]
    private static partial Regex Markup();
}
