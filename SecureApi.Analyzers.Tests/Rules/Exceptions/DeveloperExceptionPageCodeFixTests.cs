using SecureApi.Analyzers.Tests.Infrastructure;
using SecureApi.CodeFixes.Rules.Exceptions;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Exceptions.DeveloperExceptionPageAnalyzer,
    SecureApi.CodeFixes.Rules.Exceptions.DeveloperExceptionPageCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Exceptions;

/// <summary>Fix of SAPI5002: only in Development.</summary>
public sealed class DeveloperExceptionPageCodeFixTests
{
    private const string Key = DeveloperExceptionPageCodeFix.GuardWithDevelopment;

    [Fact]
    public Task Top_level_program_uses_the_app_environment()
    {
        const string source = """
            var app = WebApplication.Create(args);

            // Errors in detail.
            app.{|SAPI5002:UseDeveloperExceptionPage()|};
            app.Run();
            """;
        const string fixedSource = """
            var app = WebApplication.Create(args);

            // Errors in detail.
            if (app.Environment.IsDevelopment())
            {
                app.UseDeveloperExceptionPage();
            }

            app.Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Startup_uses_the_environment_parameter_and_fix_all_guards_every_call()
    {
        const string source = """
            public sealed class Startup
            {
                public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    app.{|SAPI5002:UseDeveloperExceptionPage()|};
                    app.UseRouting();
                }
            }

            public static class Pipeline
            {
                public static WebApplication UseStatusPipeline(this WebApplication app)
                {
                    app.{|SAPI5002:UseDeveloperExceptionPage()|};
                    return app;
                }
            }
            """;
        const string fixedSource = """
            public sealed class Startup
            {
                public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    if (env.IsDevelopment())
                    {
                        app.UseDeveloperExceptionPage();
                    }

                    app.UseRouting();
                }
            }

            public static class Pipeline
            {
                public static WebApplication UseStatusPipeline(this WebApplication app)
                {
                    if (app.Environment.IsDevelopment())
                    {
                        app.UseDeveloperExceptionPage();
                    }

                    return app;
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Hosting_using_is_added_when_missing()
    {
        const string source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            public sealed class Startup
            {
                public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    app.{|SAPI5002:UseDeveloperExceptionPage()|};
                }
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;
            using Microsoft.Extensions.Hosting;

            public sealed class Startup
            {
                public void Configure(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    if (env.IsDevelopment())
                    {
                        app.UseDeveloperExceptionPage();
                    }
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, new SnippetOptions { ImplicitUsings = false });
    }

    [Fact]
    public Task No_fix_without_an_environment_in_scope_or_inside_a_chain()
    {
        const string source = """
            public static class Pipeline
            {
                public static void Use(IApplicationBuilder app)
                {
                    app.{|SAPI5002:UseDeveloperExceptionPage()|};
                }

                public static void Chain(WebApplication app) => app.{|SAPI5002:UseDeveloperExceptionPage()|}.UseRouting();
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }
}
