using SecureApi.CodeFixes.Rules.Jwt;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Jwt.WeakOAuthFlowAnalyzer,
    SecureApi.CodeFixes.Rules.Jwt.WeakOAuthFlowCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Jwt;

/// <summary>Fix of SAPI1009: back to the authorization-code flow with PKCE, nonce and state.</summary>
public sealed class WeakOAuthFlowCodeFixTests
{
    private const string Key = WeakOAuthFlowCodeFix.RestoreCodeFlow;

    [Fact]
    public Task UsePkce_false_becomes_true()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.OAuth;

            public static class ExternalSignIn
            {
                public static void Add(IServiceCollection services) =>
                    services.AddAuthentication().AddOAuth("Wearables", options =>
                    {
                        options.{|SAPI1009:UsePkce = false|}; // their token endpoint rejects code_verifier
                    });
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Authentication.OAuth;

            public static class ExternalSignIn
            {
                public static void Add(IServiceCollection services) =>
                    services.AddAuthentication().AddOAuth("Wearables", options =>
                    {
                        options.UsePkce = true; // their token endpoint rejects code_verifier
                    });
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Implicit_response_type_becomes_the_code_flow_and_the_using_is_added()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddOpenIdConnect(options =>
            {
                options.{|SAPI1009:ResponseType = "id_token token"|};
            });
            builder.Build().Run();
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;
            using Microsoft.IdentityModel.Protocols.OpenIdConnect;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddOpenIdConnect(options =>
            {
                options.ResponseType = OpenIdConnectResponseType.Code;
            });
            builder.Build().Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Nonce_in_an_object_initializer()
    {
        const string source = """
            using Microsoft.IdentityModel.Protocols.OpenIdConnect;

            public static class Validators
            {
                public static OpenIdConnectProtocolValidator Create() => new() { {|SAPI1009:RequireNonce = false|}, RequireSub = true };
            }
            """;
        const string fixedSource = """
            using Microsoft.IdentityModel.Protocols.OpenIdConnect;

            public static class Validators
            {
                public static OpenIdConnectProtocolValidator Create() => new() { RequireNonce = true, RequireSub = true };
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Fix_all_restores_every_setting_and_keeps_the_development_one()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;
            using Microsoft.IdentityModel.Protocols.OpenIdConnect;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication()
                .AddOpenIdConnect("Franchise", options =>
                {
                    options.{|SAPI1009:ResponseType = OpenIdConnectResponseType.IdTokenToken|};
                    options.{|SAPI1009:UsePkce = false|};
                    options.ProtocolValidator.{|SAPI1009:RequireNonce = false|};
                    options.ProtocolValidator.{|SAPI1009:RequireState = false|};
                    if (builder.Environment.IsDevelopment())
                    {
                        options.ProtocolValidator.RequireStateValidation = false;
                    }
                })
                .AddOAuth("Partner", o => o.{|SAPI1009:UsePkce = false|});
            builder.Build().Run();
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;
            using Microsoft.IdentityModel.Protocols.OpenIdConnect;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication()
                .AddOpenIdConnect("Franchise", options =>
                {
                    options.ResponseType = OpenIdConnectResponseType.Code;
                    options.UsePkce = true;
                    options.ProtocolValidator.RequireNonce = true;
                    options.ProtocolValidator.RequireState = true;
                    if (builder.Environment.IsDevelopment())
                    {
                        options.ProtocolValidator.RequireStateValidation = false;
                    }
                })
                .AddOAuth("Partner", o => o.UsePkce = true);
            builder.Build().Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Fix_all_in_an_options_class_adds_the_using_once()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;
            using Microsoft.Extensions.Options;

            public sealed class ConfigureSso : IConfigureNamedOptions<OpenIdConnectOptions>
            {
                public void Configure(string? name, OpenIdConnectOptions options)
                {
                    if (name == "Legacy")
                    {
                        options.{|SAPI1009:ResponseType = "id_token"|};
                    }
                    else
                    {
                        options.{|SAPI1009:ResponseType = "token"|};
                    }
                }

                public void Configure(OpenIdConnectOptions options) => Configure(Options.DefaultName, options);
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;
            using Microsoft.Extensions.Options;
            using Microsoft.IdentityModel.Protocols.OpenIdConnect;

            public sealed class ConfigureSso : IConfigureNamedOptions<OpenIdConnectOptions>
            {
                public void Configure(string? name, OpenIdConnectOptions options)
                {
                    if (name == "Legacy")
                    {
                        options.ResponseType = OpenIdConnectResponseType.Code;
                    }
                    else
                    {
                        options.ResponseType = OpenIdConnectResponseType.Code;
                    }
                }

                public void Configure(OpenIdConnectOptions options) => Configure(Options.DefaultName, options);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }
}
