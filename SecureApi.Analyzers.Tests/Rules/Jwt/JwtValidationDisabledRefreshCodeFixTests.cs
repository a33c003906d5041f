using SecureApi.Analyzers.Core;
using SecureApi.CodeFixes.Rules.Jwt;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Jwt.JwtValidationDisabledAnalyzer,
    SecureApi.CodeFixes.Rules.Jwt.JwtValidationDisabledCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Jwt;

/// <summary>
/// SAPI1002 in token refresh code: the lifetime check is off on purpose there (refresh reads the expired access
/// token), so setting it back is not offered; the other checks' fixes and the lifetime fix elsewhere still are.
/// </summary>
public sealed class JwtValidationDisabledRefreshCodeFixTests
{
    private const string Key = JwtValidationDisabledCodeFix.RestoreValidation;

    [Fact]
    public Task No_lifetime_fix_in_GetPrincipalFromExpiredToken()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            public sealed class TokenService(IConfiguration configuration)
            {
                public ClaimsPrincipal GetPrincipalFromExpiredToken(string token)
                {
                    var parameters = new TokenValidationParameters
                    {
                        ValidateIssuer = true,
                        ValidIssuer = configuration["Jwt:Issuer"],
                        ValidateAudience = true,
                        ValidAudience = configuration["Jwt:Audience"],
                        ValidateIssuerSigningKey = true,
                        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:Key"]!)),
                        {|#0:ValidateLifetime = false|},
                    };

                    var principal = new JwtSecurityTokenHandler().ValidateToken(token, parameters, out var securityToken);
                    if (securityToken is not JwtSecurityToken jwt || jwt.Header.Alg != SecurityAlgorithms.HmacSha256)
                    {
                        throw new SecurityTokenException("Invalid token");
                    }

                    return principal;
                }
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key, expected: LifetimeOff(0));
    }

    [Fact]
    public Task Refresh_method_keeps_its_lifetime_check_off_and_AddJwtBearer_is_still_fixed()
    {
        const string source = """
            using System.Text;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            var signingKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(builder.Configuration["Jwt:Key"]!));
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddJwtBearer(options => options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = builder.Configuration["Jwt:Issuer"],
                    ValidAudience = builder.Configuration["Jwt:Audience"],
                    IssuerSigningKey = signingKey,
                    {|SAPI1002:ValidateLifetime = false|},
                });
            builder.Build().Run();

            public interface IRefreshTokenStore
            {
                Task<bool> RedeemAsync(string userId, string refreshToken);
            }

            public sealed class TokenRefresher(IConfiguration configuration, IRefreshTokenStore store)
            {
                public async Task<string?> RefreshAsync(string accessToken, string refreshToken)
                {
                    var result = await new JsonWebTokenHandler().ValidateTokenAsync(accessToken, new TokenValidationParameters
                    {
                        ValidIssuer = configuration["Jwt:Issuer"],
                        ValidAudience = configuration["Jwt:Audience"],
                        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:Key"]!)),
                        {|SAPI1002:ValidateLifetime = false|},
                    });
                    var userId = result.IsValid ? result.ClaimsIdentity.Name : null;
                    return userId is not null && await store.RedeemAsync(userId, refreshToken) ? userId : null;
                }
            }
            """;
        const string fixedSource = """
            using System.Text;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            var signingKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(builder.Configuration["Jwt:Key"]!));
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddJwtBearer(options => options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = builder.Configuration["Jwt:Issuer"],
                    ValidAudience = builder.Configuration["Jwt:Audience"],
                    IssuerSigningKey = signingKey,
                    ValidateLifetime = true,
                });
            builder.Build().Run();

            public interface IRefreshTokenStore
            {
                Task<bool> RedeemAsync(string userId, string refreshToken);
            }

            public sealed class TokenRefresher(IConfiguration configuration, IRefreshTokenStore store)
            {
                public async Task<string?> RefreshAsync(string accessToken, string refreshToken)
                {
                    var result = await new JsonWebTokenHandler().ValidateTokenAsync(accessToken, new TokenValidationParameters
                    {
                        ValidIssuer = configuration["Jwt:Issuer"],
                        ValidAudience = configuration["Jwt:Audience"],
                        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:Key"]!)),
                        {|SAPI1002:ValidateLifetime = false|},
                    });
                    var userId = result.IsValid ? result.ClaimsIdentity.Name : null;
                    return userId is not null && await store.RedeemAsync(userId, refreshToken) ? userId : null;
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task No_lifetime_fix_in_a_builder_whose_only_use_is_refresh()
    {
        // The method that builds the parameters says nothing; its only caller is the refresh method.
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using Microsoft.IdentityModel.Tokens;

            public sealed class AuthService(SecurityKey signingKey)
            {
                private TokenValidationParameters CreateParameters() => new()
                {
                    ValidIssuer = "https://id.example.com",
                    ValidAudience = "orders-api",
                    IssuerSigningKey = signingKey,
                    {|#0:ValidateLifetime = false|},
                };

                public ClaimsPrincipal RefreshToken(string accessToken) =>
                    new JwtSecurityTokenHandler().ValidateToken(accessToken, CreateParameters(), out _);
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key, expected: LifetimeOff(0));
    }

    [Fact]
    public Task Refresh_endpoint_gets_the_issuer_fix_but_keeps_its_lifetime_check_off()
    {
        // A minimal-API handler that reads request.AccessToken and request.RefreshToken is refresh code.
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.MapPost("/auth/renew", (TokenPair request, SecurityKey key) =>
            {
                var parameters = new TokenValidationParameters
                {
                    IssuerSigningKey = key,
                    ValidAudience = "orders-api",
                    ValidIssuer = "https://login.example.com",
                    {|SAPI1002:ValidateIssuer = false|},
                    {|SAPI1002:ValidateLifetime = false|},
                };
                var principal = new JwtSecurityTokenHandler().ValidateToken(request.AccessToken, parameters, out _);
                return principal.Identity?.Name is { } name && request.RefreshToken.Length > 0 ? Results.Ok(name) : Results.Unauthorized();
            });
            app.Run();

            public sealed record TokenPair(string AccessToken, string RefreshToken);
            """;
        const string fixedSource = """
            using System.IdentityModel.Tokens.Jwt;
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.MapPost("/auth/renew", (TokenPair request, SecurityKey key) =>
            {
                var parameters = new TokenValidationParameters
                {
                    IssuerSigningKey = key,
                    ValidAudience = "orders-api",
                    ValidIssuer = "https://login.example.com",
                    ValidateIssuer = true,
                    {|SAPI1002:ValidateLifetime = false|},
                };
                var principal = new JwtSecurityTokenHandler().ValidateToken(request.AccessToken, parameters, out _);
                return principal.Identity?.Name is { } name && request.RefreshToken.Length > 0 ? Results.Ok(name) : Results.Unauthorized();
            });
            app.Run();

            public sealed record TokenPair(string AccessToken, string RefreshToken);
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task No_removal_of_an_accepting_LifetimeValidator_for_an_expired_token()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using Microsoft.IdentityModel.Tokens;

            public static class ExpiredTokens
            {
                public static ClaimsPrincipal Read(string expiredToken, SecurityKey key) =>
                    new JwtSecurityTokenHandler().ValidateToken(expiredToken, new TokenValidationParameters
                    {
                        ValidIssuer = "https://id.example.com",
                        ValidAudience = "orders-api",
                        IssuerSigningKey = key,
                        {|#0:LifetimeValidator = (notBefore, expires, token, parameters) => true|},
                    }, out _);
            }
            """;
        return Verify.VerifyNoCodeFixAsync(
            source,
            Key,
            expected: Verify.Diagnostic(Descriptors.JwtValidationDisabled).WithLocation(0)
                .WithArguments("LifetimeValidator always returns true", "expired tokens are accepted forever"));
    }

    [Fact]
    public Task Parameters_shared_by_refresh_and_the_bearer_handler_are_still_fixed()
    {
        // The bearer handler accepting expired tokens is the bigger problem: split the parameters (see the rule page).
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.Tokens;

            public static class JwtSetup
            {
                public static TokenValidationParameters Parameters(SecurityKey key) => new()
                {
                    ValidIssuer = "https://id.example.com",
                    ValidAudience = "orders-api",
                    IssuerSigningKey = key,
                    {|SAPI1002:ValidateLifetime = false|},
                };

                public static void AddJwt(IServiceCollection services, SecurityKey key) =>
                    services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                        .AddJwtBearer(options => options.TokenValidationParameters = Parameters(key));

                public static ClaimsPrincipal GetPrincipalFromExpiredToken(string token, SecurityKey key) =>
                    new JwtSecurityTokenHandler().ValidateToken(token, Parameters(key), out _);
            }
            """;
        const string fixedSource = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.Tokens;

            public static class JwtSetup
            {
                public static TokenValidationParameters Parameters(SecurityKey key) => new()
                {
                    ValidIssuer = "https://id.example.com",
                    ValidAudience = "orders-api",
                    IssuerSigningKey = key,
                    ValidateLifetime = true,
                };

                public static void AddJwt(IServiceCollection services, SecurityKey key) =>
                    services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                        .AddJwtBearer(options => options.TokenValidationParameters = Parameters(key));

                public static ClaimsPrincipal GetPrincipalFromExpiredToken(string token, SecurityKey key) =>
                    new JwtSecurityTokenHandler().ValidateToken(token, Parameters(key), out _);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult LifetimeOff(int location) =>
        Verify.Diagnostic(Descriptors.JwtValidationDisabled).WithLocation(location)
            .WithArguments("ValidateLifetime = false", "expired tokens are accepted forever");
}
