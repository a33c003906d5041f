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

    public static bool IsMember(this ISymbol? member, INamedTypeSymbol? containingType, string name) =>
        member is not null && member.Name == name && member.ContainingType.Is(containingType);
}
