using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Jwt.JwtLifetimeAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Jwt;

/// <summary>SAPI1005: access tokens without expiry or with a lifetime above the limit.</summary>
public sealed class JwtLifetimeAnalyzerTests
{
    private const string Usings = """
        using System.IdentityModel.Tokens.Jwt;
        using System.Security.Claims;
        using Microsoft.IdentityModel.JsonWebTokens;
        using Microsoft.IdentityModel.Tokens;

        """;

    private static DiagnosticResult At(int markup, string what) =>
        Verify.Diagnostic(Descriptors.JwtLongLifetime).WithLocation(markup).WithArguments(what);

    private static DiagnosticResult Lives(int markup, string lifetime, int limit = 60) =>
        At(markup, $"This access token lives {lifetime} (limit: {limit} minutes)");

    [Fact]
    public Task Long_expires_arguments_of_JwtSecurityToken()
    {
        const string source = Usings + """
            public sealed class Tokens(SigningCredentials credentials)
            {
                public string Issue(IEnumerable<Claim> claims)
                {
                    var token = new JwtSecurityToken("issuer", "api", claims,
                        {|#0:expires: DateTime.UtcNow.AddDays(7)|},
                        signingCredentials: credentials);
                    return new JwtSecurityTokenHandler().WriteToken(token);
                }

                public JwtSecurityToken Hours(IEnumerable<Claim> claims) =>
                    new("issuer", "api", claims, null, {|#1:DateTime.UtcNow.AddHours(8)|}, credentials);

                public JwtSecurityToken Span(IEnumerable<Claim> claims)
                {
                    var now = DateTime.UtcNow;
                    return new JwtSecurityToken(claims: claims, {|#2:expires: now.Add(TimeSpan.FromHours(2))|}, signingCredentials: credentials);
                }

                public JwtSecurityToken Plus(IEnumerable<Claim> claims)
                {
                    var expires = DateTime.UtcNow + TimeSpan.FromDays(365);
                    return new JwtSecurityToken(claims: claims, {|#3:expires: expires|}, signingCredentials: credentials);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Lives(0, "7 days"), Lives(1, "8 hours"), Lives(2, "2 hours"), Lives(3, "365 days"));
    }

    [Fact]
    public Task JwtSecurityToken_without_expiry_never_expires()
    {
        const string source = Usings + """
            public sealed class ServiceTokens(SigningCredentials credentials)
            {
                public string Issue(string service)
                {
                    var claims = new[] { new Claim("sub", service) };
                    var token = {|#0:new JwtSecurityToken("issuer", "api", claims, signingCredentials: credentials)|};
                    var explicitNull = {|#1:new JwtSecurityToken("issuer", "api", claims, expires: null, signingCredentials: credentials)|};
                    return new JwtSecurityTokenHandler().WriteToken(token) + new JwtSecurityTokenHandler().WriteToken(explicitNull);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, At(0, "This access token never expires"), At(1, "This access token never expires"));
    }

    [Fact]
    public Task Descriptor_Expires_handler_overloads_payload_and_default_lifetime()
    {
        const string source = Usings + """
            public sealed class Tokens(SigningCredentials credentials)
            {
                public string Descriptor(ClaimsIdentity subject)
                {
                    var descriptor = new SecurityTokenDescriptor
                    {
                        Subject = subject,
                        {|#0:Expires = DateTime.UtcNow.AddHours(8)|},
                        SigningCredentials = credentials,
                    };
                    descriptor.{|#1:Expires = DateTimeOffset.UtcNow.AddDays(1).UtcDateTime|};
                    return new JsonWebTokenHandler().CreateToken(descriptor);
                }

                public string Handler(ClaimsIdentity subject) =>
                    new JwtSecurityTokenHandler().CreateEncodedJwt("issuer", "api", subject, null, {|#2:DateTime.UtcNow.AddMinutes(600)|}, DateTime.UtcNow, credentials);

                public JwtPayload Payload(IEnumerable<Claim> claims) =>
                    new JwtPayload("issuer", "api", claims, null, {|#3:DateTime.UtcNow.AddDays(30)|});

                public JwtSecurityTokenHandler LongDefault() => new() { {|#4:TokenLifetimeInMinutes = 24 * 60|} };
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Lives(0, "8 hours"),
            Lives(2, "10 hours"),
            Lives(3, "30 days"),
            Lives(4, "1 day"));
    }

    [Fact]
    public Task Limit_comes_from_editorconfig()
    {
        const string source = Usings + """
            public static class Tokens
            {
                public static SecurityTokenDescriptor Create() => new() { {|#0:Expires = DateTime.UtcNow.AddMinutes(30)|} };
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            new SnippetOptions { EditorConfig = "secureapi.jwt_max_lifetime_minutes = 15" },
            Lives(0, "30 minutes", limit: 15));
    }

    [Fact]
    public Task Short_lifetimes_configured_lifetimes_and_refresh_tokens_are_fine()
    {
        const string source = Usings + """
            public sealed class Tokens(SigningCredentials credentials, IConfiguration configuration)
            {
                private int LifetimeMinutes => configuration.GetValue<int>("Jwt:LifetimeMinutes");

                public IEnumerable<object> Issue(IEnumerable<Claim> claims, TimeSpan lifetime)
                {
                    yield return new JwtSecurityToken("issuer", "api", claims, expires: DateTime.UtcNow.AddMinutes(15), signingCredentials: credentials);
                    yield return new JwtSecurityToken("issuer", "api", claims, expires: DateTime.UtcNow.AddMinutes(60), signingCredentials: credentials);
                    yield return new JwtSecurityToken("issuer", "api", claims, expires: DateTime.UtcNow.AddHours(1), signingCredentials: credentials);
                    yield return new JwtSecurityToken("issuer", "api", claims, expires: DateTime.UtcNow.AddMinutes(LifetimeMinutes), signingCredentials: credentials);
                    yield return new JwtSecurityToken("issuer", "api", claims, expires: DateTime.UtcNow.Add(lifetime), signingCredentials: credentials);
                    yield return new SecurityTokenDescriptor { Expires = DateTime.UtcNow.AddMinutes(30), SigningCredentials = credentials };
                    yield return new SecurityTokenDescriptor { SigningCredentials = credentials };
                    yield return new JwtSecurityTokenHandler { TokenLifetimeInMinutes = 15 };
                }

                public string IssueRefreshToken(IEnumerable<Claim> claims) =>
                    new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken("issuer", "api", claims, expires: DateTime.UtcNow.AddDays(30), signingCredentials: credentials));

                public (JwtSecurityToken, JwtSecurityToken) Pair(IEnumerable<Claim> claims)
                {
                    var access = new JwtSecurityToken("issuer", "api", claims, expires: DateTime.UtcNow.AddMinutes(15), signingCredentials: credentials);
                    var refresh = new JwtSecurityToken("issuer", "api", claims, expires: DateTime.UtcNow.AddDays(30), signingCredentials: credentials);
                    var other = new JwtSecurityToken("issuer", "helpdesk-refresh", claims, expires: DateTime.UtcNow.AddDays(30), signingCredentials: credentials);
                    return (access, refresh.ValidTo > other.ValidTo ? refresh : other);
                }

                public JwtSecurityToken Decoded(string jwt) => new JwtSecurityToken(jwt);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    /// <summary>
    /// A service token issued through <c>JsonWebTokenHandler.CreateToken</c> with a lifetime in calendar units: years
    /// and months have no fixed length, and were missed before (they are counted at their shortest: 365 and 28 days).
    /// </summary>
    [Fact]
    public Task Calendar_lifetimes_of_descriptors_created_by_JsonWebTokenHandler()
    {
        const string source = Usings + """
            public sealed class ServiceTokens(SigningCredentials credentials)
            {
                public string ForBilling() => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
                {
                    Subject = new ClaimsIdentity(new[] { new Claim("sub", "billing-worker") }),
                    {|#0:Expires = DateTime.UtcNow.AddYears(1)|},
                    SigningCredentials = credentials,
                });

                public string ForReports()
                {
                    var expires = DateTime.UtcNow.AddMonths(6);
                    var descriptor = new SecurityTokenDescriptor { {|#1:Expires = expires|}, SigningCredentials = credentials };
                    descriptor.{|#2:Expires = DateTime.UtcNow.AddMonths(3)|};
                    return new JsonWebTokenHandler().CreateToken(descriptor);
                }

                public JwtSecurityToken Legacy(IEnumerable<Claim> claims) =>
                    new("issuer", "api", claims, null, {|#3:DateTime.UtcNow.AddYears(20)|}, credentials);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Lives(0, "1 year"), Lives(1, "6 months"), Lives(2, "3 months"), Lives(3, "practically forever"));
    }

    /// <summary>The look-alikes: calendar units on refresh tokens, from configuration, or for something that is not an expiry.</summary>
    [Fact]
    public Task Calendar_units_on_refresh_tokens_configured_counts_and_other_dates()
    {
        const string source = Usings + """
            public sealed class ServiceTokens(SigningCredentials credentials, IConfiguration configuration)
            {
                public string Access() => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
                {
                    Expires = DateTime.UtcNow.AddMinutes(15),
                    NotBefore = DateTime.UtcNow.AddYears(-1),
                    SigningCredentials = credentials,
                });

                public string CreateRefreshToken() => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
                {
                    Expires = DateTime.UtcNow.AddYears(1),
                    SigningCredentials = credentials,
                });

                public string Configured() => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
                {
                    Expires = DateTime.UtcNow.AddMonths(configuration.GetValue<int>("Tokens:Months")),
                    SigningCredentials = credentials,
                });

                public string Past() => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
                {
                    Expires = DateTime.UtcNow.AddYears(-1),
                    SigningCredentials = credentials,
                });
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }
}
