using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.CodeFixes.Core;

namespace SecureApi.Analyzers.Tests.Infrastructure;

/// <summary>
/// Code-fix tests. The testing library applies the fix one diagnostic at a time and through Fix All in
/// document, project and solution scope, and fails when the fixed code has compiler errors.
/// </summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected) =>
        CSharpAnalyzerVerifier<TAnalyzer>.VerifyAnalyzerAsync(source, expected);

    /// <summary>
    /// Applies the code action with <paramref name="equivalenceKey"/>. <paramref name="batchFixedSource"/> is the
    /// Fix All result when it differs from applying the fixes one by one.
    /// </summary>
    public static Task VerifyCodeFixAsync(
        string source,
        string fixedSource,
        string equivalenceKey,
        SnippetOptions? options = null,
        string? batchFixedSource = null,
        DiagnosticResult[]? expected = null,
        DiagnosticResult[]? remaining = null)
    {
        options ??= SnippetOptions.Default;
        if (FixEffect.IsChanging(equivalenceKey))
        {
            // The test asks for the behaviour change, so Fix All applies it too (FixEffectTests cover the default).
            options = options with { EditorConfig = AllowBulkBehaviorChanges(options.EditorConfig) };
        }

        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = equivalenceKey,
        };

        // Markup in the fixed code states what remains (by default the library ignores it for fixable ids).
        test.FixedState.MarkupHandling = MarkupMode.Allow;
        var states = new List<SolutionState> { test.FixedState };
        if (batchFixedSource is not null)
        {
            test.BatchFixedCode = batchFixedSource;
            test.BatchFixedState.MarkupHandling = MarkupMode.Allow;
            states.Add(test.BatchFixedState);
        }

        TestConfiguration.Apply(test, source, options, states.ToArray());
        test.ExpectedDiagnostics.AddRange(expected ?? []);
        test.FixedState.ExpectedDiagnostics.AddRange(remaining ?? []);
        if (batchFixedSource is not null)
        {
            test.BatchFixedState.ExpectedDiagnostics.AddRange(remaining ?? []);
        }

        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>The .editorconfig body plus the option that lets Fix All apply behaviour-changing fixes.</summary>
    public static string AllowBulkBehaviorChanges(string? editorConfig) =>
        (editorConfig is null ? string.Empty : editorConfig + "\n") + SecureApiOptions.FixAllBehaviorChanges.Key + " = true";

    /// <summary>Asserts that no code action with <paramref name="equivalenceKey"/> is offered.</summary>
    public static Task VerifyNoCodeFixAsync(string source, string equivalenceKey, SnippetOptions? options = null, params DiagnosticResult[] expected)
    {
        options ??= SnippetOptions.Default;
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = source,
            CodeActionEquivalenceKey = equivalenceKey,
        };
        TestConfiguration.Apply(test, source, options, test.FixedState);
        test.ExpectedDiagnostics.AddRange(expected);
        test.FixedState.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }
}
