using Microsoft.CodeAnalysis;

namespace SecureApi.Analyzers.Core;

/// <summary>
/// Is an assembly part of the user's own solution? This compilation's, another project of the same solution (a
/// compilation reference in the IDE; in a build, an assembly referenced from a project's <c>bin</c> or <c>obj</c>
/// folder), as opposed to a package or the framework. Domain types (an app's own exception types, for one) live in
/// other projects of the solution as often as in the web project.
/// </summary>
internal static class SolutionAssemblies
{
    public static bool IsOwn(IAssemblySymbol? assembly, Compilation compilation)
    {
        if (assembly is null)
        {
            return false;
        }

        if (SymbolEqualityComparer.Default.Equals(assembly, compilation.Assembly))
        {
            return true;
        }

        return compilation.GetMetadataReference(assembly) switch
        {
            CompilationReference => true,
            PortableExecutableReference { FilePath: { } path } => IsProjectOutput(path),
            _ => false,
        };
    }

    /// <summary>A project's output folder, not a NuGet package folder or a targeting pack.</summary>
    private static bool IsProjectOutput(string path)
    {
        var normalized = path.Replace('\\', '/');
        return (normalized.Contains("/obj/") || normalized.Contains("/bin/"))
               && !normalized.Contains("/.nuget/") && !normalized.Contains("/packs/") && !normalized.Contains("/packages/");
    }
}
