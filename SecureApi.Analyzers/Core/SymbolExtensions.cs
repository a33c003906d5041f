using Microsoft.CodeAnalysis;

namespace SecureApi.Analyzers.Core;

internal static class SymbolExtensions
{
    public static bool Is(this ITypeSymbol? type, INamedTypeSymbol? expected) =>
        type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

    /// <summary>The type itself, one of its base types or one of its interfaces is <paramref name="expected"/>.</summary>
    public static bool IsOrInheritsFrom(this ITypeSymbol? type, INamedTypeSymbol? expected)
    {
        if (type is null || expected is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Is(expected))
            {
                return true;
            }
        }

        if (expected.TypeKind == TypeKind.Interface)
        {
            foreach (var itf in type.AllInterfaces)
            {
                if (itf.Is(expected))
                {
                    return true;
                }
            }
        }

        return false;
    }

    public static bool IsMember(this ISymbol? member, INamedTypeSymbol? containingType, string name) =>
        member is not null && member.Name == name && member.ContainingType.Is(containingType);
}
