using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureApi.Analyzers.Core.AppFacts;

namespace SecureApi.Analyzers.Core.AspNetCore.Endpoints;

/// <summary>
/// The route-group prefixes of a compilation, read from syntax (<c>MapGroup("/auth")</c>): lets a name heuristic skip
/// building each endpoint's full route when no prefix can hold the word it looks for. Callers cache the answer per
/// compilation.
/// </summary>
internal static class GroupPrefixes
{
    private const string Name = "MapGroup";

    /// <summary>
    /// Can some group prefix satisfy <paramref name="test"/>? A prefix that is not a string literal (a constant, a
    /// parameter, a pattern object) might, so it counts.
    /// </summary>
    public static bool Any(Compilation compilation, System.Func<string?, bool> test, CancellationToken cancellationToken)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (!TreeIdentifiers.Contains(tree, Name, cancellationToken))
            {
                continue;
            }

            // Found through the text, not a walk of the tree: a full walk builds every node of files nothing else reads whole.
            var text = tree.GetText(cancellationToken).ToString();
            var root = tree.GetRoot(cancellationToken);
            for (var at = text.IndexOf(Name, System.StringComparison.Ordinal); at >= 0; at = text.IndexOf(Name, at + Name.Length, System.StringComparison.Ordinal))
            {
                if (root.FindToken(at).Parent is SimpleNameSyntax { Identifier.ValueText: Name } name
                    && (name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access.Parent : name.Parent) is InvocationExpressionSyntax { ArgumentList.Arguments: var arguments }
                    && (arguments.FirstOrDefault(a => a.NameColon is null || a.NameColon.Name.Identifier.ValueText == "prefix") is not { Expression: var prefix }
                        || prefix is not LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression } literal
                        || test(literal.Token.ValueText)))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
