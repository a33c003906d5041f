using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Jwt.UnvalidatedTokenReadAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Jwt;

/// <summary>SAPI1004: claims of a decoded token used in a method that never validates it.</summary>
public sealed class UnvalidatedTokenReadAnalyzerTests
{
    /// <summary>The payload read at markup <paramref name="read"/>, the decode at <paramref name="decode"/>.</summary>
    private static DiagnosticResult Read(int read, int decode, string what, string decoder) =>
        Verify.Diagnostic(Descriptors.UnvalidatedTokenRead).WithLocation(read).WithLocation(decode).WithArguments(what, decoder);

    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task ReadJwtToken_into_a_local_then_Claims()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;

            public sealed class TenantResolver
            {
                public string? ResolveTenant(HttpContext context)
                {
                    var header = context.Request.Headers.Authorization.ToString();
                    var token = header["Bearer ".Length..];
                    var jwt = new JwtSecurityTokenHandler().{|#1:ReadJwtToken(token)|};
                    return jwt.{|#0:Claims|}.FirstOrDefault(c => c.Type == "tenant")?.Value;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Read(0, 1, "The claims", "ReadJwtToken"));
    }

    [Fact]
    public Task Claims_read_directly_on_the_decode_call()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;

            public static class CurrentUser
            {
                private static readonly JwtSecurityTokenHandler Handler = new();

                public static string UserId(string bearer) => Handler.{|#1:ReadJwtToken(bearer)|}.{|#0:Subject|};

                public static bool IsAdmin(string bearer) =>
                    Handler.{|#3:ReadJwtToken(bearer)|}.{|#2:Claims|}.Any(c => c.Type == "role" && c.Value == "admin");
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Read(0, 1, "The claims (Subject)", "ReadJwtToken"),
            Read(2, 3, "The claims", "ReadJwtToken"));
    }

    [Fact]
    public Task ReadToken_with_as_and_cast()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;

            public sealed class AuditService(JwtSecurityTokenHandler handler)
            {
                public string? Issuer(string token)
                {
                    var jwt = handler.{|#1:ReadToken(token)|} as JwtSecurityToken;
                    return jwt?.{|#0:Issuer|};
                }

                public IDictionary<string, object> Payload(string token)
                {
                    var jwt = (JwtSecurityToken)handler.{|#3:ReadToken(token)|};
                    return jwt.{|#2:Payload|};
                }

                public string? IssuerOfAnyToken(string token) => handler.{|#5:ReadToken(token)|}?.{|#4:Issuer|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Read(0, 1, "The claims (Issuer)", "ReadToken"),
            Read(2, 3, "The claims (Payload)", "ReadToken"),
            Read(4, 5, "The claims (Issuer)", "ReadToken"));
    }

    [Fact]
    public Task Pattern_matched_token()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;

            public static class Impersonation
            {
                public static ClaimsPrincipal? Principal(string token)
                {
                    if (new JwtSecurityTokenHandler().{|#1:ReadToken(token)|} is not JwtSecurityToken jwt)
                    {
                        return null;
                    }

                    return new ClaimsPrincipal(new ClaimsIdentity(jwt.{|#0:Claims|}, "Bearer"));
                }

                public static IEnumerable<string> Audiences(string token) =>
                    new JwtSecurityTokenHandler().{|#3:ReadToken(token)|} is JwtSecurityToken jwt ? jwt.{|#2:Audiences|} : [];
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Read(0, 1, "The claims", "ReadToken"),
            Read(2, 3, "The claims (Audiences)", "ReadToken"));
    }

    [Fact]
    public Task JsonWebTokenHandler_ReadJsonWebToken_and_its_claim_methods()
    {
        const string source = """
            using Microsoft.IdentityModel.JsonWebTokens;

            public sealed class TokenInspector
            {
                private readonly JsonWebTokenHandler _handler = new();

                public bool CanDelete(string token)
                {
                    var jwt = _handler.{|#1:ReadJsonWebToken(token)|};
                    var role = jwt.{|#0:GetClaim("role")|}.Value;
                    var email = jwt.{|#2:GetPayloadValue<string>("email")|};
                    var isStaff = jwt.{|#3:TryGetClaim("staff", out var staff)|} && staff.Value == "true";
                    var hasTenant = jwt.{|#4:TryGetPayloadValue<string>("tenant", out var tenant)|};
                    return role == "admin" || (isStaff && hasTenant && email.EndsWith("@example.com"));
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Read(0, 1, "The claims (GetClaim)", "ReadJsonWebToken"),
            Read(2, 1, "The claims (GetPayloadValue)", "ReadJsonWebToken"),
            Read(3, 1, "The claims (TryGetClaim)", "ReadJsonWebToken"),
            Read(4, 1, "The claims (TryGetPayloadValue)", "ReadJsonWebToken"));
    }

    [Fact]
    public Task JsonWebTokenHandler_ReadToken_and_the_token_constructors()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using Microsoft.IdentityModel.JsonWebTokens;

            public static class Tokens
            {
                public static string? Subject(string token) => ((JsonWebToken)new JsonWebTokenHandler().{|#1:ReadToken(token)|}).{|#0:Subject|};

                public static string? Actor(string token) => {|#3:new JwtSecurityToken(token)|}.{|#2:Actor|};

                public static string? Subject2(string token)
                {
                    var jwt = {|#5:new JsonWebToken(token)|};
                    return jwt.{|#4:Subject|};
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Read(0, 1, "The claims (Subject)", "ReadToken"),
            Read(2, 3, "The claims (Actor)", "new JwtSecurityToken(string)"),
            Read(4, 5, "The claims (Subject)", "new JsonWebToken(string)"));
    }

    [Fact]
    public Task Minimal_api_handler_in_a_top_level_program()
    {
        const string source = """
            using Microsoft.IdentityModel.JsonWebTokens;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();

            app.MapGet("/me", (HttpRequest request) =>
            {
                var token = request.Headers.Authorization.ToString().Replace("Bearer ", "");
                var jwt = new JsonWebTokenHandler().{|#1:ReadJsonWebToken(token)|};
                return Results.Ok(new { id = jwt.{|#0:Subject|}, name = jwt.{|#2:GetClaim("name")|}.Value });
            });

            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Read(0, 1, "The claims (Subject)", "ReadJsonWebToken"),
            Read(2, 1, "The claims (GetClaim)", "ReadJsonWebToken"));
    }

    [Fact]
    public Task Logged_and_then_used_reports_only_the_use()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;

            public sealed class RefreshService(ILogger<RefreshService> logger)
            {
                public bool MayRefresh(string token)
                {
                    var jwt = new JwtSecurityTokenHandler().{|#1:ReadJwtToken(token)|};
                    logger.LogInformation("Refresh requested by {Subject}", jwt.Subject);
                    return jwt.{|#0:Subject|} != null && jwt.ValidTo > DateTime.UtcNow.AddMinutes(-5);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Read(0, 1, "The claims (Subject)", "ReadJwtToken"));
    }

    [Fact]
    public Task Validation_in_another_method_does_not_count()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using Microsoft.IdentityModel.Tokens;

            public sealed class TokenService(TokenValidationParameters parameters)
            {
                private readonly JwtSecurityTokenHandler _handler = new();

                public bool IsValid(string token)
                {
                    _handler.ValidateToken(token, parameters, out _);
                    return true;
                }

                public string? UserId(string token) => _handler.{|#1:ReadJwtToken(token)|}.{|#0:Subject|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Read(0, 1, "The claims (Subject)", "ReadJwtToken"));
    }

    // ---------------------------------------------------------------- safe look-alikes

    [Fact]
    public Task Header_and_time_fields_only()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using Microsoft.IdentityModel.JsonWebTokens;

            public sealed class TokenDiagnostics(ILogger<TokenDiagnostics> logger)
            {
                public string Describe(string token)
                {
                    var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                    return $"kid={jwt.Header.Kid} alg={jwt.Header.Alg} typ={jwt.Header.Typ} id={jwt.Id}";
                }

                public DateTime Expiry(string token) => new JsonWebTokenHandler().ReadJsonWebToken(token).ValidTo;

                public bool IsExpired(string token)
                {
                    var jwt = new JsonWebTokenHandler().ReadJsonWebToken(token);
                    logger.LogDebug("Token {Kid} ({Alg}, {Typ}, {Cty}) valid from {From} to {To}, issued {IssuedAt}", jwt.Kid, jwt.Alg, jwt.Typ, jwt.Cty, jwt.ValidFrom, jwt.ValidTo, jwt.IssuedAt);
                    return jwt.ValidTo < DateTime.UtcNow || jwt.EncodedHeader.Length == 0;
                }

                public int Size(string token) => new JwtSecurityToken(token).RawData.Length;
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Payload_only_written_to_logs()
    {
        const string source = """
            using System.Diagnostics;
            using System.IdentityModel.Tokens.Jwt;

            public sealed class TokenLogger(ILogger<TokenLogger> logger)
            {
                public void Log(string token)
                {
                    var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                    logger.LogInformation("Token for {Subject} from {Issuer}", jwt.Subject, jwt.Issuer);
                    logger.LogDebug("Claims: {Claims}", string.Join(", ", jwt.Claims.Select(c => c.Type)));
                    logger.Log(LogLevel.Trace, "Audiences: {Audiences}", jwt.Audiences);
                    using (logger.BeginScope("Actor {Actor}", jwt.Actor))
                    {
                        Console.WriteLine($"sub={jwt.Subject}");
                        Debug.WriteLine(jwt.Payload.SerializeToJson());
                        Trace.TraceInformation("iss={0}", jwt.Issuer);
                    }
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Payload_written_through_logger_message_methods_and_delegates()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;

            public sealed partial class TokenAudit(ILogger<TokenAudit> logger)
            {
                private static readonly Action<ILogger, string?, Exception?> LogIssuer =
                    LoggerMessage.Define<string?>(LogLevel.Information, new EventId(2), "Issuer {Issuer}");

                public void Audit(string token)
                {
                    var jwt = new JwtSecurityTokenHandler().ReadJwtToken(token);
                    LogSubject(logger, jwt.Subject);
                    LogIssuer(logger, jwt.Issuer, null);
                }

                [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Token for {Subject}")]
                static partial void LogSubject(ILogger logger, string? subject);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Validation_before_the_read()
    {
        const string source = """
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;

            public sealed class TenantService(JsonWebTokenHandler _handler, TokenValidationParameters parameters)
            {
                public async Task<string?> TenantAsync(string token)
                {
                    var result = await _handler.ValidateTokenAsync(token, parameters);
                    if (!result.IsValid) return null;
                    var jwt = _handler.ReadJsonWebToken(token);
                    return jwt.GetClaim("tenant").Value;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Validation_through_ValidateToken_out_or_a_named_helper()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using Microsoft.IdentityModel.Tokens;

            public interface IJwtValidator
            {
                Task<bool> ValidateJwtAsync(string token);
            }

            public sealed class Tokens(JwtSecurityTokenHandler handler, TokenValidationParameters parameters, IJwtValidator validator)
            {
                public string? UserId(string token)
                {
                    var jwt = handler.ReadJwtToken(token);
                    handler.ValidateToken(token, parameters, out var validated);
                    return jwt.Subject ?? ((JwtSecurityToken)validated).Subject;
                }

                public async Task<string?> TenantAsync(string token)
                {
                    var jwt = handler.ReadJwtToken(token);
                    if (!await validator.ValidateJwtAsync(token))
                    {
                        return null;
                    }

                    return jwt.Claims.FirstOrDefault(c => c.Type == "tenant")?.Value;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Tokens_that_come_from_elsewhere()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.JsonWebTokens;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(options =>
            {
                options.Events = new JwtBearerEvents
                {
                    OnTokenValidated = context =>
                    {
                        var tenant = ((JsonWebToken)context.SecurityToken).GetClaim("tenant").Value;
                        // The handler raises this event only after validating the request's token.
                        var raw = context.Request.Headers.Authorization.ToString()["Bearer ".Length..];
                        var jwt = new JsonWebTokenHandler().ReadJsonWebToken(raw);
                        context.HttpContext.Items["tenant"] = tenant ?? jwt.GetClaim("tid").Value;
                        return Task.CompletedTask;
                    },
                };
            });
            builder.Build().Run();

            public static class ClaimReaders
            {
                public static string? Tenant(JwtSecurityToken validated) => validated.Claims.FirstOrDefault(c => c.Type == "tenant")?.Value;

                public static JwtSecurityToken Decode(string token) => new JwtSecurityTokenHandler().ReadJwtToken(token);
            }

            public sealed class TenantEvents : JwtBearerEvents
            {
                public override Task TokenValidated(TokenValidatedContext context)
                {
                    var raw = context.Request.Headers.Authorization.ToString()["Bearer ".Length..];
                    context.HttpContext.Items["tenant"] = new JwtSecurityTokenHandler().ReadJwtToken(raw).Claims.First(c => c.Type == "tid").Value;
                    return Task.CompletedTask;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Reassigned_local_and_unrelated_Read_methods_are_not_followed()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;

            public sealed class TokenReader
            {
                public Decoded ReadJwtToken(string token) => new(token);

                public sealed record Decoded(string Subject)
                {
                    public IEnumerable<string> Claims => [Subject];
                }
            }

            public static class Uses
            {
                public static string Subject(string token) => new TokenReader().ReadJwtToken(token).Subject;

                public static string? Latest(string first, string second, JwtSecurityTokenHandler handler)
                {
                    var jwt = handler.ReadJwtToken(first);
                    jwt = handler.ReadJwtToken(second);
                    return jwt.Subject;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Project_without_IdentityModel()
    {
        const string source = """
            public sealed class JwtSecurityTokenHandler
            {
                public JwtSecurityToken ReadJwtToken(string token) => new();
            }

            public sealed class JwtSecurityToken
            {
                public string Subject => "";
            }

            public static class Uses
            {
                public static string Subject(string token) => new JwtSecurityTokenHandler().ReadJwtToken(token).Subject;
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, new SnippetOptions { ImplicitUsings = false, References = ReferencePresets.BaseClassLibraryOnly });
    }

    [Fact]
    public Task Realistic_program_with_a_debug_endpoint()
    {
        // A whole Program.cs: the decode in the endpoint is the finding; the rest is ordinary setup
        // (its RequireHttpsMetadata = false is SAPI1003's business).
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.JsonWebTokens;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddJwtBearer(options =>
                {
                    options.Authority = builder.Configuration["Auth:Authority"];
                    options.Audience = "orders-api";
                    options.RequireHttpsMetadata = false;
                });
            builder.Services.AddAuthorization();

            var app = builder.Build();
            app.UseAuthentication();
            app.UseAuthorization();

            app.MapGet("/orders/mine", (HttpRequest request) =>
            {
                var token = request.Headers.Authorization.ToString()["Bearer ".Length..];
                var customer = new JsonWebTokenHandler().{|#1:ReadJsonWebToken(token)|}.{|#0:GetClaim("customer_id")|}.Value;
                return Results.Ok(new { customer });
            });

            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Read(0, 1, "The claims (GetClaim)", "ReadJsonWebToken"));
    }

    // ---------------------------------------------------------------- the token decides whether it is validated

    private const string SkipsHeader = "The header fields that let it skip validation";

    /// <summary>
    /// The method validates, but only when the unvalidated header says so: a token with <c>"alg": "none"</c> skips the
    /// validation and its claims are used anyway.
    /// </summary>
    [Fact]
    public Task Unvalidated_header_decides_whether_validation_runs()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;

            public sealed class PartnerTokens(TokenValidationParameters parameters)
            {
                public string? PartnerId(string token)
                {
                    var handler = new JwtSecurityTokenHandler();
                    var jwt = handler.{|#1:ReadJwtToken(token)|};
                    if (jwt.Header.{|#0:Alg|} != "none")
                    {
                        handler.ValidateToken(token, parameters, out _);
                    }

                    return jwt.Claims.FirstOrDefault(c => c.Type == "partner")?.Value;
                }

                public ClaimsPrincipal Principal(string token)
                {
                    var handler = new JwtSecurityTokenHandler();
                    var jwt = handler.{|#3:ReadJwtToken(token)|};
                    return jwt.Header.{|#2:Alg|} == SecurityAlgorithms.None
                        ? new ClaimsPrincipal(new ClaimsIdentity(jwt.Claims))
                        : handler.ValidateToken(token, parameters, out _);
                }

                public async Task<string?> TenantAsync(string token)
                {
                    var handler = new JsonWebTokenHandler();
                    var jwt = handler.{|#5:ReadJsonWebToken(token)|};
                    if (jwt.{|#4:Alg|} == "none")
                    {
                        return jwt.GetClaim("tenant").Value;
                    }

                    var result = await handler.ValidateTokenAsync(token, parameters);
                    return result.IsValid ? jwt.GetClaim("tenant").Value : null;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Read(0, 1, SkipsHeader + " (Header.Alg)", "ReadJwtToken"),
            Read(2, 3, SkipsHeader + " (Header.Alg)", "ReadJwtToken"),
            Read(4, 5, SkipsHeader + " (Alg)", "ReadJsonWebToken"));
    }

    /// <summary>
    /// The look-alikes: the header picks which validation runs (both sides validate), or a branch on it rejects the
    /// token (returns nothing, throws) before the validation, or only logs.
    /// </summary>
    [Fact]
    public Task Header_checks_that_reject_or_choose_between_validations()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using Microsoft.IdentityModel.Tokens;

            public sealed class PartnerTokens(TokenValidationParameters current, TokenValidationParameters legacy, ILogger<PartnerTokens> logger)
            {
                public string? PartnerId(string token)
                {
                    var handler = new JwtSecurityTokenHandler();
                    var jwt = handler.ReadJwtToken(token);
                    if (jwt.Header.Alg == "none")
                    {
                        return null;
                    }

                    handler.ValidateToken(token, current, out _);
                    return jwt.Claims.FirstOrDefault(c => c.Type == "partner")?.Value;
                }

                public ClaimsPrincipal ByKey(string token)
                {
                    var handler = new JwtSecurityTokenHandler();
                    var jwt = handler.ReadJwtToken(token);
                    var principal = jwt.Header.Kid == "legacy-2019"
                        ? handler.ValidateToken(token, legacy, out _)
                        : handler.ValidateToken(token, current, out _);
                    logger.LogInformation("Token {Id} for {Subject}", jwt.Id, jwt.Subject);
                    return principal;
                }

                public string? Strict(string token)
                {
                    var handler = new JwtSecurityTokenHandler();
                    var jwt = handler.ReadJwtToken(token);
                    if (jwt.Header.Alg != SecurityAlgorithms.RsaSha256)
                    {
                        logger.LogWarning("Unexpected algorithm {Alg}", jwt.Header.Alg);
                        throw new SecurityTokenInvalidAlgorithmException("RS256 only");
                    }

                    if (jwt.ValidTo < DateTime.UtcNow)
                    {
                        logger.LogDebug("Expired token for {Subject}", jwt.Subject);
                    }

                    handler.ValidateToken(token, current, out _);
                    return jwt.Subject;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }
}
