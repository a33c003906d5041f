using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Core;

/// <summary>Writes text back as C#: a string literal, or an interpolated string of text and holes.</summary>
internal static class StringLiterals
{
    /// <summary>"..." (or @"..." when the text spans lines).</summary>
    public static ExpressionSyntax String(string text)
    {
        if (text.Contains('\n'))
        {
            return ParseExpression("@\"" + text.Replace("\"", "\"\"") + "\"");
        }

        return LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(text));
    }

    /// <summary>$"...{value}..." (or $@"..." when the text spans lines); each part is a string (text) or an <see cref="ExpressionSyntax"/> (a hole).</summary>
    public static ExpressionSyntax Interpolated(IEnumerable<object> parts)
    {
        var list = parts.ToList();
        var multiline = list.OfType<string>().Any(t => t.Contains('\n'));
        var text = new StringBuilder(multiline ? "$@\"" : "$\"");
        foreach (var part in list)
        {
            if (part is ExpressionSyntax value)
            {
                text.Append('{').Append(Hole(value)).Append('}');
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
