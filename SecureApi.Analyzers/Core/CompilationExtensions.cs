using Microsoft.CodeAnalysis;

namespace SecureApi.Analyzers.Core;

internal static class CompilationExtensions
{
    /// <summary>
    /// Like <see cref="Compilation.GetTypeByMetadataName"/>, but tolerant of a type defined by several
    /// references (that method then returns null): the compilation's own type wins, otherwise the first
    /// type the compilation can see.
    /// </summary>
    public static INamedTypeSymbol? GetBestTypeByMetadataName(this Compilation compilation, string metadataName)
    {
        var type = compilation.GetTypeByMetadataName(metadataName);
        if (type is not null)
        {
            return type;
        }

        type = compilation.Assembly.GetTypeByMetadataName(metadataName);
        if (type is not null)
        {
            return type;
        }

        foreach (var reference in compilation.References)
        {
            if (compilation.GetAssemblyOrModuleSymbol(reference) is not IAssemblySymbol assembly)
            {
                continue;
            }

            var candidate = assembly.GetTypeByMetadataName(metadataName);
            if (candidate is not null && candidate.DeclaredAccessibility == Accessibility.Public)
            {
                return candidate;
            }
        }

        return null;
    }
}
