using System.Reflection;

namespace SecureApi.Analyzers.Tests.Infrastructure;

/// <summary>Where the repository is (recorded at build time), for tests that read docs, samples and the README.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = typeof(RepositoryPaths).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);
}
