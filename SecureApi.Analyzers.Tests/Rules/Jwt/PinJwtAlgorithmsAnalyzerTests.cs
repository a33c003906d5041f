using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Jwt.PinJwtAlgorithmsAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Jwt;

/// <summary>SAPI1001: TokenValidationParameters whose ValidAlgorithms is never set.</summary>
public sealed class PinJwtAlgorithmsAnalyzerTests
{
    private const string Parameters = "These TokenValidationParameters";

    private static DiagnosticResult At(int markup, string subject = Parameters) =>
        Verify.Diagnostic(Descriptors.JwtAlgorithmsNotPinned).WithLocation(markup).WithArguments(subject);

    // ---------------------------------------------------------------- flagged

    [Fact]
    public Task Parameters_created_in_AddJwtBearer_without_ValidAlgorithms()
    {
        const string source = """
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(options =>
            {
                options.TokenValidationParameters = {|#0:new TokenValidationParameters
                {
                    ValidIssuer = builder.Configuration["Jwt:Issuer"],
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(builder.Configuration["Jwt:Key"]!)),
                }|};
            });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, At(0));
    }

    [Fact]
    public Task Target_typed_new_in_a_named_scheme()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer("Gateways", options =>
            {
                options.TokenValidationParameters = {|#0:new()
                {
                    ValidIssuer = "https://gateways.example.com",
                    ValidAudience = "ingest",
                }|};
            });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, At(0));
    }

    [Fact]
    public Task Properties_assigned_one_by_one_are_reported_on_the_configuration_call()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication()
                .{|#0:AddJwtBearer("Agents", options =>
                {
                    options.Authority = builder.Configuration["Sso:Authority"];
                    options.TokenValidationParameters.RoleClaimType = "roles";
                    options.TokenValidationParameters.ValidateIssuer = true;
                })|};
            builder.Services.{|#1:Configure<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>("Partners", o => o.TokenValidationParameters.NameClaimType = "sub")|};
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            At(0, "The options of JwtBearer scheme 'Agents'"),
            At(1, "The options of JwtBearer scheme 'Partners'"));
    }

    [Fact]
    public Task Parameters_for_ValidateToken_and_ValidateTokenAsync()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;

            public sealed class RelayTokens(SecurityKey key)
            {
                public ClaimsPrincipal Validate(string token)
                {
                    var parameters = {|#0:new TokenValidationParameters { ValidIssuer = "relay", IssuerSigningKey = key }|};
                    return new JwtSecurityTokenHandler().ValidateToken(token, parameters, out _);
                }

                public async Task<bool> IsValidAsync(string token) =>
                    (await new JsonWebTokenHandler().ValidateTokenAsync(token, {|#1:new TokenValidationParameters { IssuerSigningKey = key }|})).IsValid;
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, At(0), At(1));
    }

    [Fact]
    public Task Parameters_built_in_a_helper_and_returned()
    {
        const string source = """
            using Microsoft.IdentityModel.Tokens;

            public static class JwtSetup
            {
                public static void Add(IServiceCollection services, SecurityKey key) =>
                    services.AddAuthentication().AddJwtBearer(o => o.TokenValidationParameters = Build(key));

                private static TokenValidationParameters Build(SecurityKey key) => {|#0:new() { IssuerSigningKey = key }|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, At(0));
    }

    [Fact]
    public Task Options_class_for_a_scheme_nobody_pins()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.Extensions.Options;
            using Microsoft.IdentityModel.Tokens;

            public sealed class ConfigureDeviceJwtBearer(IConfiguration configuration) : IConfigureNamedOptions<JwtBearerOptions>
            {
                public void Configure(string? name, JwtBearerOptions options)
                {
                    if (name != JwtBearerDefaults.AuthenticationScheme)
                        return;

                    options.TokenValidationParameters = {|#0:new TokenValidationParameters
                    {
                        ValidIssuer = configuration["DeviceTokens:Issuer"],
                        ValidateAudience = true,
                    }|};
                }

                public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, At(0));
    }

    [Fact]
    public Task Unnamed_Configure_pins_the_default_options_instance_not_the_Bearer_scheme()
    {
        // Configure<JwtBearerOptions>(o => ...) configures the options named "" — the handler reads the ones named "Bearer".
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(o => o.TokenValidationParameters = {|#0:new() { ValidIssuer = "me" }|});
            builder.Services.Configure<JwtBearerOptions>(o => o.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256]);
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, At(0));
    }

    [Fact]
    public Task Pinning_everywhere_option_flags_AddJwtBearer_that_never_touches_the_parameters()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication()
                .{|#0:AddJwtBearer()|}
                .{|#1:AddJwtBearer("Labs", o => { o.Authority = "https://login.example.com"; o.Audience = "labs"; })|};
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            new SnippetOptions { EditorConfig = "secureapi.jwt_require_pinning_everywhere = true" },
            At(0, "The options of JwtBearer scheme 'Bearer'"),
            At(1, "The options of JwtBearer scheme 'Labs'"));
    }

    // ---------------------------------------------------------------- not flagged

    [Fact]
    public Task Pinned_in_the_initializer_or_later_in_the_same_method_or_lambda()
    {
        const string source = """
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            var signingKey = new SymmetricSecurityKey(Convert.FromBase64String(builder.Configuration["Jwt:Key"]!));
            builder.Services.AddAuthentication()
                .AddJwtBearer(options =>
                {
                    var validation = new TokenValidationParameters { ValidIssuer = "me", IssuerSigningKey = signingKey };
                    validation.ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256 };
                    options.TokenValidationParameters = validation;
                })
                .AddJwtBearer("Direct", options =>
                {
                    options.TokenValidationParameters = new() { ValidAlgorithms = [SecurityAlgorithms.RsaSha256], ValidIssuer = "idp" };
                })
                .AddJwtBearer("Later", options =>
                {
                    options.TokenValidationParameters = new TokenValidationParameters { ValidIssuer = "idp" };
                    options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256];
                })
                .AddJwtBearer("OneByOne", options =>
                {
                    options.TokenValidationParameters.NameClaimType = "name";
                    options.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256];
                });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Pinned_for_the_same_scheme_by_Configure_PostConfigure_and_options_classes_in_other_files()
    {
        const string pins = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.Extensions.Options;
            using Microsoft.IdentityModel.Tokens;

            public static class Pins
            {
                public const string Operators = "Operators";

                public static void Add(IServiceCollection services)
                {
                    services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
                        options.TokenValidationParameters.ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256 });
                    services.PostConfigure<JwtBearerOptions>(Operators, o => o.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256]);
                    services.AddOptions<JwtBearerOptions>("Built").Configure(o => o.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256]);
                    services.AddSingleton<IPostConfigureOptions<JwtBearerOptions>, PinIntegrationAlgorithms>();
                }
            }

            internal sealed class PinIntegrationAlgorithms : IPostConfigureOptions<JwtBearerOptions>
            {
                public void PostConfigure(string? name, JwtBearerOptions options)
                {
                    if (name == "Integrations")
                        options.TokenValidationParameters.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 };
                }
            }
            """;
        const string source = """
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication()
                .AddJwtBearer(options => options.TokenValidationParameters = new TokenValidationParameters { ValidIssuer = "me" })
                .AddJwtBearer(Pins.Operators, options =>
                {
                    options.Authority = "https://login.example.com";
                    options.TokenValidationParameters = new() { ValidAudience = "console" };
                })
                .AddJwtBearer("Built", options => options.TokenValidationParameters.NameClaimType = "sub")
                .AddJwtBearer("Integrations", options => options.TokenValidationParameters = new TokenValidationParameters { ValidAudience = "integrations" });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, new SnippetOptions { AdditionalSources = [pins] });
    }

    [Fact]
    public Task ConfigureAll_and_an_options_class_without_name_check_pin_every_scheme()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.Extensions.Options;
            using Microsoft.IdentityModel.Tokens;

            public static class Setup
            {
                public static void Add(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer("Any", o => o.TokenValidationParameters = new() { ValidIssuer = "x" });
                    services.ConfigureAll<JwtBearerOptions>(o => o.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.RsaSha256]);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Helper_whose_callers_pin_the_parameters()
    {
        const string source = """
            using Microsoft.IdentityModel.Tokens;

            public sealed class TokenChecks(SecurityKey key)
            {
                public TokenValidationParameters ForAccess()
                {
                    var parameters = new TokenValidationParameters { IssuerSigningKey = key };
                    parameters.ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256 };
                    return parameters;
                }

                private TokenValidationParameters Base() => new() { IssuerSigningKey = key };

                public TokenValidationParameters ForRefresh()
                {
                    var parameters = Base();
                    parameters.ValidAlgorithms = [SecurityAlgorithms.HmacSha256];
                    return parameters;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task AddJwtBearer_that_never_touches_the_parameters_by_default()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication()
                .AddJwtBearer()
                .AddJwtBearer("Labs", o => { o.Authority = builder.Configuration["Labs:Authority"]; o.Audience = "labs"; });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Parameters_received_from_elsewhere_are_not_judged_here()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using Microsoft.IdentityModel.Tokens;

            public static class Checks
            {
                public static ClaimsPrincipal Validate(string token, TokenValidationParameters parameters) =>
                    new JwtSecurityTokenHandler().ValidateToken(token, parameters, out _);

                public static TokenValidationParameters Copy(TokenValidationParameters parameters) => parameters.Clone();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }
}
