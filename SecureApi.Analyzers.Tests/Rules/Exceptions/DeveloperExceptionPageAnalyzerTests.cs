using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Exceptions.DeveloperExceptionPageAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Exceptions;

/// <summary>SAPI5002: the developer exception page (or database error page) outside an IsDevelopment() check.</summary>
public sealed class DeveloperExceptionPageAnalyzerTests
{
    private static DiagnosticResult Page(int markup, string method = "UseDeveloperExceptionPage") =>
        Verify.Diagnostic(Descriptors.UnguardedDeveloperExceptionPage).WithLocation(markup).WithArguments(method);

    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task Top_level_program_without_a_check()
    {
        const string source = """
            var app = WebApplication.Create(args);
            app.{|#0:UseDeveloperExceptionPage()|};
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Page(0));
    }

    [Fact]
    public Task Pipeline_extension_and_startup_class()
    {
        const string source = """
            public static class Pipeline
            {
                public static WebApplication UseStatusPipeline(this WebApplication app)
                {
                    // Handy during incidents.
                    app.{|#0:UseDeveloperExceptionPage()|};
                    app.UseAuthorization();
                    return app;
                }
            }

            public sealed class Startup
            {
                public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    app.{|#1:UseDeveloperExceptionPage(new DeveloperExceptionPageOptions { SourceCodeLineCount = 10 })|}.UseRouting();
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Page(0), Page(1));
    }

    [Theory]
    [InlineData("if (!app.Environment.IsDevelopment()) { app.{|#0:UseDeveloperExceptionPage()|}; }")]
    [InlineData("if (app.Environment.IsDevelopment()) { app.UseHsts(); } else { app.{|#0:UseDeveloperExceptionPage()|}; }")]
    [InlineData("if (app.Environment.IsStaging()) { app.{|#0:UseDeveloperExceptionPage()|}; }")]
    [InlineData("if (app.Environment.IsEnvironment(\"Dev\")) app.{|#0:UseDeveloperExceptionPage()|};")]
    [InlineData("if (app.Environment.IsDevelopment() || args.Length > 0) app.{|#0:UseDeveloperExceptionPage()|};")]
    [InlineData("if (app.Configuration.GetValue<bool>(\"ShowErrors\")) app.{|#0:UseDeveloperExceptionPage()|};")]
    public Task Checks_that_do_not_prove_Development(string statement)
    {
        var source = $$"""
            var app = WebApplication.Create(args);
            {{statement}}
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Page(0));
    }

    [Fact]
    public Task Database_error_page()
    {
        const string source = """
            public sealed class Startup
            {
                public void Configure(IApplicationBuilder app)
                {
            #pragma warning disable CS0618 // UseDatabaseErrorPage is obsolete, and still compiles.
                    app.{|#0:UseDatabaseErrorPage()|};
            #pragma warning restore CS0618
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Page(0, "UseDatabaseErrorPage"));
    }

    // ---------------------------------------------------------------- must not flag

    [Theory]
    [InlineData("if (app.Environment.IsDevelopment()) { app.UseDeveloperExceptionPage(); } else { app.UseExceptionHandler(\"/error\"); }")]
    [InlineData("if (app.Environment.IsDevelopment())\n    app.UseDeveloperExceptionPage();\nelse\n    app.UseExceptionHandler(\"/error\");")]
    [InlineData("if (!app.Environment.IsDevelopment()) { app.UseExceptionHandler(\"/error\"); } else { app.UseDeveloperExceptionPage(); }")]
    [InlineData("if (app.Environment.EnvironmentName == \"Development\") { app.UseDeveloperExceptionPage(); }")]
    [InlineData("if (app.Environment.IsEnvironment(Environments.Development)) { app.UseDeveloperExceptionPage(); }")]
    [InlineData("var isDevelopment = app.Environment.IsDevelopment(); if (isDevelopment) { app.UseDeveloperExceptionPage(); }")]
    [InlineData("_ = app.Environment.IsDevelopment() && app.UseDeveloperExceptionPage() is not null;")]
    public Task Guarded_by_a_development_check(string statement)
    {
        var source = $$"""
            var app = WebApplication.Create(args);
            {{statement}}
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Startup_with_an_early_return_and_a_development_branch()
    {
        const string source = """
            public sealed class Startup
            {
                public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    if (env.IsDevelopment())
                    {
                        app.UseDeveloperExceptionPage();
                    }
                    else
                    {
                        app.UseHsts();
                    }
                }

                public void ConfigureDevelopmentTools(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    if (!env.IsDevelopment())
                    {
                        return;
                    }

                    app.UseDeveloperExceptionPage();
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task A_method_of_the_same_name_elsewhere()
    {
        const string source = """
            public static class Diagnostics
            {
                public static IApplicationBuilder UseDeveloperExceptionPage(this IApplicationBuilder app, bool verbose) => app;
            }

            public sealed class Startup
            {
                public void Configure(IApplicationBuilder app) => app.UseDeveloperExceptionPage(verbose: true);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }
}
