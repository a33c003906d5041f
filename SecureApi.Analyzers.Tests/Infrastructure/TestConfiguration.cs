using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace SecureApi.Analyzers.Tests.Infrastructure;

/// <summary>Applies <see cref="SnippetOptions"/> to a test of the testing library, once for every verifier.</summary>
internal static class TestConfiguration
{
    public static void Apply(AnalyzerTest<DefaultVerifier> test, string source, SnippetOptions options, params SolutionState[] states)
    {
        test.ReferenceAssemblies = ReferencePresets.NothingToResolve;
        test.TestState.AdditionalReferences.AddRange(options.References.All);

        if (options.AdditionalSources.Prepend(source).Any(HasTopLevelStatements))
        {
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
        }

        foreach (var state in states.Prepend(test.TestState))
        {
            if (options.ImplicitUsings)
            {
                state.Sources.Add((TestSources.GlobalUsingsPath, TestSources.WebSdkGlobalUsings));
            }

            for (var i = 0; i < options.AdditionalSources.Length; i++)
            {
                state.Sources.Add(($"/0/Additional{i}.cs", options.AdditionalSources[i]));
            }

            foreach (var file in options.AdditionalFiles)
            {
                state.AdditionalFiles.Add((file.Path, file.Content));
            }
        }

        if (options.EditorConfig is { } editorConfig)
        {
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", $"root = true\n\n[*]\n{editorConfig}\n"));
        }

        var languageVersion = options.LanguageVersion;
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var parseOptions = (CSharpParseOptions)solution.GetProject(projectId)!.ParseOptions!;
            return solution.WithProjectParseOptions(projectId, parseOptions.WithLanguageVersion(languageVersion));
        });
    }

    private static bool HasTopLevelStatements(string source)
    {
        TestFileMarkupParser.GetSpans(source, out var code, out ImmutableArray<TextSpan> _);
        var withoutNamedSpans = Regex.Replace(code, @"\{\|[^:|]*:|\|\}", string.Empty);
        return CSharpSyntaxTree.ParseText(withoutNamedSpans).GetRoot() is CompilationUnitSyntax unit && unit.Members.OfType<GlobalStatementSyntax>().Any();
    }
}
