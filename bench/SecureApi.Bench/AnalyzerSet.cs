namespace SecureApi.Bench;

/// <summary>
/// One column of the comparison: the analyzers added to the generated solution's build. Every set but "ca" turns
/// the SDK's own CA analyzers off so that each set measures one product over the same baseline; the framework's
/// ASP.NET Core analyzers and generators stay on everywhere (users cannot remove them), so they are part of the
/// compiler time.
/// </summary>
internal sealed record AnalyzerSet(
    string Name,
    string Title,
    IReadOnlyList<string> AssemblyPrefixes,
    Func<string, bool> OwnsDiagnostic,
    IReadOnlyDictionary<string, string> Properties,
    Func<SetContext, string> Items)
{
    public static readonly AnalyzerSet None = new(
        "none", "no extra analyzers", [], _ => false, NoNetAnalyzers, _ => "");

    public static readonly AnalyzerSet SecureApi = new(
        "secureapi", "SecureApi.Analyzers", ["SecureApi.Analyzers"], id => id.StartsWith("SAPI", StringComparison.Ordinal), NoNetAnalyzers,
        context => $"""
              <ItemGroup>
                <Analyzer Include="{context.AnalyzerDirectory}/SecureApi.Analyzers.dll" />
                <Analyzer Include="{context.AnalyzerDirectory}/SecureApi.CodeFixes.dll" />
              </ItemGroup>
              <!-- What the package's build files add (appsettings*.json as AdditionalFiles). -->
              <Import Project="{context.RepositoryRoot}/SecureApi.Analyzers.Package/build/SecureApi.Analyzers.props" />
            """);

    public static readonly AnalyzerSet SecurityCodeScan = new(
        "scs", "Security Code Scan 5.6.7", ["SecurityCodeScan"], id => id.StartsWith("SCS", StringComparison.Ordinal), NoNetAnalyzers,
        _ => """
              <ItemGroup>
                <PackageReference Include="SecurityCodeScan.VS2019" Version="5.6.7" PrivateAssets="all" />
              </ItemGroup>
            """);

    public static readonly AnalyzerSet Sonar = new(
        "sonar", $"SonarAnalyzer.CSharp {SonarSecurityRules.Version} (security rules only)", ["SonarAnalyzer"], id => id.Length > 1 && id[0] == 'S' && char.IsAsciiDigit(id[1]), NoNetAnalyzers,
        context => $"""
              <ItemGroup>
                <PackageReference Include="SonarAnalyzer.CSharp" Version="{SonarSecurityRules.Version}" PrivateAssets="all" />
                <!-- EditorConfigFiles, not GlobalAnalyzerConfigFiles: the SDK turns the latter into the former when it
                     evaluates Microsoft.Managed.Core.targets, before this file is imported, so a later item never reaches Csc. -->
                <EditorConfigFiles Include="{context.SetDirectory}/sonar-security.globalconfig" />
              </ItemGroup>
            """);

    // Only the Security category, every rule in it on; all other CA rules off.
    public static readonly AnalyzerSet NetAnalyzers = new(
        "ca", "SDK CA rules (Security category, all)", ["Microsoft.CodeAnalysis.NetAnalyzers", "Microsoft.CodeAnalysis.CSharp.NetAnalyzers"],
        id => id.StartsWith("CA", StringComparison.Ordinal),
        new Dictionary<string, string>
        {
            ["EnableNETAnalyzers"] = "true",
            ["AnalysisLevel"] = "latest",
            ["AnalysisMode"] = "None",
            ["AnalysisModeSecurity"] = "All",
        },
        _ => "");

    public static IReadOnlyList<AnalyzerSet> All { get; } = [None, SecureApi, SecurityCodeScan, Sonar, NetAnalyzers];

    private static IReadOnlyDictionary<string, string> NoNetAnalyzers =>
        new Dictionary<string, string> { ["EnableNETAnalyzers"] = "false" };

    public static AnalyzerSet? Find(string name) => All.FirstOrDefault(s => s.Name == name);

    public bool Owns(string analyzerAssembly) => AssemblyPrefixes.Any(p => analyzerAssembly.StartsWith(p, StringComparison.Ordinal));

    /// <summary>Writes the MSBuild file the build imports (CustomAfterMicrosoftCommonTargets) and returns its path.</summary>
    public string WriteImportFile(SetContext context)
    {
        Directory.CreateDirectory(context.SetDirectory);
        var path = Path.Combine(context.SetDirectory, Name + ".targets");
        File.WriteAllText(path, $"<Project>\n{Items(context)}\n</Project>\n");
        return path;
    }
}

/// <summary>Where a set's files go and what they point at.</summary>
internal sealed record SetContext(string SetDirectory, string AnalyzerDirectory, string RepositoryRoot);
