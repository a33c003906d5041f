using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace SecureApi.Analyzers.Tests.Infrastructure;

/// <summary>
/// The real reference assemblies test snippets compile against, defined once: .NET 8 and ASP.NET Core 8 reference
/// packs, plus the libraries the rules know (the <c>PackageDownload</c> list of the test project: JwtBearer,
/// IdentityModel, SqlClient, Dapper, EF Core, Identity, Npgsql, Sqlite, MySqlConnector, MongoDB, Newtonsoft.Json).
/// </summary>
public static class ReferencePresets
{
    /// <summary>Framework folders usable by a net8.0 project, best first.</summary>
    private static readonly string[] CompatibleFrameworks =
    [
        "net8.0", "net7.0", "net6.0", "net5.0", "netcoreapp3.1", "netcoreapp3.0", "netstandard2.1", "netstandard2.0",
    ];

    /// <summary>The target frameworks of .NET 8 (the reference pack the mirror serves; the testing library's Net80 asks for 8.0.0).</summary>
    public static ReferenceAssemblies Net80 { get; } = new ReferenceAssemblies(
        "net8.0",
        new PackageIdentity("Microsoft.NETCore.App.Ref", "8.0.28"),
        Path.Combine("ref", "net8.0"));

    public static ReferenceAssemblies Net80AspNetCore { get; } = Net80.AddPackages(
        ImmutableArray.Create(new PackageIdentity("Microsoft.AspNetCore.App.Ref", "8.0.28")));

    /// <summary>net8.0 + ASP.NET Core + every library package.</summary>
    public static ReferenceSet Default { get; } = new(Net80AspNetCore, LoadLibraries(versionPrefix: null));

    /// <summary>net8.0 + ASP.NET Core + the libraries with EF Core 6 (no FromSql/ExecuteSql yet: fixes fall back to the *Interpolated APIs).</summary>
    public static ReferenceSet EfCore6 { get; } = new(Net80AspNetCore, LoadLibraries(versionPrefix: "6."));

    /// <summary>net8.0 only: code that references neither ASP.NET Core nor any library.</summary>
    public static ReferenceSet BaseClassLibraryOnly { get; } = new(Net80, ImmutableArray<MetadataReference>.Empty);

    /// <param name="versionPrefix">For packages downloaded in several versions, the one to use (null: the first listed).</param>
    private static ImmutableArray<MetadataReference> LoadLibraries(string? versionPrefix)
    {
        var metadata = typeof(ReferencePresets).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToList();
        var root = metadata.Single(m => m.Key == "NuGetPackageRoot").Value!;
        var references = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var package in metadata.Where(m => m.Key == "SnippetPackage").Select(m => m.Value!))
        {
            var id = package.Split('/')[0];
            var versions = package.Split('/')[1].Split(';').Select(v => v.Trim('[', ']')).ToList();
            var version = versions.FirstOrDefault(v => versionPrefix is not null && v.StartsWith(versionPrefix, StringComparison.Ordinal)) ?? versions[0];
            var folder = Path.Combine(root, id.ToLowerInvariant(), version);
            var assemblies = BestAssetFolder(folder)
                ?? throw new InvalidOperationException($"No net8.0-compatible assemblies in {folder}; was the test project restored?");
            foreach (var dll in Directory.EnumerateFiles(assemblies, "*.dll").Order(StringComparer.Ordinal))
            {
                references.Add(MetadataReference.CreateFromFile(dll));
            }
        }

        return references.ToImmutable();
    }

    private static string? BestAssetFolder(string packageFolder)
    {
        foreach (var framework in CompatibleFrameworks)
        {
            foreach (var kind in new[] { "ref", "lib" })
            {
                var candidate = Path.Combine(packageFolder, kind, framework);
                if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.dll").Any())
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}

/// <summary>Framework reference packs plus library assemblies.</summary>
public sealed record ReferenceSet(ReferenceAssemblies Framework, ImmutableArray<MetadataReference> Libraries);
