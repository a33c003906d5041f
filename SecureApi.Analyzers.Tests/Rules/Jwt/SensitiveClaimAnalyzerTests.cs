using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Jwt.SensitiveClaimAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Jwt;

/// <summary>SAPI1008: secrets and personal identifiers placed in an issued token's claims.</summary>
public sealed class SensitiveClaimAnalyzerTests
{
    private const string Usings = """
        using System.Globalization;
        using System.IdentityModel.Tokens.Jwt;
        using System.Security.Claims;
        using Microsoft.AspNetCore.Authentication;
        using Microsoft.AspNetCore.Authentication.Cookies;
        using Microsoft.IdentityModel.Tokens;
        using JsonWebTokenHandler = Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler;

        """;

    private const string MemberType = """


        public sealed class Member
        {
            public string Id { get; set; } = "";
            public string Email { get; set; } = "";
            public string FullName { get; set; } = "";
            public string TenantId { get; set; } = "";
            public string? PasswordHash { get; set; }
            public string? SecurityStamp { get; set; }
            public string? NationalIdNumber { get; set; }
            public string? DirectDebitIban { get; set; }
            public string? CardLast4 { get; set; }
            public string? MaskedCardNumber { get; set; }
            public string? CreditCardNumber { get; set; }
            public int Ssn { get; set; }
            public string? ApiKey { get; set; }
            public string? RefreshToken { get; set; }
            public bool HasPassword { get; set; }
            public DateTimeOffset? PasswordChangedAt { get; set; }
            public int PasswordLength { get; set; }
        }
        """;

    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task Claims_list_through_a_ClaimsIdentity_into_a_descriptor()
    {
        const string source = Usings + """
            public sealed class MemberTokens(SigningCredentials credentials)
            {
                public string Issue(Member member)
                {
                    var claims = new List<Claim>
                    {
                        new(JwtRegisteredClaimNames.Sub, member.Id),
                        new(JwtRegisteredClaimNames.Email, member.Email),
                        {|SAPI1008:new("pwd_hash", member.PasswordHash ?? string.Empty)|},
                    };

                    if (member.DirectDebitIban is not null)
                    {
                        claims.Add({|SAPI1008:new Claim("dd_iban", member.DirectDebitIban)|});
                    }

                    var descriptor = new SecurityTokenDescriptor
                    {
                        Subject = new ClaimsIdentity(claims),
                        Expires = DateTime.UtcNow.AddMinutes(15),
                        SigningCredentials = credentials,
                    };
                    return new JsonWebTokenHandler().CreateToken(descriptor);
                }
            }
            """ + MemberType;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Claims_dictionary_entries_of_a_descriptor()
    {
        const string source = Usings + """
            public sealed class TurnstileTokens(SigningCredentials credentials)
            {
                public string Issue(Member member)
                {
                    var descriptor = new SecurityTokenDescriptor
                    {
                        Claims = new Dictionary<string, object>
                        {
                            [JwtRegisteredClaimNames.Sub] = member.Id,
                            {|SAPI1008:["sst"] = member.SecurityStamp ?? string.Empty|},
                        },
                        Expires = DateTime.UtcNow.AddMinutes(5),
                        SigningCredentials = credentials,
                    };
                    {|SAPI1008:descriptor.Claims.Add("api_key", member.ApiKey!)|};
                    {|SAPI1008:descriptor.Claims["card"] = member.CreditCardNumber!|};
                    return new JsonWebTokenHandler().CreateToken(descriptor);
                }

                public string Added(Member member) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
                {
                    Claims = new Dictionary<string, object> { { "sub", member.Id }, {|SAPI1008:{ "ssn", member.Ssn }|} },
                    Expires = DateTime.UtcNow.AddMinutes(5),
                    SigningCredentials = credentials,
                });
            }
            """ + MemberType;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task JwtPayload_entries_and_claims()
    {
        const string source = Usings + """
            public sealed class PartnerTokens(SigningCredentials credentials)
            {
                public string Issue(Member member, string partner)
                {
                    var payload = new JwtPayload("fitclub", partner, claims: null, notBefore: DateTime.UtcNow, expires: DateTime.UtcNow.AddMinutes(45));
                    payload[JwtRegisteredClaimNames.Sub] = member.Id;
                    {|SAPI1008:payload.Add("national_id", member.NationalIdNumber ?? string.Empty)|};
                    {|SAPI1008:payload["secret"] = "s3cr3t-value"|};
                    payload.AddClaim({|SAPI1008:new Claim("pwd", member.PasswordHash!)|});
                    return new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(new JwtHeader(credentials), payload));
                }

                public JwtPayload Inline(Member member) => new(new[] { {|SAPI1008:new Claim("stamp", member.SecurityStamp!)|} })
                {
                    {|SAPI1008:{ "iban", member.DirectDebitIban! }|},
                };
            }
            """ + MemberType;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task JwtSecurityToken_claims_through_arrays_collection_expressions_and_linq()
    {
        const string source = Usings + """
            public sealed class Tokens(SigningCredentials credentials)
            {
                public string Array(Member member, string password)
                {
                    var claims = new[] { new Claim(JwtRegisteredClaimNames.Sub, member.Id), {|SAPI1008:new Claim("p", password)|} };
                    var token = new JwtSecurityToken("issuer", "api", claims, expires: DateTime.UtcNow.AddMinutes(10), signingCredentials: credentials);
                    return new JwtSecurityTokenHandler().WriteToken(token);
                }

                public JwtSecurityToken CollectionExpression(Member member, IEnumerable<string> roles)
                {
                    Claim[] extra = [{|SAPI1008:new(ClaimTypes.SerialNumber, member.Ssn.ToString(CultureInfo.InvariantCulture))|}];
                    List<Claim> claims = [new(ClaimTypes.NameIdentifier, member.Id), .. roles.Select(role => new Claim(ClaimTypes.Role, role)), .. extra];
                    return new JwtSecurityToken(claims: claims.Concat([{|SAPI1008:new Claim("tax_id", member.NationalIdNumber!)|}]).ToList(), expires: DateTime.UtcNow.AddMinutes(10), signingCredentials: credentials);
                }

                public string Handler(Member member, bool admin)
                {
                    var identity = new ClaimsIdentity();
                    identity.AddClaim(new Claim(ClaimTypes.Name, member.FullName));
                    identity.AddClaim({|SAPI1008:new Claim("signing_key", admin ? member.ApiKey! : "")|});
                    var handler = new JwtSecurityTokenHandler();
                    return handler.CreateEncodedJwt("issuer", "api", identity, null, DateTime.UtcNow.AddMinutes(10), null, credentials);
                }

                public SecurityToken HandlerWithDescriptorSubject(Member member)
                {
                    var descriptor = new SecurityTokenDescriptor { Subject = new ClaimsIdentity(), SigningCredentials = credentials, Expires = DateTime.UtcNow.AddMinutes(10) };
                    descriptor.Subject.AddClaim({|SAPI1008:new Claim("AspNet.Identity.SecurityStamp", member.SecurityStamp!)|});
                    return new JwtSecurityTokenHandler().CreateJwtSecurityToken(descriptor);
                }
            }
            """ + MemberType;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task A_claim_list_that_feeds_two_tokens_is_reported_once_and_the_message_names_the_claim()
    {
        const string source = Usings + """
            public sealed class Tokens(SigningCredentials credentials)
            {
                public (string, string) Issue(Member member)
                {
                    var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, member.Id), {|#0:new("ssn", member.Id)|} };
                    var access = new JwtSecurityToken("issuer", "api", claims, expires: DateTime.UtcNow.AddMinutes(10), signingCredentials: credentials);
                    var refresh = new JwtSecurityToken("issuer", "refresh", claims, expires: DateTime.UtcNow.AddMinutes(60), signingCredentials: credentials);
                    var handler = new JwtSecurityTokenHandler();
                    return (handler.WriteToken(access), handler.WriteToken(refresh));
                }
            }
            """ + MemberType;
        return Verify.VerifyAnalyzerAsync(
            source,
            new DiagnosticResult(Descriptors.SensitiveClaimInToken).WithLocation(0).WithArguments("ssn", "a social security number"));
    }

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task Ids_names_emails_roles_scopes_and_tenants_are_not_flagged()
    {
        const string source = Usings + """
            public sealed class Tokens(SigningCredentials credentials)
            {
                public string Issue(Member member, IEnumerable<string> roles)
                {
                    var claims = new List<Claim>
                    {
                        new(JwtRegisteredClaimNames.Sub, member.Id),
                        new(JwtRegisteredClaimNames.Email, member.Email),
                        new(JwtRegisteredClaimNames.Name, member.FullName),
                        new("tenant_id", member.TenantId),
                        new("scope", "orders.read orders.write"),
                        new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString()),
                    };
                    claims.AddRange(roles.Select(role => new Claim(ClaimTypes.Role, role)));
                    var descriptor = new SecurityTokenDescriptor { Subject = new ClaimsIdentity(claims), SigningCredentials = credentials, Expires = DateTime.UtcNow.AddMinutes(15) };
                    return new JsonWebTokenHandler().CreateToken(descriptor);
                }
            }
            """ + MemberType;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Names_that_are_about_a_secret_partial_card_data_flags_and_times_are_not_flagged()
    {
        const string source = Usings + """
            public sealed class Tokens(SigningCredentials credentials)
            {
                public string Issue(Member member)
                {
                    var claims = new List<Claim>
                    {
                        new("password_changed_at", member.PasswordChangedAt!.Value.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
                        new("pwd_changed", member.PasswordChangedAt.ToString()!),
                        new("passwordLength", member.PasswordLength.ToString(CultureInfo.InvariantCulture)),
                        new("has_password", member.HasPassword.ToString()),
                        new("card_last4", member.CardLast4!),
                        new("cardSuffix", member.CardLast4!),
                        new("card", member.MaskedCardNumber!),
                        new("rt", member.RefreshToken!),
                        new("token_type", "access"),
                        new(JwtRegisteredClaimNames.AtHash, "abc"),
                    };
                    var descriptor = new SecurityTokenDescriptor { Subject = new ClaimsIdentity(claims), SigningCredentials = credentials, Expires = DateTime.UtcNow.AddMinutes(15) };
                    return new JsonWebTokenHandler().CreateToken(descriptor);
                }
            }
            """ + MemberType;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Claims_of_a_cookie_principal_and_claims_never_put_into_a_token_are_not_flagged()
    {
        const string source = Usings + """
            public static class DeskSignIn
            {
                public static async Task SignInAsync(HttpContext http, Member staff, SigningCredentials credentials)
                {
                    var identity = new ClaimsIdentity(
                    [
                        new Claim(ClaimTypes.NameIdentifier, staff.Id),
                        new Claim("AspNet.Identity.SecurityStamp", staff.SecurityStamp!),
                    ], CookieAuthenticationDefaults.AuthenticationScheme);
                    await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));

                    // The token gets only the id.
                    var token = new JwtSecurityToken(claims: [new Claim("sub", staff.Id)], expires: DateTime.UtcNow.AddMinutes(5), signingCredentials: credentials);
                    http.Response.Headers["X-Token"] = new JwtSecurityTokenHandler().WriteToken(token);
                }

                public static Claim Stamp(Member staff) => new("AspNet.Identity.SecurityStamp", staff.SecurityStamp!);

                public static ClaimsPrincipal Principal(Member staff) =>
                    new(new ClaimsIdentity([new Claim("pwd", staff.PasswordHash!)], CookieAuthenticationDefaults.AuthenticationScheme));
            }
            """ + MemberType;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Encrypted_tokens_are_not_flagged()
    {
        const string source = Usings + """
            public sealed class Tokens(SigningCredentials credentials, EncryptingCredentials encrypting)
            {
                public string Descriptor(Member member)
                {
                    var descriptor = new SecurityTokenDescriptor
                    {
                        Subject = new ClaimsIdentity([new Claim("ssn", member.Ssn.ToString(CultureInfo.InvariantCulture))]),
                        SigningCredentials = credentials,
                        EncryptingCredentials = encrypting,
                        Expires = DateTime.UtcNow.AddMinutes(15),
                    };
                    return new JsonWebTokenHandler().CreateToken(descriptor);
                }

                public string Handler(Member member) =>
                    new JwtSecurityTokenHandler().CreateEncodedJwt("issuer", "api", new ClaimsIdentity([new Claim("iban", member.DirectDebitIban!)]), null, DateTime.UtcNow.AddMinutes(10), null, credentials, encrypting);
            }
            """ + MemberType;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Claims_that_come_from_elsewhere_are_not_judged()
    {
        const string source = Usings + """
            public sealed class Tokens(SigningCredentials credentials)
            {
                // The caller decides what the claims are; this method only signs them.
                public string Sign(IEnumerable<Claim> claims, ClaimsPrincipal user) =>
                    new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken("issuer", "api", claims.Concat(user.Claims), expires: DateTime.UtcNow.AddMinutes(10), signingCredentials: credentials));
            }
            """ + MemberType;
        return Verify.VerifyAnalyzerAsync(source);
    }
}
