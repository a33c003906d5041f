using Microsoft.CodeAnalysis;

namespace SecureApi.Analyzers.Core;

internal static class SymbolExtensions
{
    public static bool Is(this ITypeSymbol? type, INamedTypeSymbol? expected) =>
        type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

    /// <summary>The type is <paramref name="expected"/> or a class derived from it.</summary>
    public static bool IsOrDerivesFrom(this ITypeSymbol? type, INamedTypeSymbol? expected)
    {
        for (var current = type; current is not null && expected is not null; current = current.BaseType)
        {
            if (current.Is(expected))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The type, or a class it derives from, does not resolve (a missing reference): what it is remains unknown.</summary>
    public static bool HasUnresolvedAncestry(this ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.TypeKind == TypeKind.Error)
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsMember(this ISymbol? member, INamedTypeSymbol? containingType, string name) =>
        member is not null && member.Name == name && member.ContainingType.Is(containingType);

    /// <summary>
    /// Declared directly in the namespace <paramref name="qualifiedName"/> (<c>System.Security.Cryptography</c>), compared
    /// segment by segment: no display string is built, so it is cheap on every node.
    /// </summary>
    public static bool IsInNamespace(this ISymbol? symbol, string qualifiedName)
    {
        var end = qualifiedName.Length;
        for (var ns = symbol?.ContainingNamespace; ns is not null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
        {
            var start = end - ns.Name.Length;
            if (start < 0 || string.CompareOrdinal(qualifiedName, start, ns.Name, 0, ns.Name.Length) != 0 || (start > 0 && qualifiedName[start - 1] != '.'))
            {
                return false;
            }

            end = start - 1;
        }

        return symbol?.ContainingNamespace is not null && end == -1;
    }

    /// <summary>
    /// Is the symbol declared in <paramref name="compilation"/>'s own source? In a workspace (the IDE, secureapi scan) a
    /// project reference is a compilation reference, so a symbol of another project has source locations too; only
    /// its own compilation can bind that source, and a command-line build sees the same project as metadata. Deciding
    /// "ours" by the assembly keeps IDE and build findings the same.
    /// </summary>
    public static bool IsDeclaredIn(this ISymbol? symbol, Compilation compilation) =>
        symbol is not null && SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, compilation.Assembly);
}
