using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Injection;

/// <summary>
/// A command line written as text and holes (<see cref="StringTemplate"/>) split into its arguments, when the split is
/// evident: the text between holes holds no quotes, no shell metacharacters and no control characters, so spaces and
/// tabs alone separate the arguments and each hole belongs to exactly one argument (<c>"clone " + url + " " + dir</c>:
/// "clone", url, dir; <c>$"--out {path}.sig"</c>: "--out", $"{path}.sig"). Null otherwise.
/// </summary>
internal static class CommandArguments
{
    /// <summary>Characters that make the launcher or a shell read the text differently from a split at spaces.</summary>
    private const string Metacharacters = "\"'`$|&;<>()*?[]{}~!#%^";

    /// <summary>The arguments as C# expressions of type string, in order.</summary>
    public static List<ExpressionSyntax>? Split(ExpressionSyntax commandLine, SemanticModel model, CancellationToken cancellationToken)
    {
        if (StringTemplate.Parse(commandLine, model, cancellationToken) is not { HasHoles: true } template)
        {
            return null;
        }

        var arguments = new List<List<object>>();
        var current = new List<object>();
        foreach (var part in template.Parts)
        {
            if (part is ExpressionSyntax hole)
            {
                if (!IsOneValue(hole, model, cancellationToken))
                {
                    return null;
                }

                current.Add(hole);
                continue;
            }

            var text = (string)part;
            if (text.Any(c => Metacharacters.IndexOf(c) >= 0 || (char.IsControl(c) && c != '\t')))
            {
                return null;
            }

            var pieces = text.Split(' ', '\t');
            for (var i = 0; i < pieces.Length; i++)
            {
                if (i > 0 && current.Count > 0)
                {
                    // A space or tab ends the argument.
                    arguments.Add(current);
                    current = new List<object>();
                }

                if (pieces[i].Length > 0)
                {
                    current.Add(pieces[i]);
                }
            }
        }

        if (current.Count > 0)
        {
            arguments.Add(current);
        }

        if (arguments.Count == 0)
        {
            return null;
        }

        return arguments.Select(a => Argument(a, model, cancellationToken)).ToList();
    }

    /// <summary>
    /// Does the hole hold one value rather than several arguments? Not when it is joined or assembled text
    /// (<c>string.Join(" ", files)</c>, a <c>StringBuilder</c>), or chooses between constants that themselves hold
    /// several arguments or metacharacters (<c>verbose ? "-v -q" : ""</c>, also through a local).
    /// </summary>
    private static bool IsOneValue(ExpressionSyntax hole, SemanticModel model, CancellationToken cancellationToken, int depth = 0)
    {
        if (depth > 3)
        {
            return false;
        }

        if (hole.DescendantNodesAndSelf().Any(n => n is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Join" } }
                                                   || n is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ToString", Expression: var receiver } }
                                                      && model.GetTypeInfo(receiver, cancellationToken).Type is { Name: "StringBuilder" }
                                                   || n is LiteralExpressionSyntax { Token.Value: string literal } && IsSeveral(literal)
                                                   || n is InterpolatedStringTextSyntax text && IsSeveral(text.TextToken.ValueText)))
        {
            return false;
        }

        if (model.GetSymbolInfo(hole, cancellationToken).Symbol is not ILocalSymbol local)
        {
            return true;
        }

        // Every value the local is given in its body: no += and no constant holding several arguments.
        var body = hole.FirstAncestorOrSelf<SyntaxNode>(n => n is MemberDeclarationSyntax or CompilationUnitSyntax);
        return body is not null && !body.DescendantNodes().Any(n => n switch
        {
            VariableDeclaratorSyntax { Initializer.Value: var value } declarator
                when SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(declarator, cancellationToken), local) => !IsOneValue(value, model, cancellationToken, depth + 1),
            AssignmentExpressionSyntax { Left: IdentifierNameSyntax target } assignment
                when SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(target, cancellationToken).Symbol, local) =>
                !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || !IsOneValue(assignment.Right, model, cancellationToken, depth + 1),
            _ => false,
        });
    }

    private static bool IsSeveral(string text) =>
        text.Any(c => c is ' ' or '\t' || Metacharacters.IndexOf(c) >= 0 || char.IsControl(c));

    /// <summary>A string hole as it is; any other hole, or text with holes, as an interpolated string.</summary>
    private static ExpressionSyntax Argument(List<object> parts, SemanticModel model, CancellationToken cancellationToken)
    {
        if (parts.Count == 1 && parts[0] is string text)
        {
            return StringLiterals.String(text);
        }

        return parts.Count == 1 && parts[0] is ExpressionSyntax hole && model.GetTypeInfo(hole, cancellationToken).Type?.SpecialType == SpecialType.System_String
            ? Unparenthesized(hole)
            : StringLiterals.Interpolated(parts);
    }

    private static ExpressionSyntax Unparenthesized(ExpressionSyntax expression) =>
        expression is ParenthesizedExpressionSyntax { Expression: var inner } && inner is not (AssignmentExpressionSyntax or ConditionalExpressionSyntax)
            ? Unparenthesized(inner)
            : expression.WithoutTrivia();
}
