using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>
/// The simple names passed as the text of <c>GetBytes/FromBase64String/FromHexString/DecodeBytes(name)</c> in a body or
/// type declaration, indexed by name in one pass and cached per node: every string local and const with a literal is
/// looked up here, so the lookup must not walk the body again for each of them.
/// </summary>
internal static class HardCodedKeyTexts
{
    private static readonly ConditionalWeakTable<SyntaxNode, Dictionary<string, List<IdentifierNameSyntax>>> Cache = new();

    public static IReadOnlyList<IdentifierNameSyntax> In(SyntaxNode scope, string name) =>
        Cache.GetValue(scope, static s => Index(s)).TryGetValue(name, out var names) ? names : (IReadOnlyList<IdentifierNameSyntax>)System.Array.Empty<IdentifierNameSyntax>();

    private static Dictionary<string, List<IdentifierNameSyntax>> Index(SyntaxNode scope)
    {
        var index = new Dictionary<string, List<IdentifierNameSyntax>>(System.StringComparer.Ordinal);
        foreach (var node in scope.DescendantNodes())
        {
            if (node is IdentifierNameSyntax name && IsBytesText(name))
            {
                if (!index.TryGetValue(name.Identifier.ValueText, out var list))
                {
                    index[name.Identifier.ValueText] = list = new List<IdentifierNameSyntax>();
                }

                list.Add(name);
            }
        }

        return index;
    }

    private static bool IsBytesText(IdentifierNameSyntax name) =>
        name.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } }
        && invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetBytes" or "FromBase64String" or "FromHexString" or "DecodeBytes" };
}
