using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Tls.HttpsRedirectionAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Tls;

/// <summary>SAPI8003: a web application that never calls UseHttpsRedirection() or UseHsts() (outside Development).</summary>
public sealed class HttpsRedirectionAnalyzerTests
{
    private const string Both = "never calls UseHttpsRedirection() or UseHsts()";
    private const string NoHsts = "never calls UseHsts()";
    private const string NoRedirect = "never calls UseHttpsRedirection()";

    private const string BothConsequence = "requests over plain HTTP are served as they are, and browsers are never told to use HTTPS only";
    private const string RedirectConsequence = "requests over plain HTTP are served as they are, credentials and tokens included";
    private const string HstsConsequence = "browsers are never told to use HTTPS only, so a first plain-HTTP request can be intercepted and downgraded";

    private static DiagnosticResult App(int markup, string seen)
    {
        var consequence = seen.Contains("UseHttpsRedirection", StringComparison.Ordinal)
            ? seen.Contains("UseHsts", StringComparison.Ordinal) ? BothConsequence : RedirectConsequence
            : HstsConsequence;
        return Verify.Diagnostic(Descriptors.HttpsNotEnforced).WithLocation(markup).WithArguments(seen, consequence);
    }

    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task Minimal_app_without_either()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllers();
            var app = builder.{|#0:Build|}();
            app.MapControllers();
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, App(0, Both));
    }

    [Fact]
    public Task App_created_without_a_builder()
    {
        const string source = """
            var app = WebApplication.{|#0:Create|}(args);
            app.MapGet("/", () => "ok");
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, App(0, Both));
    }

    [Fact]
    public Task Slim_builder_with_redirection_only_as_the_webapi_template()
    {
        const string source = """
            var builder = WebApplication.CreateSlimBuilder(args);
            var app = builder.{|#0:Build|}();
            if (app.Environment.IsDevelopment())
            {
                app.MapGet("/debug", () => "ok");
            }

            app.UseHttpsRedirection();
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, App(0, NoHsts));
    }

    [Fact]
    public Task Hsts_without_redirection()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.{|#0:Build|}();
            if (!app.Environment.IsDevelopment())
            {
                app.UseHsts();
            }

            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, App(0, NoRedirect));
    }

    [Theory]
    [InlineData("if (app.Environment.IsDevelopment()) { app.UseHsts(); }")]
    [InlineData("if (app.Environment.IsDevelopment()) app.UseHsts(); else app.UseExceptionHandler(\"/error\");")]
    [InlineData("if (!app.Environment.IsDevelopment()) return; app.UseHsts();")]
    public Task Hsts_only_in_development_does_not_count(string statement)
    {
        var source = $$"""
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.{|#0:Build|}();
            app.UseHttpsRedirection();
            {{statement}}
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, App(0, "calls UseHsts() only in Development"));
    }

    [Fact]
    public Task Not_production_is_not_a_development_guard_so_hsts_counts_there()
    {
        // if (!IsProduction()) is not Development-only: HSTS reaches staging, and the app is not flagged.
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            if (!app.Environment.IsProduction())
            {
                app.UseHsts();
            }

            app.UseHttpsRedirection();
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Redirection_only_in_development_and_no_hsts()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.{|#0:Build|}();
            if (app.Environment.IsDevelopment())
            {
                app.UseHttpsRedirection();
            }

            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, App(0, "calls UseHttpsRedirection() only in Development and never calls UseHsts()"));
    }

    [Fact]
    public Task Startup_configure_without_either()
    {
        const string source = """
            public sealed class Startup
            {
                public void ConfigureServices(IServiceCollection services) => services.AddControllers();

                public void {|#0:Configure|}(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    app.UseRouting();
                    app.UseEndpoints(endpoints => endpoints.MapControllers());
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, App(0, Both));
    }

    [Fact]
    public Task Build_called_in_one_chain_is_still_reported()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.{|#0:Build|}().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, App(0, Both));
    }

    [Fact]
    public Task Pipeline_extension_of_the_same_project_is_followed()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.{|#0:Build|}();
            app.UsePayrollPipeline();
            app.Run();

            public static class Pipeline
            {
                public static WebApplication UsePayrollPipeline(this WebApplication app)
                {
                    app.UseHttpsRedirection();
                    app.UseAuthorization();
                    return app;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, App(0, NoHsts));
    }

    [Fact]
    public Task Package_middleware_does_not_hide_the_pipeline()
    {
        // A NuGet package's extension (here an ASP.NET Core one outside the framework's namespace) is not the app's code.
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.{|#0:Build|}();
            app.UseCors();
            app.UseAuthentication();
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, App(0, Both));
    }

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task Minimal_app_with_both_as_the_template()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            if (!app.Environment.IsDevelopment())
            {
                app.UseExceptionHandler("/Error");
                app.UseHsts();
            }

            app.UseHttpsRedirection();
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Startup_with_both_in_the_else_of_a_development_check()
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

                    app.UseHttpsRedirection();
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Both_in_an_extension_method_of_the_same_project()
    {
        const string source = """
            var builder = WebApplication.CreateSlimBuilder(args);
            var app = builder.Build();
            app.UseClubPipeline();
            app.Run();

            public static class Pipeline
            {
                public static IApplicationBuilder UseClubPipeline(this IApplicationBuilder app)
                {
                    var env = app.ApplicationServices.GetRequiredService<IWebHostEnvironment>();
                    if (!env.IsDevelopment())
                    {
                        app.UseHsts();
                    }

                    return app.UseHttpsRedirection();
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Unguarded_hsts_and_the_rewriter_redirect_count()
    {
        // HSTS skips localhost by default, so an unguarded UseHsts() is fine; the URL rewriter can redirect too.
        const string source = """
            using Microsoft.AspNetCore.Rewrite;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.UseHsts();
            app.UseRewriter(new RewriteOptions().AddRedirectToHttpsPermanent());
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Theory]
    [InlineData("context.Response.Headers.StrictTransportSecurity = \"max-age=31536000\";")]
    [InlineData("context.Response.Headers.Append(Microsoft.Net.Http.Headers.HeaderNames.StrictTransportSecurity, \"max-age=31536000\");")]
    [InlineData("context.Response.Headers[\"Strict-Transport-Security\"] = \"max-age=31536000\";")]
    public Task Hsts_header_written_by_the_app(string write)
    {
        var source = $$"""
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.UseHttpsRedirection();
            app.Use(async (context, next) =>
            {
                {{write}}
                await next();
            });
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Host_builder_and_class_library_pipeline_extensions_are_not_apps()
    {
        // IHostBuilder.Build() is a worker (or an app configured through a Startup class, reported there); a static
        // Configure extension only adds to someone else's pipeline.
        const string source = """
            public static class Program
            {
                public static void Main(string[] args) => Host.CreateDefaultBuilder(args).Build().Run();
            }

            public static class Modules
            {
                public static void Configure(this IApplicationBuilder app) => app.UseRouting();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Without_aspnetcore_nothing_is_reported()
    {
        const string source = """
            public static class Program
            {
                public static void Main() => System.Console.WriteLine("worker");
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, new SnippetOptions { ImplicitUsings = false, References = ReferencePresets.BaseClassLibraryOnly });
    }

    [Fact]
    public Task Test_projects_that_build_an_app_in_memory_are_silent()
    {
        const string source = """
            public sealed class ApiFixture
            {
                [Xunit.Fact]
                public void Starts()
                {
                    var builder = WebApplication.CreateBuilder();
                    var app = builder.Build();
                    app.MapGet("/", () => "ok");
                }
            }
            """;
        var xunit = MetadataReference.CreateFromFile(typeof(FactAttribute).Assembly.Location);
        var references = ReferencePresets.Default with { Libraries = ReferencePresets.Default.Libraries.Add(xunit) };
        return Verify.VerifyAnalyzerAsync(source, new SnippetOptions { References = references });
    }

    [Fact]
    public Task Pipeline_in_another_project_of_the_solution_may_hold_the_calls()
    {
        const string source = """
            using Shared;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.UseSharedPipeline();
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, new SnippetOptions { References = WithSharedLibrary("/Shared/obj/Debug/net8.0/Shared.dll") });
    }

    [Fact]
    public Task Pipeline_extension_of_a_package_does_not_hide_what_the_app_lacks()
    {
        const string source = """
            using Shared;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.{|#0:Build|}();
            app.UseSharedPipeline();
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, new SnippetOptions { References = WithSharedLibrary("/root/.nuget/packages/shared/1.0.0/lib/net8.0/Shared.dll") }, App(0, Both));
    }

    [Fact]
    public Task Endpoint_mapping_of_another_project_does_not_hide_the_pipeline()
    {
        // eShop's ServiceDefaults: app.MapDefaultEndpoints() maps health checks; Map* methods add no middleware.
        const string source = """
            using Shared;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.{|#0:Build|}();
            app.MapDefaultEndpoints();
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, new SnippetOptions { References = WithSharedLibrary("/Shared/obj/Debug/net8.0/Shared.dll") }, App(0, Both));
    }

    /// <summary>A library with <c>UseSharedPipeline(this IApplicationBuilder)</c>, referenced as metadata from <paramref name="path"/>.</summary>
    private static ReferenceSet WithSharedLibrary(string path)
    {
        const string library = """
            using Microsoft.AspNetCore.Builder;

            namespace Shared;

            public static class SharedPipeline
            {
                public static IApplicationBuilder UseSharedPipeline(this IApplicationBuilder app) => app.UseHttpsRedirection();

                public static WebApplication MapDefaultEndpoints(this WebApplication app)
                {
                    app.MapGet("/health", () => "ok");
                    return app;
                }
            }
            """;
        var compilation = CSharpCompilation.Create(
            "Shared",
            [CSharpSyntaxTree.ParseText(library)],
            ReferencePresets.Default.All,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var reference = MetadataReference.CreateFromImage(image.ToArray(), filePath: path);
        return ReferencePresets.Default with { Libraries = ReferencePresets.Default.Libraries.Add(reference) };
    }
}
