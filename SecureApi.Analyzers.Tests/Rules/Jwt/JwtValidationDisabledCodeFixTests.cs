using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using SecureApi.CodeFixes.Rules.Jwt;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Jwt.JwtValidationDisabledAnalyzer,
    SecureApi.CodeFixes.Rules.Jwt.JwtValidationDisabledCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Jwt;

/// <summary>Fixes of SAPI1002: switch the check back on, remove the bypassing validator, limit the clock skew.</summary>
public sealed class JwtValidationDisabledCodeFixTests
{
    private const string EnableValidation = JwtValidationDisabledCodeFix.EnableValidation;
    private const string RemoveValidator = JwtValidationDisabledCodeFix.RemoveValidator;
    private const string LimitClockSkew = JwtValidationDisabledCodeFix.LimitClockSkew;

    [Fact]
    public Task Switches_in_an_initializer_are_set_to_true()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddJwtBearer(options =>
                {
                    options.TokenValidationParameters = new()
                    {
                        {|SAPI1002:ValidateIssuer = false|}, // the issuer changes per tenant
                        {|SAPI1002:ValidateAudience = false|},
                        ValidateLifetime = true,
                        ValidIssuer = builder.Configuration["Jwt:Issuer"],
                        ValidAudience = builder.Configuration["Jwt:Audience"],
                        IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(builder.Configuration["Jwt:Key"]!)),
                    };
                });
            builder.Build().Run();
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddJwtBearer(options =>
                {
                    options.TokenValidationParameters = new()
                    {
                        ValidateIssuer = true, // the issuer changes per tenant
                        ValidateAudience = true,
                        ValidateLifetime = true,
                        ValidIssuer = builder.Configuration["Jwt:Issuer"],
                        ValidAudience = builder.Configuration["Jwt:Audience"],
                        IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(builder.Configuration["Jwt:Key"]!)),
                    };
                });
            builder.Build().Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, EnableValidation);
    }

    /// <summary>
    /// Turning ValidateIssuer or ValidateAudience back on where nothing says which issuer or audience to expect would
    /// refuse every token (seen in eShopOnWeb's PublicApi): no fix for those; the lifetime check is still fixed.
    /// </summary>
    [Fact]
    public Task No_fix_for_a_check_that_has_nothing_to_compare_with()
    {
        const string source = """
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(config =>
            {
                config.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuerSigningKey = true,
                    IssuerSigningKey = new SymmetricSecurityKey(new byte[32]),
                    {|SAPI1002:ValidateIssuer = false|},
                    {|SAPI1002:ValidateAudience = false|},
                    {|SAPI1002:ValidateLifetime = false|},
                };
            });
            builder.Build().Run();
            """;
        const string fixedSource = """
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(config =>
            {
                config.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuerSigningKey = true,
                    IssuerSigningKey = new SymmetricSecurityKey(new byte[32]),
                    {|SAPI1002:ValidateIssuer = false|},
                    {|SAPI1002:ValidateAudience = false|},
                    ValidateLifetime = true,
                };
            });
            builder.Build().Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, EnableValidation, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Statements_constants_and_chains_are_set_to_true()
    {
        const string source = """
            using Microsoft.IdentityModel.Tokens;

            public static class Tokens
            {
                private const bool Off = false;

                public static TokenValidationParameters Create(SecurityKey key)
                {
                    var parameters = new TokenValidationParameters { IssuerSigningKey = key, ValidAudience = "orders", {|SAPI1002:RequireSignedTokens = Off|} };
                    parameters.{|SAPI1002:ValidateLifetime = (false)|};
                    parameters.{|SAPI1002:RequireAudience = parameters.{|SAPI1002:ValidateAudience = false|}|};
                    return parameters;
                }
            }
            """;
        const string fixedSource = """
            using Microsoft.IdentityModel.Tokens;

            public static class Tokens
            {
                private const bool Off = false;

                public static TokenValidationParameters Create(SecurityKey key)
                {
                    var parameters = new TokenValidationParameters { IssuerSigningKey = key, ValidAudience = "orders", RequireSignedTokens = true };
                    parameters.ValidateLifetime = true;
                    parameters.RequireAudience = parameters.ValidateAudience = true;
                    return parameters;
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, EnableValidation);
    }

    [Fact]
    public Task One_fix_all_repairs_every_kind_of_finding()
    {
        // Every finding has exactly one fix, under one equivalence key: Fix All (and dotnet format) repair them all.
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using Microsoft.IdentityModel.Tokens;

            public static class Tokens
            {
                public static TokenValidationParameters Create() => new()
                {
                    {|SAPI1002:ValidateLifetime = false|},
                    {|SAPI1002:SignatureValidator = (token, parameters) => new JwtSecurityToken(token)|},
                    {|SAPI1002:ClockSkew = TimeSpan.FromHours(1)|},
                };
            }
            """;
        const string fixedSource = """
            using System.IdentityModel.Tokens.Jwt;
            using Microsoft.IdentityModel.Tokens;

            public static class Tokens
            {
                public static TokenValidationParameters Create() => new()
                {
                    ValidateLifetime = true,
                    ClockSkew = TimeSpan.FromMinutes(5),
                };
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, JwtValidationDisabledCodeFix.RestoreValidation, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Bypassing_validators_are_removed_from_an_initializer()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddJwtBearer(options =>
                {
                    options.Authority = builder.Configuration["Auth:Authority"];
                    options.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidIssuer = builder.Configuration["Auth:Issuer"],
                        {|SAPI1002:SignatureValidator = (token, parameters) => new JwtSecurityToken(token)|},
                        {|SAPI1002:IssuerValidator = (issuer, token, parameters) => issuer|},
                        ValidAudience = "orders-api",
                    };
                });
            builder.Build().Run();
            """;
        const string fixedSource = """
            using System.IdentityModel.Tokens.Jwt;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddJwtBearer(options =>
                {
                    options.Authority = builder.Configuration["Auth:Authority"];
                    options.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidIssuer = builder.Configuration["Auth:Issuer"],
                        ValidAudience = "orders-api",
                    };
                });
            builder.Build().Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, RemoveValidator);
    }

    [Fact]
    public Task Last_validator_of_a_one_line_initializer_is_removed()
    {
        const string source = """
            using Microsoft.IdentityModel.Tokens;

            public static class Tokens
            {
                public static TokenValidationParameters Create(SecurityKey key) =>
                    new() { IssuerSigningKey = key, {|SAPI1002:IssuerSigningKeyValidator = (k, token, p) => true|} };

                public static TokenValidationParameters Only() => new() { {|SAPI1002:LifetimeValidator = (notBefore, expires, token, p) => true|} };

                public static TokenValidationParameters Lines(SecurityKey key) => new()
                {
                    IssuerSigningKey = key,
                    {|SAPI1002:IssuerSigningKeyValidator = (k, token, p) => true|}
                };
            }
            """;
        const string fixedSource = """
            using Microsoft.IdentityModel.Tokens;

            public static class Tokens
            {
                public static TokenValidationParameters Create(SecurityKey key) =>
                    new() { IssuerSigningKey = key };

                public static TokenValidationParameters Only() => new() { };

                public static TokenValidationParameters Lines(SecurityKey key) => new()
                {
                    IssuerSigningKey = key
                };
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, RemoveValidator);
    }

    [Fact]
    public Task Bypassing_validator_statements_are_removed()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;

            public static class AuthSetup
            {
                public static void Add(IServiceCollection services)
                {
                    services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                    {
                        o.Audience = "orders-api";
                        // Partner tokens are signed with a key we do not have yet.
                        o.TokenValidationParameters.{|SAPI1002:SignatureValidator = (token, _) => new JsonWebToken(token)|};
                        o.TokenValidationParameters.ValidateLifetime = true;
                    });
                    services.PostConfigure<JwtBearerOptions>(o => o.TokenValidationParameters.{|SAPI1002:LifetimeValidator = (notBefore, expires, token, parameters) => true|});
                }
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;

            public static class AuthSetup
            {
                public static void Add(IServiceCollection services)
                {
                    services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                    {
                        o.Audience = "orders-api";
                        o.TokenValidationParameters.ValidateLifetime = true;
                    });
                    services.PostConfigure<JwtBearerOptions>(o => { });
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, RemoveValidator);
    }

    [Fact]
    public Task Bypassing_validator_in_a_top_level_statement_is_removed()
    {
        const string source = """
            using Microsoft.IdentityModel.Tokens;

            var parameters = new TokenValidationParameters { ValidIssuer = "https://login.example.com" };
            parameters.{|SAPI1002:AudienceValidator = (audiences, token, p) => true|};
            Console.WriteLine(parameters.ValidIssuer);
            """;
        const string fixedSource = """
            using Microsoft.IdentityModel.Tokens;

            var parameters = new TokenValidationParameters { ValidIssuer = "https://login.example.com" };
            Console.WriteLine(parameters.ValidIssuer);
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, RemoveValidator);
    }

    [Fact]
    public Task No_removal_where_the_assignment_is_not_a_statement_of_its_own()
    {
        const string source = """
            using Microsoft.IdentityModel.Tokens;

            public static class Tokens
            {
                public static void Relax(TokenValidationParameters parameters, bool trustPartner)
                {
                    if (trustPartner)
                        parameters.{|#0:AudienceValidator = (audiences, token, p) => true|};
                }
            }
            """;
        return Verify.VerifyNoCodeFixAsync(
            source,
            RemoveValidator,
            expected: Verify.Diagnostic(Descriptors.JwtValidationDisabled).WithLocation(0)
                .WithArguments("AudienceValidator always returns true", "tokens issued for other applications are accepted"));
    }

    [Fact]
    public Task ClockSkew_is_limited_to_the_default_five_minutes()
    {
        const string source = """
            using Microsoft.IdentityModel.Tokens;

            public static class Tokens
            {
                public static TokenValidationParameters Create() => new()
                {
                    ValidIssuer = "https://login.example.com",
                    {|SAPI1002:ClockSkew = TimeSpan.FromHours(1)|},
                };

                public static void Relax(TokenValidationParameters parameters) => parameters.{|SAPI1002:ClockSkew = new TimeSpan(0, 30, 0)|};
            }
            """;
        const string fixedSource = """
            using Microsoft.IdentityModel.Tokens;

            public static class Tokens
            {
                public static TokenValidationParameters Create() => new()
                {
                    ValidIssuer = "https://login.example.com",
                    ClockSkew = TimeSpan.FromMinutes(5),
                };

                public static void Relax(TokenValidationParameters parameters) => parameters.ClockSkew = TimeSpan.FromMinutes(5);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, LimitClockSkew);
    }

    [Fact]
    public Task ClockSkew_fix_writes_the_configured_limit_and_adds_using_System()
    {
        const string source = """
            using Microsoft.IdentityModel.Tokens;

            public static class Tokens
            {
                public static TokenValidationParameters Create() => new() { {|SAPI1002:ClockSkew = System.TimeSpan.FromDays(1)|} };
            }
            """;
        const string fixedSource = """
            using System;
            using Microsoft.IdentityModel.Tokens;

            public static class Tokens
            {
                public static TokenValidationParameters Create() => new() { ClockSkew = TimeSpan.FromMinutes(15) };
            }
            """;
        var options = new SnippetOptions { ImplicitUsings = false, EditorConfig = "secureapi.jwt_max_clock_skew_minutes = 15" };
        return Verify.VerifyCodeFixAsync(source, fixedSource, LimitClockSkew, options);
    }

    [Fact]
    public Task ClockSkew_fix_with_a_zero_limit_writes_TimeSpan_Zero()
    {
        const string source = """
            using Microsoft.IdentityModel.Tokens;

            public static class Tokens
            {
                public static TokenValidationParameters Create() => new() { {|SAPI1002:ClockSkew = TimeSpan.FromSeconds(30)|} };
            }
            """;
        const string fixedSource = """
            using Microsoft.IdentityModel.Tokens;

            public static class Tokens
            {
                public static TokenValidationParameters Create() => new() { ClockSkew = TimeSpan.Zero };
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, LimitClockSkew, new SnippetOptions { EditorConfig = "secureapi.jwt_max_clock_skew_minutes = 0" });
    }

    [Fact]
    public Task Fix_all_restores_every_switch_of_a_document()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.Tokens;

            public static class AuthSetup
            {
                public static void AddApi(AuthenticationBuilder authentication) =>
                    authentication.AddJwtBearer("api", o => o.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidIssuer = "https://login.example.com",
                        ValidAudiences = ["api"],
                        {|SAPI1002:ValidateIssuer = false|},
                        {|SAPI1002:ValidateAudience = false|},
                        {|SAPI1002:ValidateLifetime = false|},
                    });

                public static void AddPartners(AuthenticationBuilder authentication) =>
                    authentication.AddJwtBearer("partners", o =>
                    {
                        o.Authority = "https://partners.example.com";
                        o.TokenValidationParameters.{|SAPI1002:RequireExpirationTime = false|};
                        o.TokenValidationParameters.{|SAPI1002:ValidateIssuerSigningKey = false|};
                    });
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Authentication;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.Tokens;

            public static class AuthSetup
            {
                public static void AddApi(AuthenticationBuilder authentication) =>
                    authentication.AddJwtBearer("api", o => o.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidIssuer = "https://login.example.com",
                        ValidAudiences = ["api"],
                        ValidateIssuer = true,
                        ValidateAudience = true,
                        ValidateLifetime = true,
                    });

                public static void AddPartners(AuthenticationBuilder authentication) =>
                    authentication.AddJwtBearer("partners", o =>
                    {
                        o.Authority = "https://partners.example.com";
                        o.TokenValidationParameters.RequireExpirationTime = true;
                        o.TokenValidationParameters.ValidateIssuerSigningKey = true;
                    });
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, EnableValidation, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Fix_all_removes_every_bypassing_validator_of_a_document()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using Microsoft.IdentityModel.Tokens;

            public static class Lenient
            {
                public static TokenValidationParameters Create()
                {
                    var parameters = new TokenValidationParameters
                    {
                        {|SAPI1002:SignatureValidator = (token, p) => new JwtSecurityToken(token)|},
                        {|SAPI1002:IssuerSigningKeyValidator = (key, token, p) => true|},
                        ValidIssuer = "https://login.example.com",
                    };
                    parameters.{|SAPI1002:LifetimeValidator = (notBefore, expires, token, p) => true|};
                    parameters.{|SAPI1002:AudienceValidator = (audiences, token, p) => true|};
                    return parameters;
                }
            }
            """;
        const string fixedSource = """
            using System.IdentityModel.Tokens.Jwt;
            using Microsoft.IdentityModel.Tokens;

            public static class Lenient
            {
                public static TokenValidationParameters Create()
                {
                    var parameters = new TokenValidationParameters
                    {
                        ValidIssuer = "https://login.example.com",
                    };
                    return parameters;
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, RemoveValidator, batchFixedSource: fixedSource);
    }
}
