using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Tls.IdentityEndpointOverHttpAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Tls;

/// <summary>SAPI8007: identity provider addresses over plain HTTP outside development-only branches.</summary>
public sealed class IdentityEndpointOverHttpAnalyzerTests
{
    private static DiagnosticResult Http(int markup, string member) =>
        Verify.Diagnostic(Descriptors.IdentityEndpointOverHttp).WithLocation(markup).WithArguments(member);

    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task Authority_and_metadata_address_literals()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication()
                .AddJwtBearer(options =>
                {
                    options.Authority = {|#0:"http://sso.corp.internal:8080/realms/api"|};
                    options.Audience = "api";
                })
                .AddJwtBearer("Agents", options =>
                {
                    // The realm's discovery document is only served on the internal port.
                    options.MetadataAddress = {|#1:"HTTP://sso.corp.internal:8080/realms/helpdesk/.well-known/openid-configuration"|};
                    options.RequireHttpsMetadata = true;
                })
                .AddOpenIdConnect(options => options.Authority = {|#2:"http://localhost:5001"|});
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Http(0, "Authority"), Http(1, "MetadataAddress"), Http(2, "Authority"));
    }

    [Fact]
    public Task Constants_interpolations_concatenations_and_locals()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;
            using Microsoft.Extensions.Options;

            public static class IdentityProvider
            {
                public const string Address = "http://idp.example.com/realms/orders";
            }

            public sealed class ConfigureJwt(IConfiguration configuration) : IConfigureNamedOptions<JwtBearerOptions>
            {
                public void Configure(string? name, JwtBearerOptions options)
                {
                    options.Authority = {|#0:IdentityProvider.Address|};
                    var host = configuration["Sso:Host"];
                    options.MetadataAddress = {|#1:$"http://{host}/realms/orders/.well-known/openid-configuration"|};
                }

                public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
            }

            public static class Oidc
            {
                public static void Configure(OpenIdConnectOptions options, string realm)
                {
                    var authority = "http://idp.example.com/realms/" + realm;
                    options.Authority = {|#2:authority|};
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Http(0, "Authority"), Http(1, "MetadataAddress"), Http(2, "Authority"));
    }

    [Fact]
    public Task Backchannel_base_addresses()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.Configure<JwtBearerOptions>(options =>
            {
                options.Backchannel = new HttpClient { BaseAddress = new Uri({|#0:"http://idp.internal/"|}) };
            });
            builder.Services.PostConfigure<OpenIdConnectOptions>("oidc", options =>
            {
                options.Backchannel.BaseAddress = new Uri({|#1:"http://idp.internal/"|});
            });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Http(0, "Backchannel.BaseAddress"), Http(1, "Backchannel.BaseAddress"));
    }

    [Theory]
    [InlineData("if (!builder.Environment.IsProduction()) { builder.Services.Configure<JwtBearerOptions>(o => o.Authority = {|#0:\"http://localhost:8080\"|}); }")]
    [InlineData("if (builder.Environment.IsDevelopment()) { } else { builder.Services.Configure<JwtBearerOptions>(o => o.Authority = {|#0:\"http://localhost:8080\"|}); }")]
    [InlineData("if (builder.Environment.IsStaging()) builder.Services.Configure<JwtBearerOptions>(o => o.Authority = {|#0:\"http://idp:8080\"|});")]
    public Task Branches_that_do_not_prove_Development(string statement)
    {
        var source = $$"""
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            var builder = WebApplication.CreateBuilder(args);
            {{statement}}
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Http(0, "Authority"));
    }

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task Https_configuration_and_development_branches()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication()
                .AddJwtBearer(options =>
                {
                    options.Authority = "https://login.example.com/realms/api";
                    options.MetadataAddress = builder.Configuration["Auth:MetadataAddress"];
                    options.Backchannel = new HttpClient { BaseAddress = new Uri("https://login.example.com/") };
                })
                .AddOpenIdConnect(options => options.Authority = builder.Configuration["Oidc:Authority"]);

            if (builder.Environment.IsDevelopment())
            {
                builder.Services.PostConfigure<JwtBearerOptions>(options =>
                {
                    options.MetadataAddress = "http://localhost:8080/realms/helpdesk/.well-known/openid-configuration";
                    options.RequireHttpsMetadata = false;
                });
            }

            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Other_types_and_other_http_clients()
    {
        const string source = """
            public sealed class PartnerOptions
            {
                public string? Authority { get; set; }
                public string? MetadataAddress { get; set; }
                public HttpClient? Backchannel { get; set; }
            }

            public static class Partners
            {
                public static PartnerOptions Create() => new()
                {
                    Authority = "http://partner.example.com",
                    MetadataAddress = "http://partner.example.com/metadata",
                    Backchannel = new HttpClient { BaseAddress = new Uri("http://partner.example.com/") },
                };
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }
}
