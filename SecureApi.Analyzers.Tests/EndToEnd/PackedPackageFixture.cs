using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;

namespace SecureApi.Analyzers.Tests.EndToEnd;

[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<PackedPackageFixture>
{
    public const string Name = "End to end";
}

/// <summary>
/// Packs SecureApi.Analyzers into a temporary local feed once for the end-to-end tests, and gives each test a
/// workspace folder with a nuget.config that sees that feed (and the normal NuGet source) and a private
/// global-packages folder, so nothing leaks into the machine's NuGet cache.
/// </summary>
public sealed class PackedPackageFixture : IDisposable
{
    public const string PackageVersion = "0.0.0-e2e";

    private static readonly string[] LoadOrCrashIds = ["AD0001", "CS8032", "CS8784"];

    public PackedPackageFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "secureapi-e2e-" + Guid.NewGuid().ToString("N")[..12]);
        Feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(Feed);

        var pack = ProcessRunner.Dotnet(
            RepositoryPaths.Root,
            null,
            "pack", RepositoryPaths.Combine("SecureApi.Analyzers.Package", "SecureApi.Analyzers.Package.csproj"),
            "-c", "Release", "-o", Feed, "-p:Version=" + PackageVersion, "--disable-build-servers");
        if (pack.ExitCode != 0)
        {
            throw new InvalidOperationException("dotnet pack failed: " + pack);
        }

        PackagePath = Path.Combine(Feed, $"SecureApi.Analyzers.{PackageVersion}.nupkg");
        if (!File.Exists(PackagePath))
        {
            throw new InvalidOperationException($"dotnet pack did not produce {PackagePath}:\n{pack}");
        }
    }

    public string Root { get; }

    public string Feed { get; }

    public string PackagePath { get; }

    /// <summary>The environment for every dotnet command of the tests: a private global-packages folder.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = Path.Combine(Root, "packages"),
    };

    /// <summary>Copies a sample (without bin/obj) into a fresh folder set up to restore from the local feed.</summary>
    public string CopySample(string sample)
    {
        var target = Path.Combine(NewWorkspace(sample), sample);
        CopyDirectory(RepositoryPaths.Combine("samples", sample), target);
        return target;
    }

    /// <summary>
    /// A fresh folder on its own, like a user's repository: no Directory.Build.* from above, and a nuget.config that
    /// sees the local feed.
    /// </summary>
    public string NewWorkspace(string name)
    {
        var workspace = Path.Combine(Root, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(workspace);
        File.WriteAllText(Path.Combine(workspace, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(workspace, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(workspace, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        return workspace;
    }

    /// <summary>Runs a dotnet command in the project folder; it must succeed.</summary>
    public void Run(string project, params string[] arguments)
    {
        var result = ProcessRunner.Dotnet(project, Environment, arguments);
        Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', arguments)}: {result}");
    }

    /// <summary>
    /// A build with a SARIF error log (full unless <paramref name="incremental"/>); it fails the test when the compiler
    /// wrote no log (it did not run), on any analyzer crash or load failure (AD0001, CS8032, CS8784), and returns the
    /// SAPI findings with their levels.
    /// </summary>
    public (ProcessResult Result, IReadOnlyList<(Finding Finding, string Level)> Findings) Build(string project, string sarif, bool strict, bool incremental = false)
    {
        var log = Path.Combine(project, "..", sarif);
        string[] arguments = ["build", "--disable-build-servers", "-p:ErrorLog=" + log + "%2Cversion=2.1", "-p:SecureApiStrict=" + (strict ? "true" : "false")];
        var result = ProcessRunner.Dotnet(project, Environment, incremental ? arguments : [.. arguments, "--no-incremental"]);
        Assert.True(File.Exists(log), "The build wrote no error log (the compiler did not run):\n" + result);
        var findings = Finding.ReadSarif(log, project);
        var crashes = findings.Where(f => LoadOrCrashIds.Contains(f.Finding.RuleId)).ToList();
        Assert.True(crashes.Count == 0, "Analyzer crash or load failure:\n" + result);
        foreach (var id in LoadOrCrashIds)
        {
            Assert.DoesNotContain(id + ":", result.Output, StringComparison.Ordinal);
        }

        return (result, findings);
    }

    public void Dispose()
    {
        if (System.Environment.GetEnvironmentVariable("SECUREAPI_KEEP_E2E") != "1")
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.EnumerateDirectories(source))
        {
            var name = Path.GetFileName(directory);
            if (name is not ("bin" or "obj"))
            {
                CopyDirectory(directory, Path.Combine(target, name));
            }
        }
    }
}
