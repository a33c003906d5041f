using System.Security.Cryptography;
using System.Text;

namespace SecureApi.Bench.Generator;

/// <summary>The .sln, the .csproj files and the Directory.Build files that isolate the output from any parent folder.</summary>
internal static class ProjectFiles
{
    // Versions the offline NuGet mirror serves (see the repository's package notes); net10.0 like samples/.
    private const string PackageReferences = """
            <PackageReference Include="Dapper" Version="2.1.66" />
            <PackageReference Include="Microsoft.AspNetCore.Authentication.JwtBearer" Version="10.0.14" />
            <PackageReference Include="Microsoft.Data.Sqlite" Version="10.0.14" />
            <PackageReference Include="Microsoft.EntityFrameworkCore.Relational" Version="10.0.14" />
        """;

    public static void Write(string root, IReadOnlyList<string> hosts)
    {
        // The generated solution builds like a user's repository: no Directory.Build.* or settings from above.
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), """
            <Project>
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <LangVersion>latest</LangVersion>
              </PropertyGroup>
            </Project>

            """);
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), "<Project />\n");

        WriteProject(root, Names.DomainProject, "Microsoft.NET.Sdk", framework: false, packages: false, []);
        WriteProject(root, Names.InfrastructureProject, "Microsoft.NET.Sdk", framework: true, packages: true, [Names.DomainProject]);
        foreach (var host in hosts.Where(h => h != Names.ApiProject))
        {
            WriteProject(root, host, "Microsoft.NET.Sdk", framework: true, packages: false, [Names.DomainProject, Names.InfrastructureProject]);
        }

        WriteProject(root, Names.ApiProject, "Microsoft.NET.Sdk.Web", framework: false, packages: true,
            [Names.DomainProject, Names.InfrastructureProject, .. hosts.Where(h => h != Names.ApiProject)]);
    }

    private static void WriteProject(string root, string name, string sdk, bool framework, bool packages, IEnumerable<string> references)
    {
        var items = new StringBuilder();
        if (framework)
        {
            items.Append("    <FrameworkReference Include=\"Microsoft.AspNetCore.App\" />\n");
        }

        if (packages)
        {
            items.Append(PackageReferences).Append('\n');
        }

        foreach (var reference in references)
        {
            items.Append($"    <ProjectReference Include=\"..\\{reference}\\{reference}.csproj\" />\n");
        }

        var directory = Path.Combine(root, "src", name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name + ".csproj"), $"""
            <Project Sdk="{sdk}">
              <PropertyGroup>
                <RootNamespace>{name}</RootNamespace>
              </PropertyGroup>
              <ItemGroup>
            {items}  </ItemGroup>
            </Project>

            """);
    }

    public static string WriteSolution(string root, IReadOnlyList<string> hosts)
    {
        var projects = new[] { Names.DomainProject, Names.InfrastructureProject }.Concat(hosts).ToArray();
        var text = new StringBuilder();
        text.Append("\nMicrosoft Visual Studio Solution File, Format Version 12.00\n# Visual Studio Version 17\n");
        text.Append("VisualStudioVersion = 17.0.31903.59\nMinimumVisualStudioVersion = 10.0.40219.1\n");
        foreach (var project in projects)
        {
            text.Append($"Project(\"{{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}}\") = \"{project}\", \"src\\{project}\\{project}.csproj\", \"{ProjectGuid(project)}\"\nEndProject\n");
        }

        text.Append("Global\n\tGlobalSection(SolutionConfigurationPlatforms) = preSolution\n");
        text.Append("\t\tDebug|Any CPU = Debug|Any CPU\n\t\tRelease|Any CPU = Release|Any CPU\n\tEndGlobalSection\n");
        text.Append("\tGlobalSection(ProjectConfigurationPlatforms) = postSolution\n");
        foreach (var project in projects)
        {
            foreach (var configuration in new[] { "Debug", "Release" })
            {
                text.Append($"\t\t{ProjectGuid(project)}.{configuration}|Any CPU.ActiveCfg = {configuration}|Any CPU\n");
                text.Append($"\t\t{ProjectGuid(project)}.{configuration}|Any CPU.Build.0 = {configuration}|Any CPU\n");
            }
        }

        text.Append("\tEndGlobalSection\nEndGlobal\n");
        var path = Path.Combine(root, SolutionGenerator.SolutionName + ".sln");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    // Stable GUIDs so the same size and seed give byte-identical output (not a security use).
    private static string ProjectGuid(string name) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16)).ToString("B").ToUpperInvariant();
}
