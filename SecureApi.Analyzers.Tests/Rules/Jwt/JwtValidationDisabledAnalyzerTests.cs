using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Jwt.JwtValidationDisabledAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Jwt;

/// <summary>SAPI1002: token validation checks switched off, bypassing validator delegates, long clock skew.</summary>
public sealed class JwtValidationDisabledAnalyzerTests
{
    private const string Usings = """
        using System.IdentityModel.Tokens.Jwt;
        using Microsoft.AspNetCore.Authentication.JwtBearer;
        using Microsoft.IdentityModel.JsonWebTokens;
        using Microsoft.IdentityModel.Tokens;

        """;

    private const string AnyIssuer = "tokens from any issuer are accepted";
    private const string OtherAudiences = "tokens issued for other applications are accepted";
    private const string Expired = "expired tokens are accepted forever";
    private const string Forged = "tokens with forged signatures are accepted";
    private const string AnyKey = "the signing key's validity period is not checked, so tokens signed with an expired certificate are accepted";

    private static DiagnosticResult Disabled(int markup, string what, string consequence) =>
        Verify.Diagnostic(Descriptors.JwtValidationDisabled).WithLocation(markup).WithArguments(what, consequence);

    private static DiagnosticResult Off(int markup, string member, string consequence) => Disabled(markup, member + " = false", consequence);

    /// <summary>A JwtBearer registration whose options lambda runs <paramref name="body"/> with <c>o</c> and <c>builder</c> in scope.</summary>
    private static string InAddJwtBearer(string body) => Usings + $$"""
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            {{body}}
        });
        builder.Build().Run();
        """;

    // ---------------------------------------------------------------- switches set to false

    [Theory]
    [InlineData("ValidateIssuer", AnyIssuer)]
    [InlineData("ValidateAudience", OtherAudiences)]
    [InlineData("ValidateLifetime", Expired)]
    [InlineData("ValidateIssuerSigningKey", AnyKey)]
    [InlineData("RequireSignedTokens", "unsigned tokens are accepted, so anyone can forge one")]
    [InlineData("RequireExpirationTime", "tokens without an expiry are accepted and never expire")]
    [InlineData("RequireAudience", "tokens without an audience are accepted")]
    public Task Each_switch_set_to_false_in_an_initializer(string member, string consequence)
    {
        var source = InAddJwtBearer($$"""
            o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = "https://login.example.com",
                    {|#0:{{member}} = false|},
                };
            """);
        return Verify.VerifyAnalyzerAsync(source, Off(0, member, consequence));
    }

    [Fact]
    public Task Tutorial_style_parameters_report_one_diagnostic_per_assignment()
    {
        const string source = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddJwtBearer(options =>
                {
                    options.TokenValidationParameters = new()
                    {
                        {|#0:ValidateIssuer = false|},
                        {|#1:ValidateAudience = false|},
                        ValidateLifetime = true,
                        ValidateIssuerSigningKey = true,
                        IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(builder.Configuration["Jwt:Key"]!)),
                    };
                });
            var app = builder.Build();
            app.UseAuthentication();
            app.UseAuthorization();
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Off(0, "ValidateIssuer", AnyIssuer), Off(1, "ValidateAudience", OtherAudiences));
    }

    [Fact]
    public Task Statements_on_the_options_parameters_and_on_a_local()
    {
        const string source = Usings + """
            public static class Tokens
            {
                public static void Configure(JwtBearerOptions options)
                {
                    options.TokenValidationParameters.{|#0:ValidateLifetime = false|};
                }

                public static bool IsValid(string token, SecurityKey key)
                {
                    var parameters = new TokenValidationParameters { IssuerSigningKey = key, ValidIssuer = "https://login.example.com" };
                    parameters.{|#1:ValidateAudience = false|};
                    var result = new JsonWebTokenHandler().ValidateTokenAsync(token, parameters).GetAwaiter().GetResult();
                    return result.IsValid;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Off(0, "ValidateLifetime", Expired), Off(1, "ValidateAudience", OtherAudiences));
    }

    [Fact]
    public Task Constants_and_chained_assignments()
    {
        const string source = Usings + """
            public static class Tokens
            {
                private const bool CheckIssuer = false;

                public static TokenValidationParameters Create()
                {
                    var parameters = new TokenValidationParameters { {|#0:ValidateIssuer = CheckIssuer|} };
                    parameters.{|#1:RequireAudience = parameters.{|#2:ValidateAudience = false|}|};
                    return parameters;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Disabled(0, "ValidateIssuer = false", AnyIssuer),
            Off(1, "RequireAudience", "tokens without an audience are accepted"),
            Off(2, "ValidateAudience", OtherAudiences));
    }

    [Fact]
    public Task Configure_calls_options_classes_OpenIdConnect_and_derived_parameters()
    {
        const string source = Usings + """
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;
            using Microsoft.Extensions.Options;

            public static class AuthSetup
            {
                public static void Add(IServiceCollection services) =>
                    services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => o.TokenValidationParameters.{|#0:ValidateIssuer = false|});
            }

            public sealed class ConfigureOidc : IConfigureNamedOptions<OpenIdConnectOptions>
            {
                public void Configure(string? name, OpenIdConnectOptions options) =>
                    options.TokenValidationParameters = new TokenValidationParameters { NameClaimType = "name", {|#1:ValidateAudience = false|} };

                public void Configure(OpenIdConnectOptions options) => Configure(Options.DefaultName, options);
            }

            public sealed class LenientParameters : TokenValidationParameters
            {
                public LenientParameters()
                {
                    {|#2:ValidateLifetime = false|};
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Off(0, "ValidateIssuer", AnyIssuer),
            Off(1, "ValidateAudience", OtherAudiences),
            Off(2, "ValidateLifetime", Expired));
    }

    [Fact]
    public Task Development_branches_are_not_exempt()
    {
        // Unlike SAPI1003: a development-only bypass of a token check is reported (the docs show how to suppress it).
        var source = InAddJwtBearer("""
            if (builder.Environment.IsDevelopment())
                {
                    o.TokenValidationParameters.{|#0:ValidateLifetime = false|};
                }
            """);
        return Verify.VerifyAnalyzerAsync(source, Off(0, "ValidateLifetime", Expired));
    }

    // ---------------------------------------------------------------- validators that accept everything

    [Theory]
    [InlineData("(token, parameters) => new JwtSecurityToken(token)")]
    [InlineData("(token, _) => new JsonWebToken(token)")]
    [InlineData("static (token, _) => new JsonWebTokenHandler().ReadToken(token)")]
    [InlineData("delegate (string token, TokenValidationParameters parameters) { return new JwtSecurityTokenHandler().ReadJwtToken(token); }")]
    [InlineData("(token, parameters) => { var jwt = new JwtSecurityToken(token); return jwt; }")]
    [InlineData("(token, parameters) => { Console.WriteLine(\"signature check skipped\"); return new JsonWebToken(token); }")]
    [InlineData("(token, parameters) => string.IsNullOrEmpty(token) ? new JsonWebToken(\"{}\", \"{}\") : new JsonWebToken(token)")]
    [InlineData("new SignatureValidator((token, parameters) => new JwtSecurityToken(token))")]
    public Task SignatureValidator_returning_the_decoded_token(string validator)
    {
        var source = InAddJwtBearer($$"""
            o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuerSigningKey = true,
                    {|#0:SignatureValidator = {{validator}}|},
                };
            """);
        return Verify.VerifyAnalyzerAsync(source, Disabled(0, "SignatureValidator returns the token without checking its signature", Forged));
    }

    [Theory]
    [InlineData("(issuer, token, parameters) => issuer")]
    [InlineData("(issuer, _, parameters) => parameters.ValidIssuer")]
    [InlineData("(issuer, token, _) => \"https://login.example.com\"")]
    [InlineData("(issuer, token, _) => token.Issuer")]
    [InlineData("(issuer, token, parameters) => issuer ?? \"https://login.example.com\"")]
    public Task IssuerValidator_returning_an_issuer_unchecked(string validator)
    {
        var source = InAddJwtBearer($$"""
            o.TokenValidationParameters.{|#0:IssuerValidator = {{validator}}|};
            """);
        return Verify.VerifyAnalyzerAsync(source, Disabled(0, "IssuerValidator returns an issuer without checking the token's", AnyIssuer));
    }

    [Theory]
    [InlineData("LifetimeValidator", "(notBefore, expires, token, parameters) => true", Expired)]
    [InlineData("LifetimeValidator", "(notBefore, expires, token, parameters) => { if (expires is null) { return true; } return true; }", Expired)]
    [InlineData("LifetimeValidator", "delegate { return true; }", Expired)]
    [InlineData("AudienceValidator", "(audiences, token, parameters) => true", OtherAudiences)]
    [InlineData("AudienceValidator", "(audiences, token, parameters) => { const bool accept = true; return accept; }", OtherAudiences)]
    [InlineData("IssuerSigningKeyValidator", "(key, token, parameters) => true", AnyKey)]
    [InlineData("IssuerSigningKeyValidatorUsingConfiguration", "(key, token, parameters, configuration) => true", AnyKey)]
    public Task Boolean_validators_that_always_return_true(string member, string validator, string consequence)
    {
        var source = InAddJwtBearer($$"""
            o.TokenValidationParameters = new TokenValidationParameters { {|#0:{{member}} = {{validator}}|} };
            """);
        return Verify.VerifyAnalyzerAsync(source, Disabled(0, member + " always returns true", consequence));
    }

    [Fact]
    public Task Method_groups_locals_and_configuration_variants()
    {
        const string source = Usings + """
            public static class Lenient
            {
                public static TokenValidationParameters Create()
                {
                    LifetimeValidator anyLifetime = (notBefore, expires, token, parameters) => true;
                    var parameters = new TokenValidationParameters
                    {
                        {|#0:SignatureValidator = AcceptAnySignature|},
                        {|#1:LifetimeValidator = anyLifetime|},
                        {|#2:SignatureValidatorUsingConfiguration = (token, p, configuration) => new JsonWebToken(token)|},
                        {|#3:IssuerValidatorUsingConfiguration = (issuer, token, p, configuration) => issuer|},
                    };
                    parameters.{|#4:AudienceValidator = AnyAudience|};
                    return parameters;

                    static bool AnyAudience(IEnumerable<string> audiences, SecurityToken token, TokenValidationParameters parameters) => true;
                }

                private static SecurityToken AcceptAnySignature(string token, TokenValidationParameters parameters)
                {
                    var decoded = new JwtSecurityToken(token);
                    return decoded;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Disabled(0, "SignatureValidator returns the token without checking its signature", Forged),
            Disabled(1, "LifetimeValidator always returns true", Expired),
            Disabled(2, "SignatureValidatorUsingConfiguration returns the token without checking its signature", Forged),
            Disabled(3, "IssuerValidatorUsingConfiguration returns an issuer without checking the token's", AnyIssuer),
            Disabled(4, "AudienceValidator always returns true", OtherAudiences));
    }

    // ---------------------------------------------------------------- clock skew

    [Theory]
    [InlineData("TimeSpan.FromMinutes(30)", "30 minutes")]
    [InlineData("TimeSpan.FromMinutes(90)", "90 minutes")]
    [InlineData("TimeSpan.FromMinutes(5.5)", "5.5 minutes")]
    [InlineData("TimeSpan.FromHours(1)", "1 hour")]
    [InlineData("TimeSpan.FromHours(2)", "2 hours")]
    [InlineData("TimeSpan.FromDays(1)", "1 day")]
    [InlineData("TimeSpan.FromSeconds(600)", "10 minutes")]
    [InlineData("TimeSpan.FromMilliseconds(3_600_000)", "1 hour")]
    [InlineData("TimeSpan.FromTicks(TimeSpan.TicksPerHour)", "1 hour")]
    [InlineData("new TimeSpan(0, 10, 0)", "10 minutes")]
    [InlineData("new TimeSpan(1, 0, 0, 0)", "1 day")]
    [InlineData("TimeSpan.Parse(\"00:15:00\")", "15 minutes")]
    [InlineData("TimeSpan.FromMinutes(5) * 2", "10 minutes")]
    [InlineData("2 * TimeSpan.FromMinutes(5)", "10 minutes")]
    [InlineData("TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(30)", "5.5 minutes")]
    [InlineData("TimeSpan.FromHours(1) - TimeSpan.FromMinutes(20)", "40 minutes")]
    [InlineData("TimeSpan.FromHours(1) / 2", "30 minutes")]
    public Task ClockSkew_above_five_minutes(string value, string length)
    {
        var source = InAddJwtBearer($$"""
            o.TokenValidationParameters = new TokenValidationParameters { {|#0:ClockSkew = {{value}}|} };
            """);
        return Verify.VerifyAnalyzerAsync(
            source,
            Disabled(0, "ClockSkew = " + length, $"expired tokens are still accepted {length} after they expire (the limit is 5 minutes)"));
    }

    [Fact]
    public Task ClockSkew_MaxValue_and_a_local()
    {
        var source = InAddJwtBearer("""
            var skew = TimeSpan.FromMinutes(10);
                o.TokenValidationParameters.{|#0:ClockSkew = skew|};
                o.TokenValidationParameters.{|#1:ClockSkew = TimeSpan.MaxValue|};
            """);
        return Verify.VerifyAnalyzerAsync(
            source,
            Disabled(0, "ClockSkew = 10 minutes", "expired tokens are still accepted 10 minutes after they expire (the limit is 5 minutes)"),
            Disabled(1, "ClockSkew = TimeSpan.MaxValue", Expired));
    }

    [Fact]
    public Task ClockSkew_limit_from_editorconfig()
    {
        var source = InAddJwtBearer("""
            o.TokenValidationParameters.ClockSkew = TimeSpan.FromMinutes(30);
                o.TokenValidationParameters.{|#0:ClockSkew = TimeSpan.FromHours(2)|};
            """);
        var options = new SnippetOptions { EditorConfig = "secureapi.jwt_max_clock_skew_minutes = 60" };
        return Verify.VerifyAnalyzerAsync(
            source,
            options,
            Disabled(0, "ClockSkew = 2 hours", "expired tokens are still accepted 2 hours after they expire (the limit is 1 hour)"));
    }

    [Fact]
    public Task ClockSkew_rule_specific_limit_wins()
    {
        var source = InAddJwtBearer("""
            o.TokenValidationParameters.{|#0:ClockSkew = TimeSpan.FromSeconds(90)|};
            """);
        var options = new SnippetOptions { EditorConfig = "secureapi.jwt_max_clock_skew_minutes = 10\nsecureapi.SAPI1002.jwt_max_clock_skew_minutes = 1" };
        return Verify.VerifyAnalyzerAsync(
            source,
            options,
            Disabled(0, "ClockSkew = 1.5 minutes", "expired tokens are still accepted 1.5 minutes after they expire (the limit is 1 minute)"));
    }

    // ---------------------------------------------------------------- must not flag

    [Theory]
    [InlineData("ValidateIssuer = true")]
    [InlineData("ValidateLifetime = !builder.Environment.IsDevelopment()")]
    [InlineData("ValidateAudience = builder.Configuration.GetValue(\"Jwt:ValidateAudience\", true)")]
    [InlineData("ValidateIssuer = builder.Environment.IsDevelopment() ? false : true")]
    [InlineData("ValidateActor = false")]
    [InlineData("ValidateTokenReplay = false")]
    [InlineData("ValidateSignatureLast = false")]
    [InlineData("TryAllIssuerSigningKeys = false")]
    [InlineData("SaveSigninToken = false")]
    [InlineData("ClockSkew = TimeSpan.FromMinutes(5)")]
    [InlineData("ClockSkew = TimeSpan.FromSeconds(30)")]
    [InlineData("ClockSkew = TimeSpan.Zero")]
    [InlineData("ClockSkew = TimeSpan.FromMinutes(builder.Configuration.GetValue<int>(\"Jwt:ClockSkewMinutes\"))")]
    [InlineData("SignatureValidator = null")]
    [InlineData("LifetimeValidator = (notBefore, expires, token, parameters) => expires > DateTime.UtcNow")]
    [InlineData("LifetimeValidator = (notBefore, expires, token, parameters) => false")]
    [InlineData("AudienceValidator = (audiences, token, parameters) => audiences.Contains(\"orders-api\")")]
    [InlineData("IssuerSigningKeyValidator = (key, token, parameters) => key.KeyId == \"2024-signing\"")]
    [InlineData("IssuerValidator = Validators.ValidateIssuer")]
    [InlineData("IssuerValidator = (issuer, token, parameters) => issuer == \"https://login.example.com\" ? issuer : throw new SecurityTokenInvalidIssuerException(issuer)")]
    [InlineData("IssuerValidator = (issuer, token, parameters) => { if (!issuer.StartsWith(\"https://login.microsoftonline.com/\")) throw new SecurityTokenInvalidIssuerException(issuer); return issuer; }")]
    [InlineData("SignatureValidator = (token, parameters) => { var jwt = new JsonWebToken(token); if (jwt.Alg != SecurityAlgorithms.RsaSha256) throw new SecurityTokenInvalidSignatureException(); return jwt; }")]
    [InlineData("SignatureValidator = (token, parameters) => Verify(token, parameters)")]
    [InlineData("LifetimeValidator = (notBefore, expires, token, parameters) => { Audit(token); return true; }")]
    public Task Secure_or_unknown_settings(string assignment)
    {
        var source = Usings + $$"""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
            {
                o.TokenValidationParameters = new TokenValidationParameters { {{assignment}} };
            });
            builder.Build().Run();

            static SecurityToken Verify(string token, TokenValidationParameters parameters) =>
                throw new NotImplementedException("signature check with the partner's key");

            static void Audit(SecurityToken token) => throw new SecurityTokenValidationException("token " + token.Id + " refused");
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Validators_from_fields_and_parameters_are_trusted()
    {
        const string source = Usings + """
            public sealed class TenantValidation(IssuerValidator tenantIssuers)
            {
                private static readonly LifetimeValidator Lifetime = (notBefore, expires, token, parameters) => true;

                public TokenValidationParameters Create() => new()
                {
                    IssuerValidator = tenantIssuers,
                    LifetimeValidator = Lifetime,
                };
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Reading_the_switches_and_other_types_with_the_same_names()
    {
        const string source = Usings + """
            public sealed class JwtSettings
            {
                public bool ValidateIssuer { get; set; } = true;
                public bool ValidateLifetime { get; set; } = true;
                public TimeSpan ClockSkew { get; set; }
            }

            public static class Settings
            {
                public static JwtSettings Relaxed() => new() { ValidateIssuer = false, ValidateLifetime = false, ClockSkew = TimeSpan.FromHours(1) };

                public static bool IsStrict(TokenValidationParameters parameters)
                {
                    var validatesIssuer = parameters.ValidateIssuer;
                    return validatesIssuer && parameters.ValidateLifetime == true && parameters.ClockSkew <= TimeSpan.FromMinutes(5);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Project_without_IdentityModel()
    {
        const string source = """
            namespace MyCompany.Tokens
            {
                public sealed class TokenValidationParameters
                {
                    public bool ValidateIssuer { get; set; }
                }

                public static class Setup
                {
                    public static TokenValidationParameters Create() => new() { ValidateIssuer = false };
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, new SnippetOptions { ImplicitUsings = false, References = ReferencePresets.BaseClassLibraryOnly });
    }

    // ---------------------------------------------------------------- signature validators that skip the check on one path

    /// <summary>
    /// A signature validator that returns the decoded token on one path, before the real check: an unsigned token
    /// (<c>"alg": "none"</c>) takes that path, so forged tokens pass whatever the other path verifies.
    /// </summary>
    [Theory]
    [InlineData("if (jwt.Alg == \"none\") return jwt;")]
    [InlineData("if (string.Equals(jwt.Alg, \"none\", StringComparison.OrdinalIgnoreCase)) { Console.WriteLine(\"unsigned token\"); return jwt; }")]
    [InlineData("if (jwt.Alg != SecurityAlgorithms.RsaSha256) { return jwt; } else { Console.WriteLine(\"RS256\"); }")]
    public Task SignatureValidator_returning_the_unvalidated_token_on_one_path(string shortcut)
    {
        var source = InAddJwtBearer($$"""
            var signingKey = new SymmetricSecurityKey(new byte[32]);
            o.TokenValidationParameters = new TokenValidationParameters
                {
                    {|#0:SignatureValidator = (token, parameters) =>
                    {
                        var jwt = new JsonWebToken(token);
                        {{shortcut}}
                        var result = new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters { IssuerSigningKey = signingKey, ValidateIssuer = true, ValidIssuer = "https://id.example.com", ValidAudience = "orders" }).Result;
                        if (!result.IsValid) throw new SecurityTokenInvalidSignatureException("bad signature");
                        return result.SecurityToken;
                    }|},
                };
            """);
        return Verify.VerifyAnalyzerAsync(source, Disabled(0, "SignatureValidator returns the token without checking its signature", Forged));
    }

    /// <summary>
    /// The look-alikes: the branch on the token's header rejects (throws, returns nothing), logs and falls through
    /// to the check, or the decoded token is returned only after the check on every path.
    /// </summary>
    [Theory]
    [InlineData("if (jwt.Alg == \"none\") throw new SecurityTokenInvalidSignatureException(\"unsigned\");")]
    [InlineData("if (jwt.Alg == \"none\") return null;")]
    [InlineData("if (jwt.Alg == \"none\") { Console.WriteLine(\"unsigned token, checking anyway\"); }")]
    [InlineData("if (jwt.Alg == \"none\") { Console.WriteLine(\"unsigned\"); throw new SecurityTokenInvalidSignatureException(\"unsigned\"); }")]
    public Task SignatureValidator_that_checks_on_every_path(string shortcut)
    {
        var source = InAddJwtBearer($$"""
            var signingKey = new SymmetricSecurityKey(new byte[32]);
            o.TokenValidationParameters = new TokenValidationParameters
                {
                    SignatureValidator = (token, parameters) =>
                    {
                        var jwt = new JsonWebToken(token);
                        {{shortcut}}
                        var result = new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters { IssuerSigningKey = signingKey, ValidateIssuer = true, ValidIssuer = "https://id.example.com", ValidAudience = "orders" }).Result;
                        if (!result.IsValid) throw new SecurityTokenInvalidSignatureException("bad signature");
                        return jwt;
                    },
                };
            """);
        return Verify.VerifyAnalyzerAsync(source);
    }
}
