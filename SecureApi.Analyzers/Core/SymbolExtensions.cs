using Microsoft.CodeAnalysis;

namespace SecureApi.Analyzers.Core;

internal static class SymbolExtensions
{
    public static bool Is(this ITypeSymbol? type, INamedTypeSymbol? expected) =>
        type is not null && expected is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, expected);

    public static bool IsMember(this ISymbol? member, INamedTypeSymbol? containingType, string name) =>
        member is not null && member.Name == name && member.ContainingType.Is(containingType);
}
