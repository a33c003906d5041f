using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureApi.Analyzers.Rules.Cors;
using SecureApi.Analyzers.Rules.Crypto;
using SecureApi.Analyzers.Tests.Infrastructure;
using SecureApi.CodeFixes.Rules.Cors;
using SecureApi.CodeFixes.Rules.Crypto;
using Xunit;

namespace SecureApi.Analyzers.Tests.Core;

/// <summary>The shared Fix All provider copes with diagnostics computed before an earlier fix changed the document.</summary>
public sealed class FixAllTests
{
    /// <summary>The fixes exercised here change behaviour: Fix All applies them only when asked (FixEffectTests).</summary>
    private static readonly string AllowBulkBehaviorChanges = SecureApi.Analyzers.Core.SecureApiOptions.FixAllBehaviorChanges.Key + " = true";

    [Fact]
    public async Task Stale_diagnostics_from_an_older_version_of_the_document_are_recomputed()
    {
        const string original = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(options =>
            {
                options.AddPolicy("a", policy => policy.AllowAnyOrigin().AllowCredentials());
                options.AddPolicy("b", policy => policy.AllowAnyOrigin());
            });
            builder.Build().Run();
            """;
        var workspace = (await SnippetWorkspace.CreateAsync()).WithEditorConfig(AllowBulkBehaviorChanges);
        var before = workspace.With(original);
        var compilation = (await before.Project.GetCompilationAsync())!;
        var stale = (await compilation.WithAnalyzers([new PermissiveCorsPolicyAnalyzer()]).GetAnalyzerDiagnosticsAsync())
            .Where(d => d.Id.StartsWith("SAPI", StringComparison.Ordinal))
            .ToImmutableArray();
        Assert.Equal(2, stale.Length);

        // An earlier fix (of another rule) inserted text above: every stale location is off by that much.
        var after = workspace.With("// Reviewed by the security team.\n" + original);
        var fixer = new PermissiveCorsPolicyCodeFix();
        var context = new FixAllContext(
            after, fixer, FixAllScope.Document, PermissiveCorsPolicyCodeFix.UseExplicitOrigins, fixer.FixableDiagnosticIds, new Provider(stale), CancellationToken.None);
        var action = await fixer.GetFixAllProvider()!.GetFixAsync(context);
        var operations = await action!.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(after.Id)!;
        var text = (await changed.GetTextAsync()).ToString();

        Assert.DoesNotContain("AllowAnyOrigin", text, StringComparison.Ordinal);
        Assert.Equal(2, text.Split("WithOrigins(builder.Configuration.GetSection(\"Cors:AllowedOrigins\")").Length - 1);
        Assert.StartsWith("// Reviewed by the security team.", text, StringComparison.Ordinal);
    }

    /// <summary>dotnet format fixes every id of a provider with the key of the first action it saw.</summary>
    [Fact]
    public async Task Every_id_of_a_provider_is_fixed_whatever_the_key()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public static class Digests
            {
                public static string ETag(byte[] report) => Convert.ToHexString(MD5.HashData(report));

                public static string HashPassword(string password) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(password)));
            }
            """;
        var document = ((await SnippetWorkspace.CreateAsync()).WithEditorConfig(AllowBulkBehaviorChanges)).With(source);
        var compilation = (await document.Project.GetCompilationAsync())!;
        var diagnostics = (await compilation.WithAnalyzers([new WeakHashAnalyzer()]).GetAnalyzerDiagnosticsAsync())
            .Where(d => d.Id.StartsWith("SAPI", StringComparison.Ordinal))
            .ToImmutableArray();
        Assert.Equal(["SAPI6001", "SAPI6002"], diagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));

        var fixer = new WeakHashCodeFix();
        var context = new FixAllContext(
            document, fixer, FixAllScope.Document, WeakHashCodeFix.UsePasswordHasher, fixer.FixableDiagnosticIds, new Provider(diagnostics), CancellationToken.None);
        var action = await fixer.GetFixAllProvider()!.GetFixAsync(context);
        var operations = await action!.GetOperationsAsync(CancellationToken.None);
        var changed = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
        var text = (await changed.GetTextAsync()).ToString();

        Assert.Contains("SHA256.HashData(report)", text, StringComparison.Ordinal);
        Assert.Contains("new PasswordHasher<object>().HashPassword(null!, password)", text, StringComparison.Ordinal);
    }

    private sealed class Provider(ImmutableArray<Diagnostic> diagnostics) : FixAllContext.DiagnosticProvider
    {
        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(diagnostics);
    }
}
