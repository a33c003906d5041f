using SecureApi.CodeFixes.Rules.Jwt;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Jwt.JwtMetadataOverHttpAnalyzer,
    SecureApi.CodeFixes.Rules.Jwt.JwtMetadataOverHttpCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Jwt;

/// <summary>Fix of SAPI1003: RequireHttpsMetadata = true.</summary>
public sealed class JwtMetadataOverHttpCodeFixTests
{
    private const string Key = JwtMetadataOverHttpCodeFix.RequireHttpsMetadata;

    [Fact]
    public Task Statement_in_an_AddJwtBearer_lambda()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddJwtBearer(options =>
                {
                    options.Authority = builder.Configuration["Auth:Authority"];
                    options.{|SAPI1003:RequireHttpsMetadata = false|}; // the identity server has no certificate yet
                });
            builder.Build().Run();
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddJwtBearer(options =>
                {
                    options.Authority = builder.Configuration["Auth:Authority"];
                    options.RequireHttpsMetadata = true; // the identity server has no certificate yet
                });
            builder.Build().Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Object_initializer_and_const_value()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;

            public static class Defaults
            {
                private const bool SecureMetadata = false;

                public static OpenIdConnectOptions Create() => new()
                {
                    Authority = "https://login.example.com",
                    {|SAPI1003:RequireHttpsMetadata = SecureMetadata|},
                };
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;

            public static class Defaults
            {
                private const bool SecureMetadata = false;

                public static OpenIdConnectOptions Create() => new()
                {
                    Authority = "https://login.example.com",
                    RequireHttpsMetadata = true,
                };
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Fix_all_rewrites_every_unguarded_assignment_and_keeps_the_development_one()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication()
                .AddJwtBearer(o => o.{|SAPI1003:RequireHttpsMetadata = false|})
                .AddOpenIdConnect(o =>
                {
                    o.{|SAPI1003:RequireHttpsMetadata = false|};
                    if (builder.Environment.IsDevelopment())
                    {
                        o.RequireHttpsMetadata = false;
                    }
                });
            builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => { o.{|SAPI1003:RequireHttpsMetadata = false|}; });
            builder.Build().Run();
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication()
                .AddJwtBearer(o => o.RequireHttpsMetadata = true)
                .AddOpenIdConnect(o =>
                {
                    o.RequireHttpsMetadata = true;
                    if (builder.Environment.IsDevelopment())
                    {
                        o.RequireHttpsMetadata = false;
                    }
                });
            builder.Services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => { o.RequireHttpsMetadata = true; });
            builder.Build().Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Fix_all_in_an_options_class()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.Extensions.Options;

            public sealed class ConfigureJwtBearer(IWebHostEnvironment environment) : IConfigureNamedOptions<JwtBearerOptions>
            {
                public void Configure(string? name, JwtBearerOptions options)
                {
                    if (name == "Partners")
                    {
                        options.{|SAPI1003:RequireHttpsMetadata = false|};
                    }
                    else if (environment.IsProduction())
                    {
                        options.RequireHttpsMetadata = true;
                    }
                    else
                    {
                        options.{|SAPI1003:RequireHttpsMetadata = false|};
                    }
                }

                public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.Extensions.Options;

            public sealed class ConfigureJwtBearer(IWebHostEnvironment environment) : IConfigureNamedOptions<JwtBearerOptions>
            {
                public void Configure(string? name, JwtBearerOptions options)
                {
                    if (name == "Partners")
                    {
                        options.RequireHttpsMetadata = true;
                    }
                    else if (environment.IsProduction())
                    {
                        options.RequireHttpsMetadata = true;
                    }
                    else
                    {
                        options.RequireHttpsMetadata = true;
                    }
                }

                public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }
}
