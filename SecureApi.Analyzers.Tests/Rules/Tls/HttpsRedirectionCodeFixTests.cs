using SecureApi.CodeFixes.Rules.Tls;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Tls.HttpsRedirectionAnalyzer,
    SecureApi.CodeFixes.Rules.Tls.HttpsRedirectionCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Tls;

/// <summary>Fix of SAPI8003: insert UseHsts() outside Development and UseHttpsRedirection() where the pipeline starts.</summary>
public sealed class HttpsRedirectionCodeFixTests
{
    private const string Key = HttpsRedirectionCodeFix.EnforceHttps;

    [Fact]
    public Task Both_after_build_in_a_top_level_program()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.{|SAPI8003:Build|}();

            app.MapGet("/", () => "ok");
            app.Run();
            """;
        const string fixedSource = """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();

            if (!app.Environment.IsDevelopment())
            {
                app.UseHsts();
            }

            app.UseHttpsRedirection();

            app.MapGet("/", () => "ok");
            app.Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Both_after_an_app_created_without_a_builder()
    {
        const string source = """
            var app = WebApplication.{|SAPI8003:Create|}(args);
            app.MapGet("/", () => "ok");
            app.Run();
            """;
        const string fixedSource = """
            var app = WebApplication.Create(args);

            if (!app.Environment.IsDevelopment())
            {
                app.UseHsts();
            }

            app.UseHttpsRedirection();

            app.MapGet("/", () => "ok");
            app.Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Hsts_joins_the_templates_non_development_block()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.{|SAPI8003:Build|}();
            if (!app.Environment.IsDevelopment())
            {
                app.UseExceptionHandler("/Error");
            }

            app.UseHttpsRedirection();
            app.Run();
            """;
        const string fixedSource = """
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
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Redirection_goes_after_the_environment_check_that_holds_hsts()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.{|SAPI8003:Build|}();
            if (!app.Environment.IsDevelopment())
            {
                app.UseHsts();
            }

            app.UseAuthorization();
            app.Run();
            """;
        const string fixedSource = """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            if (!app.Environment.IsDevelopment())
            {
                app.UseHsts();
            }
            app.UseHttpsRedirection();

            app.UseAuthorization();
            app.Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Startup_uses_the_else_of_its_development_check_and_the_environment_parameter()
    {
        const string source = """
            public sealed class Startup
            {
                public void {|SAPI8003:Configure|}(IApplicationBuilder app, IWebHostEnvironment env)
                {
                    if (env.IsDevelopment())
                    {
                        app.UseDeveloperExceptionPage();
                    }
                    else
                    {
                        app.UseExceptionHandler("/error");
                    }

                    app.UseRouting();
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
                    else
                    {
                        app.UseExceptionHandler("/error");
                        app.UseHsts();
                    }
                    app.UseHttpsRedirection();
                    app.UseRouting();
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Startup_without_an_environment_gets_unguarded_hsts_which_skips_localhost()
    {
        const string source = """
            public sealed class Startup
            {
                public void {|SAPI8003:Configure|}(IApplicationBuilder builder)
                {
                    builder.UseRouting();
                }
            }
            """;
        const string fixedSource = """
            public sealed class Startup
            {
                public void Configure(IApplicationBuilder builder)
                {
                    builder.UseHsts();
                    builder.UseHttpsRedirection();
                    builder.UseRouting();
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Startup_with_explicit_usings_gets_the_hosting_namespace()
    {
        const string source = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Hosting;

            public sealed class Startup
            {
                public void {|SAPI8003:Configure|}(IApplicationBuilder app, IWebHostEnvironment env)
                {
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
                    if (!env.IsDevelopment())
                    {
                        app.UseHsts();
                    }

                    app.UseHttpsRedirection();
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, new() { ImplicitUsings = false });
    }

    [Fact]
    public Task Only_redirection_inside_a_main_method()
    {
        const string source = """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    var web = builder.{|SAPI8003:Build|}();
                    web.UseHsts();
                    web.Run();
                }
            }
            """;
        const string fixedSource = """
            public static class Program
            {
                public static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    var web = builder.Build();
                    web.UseHttpsRedirection();
                    web.UseHsts();
                    web.Run();
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Fix_all_fixes_every_app_of_the_document()
    {
        // The facts are the compilation's: once one app calls both, the other is no longer reported, so applying
        // the fixes one by one stops after the first; Fix All fixes both locations it was given.
        const string source = """
            public static class Apps
            {
                public static void Public(string[] args)
                {
                    var app = WebApplication.CreateBuilder(args).{|SAPI8003:Build|}();
                    app.Run();
                }

                public static void Admin(string[] args)
                {
                    var admin = WebApplication.CreateBuilder(args).{|SAPI8003:Build|}();
                    admin.Run();
                }
            }
            """;
        const string fixedSource = """
            public static class Apps
            {
                public static void Public(string[] args)
                {
                    var app = WebApplication.CreateBuilder(args).Build();
                    if (!app.Environment.IsDevelopment())
                    {
                        app.UseHsts();
                    }

                    app.UseHttpsRedirection();
                    app.Run();
                }

                public static void Admin(string[] args)
                {
                    var admin = WebApplication.CreateBuilder(args).Build();
                    admin.Run();
                }
            }
            """;
        const string batchFixedSource = """
            public static class Apps
            {
                public static void Public(string[] args)
                {
                    var app = WebApplication.CreateBuilder(args).Build();
                    if (!app.Environment.IsDevelopment())
                    {
                        app.UseHsts();
                    }

                    app.UseHttpsRedirection();
                    app.Run();
                }

                public static void Admin(string[] args)
                {
                    var admin = WebApplication.CreateBuilder(args).Build();
                    if (!admin.Environment.IsDevelopment())
                    {
                        admin.UseHsts();
                    }

                    admin.UseHttpsRedirection();
                    admin.Run();
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: batchFixedSource);
    }

    [Fact]
    public Task No_fix_when_the_app_is_not_held_in_a_local()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.{|SAPI8003:Build|}().Run();
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }
}
