using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AspNetCore;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;

namespace SecureApi.Analyzers.Tests.Core;

/// <summary>
/// The shared "only reached in Development?" question, asked about the call rules will ask it for
/// (<c>app.UseDeveloperExceptionPage()</c>) in a top-level program where <c>app</c> is the WebApplication.
/// </summary>
public sealed class EnvironmentChecksTests
{

    [Theory]
    [InlineData("app.UseDeveloperExceptionPage();")]
    [InlineData("if (app.Environment.IsDevelopment()) { } else { app.UseDeveloperExceptionPage(); }")]
    [InlineData("if (app.Environment.IsProduction()) { } else { app.UseDeveloperExceptionPage(); }")]
    [InlineData("if (app.Environment.IsStaging() || app.Environment.IsDevelopment()) app.UseDeveloperExceptionPage();")]
    [InlineData("if (app.Environment.IsDevelopment() || args.Length > 0) app.UseDeveloperExceptionPage();")]
    [InlineData("if (!app.Environment.IsDevelopment()) { Console.WriteLine(); } app.UseDeveloperExceptionPage();")]
    [InlineData("while (!app.Environment.IsDevelopment()) { break; } app.UseDeveloperExceptionPage();")]
    [InlineData("var dev = app.Environment.IsDevelopment(); dev = args.Length > 0; if (dev) app.UseDeveloperExceptionPage();")]
    [InlineData("switch (app.Environment.EnvironmentName) { case \"Development\": case \"Staging\": app.UseDeveloperExceptionPage(); break; }")]
    [InlineData("if (app.Environment.EnvironmentName == \"Dev\") app.UseDeveloperExceptionPage();")]
    [InlineData("if (app.Environment.ApplicationName == \"Development\") app.UseDeveloperExceptionPage();")]
    [InlineData("app.Lifetime.ApplicationStarted.Register(() => { if (!app.Environment.IsDevelopment()) return; }); app.UseDeveloperExceptionPage();")]
    public void Reachable_outside_development(string statements) => AssertDevelopmentOnly(statements, false);

    [Theory]
    [InlineData("if (app.Environment.IsDevelopment()) { app.UseDeveloperExceptionPage(); }")]
    [InlineData("if (app.Environment.IsDevelopment()) app.UseDeveloperExceptionPage(); else app.UseExceptionHandler(\"/error\");")]
    [InlineData("if (!app.Environment.IsDevelopment()) { app.UseExceptionHandler(\"/error\"); } else { app.UseDeveloperExceptionPage(); }")]
    [InlineData("if (!app.Environment.IsDevelopment()) return; app.UseDeveloperExceptionPage();")]
    [InlineData("if (!app.Environment.IsDevelopment()) { app.Run(); return; } else { } app.UseDeveloperExceptionPage();")]
    [InlineData("if (app.Environment.IsDevelopment()) { } else { throw new InvalidOperationException(); } app.UseDeveloperExceptionPage();")]
    [InlineData("foreach (var a in args) { if (!app.Environment.IsDevelopment()) continue; app.UseDeveloperExceptionPage(); }")]
    [InlineData("if (app.Environment.IsEnvironment(\"development\")) app.UseDeveloperExceptionPage();")]
    [InlineData("if (app.Environment.EnvironmentName == Environments.Development) app.UseDeveloperExceptionPage();")]
    [InlineData("if (app.Environment.EnvironmentName is not \"Development\") { } else { app.UseDeveloperExceptionPage(); }")]
    [InlineData("var dev = app.Environment.IsDevelopment(); if (dev) app.UseDeveloperExceptionPage();")]
    [InlineData("var dev = app.Environment.IsDevelopment(); var local = dev && args.Length == 0; if (local) app.UseDeveloperExceptionPage();")]
    [InlineData("_ = app.Environment.IsDevelopment() ? app.UseDeveloperExceptionPage() : app;")]
    [InlineData("_ = app.Environment.IsDevelopment() && app.UseDeveloperExceptionPage() is not null;")]
    [InlineData("switch (app.Environment.EnvironmentName) { case \"Development\": app.UseDeveloperExceptionPage(); break; }")]
    [InlineData("app.Lifetime.ApplicationStarted.Register(() => { if (app.Environment.IsDevelopment()) { app.UseDeveloperExceptionPage(); } });")]
    [InlineData("if (app.Environment.IsDevelopment()) { app.Lifetime.ApplicationStarted.Register(() => app.UseDeveloperExceptionPage()); }")]
    [InlineData("if (Environment.GetEnvironmentVariable(\"ASPNETCORE_ENVIRONMENT\") == \"Development\") app.UseDeveloperExceptionPage();")]
    public void Only_reached_in_development(string statements) => AssertDevelopmentOnly(statements, true);

    [Fact]
    public void Startup_class_with_an_injected_environment() => AssertDevelopmentOnly(
        """
        public sealed class Startup(IWebHostEnvironment environment)
        {
            public void Configure(IApplicationBuilder app)
            {
                if (environment.IsDevelopment())
                {
                    app.UseDeveloperExceptionPage();
                }
            }
        }
        """,
        true,
        topLevel: false);

    private static void AssertDevelopmentOnly(string code, bool expected, bool topLevel = true)
    {
        var source = topLevel
            ? $"var builder = WebApplication.CreateBuilder(args);\nvar app = builder.Build();\n{code}\napp.Run();\n"
            : code;
        var compilation = CSharpCompilation.Create(
            "EnvironmentChecks",
            [
                CSharpSyntaxTree.ParseText(TestSources.WebSdkGlobalUsings, new CSharpParseOptions(LanguageVersion.CSharp12)),
                CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp12)),
            ],
            ReferencePresets.Default.All,
            new CSharpCompilationOptions(topLevel ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var tree = compilation.SyntaxTrees[1];
        var model = compilation.GetSemanticModel(tree);
        var target = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Single(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "UseDeveloperExceptionPage" });
        var operation = model.GetOperation(target);
        Assert.NotNull(operation);

        Assert.Equal(expected, EnvironmentChecks.IsDevelopmentOnly(operation, KnownTypes.For(compilation)));
    }
}
