using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace SecureApi.Analyzers.Tests.Infrastructure;

/// <summary>
/// The real reference assemblies test snippets compile against, defined once: .NET 8 and ASP.NET Core 8 reference
/// packs, plus the libraries the rules know (the <c>PackageDownload</c> list of the test project: JwtBearer, OpenIdConnect, Google,
/// IdentityModel, SqlClient, Dapper, EF Core, Identity, Npgsql, Sqlite, MySqlConnector, MongoDB, Newtonsoft.Json).
/// Every assembly is read from the NuGet package folder the restore filled, never downloaded while tests run.
/// </summary>
public static class ReferencePresets
{
    /// <summary>Framework folders usable by a net8.0 project, best first.</summary>
    private static readonly string[] CompatibleFrameworks =
    [
        "net8.0", "net7.0", "net6.0", "net5.0", "netcoreapp3.1", "netcoreapp3.0", "netstandard2.1", "netstandard2.0",
    ];

    /// <summary>
    /// What the testing library is given as its own reference assemblies: a target framework with no package, so it
    /// resolves nothing. Its resolver downloads packages into the temp folder while tests run, which on a cold machine
    /// raced the first tests into compiling without ASP.NET Core; the references come from <see cref="ReferenceSet"/> instead.
    /// </summary>
    public static ReferenceAssemblies NothingToResolve { get; } = new("net8.0");

    private static readonly IReadOnlyList<SnippetPackage> Packages = ReadPackages();

    private static readonly ImmutableArray<MetadataReference> NetCoreApp = Load(Packages.Single(p => p.Id == "Microsoft.NETCore.App.Ref"), versionPrefix: null);

    private static readonly ImmutableArray<MetadataReference> NetCoreAndAspNetCore =
        NetCoreApp.AddRange(Load(Packages.Single(p => p.Id == "Microsoft.AspNetCore.App.Ref"), versionPrefix: null));

    /// <summary>net8.0 + ASP.NET Core + every library package.</summary>
    public static ReferenceSet Default { get; } = new(NetCoreAndAspNetCore, LoadLibraries(versionPrefix: null));

    /// <summary>net8.0 + ASP.NET Core + the libraries with EF Core 6 (no FromSql/ExecuteSql yet: fixes fall back to the *Interpolated APIs).</summary>
    public static ReferenceSet EfCore6 { get; } = new(NetCoreAndAspNetCore, LoadLibraries(versionPrefix: "6."));

    /// <summary>
    /// net8.0 + ASP.NET Core + the libraries with EF Core 3.1, which still has EF Core 2's raw-SQL API
    /// (<c>FromSql(RawSqlString)</c>, <c>ExecuteSqlCommand[Async]</c>, obsolete there; EF Core 2.x itself is not on the mirror).
    /// </summary>
    public static ReferenceSet EfCore3 { get; } = new(NetCoreAndAspNetCore, LoadLibraries(versionPrefix: "3."));

    /// <summary>net8.0 + ASP.NET Core, no library: an app that references no authentication package, for example.</summary>
    public static ReferenceSet AspNetCoreOnly { get; } = new(NetCoreAndAspNetCore, ImmutableArray<MetadataReference>.Empty);

    /// <summary>net8.0 only: code that references neither ASP.NET Core nor any library.</summary>
    public static ReferenceSet BaseClassLibraryOnly { get; } = new(NetCoreApp, ImmutableArray<MetadataReference>.Empty);

    /// <param name="versionPrefix">For packages downloaded in several versions, the one to use (null: the first listed).</param>
    private static ImmutableArray<MetadataReference> LoadLibraries(string? versionPrefix) =>
        Packages.Where(p => !p.IsReferencePack).SelectMany(p => Load(p, versionPrefix)).ToImmutableArray();

    private static ImmutableArray<MetadataReference> Load(SnippetPackage package, string? versionPrefix)
    {
        var version = package.Versions.FirstOrDefault(v => versionPrefix is not null && v.StartsWith(versionPrefix, StringComparison.Ordinal)) ?? package.Versions[0];
        var folder = Path.Combine(package.Root, package.Id.ToLowerInvariant(), version);
        var assemblies = BestAssetFolder(folder)
            ?? throw new InvalidOperationException($"No net8.0-compatible assemblies in {folder}; was the test project restored?");
        return Directory.EnumerateFiles(assemblies, "*.dll")
            .Order(StringComparer.Ordinal)
            .Select(dll => (MetadataReference)MetadataReference.CreateFromFile(dll))
            .ToImmutableArray();
    }

    /// <summary>The PackageDownload list and the NuGet package folder, embedded in this assembly by the project file.</summary>
    private static IReadOnlyList<SnippetPackage> ReadPackages()
    {
        var metadata = typeof(ReferencePresets).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().ToList();
        var root = metadata.Single(m => m.Key == "NuGetPackageRoot").Value!;
        return metadata
            .Where(m => m.Key == "SnippetPackage")
            .Select(m => m.Value!.Split('/'))
            .Select(parts => new SnippetPackage(root, parts[0], parts[1].Split(';').Select(v => v.Trim('[', ']')).ToList()))
            .ToList();
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

    private sealed record SnippetPackage(string Root, string Id, IReadOnlyList<string> Versions)
    {
        /// <summary>A targeting pack (Microsoft.NETCore.App.Ref, Microsoft.AspNetCore.App.Ref): the framework, not a library.</summary>
        public bool IsReferencePack => Id.EndsWith(".App.Ref", StringComparison.Ordinal);
    }
}

/// <summary>Framework reference packs plus library assemblies.</summary>
public sealed record ReferenceSet(ImmutableArray<MetadataReference> Framework, ImmutableArray<MetadataReference> Libraries)
{
    /// <summary>Every reference of the set, framework first.</summary>
    public ImmutableArray<MetadataReference> All => Framework.AddRange(Libraries);
}
