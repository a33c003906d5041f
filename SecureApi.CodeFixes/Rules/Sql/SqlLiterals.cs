using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Sql;

/// <summary>Writes SQL back as C#: a string literal, or an interpolated string whose holes are EF Core parameters.</summary>
internal static class SqlLiterals
{
    /// <summary>"..." (or @"..." when the SQL spans lines).</summary>
    public static ExpressionSyntax String(string text)
    {
        if (text.Contains('\n'))
        {
            return ParseExpression("@\"" + text.Replace("\"", "\"\"") + "\"");
        }

        return LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(text));
    }

    /// <summary>$"...{value}..." (or $@"..." when the SQL spans lines).</summary>
    public static ExpressionSyntax Interpolated(SqlParameters parameters)
    {
        var multiline = parameters.Parts.OfType<string>().Any(t => t.Contains('\n'));
        var text = new StringBuilder(multiline ? "$@\"" : "$\"");
        foreach (var part in parameters.Parts)
        {
            if (part is SqlParameters.Placeholder placeholder)
            {
                text.Append('{').Append(Hole(placeholder.Value)).Append('}');
            }
            else
            {
                var escaped = ((string)part).Replace("{", "{{").Replace("}", "}}");
                text.Append(multiline ? escaped.Replace("\"", "\"\"") : Escape(escaped));
            }
        }

        return ParseExpression(text.Append('"').ToString());
    }

    /// <summary>A hole's expression; parenthesized unless it is simple (a ?: would end the hole at its colon).</summary>
    private static string Hole(ExpressionSyntax value) =>
        value is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax or LiteralExpressionSyntax or ParenthesizedExpressionSyntax or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression }
            ? value.ToString()
            : "(" + value + ")";

    private static string Escape(string text)
    {
        var literal = Literal(text).Text;
        return literal.Substring(1, literal.Length - 2);
    }
}
