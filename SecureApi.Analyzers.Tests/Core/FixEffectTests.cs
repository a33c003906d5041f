using System.Reflection;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Rules.Crypto;
using SecureApi.Analyzers.Tests.Infrastructure;
using SecureApi.CodeFixes.Core;
using SecureApi.CodeFixes.Rules.Crypto;
using Xunit;

namespace SecureApi.Analyzers.Tests.Core;

/// <summary>
/// Behaviour-changing fixes are applied one at a time when chosen, and in bulk (Fix All, dotnet format, secureapi fix)
/// only with <c>secureapi.fix_all_behavior_changes = true</c>; behaviour-preserving fixes are applied in bulk always.
/// </summary>
public sealed class FixEffectTests
{
    private const string TwoDigests = """
        using System.Security.Cryptography;

        public static class Checksums
        {
            public static byte[] A(byte[] content) => {|SAPI6001:MD5.HashData|}(content);

            public static byte[] B(byte[] content) => {|SAPI6001:SHA1.HashData|}(content);
        }
        """;

    private const string TwoDigestsFixed = """
        using System.Security.Cryptography;

        public static class Checksums
        {
            public static byte[] A(byte[] content) => SHA256.HashData(content);

            public static byte[] B(byte[] content) => SHA256.HashData(content);
        }
        """;

    [Fact]
    public Task Fix_All_leaves_a_behaviour_changing_fix_alone_by_default()
    {
        var test = Test(editorConfig: null, batchFixed: TwoDigests);
        test.BatchFixedState.MarkupHandling = MarkupMode.Allow;
        return test.RunAsync(CancellationToken.None);
    }

    [Fact]
    public Task Fix_All_applies_a_behaviour_changing_fix_when_asked()
    {
        var test = Test(editorConfig: CSharpCodeFixVerifier<WeakHashAnalyzer, WeakHashCodeFix>.AllowBulkBehaviorChanges(null), batchFixed: TwoDigestsFixed);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>
    /// dotnet format passes no key when the first diagnostic it meets has no fix (a SHA-1 digest that a partner
    /// checks): the provider's own kind decides, so behaviour-changing fixes still wait to be asked for.
    /// </summary>
    [Fact]
    public async Task Without_a_key_a_behaviour_changing_provider_applies_nothing_unless_asked()
    {
        var workspace = await SnippetWorkspace.CreateAsync();
        var document = workspace.With(TwoDigests.Replace("{|SAPI6001:", string.Empty, StringComparison.Ordinal).Replace("|}", string.Empty, StringComparison.Ordinal));
        var compilation = (await document.Project.GetCompilationAsync())!;
        var diagnostics = await compilation.WithAnalyzers([new WeakHashAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        Assert.Equal(2, diagnostics.Length);

        var fixer = new WeakHashCodeFix();
        var context = new Microsoft.CodeAnalysis.CodeFixes.FixAllContext(
            document, fixer, Microsoft.CodeAnalysis.CodeFixes.FixAllScope.Document, null!, fixer.FixableDiagnosticIds, new Diagnostics(diagnostics), CancellationToken.None);
        Assert.Null(await fixer.GetFixAllProvider().GetFixAsync(context));

        var asked = workspace.WithEditorConfig(CSharpCodeFixVerifier<WeakHashAnalyzer, WeakHashCodeFix>.AllowBulkBehaviorChanges(null)).With((await document.GetTextAsync()).ToString());
        var askedContext = new Microsoft.CodeAnalysis.CodeFixes.FixAllContext(
            asked, fixer, Microsoft.CodeAnalysis.CodeFixes.FixAllScope.Document, null!, fixer.FixableDiagnosticIds, new Diagnostics(diagnostics), CancellationToken.None);
        Assert.NotNull(await fixer.GetFixAllProvider().GetFixAsync(askedContext));
    }

    [Fact]
    public void Behaviour_changing_titles_say_what_changes()
    {
        var action = FixEffect.ChangingBehavior("Use SHA-256", "the digest changes", _ => throw new InvalidOperationException(), WeakHashCodeFix.UseSha256);
        Assert.Equal("Use SHA-256 (the digest changes)", action.Title);
        Assert.Throws<ArgumentException>(() => FixEffect.ChangingBehavior("Use SHA-256", "x", _ => throw new InvalidOperationException(), "SecureApi.Plain"));
    }

    /// <summary>Every equivalence key a fixer declares says whether it changes behaviour, and each rule page says so too.</summary>
    [Fact]
    public void Every_fix_key_is_marked_and_its_rule_pages_state_the_effect()
    {
        foreach (var fixer in ProductAssemblies.AllCodeFixes())
        {
            var keys = fixer.GetType().GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string))
                .Select(f => (string)f.GetRawConstantValue()!)
                .Where(k => k.StartsWith("SecureApi.", StringComparison.Ordinal))
                .ToList();
            Assert.NotEmpty(keys);
            foreach (var id in fixer.FixableDiagnosticIds)
            {
                var page = File.ReadAllText(RepositoryPaths.Combine("docs", "rules", id + ".md"));
                var changing = keys.Any(FixEffect.IsChanging);
                var preserving = keys.Any(k => !FixEffect.IsChanging(k));
                Assert.True(!changing || page.Contains("**Changes behaviour.**", StringComparison.Ordinal), $"{id}: the page does not say that its fix changes behaviour");
                Assert.True(!preserving || page.Contains("**Keeps behaviour.**", StringComparison.Ordinal), $"{id}: the page does not say that its fix keeps behaviour");
            }
        }
    }

    private static CSharpCodeFixTest<WeakHashAnalyzer, WeakHashCodeFix, DefaultVerifier> Test(string? editorConfig, string batchFixed)
    {
        var test = new CSharpCodeFixTest<WeakHashAnalyzer, WeakHashCodeFix, DefaultVerifier>
        {
            TestCode = TwoDigests,
            FixedCode = TwoDigestsFixed,
            BatchFixedCode = batchFixed,
            CodeActionEquivalenceKey = WeakHashCodeFix.UseSha256,
        };
        TestConfiguration.Apply(test, TwoDigests, SnippetOptions.Default with { EditorConfig = editorConfig }, test.FixedState, test.BatchFixedState);
        return test;
    }

    private sealed class Diagnostics(System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.Diagnostic> diagnostics) : Microsoft.CodeAnalysis.CodeFixes.FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Microsoft.CodeAnalysis.Diagnostic>> GetDocumentDiagnosticsAsync(Microsoft.CodeAnalysis.Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Microsoft.CodeAnalysis.Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Microsoft.CodeAnalysis.Diagnostic>> GetProjectDiagnosticsAsync(Microsoft.CodeAnalysis.Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Microsoft.CodeAnalysis.Diagnostic>());

        public override Task<IEnumerable<Microsoft.CodeAnalysis.Diagnostic>> GetAllDiagnosticsAsync(Microsoft.CodeAnalysis.Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Microsoft.CodeAnalysis.Diagnostic>>(diagnostics);
    }
}
