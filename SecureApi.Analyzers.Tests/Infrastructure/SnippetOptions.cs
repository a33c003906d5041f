using System.Collections.Immutable;
using Microsoft.CodeAnalysis.CSharp;

namespace SecureApi.Analyzers.Tests.Infrastructure;

/// <summary>How a test snippet is compiled.</summary>
public sealed record SnippetOptions
{
    public static SnippetOptions Default { get; } = new();

    /// <summary>Add the Web SDK's implicit global usings (on by default, like a new project).</summary>
    public bool ImplicitUsings { get; init; } = true;

    /// <summary>C# 12 is the default language version of net8.0 projects.</summary>
    public LanguageVersion LanguageVersion { get; init; } = LanguageVersion.CSharp12;

    /// <summary>Body of an <c>.editorconfig</c> section applying to every file (e.g. <c>secureapi.x = y</c>).</summary>
    public string? EditorConfig { get; init; }

    public ReferenceSet References { get; init; } = ReferencePresets.Default;

    /// <summary>More files of the same project (unchanged by code fixes), e.g. a Program.cs that configures what the snippet uses.</summary>
    public ImmutableArray<string> AdditionalSources { get; init; } = ImmutableArray<string>.Empty;

    /// <summary>
    /// Non-source files of the project (the package adds <c>appsettings*.json</c> as AdditionalFiles), as (path, content);
    /// markup in the content marks expected diagnostics in that file.
    /// </summary>
    public ImmutableArray<(string Path, string Content)> AdditionalFiles { get; init; } = ImmutableArray<(string Path, string Content)>.Empty;
}
