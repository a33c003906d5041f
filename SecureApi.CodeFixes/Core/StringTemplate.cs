using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SecureApi.CodeFixes.Core;

/// <summary>
/// A string (SQL, a command line) written in C# as literal text and holes: an interpolated string (regular, verbatim,
/// raw), a <c>+</c> chain of literals, constants and expressions, <c>string.Concat(...)</c> or
/// <c>string.Format("...{0}...", ...)</c>. Constant holes (const fields, nameof) become text. Null when the string is
/// written some other way.
/// </summary>
internal sealed class StringTemplate
{
    private static readonly Regex FormatItem = new(@"\{(\d+)\}", RegexOptions.Compiled);

    private StringTemplate(List<object> parts) => Parts = parts;

    /// <summary>Each part is a string (text) or an <see cref="ExpressionSyntax"/> (a hole).</summary>
    public List<object> Parts { get; }

    public bool HasHoles => Parts.Any(p => p is ExpressionSyntax);

    public static StringTemplate? Parse(ExpressionSyntax text, SemanticModel model, CancellationToken cancellationToken)
    {
        var parts = new List<object>();
        return Add(text, parts, model, cancellationToken) ? new StringTemplate(Merge(parts)) : null;
    }

    private static bool Add(ExpressionSyntax expression, List<object> parts, SemanticModel model, CancellationToken cancellationToken)
    {
        expression = Unparenthesize(expression);
        if (model.GetConstantValue(expression, cancellationToken) is { HasValue: true, Value: string constant })
        {
            parts.Add(constant);
            return true;
        }

        switch (expression)
        {
            case InterpolatedStringExpressionSyntax interpolated:
                foreach (var content in interpolated.Contents)
                {
                    switch (content)
                    {
                        case InterpolatedStringTextSyntax text:
                            parts.Add(text.TextToken.ValueText);
                            break;
                        case InterpolationSyntax { AlignmentClause: null, FormatClause: null } hole:
                            if (!Add(hole.Expression, parts, model, cancellationToken) && !AddHole(hole.Expression, parts))
                            {
                                return false;
                            }

                            break;
                        default:
                            // {value:format} or {value,alignment}: the text depends on formatting, keep it out of scope.
                            return false;
                    }
                }

                return true;

            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression)
                                                  && model.GetTypeInfo(binary, cancellationToken).Type?.SpecialType == SpecialType.System_String:
                return Add(binary.Left, parts, model, cancellationToken) && Add(binary.Right, parts, model, cancellationToken);

            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Concat" or "Format" } } call
                when model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol { IsStatic: true, ContainingType.SpecialType: SpecialType.System_String } method:
                return method.Name == "Concat"
                    ? call.ArgumentList.Arguments.All(a => Add(a.Expression, parts, model, cancellationToken))
                    : AddFormat(call, parts, model, cancellationToken);

            default:
                return AddHole(expression, parts);
        }
    }

    private static bool AddHole(ExpressionSyntax expression, List<object> parts)
    {
        parts.Add(expression);
        return true;
    }

    /// <summary>string.Format("... '{0}' ... {1}", a, b): only a constant format with plain {n} items.</summary>
    private static bool AddFormat(InvocationExpressionSyntax call, List<object> parts, SemanticModel model, CancellationToken cancellationToken)
    {
        var arguments = call.ArgumentList.Arguments;
        if (arguments.Count < 2 || model.GetConstantValue(arguments[0].Expression, cancellationToken) is not { HasValue: true, Value: string format }
            || format.Replace("{{", string.Empty).Replace("}}", string.Empty).Count(c => c == '{') != FormatItem.Matches(format).Count)
        {
            return false;
        }

        var last = 0;
        foreach (Match item in FormatItem.Matches(format))
        {
            var index = int.Parse(item.Groups[1].Value, CultureInfo.InvariantCulture) + 1;
            if (index >= arguments.Count)
            {
                return false;
            }

            parts.Add(format.Substring(last, item.Index - last).Replace("{{", "{").Replace("}}", "}"));
            if (!Add(arguments[index].Expression, parts, model, cancellationToken))
            {
                return false;
            }

            last = item.Index + item.Length;
        }

        parts.Add(format.Substring(last).Replace("{{", "{").Replace("}}", "}"));
        return true;
    }

    private static ExpressionSyntax Unparenthesize(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression;
    }

    /// <summary>Adjacent text parts become one.</summary>
    private static List<object> Merge(List<object> parts)
    {
        var merged = new List<object>();
        foreach (var part in parts)
        {
            if (part is string text && merged.Count > 0 && merged[merged.Count - 1] is string previous)
            {
                merged[merged.Count - 1] = previous + text;
            }
            else if (part is not string { Length: 0 })
            {
                merged.Add(part);
            }
        }

        return merged;
    }
}
