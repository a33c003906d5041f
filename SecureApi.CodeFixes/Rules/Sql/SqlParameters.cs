using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using SecureApi.CodeFixes.Core;

namespace SecureApi.CodeFixes.Rules.Sql;

/// <summary>
/// Turns the holes of a <see cref="StringTemplate"/> into parameters. A hole written inside quotes
/// (<c>'{name}'</c>, <c>N'{name}'</c>, or <c>'%{name}%'</c> for LIKE) loses its quotes, the wildcards moving into
/// the value. Whether a hole may become a parameter at all (only where SQL expects a value) is decided before, by
/// <see cref="SqlValuePositions"/> and <see cref="SqlHoleValues"/>.
/// </summary>
internal sealed class SqlParameters
{
    private SqlParameters(List<object> parts, List<(string Name, ExpressionSyntax Value)> parameters)
    {
        Parts = parts;
        Parameters = parameters;
    }

    /// <summary>SQL text parts and <see cref="Placeholder"/> parts.</summary>
    public List<object> Parts { get; }

    /// <summary>The parameters, in order of first use.</summary>
    public List<(string Name, ExpressionSyntax Value)> Parameters { get; }

    /// <summary>A parameter in the SQL text.</summary>
    public sealed class Placeholder
    {
        public Placeholder(string name, ExpressionSyntax value)
        {
            Name = name;
            Value = value;
        }

        public string Name { get; }

        public ExpressionSyntax Value { get; }
    }

    /// <param name="taken">Names already used by the SQL or an existing parameter object.</param>
    public static SqlParameters? From(StringTemplate template, ISet<string> taken)
    {
        var parts = new List<object>(template.Parts);
        var parameters = new List<(string Name, ExpressionSyntax Value)>();
        var byExpression = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(taken, StringComparer.OrdinalIgnoreCase);

        for (var i = 0; i < parts.Count; i++)
        {
            if (parts[i] is not ExpressionSyntax hole)
            {
                continue;
            }

            var before = i > 0 && parts[i - 1] is string b ? b : string.Empty;
            var after = i + 1 < parts.Count && parts[i + 1] is string a ? a : string.Empty;
            var value = hole.WithoutTrivia();

            // 'value' or '%value%': the quotes (and LIKE wildcards) go, the wildcards move into the parameter.
            var quotedBefore = SqlValuePositions.OpeningQuote.Match(before);
            var quotedAfter = SqlValuePositions.ClosingQuote.Match(after);
            if (quotedBefore.Success != quotedAfter.Success)
            {
                return null;
            }

            if (quotedBefore.Success)
            {
                before = before.Substring(0, quotedBefore.Index);
                after = after.Substring(quotedAfter.Length);
                value = Wildcards(value, quotedBefore.Groups[1].Length > 0, quotedAfter.Groups[1].Length > 0);
            }

            if (i > 0)
            {
                parts[i - 1] = before;
            }

            if (i + 1 < parts.Count && parts[i + 1] is string)
            {
                parts[i + 1] = after;
            }

            var key = value.ToString();
            if (!byExpression.TryGetValue(key, out var name))
            {
                name = Unique(NameOf(hole, parameters.Count), used);
                byExpression[key] = name;
                parameters.Add((name, value));
            }

            parts[i] = new Placeholder(name, value);
        }

        return parameters.Count == 0 ? null : new SqlParameters(parts, parameters);
    }

    /// <summary>The SQL text with each placeholder written by <paramref name="placeholder"/>.</summary>
    public string Text(Func<Placeholder, string> placeholder)
    {
        var text = new StringBuilder();
        foreach (var part in Parts)
        {
            text.Append(part is Placeholder p ? placeholder(p) : (string)part);
        }

        return text.ToString();
    }

    /// <summary>The name a hole suggests: <c>id</c> -&gt; id, <c>user.Email</c> -&gt; Email, <c>(int)status</c> -&gt; status.</summary>
    private static string NameOf(ExpressionSyntax hole, int index)
    {
        var name = hole switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            CastExpressionSyntax cast => NameOf(cast.Expression, index),
            InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => NameOf(access.Expression, index),
            ParenthesizedExpressionSyntax parenthesized => NameOf(parenthesized.Expression, index),
            _ => null,
        };

        name = name is null ? null : new string(name.Where(c => char.IsLetterOrDigit(c) || c == '_').ToArray());
        return string.IsNullOrEmpty(name) || char.IsDigit(name![0]) ? "p" + (index + 1) : name;
    }

    private static string Unique(string name, HashSet<string> used)
    {
        var candidate = name;
        for (var n = 2; !used.Add(candidate); n++)
        {
            candidate = name + n;
        }

        return candidate;
    }

    private static ExpressionSyntax Wildcards(ExpressionSyntax value, bool leading, bool trailing)
    {
        if (!leading && !trailing)
        {
            return value;
        }

        ExpressionSyntax result = value is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax ? value : ParenthesizedExpression(value);
        var percent = LiteralExpression(SyntaxKind.StringLiteralExpression, Literal("%"));
        if (leading)
        {
            result = BinaryExpression(SyntaxKind.AddExpression, percent, result);
        }

        if (trailing)
        {
            result = BinaryExpression(SyntaxKind.AddExpression, result, percent);
        }

        // Built by hand: give it the usual spacing ("%" + name + "%").
        return result.NormalizeWhitespace();
    }
}
