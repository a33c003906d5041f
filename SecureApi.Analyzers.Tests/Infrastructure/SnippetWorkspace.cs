using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace SecureApi.Analyzers.Tests.Infrastructure;

/// <summary>
/// A workspace with one project (the default reference set and the Web SDK's implicit usings) and one snippet
/// document, for tests that drive analyzers and fixes by hand. Replacing the snippet's text keeps the bound
/// references, so many variants are cheap.
/// </summary>
public sealed class SnippetWorkspace
{
    public const string SnippetPath = "/Snippet.cs";

    /// <summary>The project's appsettings.json, an AdditionalFile as the package adds it (empty unless a variant sets it).</summary>
    public const string AppSettingsPath = "/appsettings.json";

    private SnippetWorkspace(Solution solution, DocumentId snippet, DocumentId appSettings)
    {
        Solution = solution;
        SnippetId = snippet;
        AppSettingsId = appSettings;
    }

    public Solution Solution { get; }

    public DocumentId SnippetId { get; }

    public DocumentId AppSettingsId { get; }

    /// <param name="referenceSet">The references (default: <see cref="ReferencePresets.Default"/>).</param>
    /// <param name="languageVersion">Default: C# 12, the language of net8.0 projects.</param>
    public static Task<SnippetWorkspace> CreateAsync(ReferenceSet? referenceSet = null, LanguageVersion languageVersion = LanguageVersion.CSharp12)
    {
        referenceSet ??= ReferencePresets.Default;
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                "Snippets",
                "Snippets",
                LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: new CSharpParseOptions(languageVersion),
                metadataReferences: referenceSet.All));
        solution = solution.AddDocument(DocumentId.CreateNewId(projectId), "GlobalUsings.cs", TestSources.WebSdkGlobalUsings, filePath: "/GlobalUsings.cs");
        var snippet = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(snippet, "Snippet.cs", string.Empty, filePath: SnippetPath);
        var appSettings = DocumentId.CreateNewId(projectId);
        solution = solution.AddAdditionalDocument(appSettings, "appsettings.json", SourceText.From(string.Empty), filePath: AppSettingsPath);
        return Task.FromResult(new SnippetWorkspace(solution, snippet, appSettings));
    }

    /// <summary>The same project with an .editorconfig whose <c>[*]</c> section holds <paramref name="body"/>.</summary>
    public SnippetWorkspace WithEditorConfig(string body) => new(
        Solution.AddAnalyzerConfigDocument(
            DocumentId.CreateNewId(SnippetId.ProjectId), ".editorconfig", SourceText.From($"root = true\n\n[*]\n{body}\n"), filePath: "/.editorconfig"),
        SnippetId,
        AppSettingsId);

    public Document With(string source) => Solution.WithDocumentText(SnippetId, SourceText.From(source)).GetDocument(SnippetId)!;

    /// <summary>The snippet document holding <paramref name="source"/>, with <paramref name="others"/> as more files of the project.</summary>
    public Document With(string source, IEnumerable<string> others)
    {
        var solution = Solution.WithDocumentText(SnippetId, SourceText.From(source));
        var index = 0;
        foreach (var other in others)
        {
            index++;
            solution = solution.AddDocument(DocumentId.CreateNewId(SnippetId.ProjectId), $"Other{index}.cs", SourceText.From(other), filePath: $"/Other{index}.cs");
        }

        return solution.GetDocument(SnippetId)!;
    }

    /// <summary>An empty snippet document in the project whose appsettings.json holds <paramref name="json"/>.</summary>
    public Document WithAppSettings(string json) =>
        Solution.WithAdditionalDocumentText(AppSettingsId, SourceText.From(json)).GetDocument(SnippetId)!;
}
