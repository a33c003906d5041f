using System.Reflection;
using Microsoft.CodeAnalysis.CSharp.Testing;
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
}
