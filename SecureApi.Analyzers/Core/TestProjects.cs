using System;
using Microsoft.CodeAnalysis;

namespace SecureApi.Analyzers.Core;

/// <summary>
/// Test projects, which <c>secureapi.secrets_in_tests = false</c> leaves out: compilations that reference xUnit,
/// NUnit, MSTest or TUnit.
/// </summary>
internal static class TestProjects
{
    private static readonly string[] TestFrameworkAssemblies =
    {
        "xunit.core", "xunit.v3.core", "xunit.assert", "nunit.framework", "Microsoft.VisualStudio.TestPlatform.TestFramework",
        "MSTest.TestFramework", "TUnit.Core",
    };

    public static bool Is(Compilation compilation)
    {
        foreach (var assembly in compilation.ReferencedAssemblyNames)
        {
            if (Array.IndexOf(TestFrameworkAssemblies, assembly.Name) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
