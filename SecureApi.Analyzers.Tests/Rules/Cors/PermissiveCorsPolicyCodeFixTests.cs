using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using SecureApi.CodeFixes.Rules.Cors;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Cors.PermissiveCorsPolicyAnalyzer,
    SecureApi.CodeFixes.Rules.Cors.PermissiveCorsPolicyCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Cors;

/// <summary>Fixes of SAPI3001/SAPI3002: explicit origins (from configuration when reachable) and removing credentials.</summary>
public sealed class PermissiveCorsPolicyCodeFixTests
{
    private const string UseOrigins3001 = PermissiveCorsPolicyCodeFix.UseExplicitOrigins;
    private const string UseOrigins3002 = PermissiveCorsPolicyCodeFix.UseExplicitOrigins;
    private const string RemoveCredentials = PermissiveCorsPolicyCodeFix.RemoveCredentials;

    private static DiagnosticResult AnyOrigin(int markup) =>
        Verify.Diagnostic(Descriptors.CorsAnyOrigin).WithLocation(markup).WithArguments("accepts any origin (AllowAnyOrigin())");

    [Fact]
    public Task Top_level_program_reads_origins_from_builder_configuration()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(options => options.AddPolicy("spa", policy => policy
                .{|SAPI3001:AllowAnyOrigin()|}
                .AllowAnyHeader()
                .AllowCredentials()));
            builder.Build().Run();
            """;
        const string fixedSource = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(options => options.AddPolicy("spa", policy => policy
                .WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [])
                .AllowAnyHeader()
                .AllowCredentials()));
            builder.Build().Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, UseOrigins3001);
    }

    [Fact]
    public Task Extension_method_uses_its_configuration_parameter_and_replaces_a_predicate()
    {
        const string source = """
            public static class CorsSetup
            {
                public static IServiceCollection AddApiCors(this IServiceCollection services, IConfiguration configuration) =>
                    services.AddCors(options => options.AddPolicy("partners", policy =>
                    {
                        policy.{|SAPI3001:SetIsOriginAllowed(origin => origin.EndsWith("partner.com"))|};
                        policy.AllowCredentials();
                    }));
            }
            """;
        const string fixedSource = """
            public static class CorsSetup
            {
                public static IServiceCollection AddApiCors(this IServiceCollection services, IConfiguration configuration) =>
                    services.AddCors(options => options.AddPolicy("partners", policy =>
                    {
                        policy.WithOrigins(configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? []);
                        policy.AllowCredentials();
                    }));
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, UseOrigins3001);
    }

    [Fact]
    public Task Startup_class_uses_its_configuration_property()
    {
        const string source = """
            public sealed class Startup
            {
                public Startup(IConfiguration configuration) => Configuration = configuration;

                public IConfiguration Configuration { get; }

                public void ConfigureServices(IServiceCollection services) =>
                    services.AddCors(options => options.AddDefaultPolicy(policy => policy.{|SAPI3002:WithOrigins("*")|}.WithMethods("GET")));
            }
            """;
        const string fixedSource = """
            public sealed class Startup
            {
                public Startup(IConfiguration configuration) => Configuration = configuration;

                public IConfiguration Configuration { get; }

                public void ConfigureServices(IServiceCollection services) =>
                    services.AddCors(options => options.AddDefaultPolicy(policy => policy.WithOrigins(Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? []).WithMethods("GET")));
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, UseOrigins3002);
    }

    [Fact]
    public Task Without_reachable_configuration_an_explicit_origin_list_is_written()
    {
        const string source = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            public static class Policies
            {
                public static CorsPolicy Open() => new CorsPolicyBuilder().{|SAPI3001:AllowAnyOrigin()|}.AllowCredentials().Build();
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            public static class Policies
            {
                public static CorsPolicy Open() => new CorsPolicyBuilder().WithOrigins("https://app.example.com" /* TODO: list the trusted origins */).AllowCredentials().Build();
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, UseOrigins3001);
    }

    /// <summary>
    /// A class declared in Program.cs next to top-level statements sees the top-level <c>builder</c> in lookup, but
    /// using it there is CS8801: the fix writes an explicit list instead (regression: it wrote builder.Configuration).
    /// </summary>
    [Fact]
    public Task A_class_beside_top_level_statements_does_not_use_the_top_level_builder()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            CorsSetup.Add(builder.Services);
            builder.Build().Run();

            static class CorsSetup
            {
                public static void Add(IServiceCollection services) =>
                    services.AddCors(options => options.AddPolicy("spa", policy => policy.{|SAPI3002:AllowAnyOrigin()|}));
            }
            """;
        const string fixedSource = """
            var builder = WebApplication.CreateBuilder(args);
            CorsSetup.Add(builder.Services);
            builder.Build().Run();

            static class CorsSetup
            {
                public static void Add(IServiceCollection services) =>
                    services.AddCors(options => options.AddPolicy("spa", policy => policy.WithOrigins("https://app.example.com" /* TODO: list the trusted origins */)));
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, UseOrigins3002);
    }

    [Fact]
    public Task Builder_constructor_with_wildcard_gets_configured_origins()
    {
        const string source = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            public static class Policies
            {
                public static CorsPolicy Create(IConfiguration configuration) => {|SAPI3002:new CorsPolicyBuilder("*")|}.Build();
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            public static class Policies
            {
                public static CorsPolicy Create(IConfiguration configuration) => new CorsPolicyBuilder(configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? []).Build();
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, UseOrigins3002);
    }

    [Fact]
    public Task Adds_the_configuration_using_only_when_missing()
    {
        const string source = """
            using Microsoft.Extensions.DependencyInjection;

            public static class CorsSetup
            {
                public static void Add(IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration) =>
                    services.AddCors(options => options.AddPolicy("p", policy => policy.{|SAPI3002:AllowAnyOrigin()|}));
            }
            """;
        const string fixedSource = """
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;

            public static class CorsSetup
            {
                public static void Add(IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration) =>
                    services.AddCors(options => options.AddPolicy("p", policy => policy.WithOrigins(configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [])));
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, UseOrigins3002, new SnippetOptions { ImplicitUsings = false });
    }

    [Fact]
    public Task Before_CSharp_12_an_empty_array_replaces_the_collection_expression()
    {
        const string source = """
            public static class CorsSetup
            {
                public static void Add(IServiceCollection services, IConfiguration configuration) =>
                    services.AddCors(options => options.AddPolicy("p", policy => policy.{|SAPI3002:AllowAnyOrigin()|}));
            }
            """;
        const string fixedSource = """
            public static class CorsSetup
            {
                public static void Add(IServiceCollection services, IConfiguration configuration) =>
                    services.AddCors(options => options.AddPolicy("p", policy => policy.WithOrigins(configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? Array.Empty<string>())));
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, UseOrigins3002, new SnippetOptions { LanguageVersion = LanguageVersion.CSharp11 });
    }

    [Fact]
    public Task Configuration_key_comes_from_editorconfig()
    {
        const string source = """
            public static class CorsSetup
            {
                public static void Add(IServiceCollection services, IConfiguration configuration) =>
                    services.AddCors(options => options.AddPolicy("p", policy => policy.{|SAPI3002:AllowAnyOrigin()|}));
            }
            """;
        const string fixedSource = """
            public static class CorsSetup
            {
                public static void Add(IServiceCollection services, IConfiguration configuration) =>
                    services.AddCors(options => options.AddPolicy("p", policy => policy.WithOrigins(configuration.GetSection("Security:Cors:Origins").Get<string[]>() ?? [])));
            }
            """;
        return Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            UseOrigins3002,
            new SnippetOptions { EditorConfig = "secureapi.cors_origins_configuration_key = Security:Cors:Origins" });
    }

    [Fact]
    public Task Rule_specific_configuration_key_wins_over_the_general_one()
    {
        const string source = """
            public static class CorsSetup
            {
                public static void Add(IServiceCollection services, IConfiguration configuration) =>
                    services.AddCors(options => options.AddPolicy("p", policy => policy.{|SAPI3002:AllowAnyOrigin()|}));
            }
            """;
        const string fixedSource = """
            public static class CorsSetup
            {
                public static void Add(IServiceCollection services, IConfiguration configuration) =>
                    services.AddCors(options => options.AddPolicy("p", policy => policy.WithOrigins(configuration.GetSection("Public:Origins").Get<string[]>() ?? [])));
            }
            """;
        return Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            UseOrigins3002,
            new SnippetOptions
            {
                EditorConfig = "secureapi.cors_origins_configuration_key = Security:Cors:Origins\nsecureapi.SAPI3002.cors_origins_configuration_key = Public:Origins",
            });
    }

    [Fact]
    public Task Remove_credentials_from_the_end_and_the_middle_of_a_chain()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(options =>
            {
                options.AddPolicy("a", policy => policy
                    .{|SAPI3001:AllowAnyOrigin()|}
                    .AllowAnyHeader()
                    .AllowCredentials());
                options.AddPolicy("b", policy => policy
                    .{|SAPI3001:AllowAnyOrigin()|}
                    .AllowCredentials()
                    .AllowAnyMethod());
            });
            builder.Build().Run();
            """;
        const string fixedSource = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(options =>
            {
                options.AddPolicy("a", policy => policy
                    .{|#0:AllowAnyOrigin()|}
                    .AllowAnyHeader());
                options.AddPolicy("b", policy => policy
                    .{|#1:AllowAnyOrigin()|}
                    .AllowAnyMethod());
            });
            builder.Build().Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, RemoveCredentials, remaining: [AnyOrigin(0), AnyOrigin(1)]);
    }

    [Fact]
    public Task Remove_credentials_statement_and_CorsPolicy_initializer()
    {
        const string source = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            public static class CorsSetup
            {
                public static void Add(IServiceCollection services) =>
                    services.AddCors(options =>
                    {
                        options.AddPolicy("widget", policy =>
                        {
                            policy.{|SAPI3001:AllowAnyOrigin()|};
                            policy.AllowAnyHeader();
                            policy.AllowCredentials();
                        });

                        var embeds = new CorsPolicy { SupportsCredentials = true, {|SAPI3001:IsOriginAllowed = _ => true|} };
                        options.AddPolicy("embeds", embeds);

                        var legacy = new CorsPolicy();
                        legacy.{|SAPI3001:IsOriginAllowed = _ => true|};
                        legacy.SupportsCredentials = true;
                        options.AddPolicy("legacy", legacy);
                    });
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            public static class CorsSetup
            {
                public static void Add(IServiceCollection services) =>
                    services.AddCors(options =>
                    {
                        options.AddPolicy("widget", policy =>
                        {
                            policy.{|#0:AllowAnyOrigin()|};
                            policy.AllowAnyHeader();
                        });

                        var embeds = new CorsPolicy { {|#1:IsOriginAllowed = _ => true|} };
                        options.AddPolicy("embeds", embeds);

                        var legacy = new CorsPolicy();
                        legacy.{|#2:IsOriginAllowed = _ => true|};
                        options.AddPolicy("legacy", legacy);
                    });
            }
            """;
        var predicate = "accepts any origin (its IsOriginAllowed predicate accepts every value)";
        return Verify.VerifyCodeFixAsync(
            source,
            fixedSource,
            RemoveCredentials,
            remaining:
            [
                AnyOrigin(0),
                Verify.Diagnostic(Descriptors.CorsAnyOrigin).WithLocation(1).WithArguments(predicate),
                Verify.Diagnostic(Descriptors.CorsAnyOrigin).WithLocation(2).WithArguments(predicate),
            ]);
    }

    [Fact]
    public Task CorsPolicy_predicate_offers_no_origin_rewrite()
    {
        const string source = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            public static class Policies
            {
                public static CorsPolicy Create(IConfiguration configuration) => new CorsPolicy { {|SAPI3002:IsOriginAllowed = _ => true|} };
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, UseOrigins3002);
    }

    [Fact]
    public Task Expression_bodied_lambda_whose_only_call_is_AllowCredentials_offers_no_removal()
    {
        const string source = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            public static class Policies
            {
                public static void Configure(CorsPolicyBuilder policy, Action<Action<CorsPolicyBuilder>> apply)
                {
                    policy.{|SAPI3001:AllowAnyOrigin()|};
                    apply(p => p.AllowCredentials());
                    policy.AllowCredentials();
                }
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            public static class Policies
            {
                public static void Configure(CorsPolicyBuilder policy, Action<Action<CorsPolicyBuilder>> apply)
                {
                    policy.{|SAPI3002:AllowAnyOrigin()|};
                    apply(p => p.AllowCredentials());
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, RemoveCredentials);
    }

    [Fact]
    public Task Fix_all_rewrites_every_policy_of_the_document()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(options =>
            {
                options.AddPolicy("a", policy => policy.{|SAPI3001:AllowAnyOrigin()|}.AllowCredentials());
                options.AddPolicy("b", policy => policy.{|SAPI3001:SetIsOriginAllowed(_ => true)|}.AllowCredentials());
                options.AddPolicy("c", policy => policy.{|SAPI3001:WithOrigins("*")|}.AllowCredentials());
            });
            var app = builder.Build();
            app.UseCors(cors => cors.{|SAPI3001:AllowAnyOrigin()|}.AllowCredentials());
            app.Run();
            """;
        const string fixedSource = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(options =>
            {
                options.AddPolicy("a", policy => policy.WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? []).AllowCredentials());
                options.AddPolicy("b", policy => policy.WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? []).AllowCredentials());
                options.AddPolicy("c", policy => policy.WithOrigins(builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? []).AllowCredentials());
            });
            var app = builder.Build();
            app.UseCors(cors => cors.WithOrigins(app.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? []).AllowCredentials());
            app.Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, UseOrigins3001, batchFixedSource: fixedSource);
    }
}
