using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace SecureApi.Analyzers.Core.AppFacts;

/// <summary>
/// Cheap syntactic pre-filter for app-wide facts: does a syntax tree mention an identifier at all? Cached per tree
/// object, so in the IDE an edit rescans only the edited file (every other tree object is reused by the new
/// compilation).
/// </summary>
internal static class TreeIdentifiers
{
    private static readonly ConditionalWeakTable<SyntaxTree, ConcurrentDictionary<string, bool>> Cache = new();

    public static bool Contains(SyntaxTree tree, string identifier, System.Threading.CancellationToken cancellationToken)
    {
        var answers = Cache.GetValue(tree, static _ => new ConcurrentDictionary<string, bool>(System.StringComparer.Ordinal));
        if (answers.TryGetValue(identifier, out var known))
        {
            return known;
        }

        var found = false;
        foreach (var token in tree.GetRoot(cancellationToken).DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == identifier)
            {
                found = true;
                break;
            }
        }

        answers[identifier] = found;
        return found;
    }
}
