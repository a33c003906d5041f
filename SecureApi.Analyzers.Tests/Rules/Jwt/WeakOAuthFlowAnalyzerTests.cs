using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Jwt.WeakOAuthFlowAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Jwt;

/// <summary>SAPI1009: OpenID Connect / OAuth clients that weaken the authorization-code flow.</summary>
public sealed class WeakOAuthFlowAnalyzerTests
{
    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task Every_weakening_in_an_AddOpenIdConnect_lambda()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.Cookies;
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;
            using Microsoft.IdentityModel.Protocols.OpenIdConnect;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
                .AddCookie()
                .AddOpenIdConnect("Franchise", options =>
                {
                    options.Authority = builder.Configuration["Franchise:Authority"];
                    options.ClientId = builder.Configuration["Franchise:ClientId"];
                    options.{|SAPI1009:ResponseType = "id_token token"|};
                    options.{|SAPI1009:UsePkce = false|};
                    options.ProtocolValidator.{|SAPI1009:RequireNonce = false|};
                    options.ProtocolValidator.{|SAPI1009:RequireState = false|};
                    options.ProtocolValidator.{|SAPI1009:RequireStateValidation = false|};
                })
                .AddOpenIdConnect("Legacy", options => options.{|SAPI1009:ResponseType = OpenIdConnectResponseType.IdToken|})
                .AddOpenIdConnect("Older", options => options.{|SAPI1009:ResponseType = OpenIdConnectResponseType.IdTokenToken|})
                .AddOpenIdConnect("Oldest", options => options.{|SAPI1009:ResponseType = "token"|});
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task UsePkce_false_on_OAuth_and_its_subclasses()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication;
            using Microsoft.AspNetCore.Authentication.OAuth;

            public static class ExternalSignIn
            {
                public static AuthenticationBuilder AddProviders(this AuthenticationBuilder authentication, IConfiguration configuration) => authentication
                    .AddOAuth("Wearables", options =>
                    {
                        options.ClientId = configuration["Wearables:ClientId"]!;
                        options.ClientSecret = configuration["Wearables:ClientSecret"]!;
                        options.AuthorizationEndpoint = "https://auth.example.com/authorize";
                        options.TokenEndpoint = "https://auth.example.com/token";
                        options.CallbackPath = "/signin-wearables";
                        // Their token endpoint answers 400 when a code_verifier is sent.
                        options.{|SAPI1009:UsePkce = false|};
                    })
                    .AddGoogle(options =>
                    {
                        options.ClientId = configuration["Google:ClientId"]!;
                        options.ClientSecret = configuration["Google:ClientSecret"]!;
                        options.{|SAPI1009:UsePkce = false|};
                    });
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Configure_options_class_and_object_initializers()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.OAuth;
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;
            using Microsoft.Extensions.Options;
            using Microsoft.IdentityModel.Protocols.OpenIdConnect;

            public static class Setup
            {
                private const bool Pkce = false;

                public static void Add(IServiceCollection services)
                {
                    services.Configure<OpenIdConnectOptions>("Staff", o => o.{|SAPI1009:UsePkce = Pkce|});
                    services.PostConfigure<OAuthOptions>("Partner", o => { o.{|SAPI1009:UsePkce = !true|}; });
                    services.AddOptions<OpenIdConnectOptions>("Kiosk").Configure(o =>
                        o.ProtocolValidator = new OpenIdConnectProtocolValidator { {|SAPI1009:RequireNonce = false|} });
                }

                public static OpenIdConnectOptions Defaults() => new()
                {
                    {|SAPI1009:ResponseType = OpenIdConnectResponseType.IdToken|},
                    {|SAPI1009:UsePkce = false|},
                };
            }

            public sealed class ConfigureSso : IConfigureNamedOptions<OpenIdConnectOptions>
            {
                public void Configure(string? name, OpenIdConnectOptions options)
                {
                    const string implicitFlow = "id_token";
                    options.{|SAPI1009:ResponseType = implicitFlow|};
                }

                public void Configure(OpenIdConnectOptions options) => Configure(Options.DefaultName, options);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Implicit_response_type_set_on_the_protocol_message()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddOpenIdConnect(options =>
            {
                options.Events.OnRedirectToIdentityProvider = context =>
                {
                    context.ProtocolMessage.{|SAPI1009:ResponseType = "id_token"|};
                    return Task.CompletedTask;
                };
            });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Not_IsProduction_and_the_else_branch_of_IsDevelopment_are_not_development_guards()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddOpenIdConnect(options =>
            {
                if (!builder.Environment.IsProduction())
                {
                    options.ProtocolValidator.{|SAPI1009:RequireState = false|};
                }

                if (builder.Environment.IsDevelopment())
                {
                    options.ProtocolValidator.RequireNonce = false;
                }
                else
                {
                    options.{|SAPI1009:UsePkce = false|};
                }
            });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task Code_flow_hybrid_flow_and_secure_settings_are_not_flagged()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;
            using Microsoft.IdentityModel.Protocols.OpenIdConnect;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication()
                .AddOpenIdConnect("Staff", options =>
                {
                    options.ResponseType = OpenIdConnectResponseType.Code;
                    options.UsePkce = true;
                    options.ProtocolValidator.RequireNonce = true;
                    options.ProtocolValidator.RequireState = true;
                })
                .AddOpenIdConnect("Corporate", options => options.ResponseType = OpenIdConnectResponseType.CodeIdToken)
                .AddOpenIdConnect("Hybrid", options => options.ResponseType = "code id_token token")
                .AddOpenIdConnect("Plain", options => options.ResponseType = "code")
                .AddOpenIdConnect("Nothing", options => options.ResponseType = OpenIdConnectResponseType.None)
                .AddOAuth("Partner", options => options.UsePkce = true);
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Values_from_configuration_are_not_flagged()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;

            var builder = WebApplication.CreateBuilder(args);
            var configuration = builder.Configuration;
            builder.Services.AddAuthentication().AddOpenIdConnect(options =>
            {
                options.ResponseType = configuration["Sso:ResponseType"]!;
                options.UsePkce = configuration.GetValue("Sso:UsePkce", true);
                options.ProtocolValidator.RequireNonce = configuration.GetValue<bool>("Sso:RequireNonce");
            });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Development_only_settings_are_not_flagged()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;

            public static class Setup
            {
                public static void Add(IServiceCollection services, IWebHostEnvironment environment)
                {
                    services.AddAuthentication().AddOpenIdConnect(options =>
                    {
                        if (environment.IsDevelopment())
                        {
                            // The local Keycloak container loses its state cookie behind the dev proxy.
                            options.ProtocolValidator.RequireState = false;
                            options.UsePkce = false;
                        }
                    });

                    if (!environment.IsDevelopment())
                    {
                        return;
                    }

                    services.Configure<OpenIdConnectOptions>(o => o.ProtocolValidator.RequireNonce = false);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Same_names_on_unrelated_types_are_not_flagged()
    {
        const string source = """
            public sealed class ClientSettings
            {
                public bool UsePkce { get; set; }
                public string ResponseType { get; set; } = "";
                public bool RequireNonce { get; set; }
            }

            public static class Defaults
            {
                public static ClientSettings Create() => new() { UsePkce = false, ResponseType = "id_token", RequireNonce = false };
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }
}
