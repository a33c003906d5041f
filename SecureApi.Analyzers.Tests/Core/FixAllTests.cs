using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureApi.Analyzers.Rules.Cors;
using SecureApi.Analyzers.Tests.Infrastructure;
using SecureApi.CodeFixes.Rules.Cors;
using Xunit;

namespace SecureApi.Analyzers.Tests.Core;

/// <summary>The shared Fix All provider copes with diagnostics computed before an earlier fix changed the document.</summary>
public sealed class FixAllTests
{
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
        var workspace = await SnippetWorkspace.CreateAsync();
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
