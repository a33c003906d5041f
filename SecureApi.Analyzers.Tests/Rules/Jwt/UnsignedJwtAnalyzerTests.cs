using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Jwt.UnsignedJwtAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Jwt;

/// <summary>SAPI1006: unsigned tokens, validation that accepts "none", and HMAC keys shorter than 256 bits.</summary>
public sealed class UnsignedJwtAnalyzerTests
{
    private const string NoneCredentials = "This SigningCredentials uses the 'none' algorithm, so the token is unsigned";
    private const string NoneHeader = "This JwtHeader sets the 'none' algorithm, so the token is unsigned";
    private const string NoneAccepted = "ValidAlgorithms accepts the 'none' algorithm, so unsigned tokens pass validation";
    private const string HeaderWithoutCredentials = "This JwtHeader has no signing credentials, so the token is unsigned";
    private const string DescriptorWithoutCredentials = "This SecurityTokenDescriptor has no SigningCredentials, so the token created from it is unsigned";
    private const string TokenWithoutCredentials = "This JwtSecurityToken is created without signing credentials, so it is unsigned";
    private const string CreatedWithoutCredentials = "This token is created without signing credentials, so it is unsigned";

    private static DiagnosticResult Finding(int markup, string what) =>
        Verify.Diagnostic(Descriptors.UnsignedOrWeakJwt).WithLocation(markup).WithArguments(what);

    private static DiagnosticResult ShortKey(int markup, int bits) =>
        Finding(markup, $"This HMAC key is {bits} bits, shorter than 256");

    // ---------------------------------------------------------------- the "none" algorithm

    [Fact]
    public Task None_algorithm_in_signing_credentials()
    {
        const string source = """
            using Microsoft.IdentityModel.Tokens;

            public static class Credentials
            {
                private const string Unsigned = "NONE";

                public static SigningCredentials A(SecurityKey key) => new(key, {|#0:SecurityAlgorithms.None|});

                public static SigningCredentials B(SecurityKey key) => new SigningCredentials(key, {|#1:"none"|});

                public static SigningCredentials C(SecurityKey key) => new SigningCredentials(key, algorithm: {|#2:Unsigned|}, digest: SecurityAlgorithms.Sha256Digest);

                public static SigningCredentials D(SecurityKey key)
                {
                    var algorithm = "None";
                    return new SigningCredentials(key, {|#3:algorithm|});
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, NoneCredentials),
            Finding(1, NoneCredentials),
            Finding(2, NoneCredentials),
            Finding(3, NoneCredentials));
    }

    [Fact]
    public Task None_algorithm_written_into_a_JwtHeader()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using Microsoft.IdentityModel.Tokens;

            public static class Headers
            {
                public static JwtHeader A(SigningCredentials credentials)
                {
                    var header = new JwtHeader(credentials);
                    header["alg"] = {|#0:"none"|};
                    return header;
                }

                public static JwtHeader B() => new() { { JwtHeaderParameterNames.Alg, {|#1:SecurityAlgorithms.None|} } };

                public static JwtHeader C(SigningCredentials credentials)
                {
                    var header = new JwtHeader(credentials) { [JwtHeaderParameterNames.Alg] = {|#2:"none"|} };
                    header.Add("alg", {|#3:"none"|});
                    return header;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, NoneHeader),
            Finding(1, NoneHeader),
            Finding(2, NoneHeader),
            Finding(3, NoneHeader));
    }

    [Fact]
    public Task None_listed_in_ValidAlgorithms()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(o =>
            {
                o.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256, {|#0:SecurityAlgorithms.None|} },
                };
                o.TokenValidationParameters.ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256, {|#1:"none"|}];
            });
            builder.Build().Run();

            public static class Parameters
            {
                public static TokenValidationParameters Legacy()
                {
                    var algorithms = new List<string> { SecurityAlgorithms.HmacSha256, {|#2:"None"|} };
                    return new TokenValidationParameters { ValidAlgorithms = algorithms };
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, NoneAccepted),
            Finding(1, NoneAccepted),
            Finding(2, NoneAccepted));
    }

    // ---------------------------------------------------------------- tokens without signing credentials

    [Fact]
    public Task JwtHeader_without_signing_credentials()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using Microsoft.IdentityModel.Tokens;

            public static class Tokens
            {
                public static string Issue(IEnumerable<Claim> claims)
                {
                    var header = {|#0:new JwtHeader()|};
                    var payload = new JwtPayload("https://api.example.com", "orders", claims, null, DateTime.UtcNow.AddMinutes(15));
                    return new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(header, payload));
                }

                public static JwtHeader Named() => {|#1:new JwtHeader(signingCredentials: null)|};

                public static JwtHeader Cast() => {|#2:new JwtHeader((SigningCredentials?)null)|};

                public static JwtHeader Local()
                {
                    SigningCredentials? credentials = null;
                    return {|#3:new JwtHeader(credentials)|};
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, HeaderWithoutCredentials),
            Finding(1, HeaderWithoutCredentials),
            Finding(2, HeaderWithoutCredentials),
            Finding(3, HeaderWithoutCredentials));
    }

    [Fact]
    public Task SecurityTokenDescriptor_without_signing_credentials_written_by_a_handler()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;

            public sealed class TokenService(EncryptingCredentials encryption)
            {
                public string Issue(ClaimsIdentity subject)
                {
                    var descriptor = {|#0:new SecurityTokenDescriptor
                    {
                        Subject = subject,
                        Issuer = "https://api.example.com",
                        Expires = DateTime.UtcNow.AddMinutes(15),
                    }|};
                    return new JwtSecurityTokenHandler().CreateEncodedJwt(descriptor);
                }

                public string IssueEncrypted(ClaimsIdentity subject)
                {
                    var descriptor = {|#1:new SecurityTokenDescriptor { Subject = subject, EncryptingCredentials = encryption }|};
                    descriptor.Audience = "orders";
                    return new JsonWebTokenHandler().CreateToken(descriptor);
                }

                public SecurityToken IssueInline(ClaimsIdentity subject) =>
                    new JwtSecurityTokenHandler().CreateToken({|#2:new SecurityTokenDescriptor { Subject = subject, SigningCredentials = null }|});

                public JwtSecurityToken IssueJwt(ClaimsIdentity subject)
                {
                    var descriptor = {|#3:new SecurityTokenDescriptor()|};
                    descriptor.Subject = subject;
                    return new JwtSecurityTokenHandler().CreateJwtSecurityToken(descriptor);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, DescriptorWithoutCredentials),
            Finding(1, DescriptorWithoutCredentials),
            Finding(2, DescriptorWithoutCredentials),
            Finding(3, DescriptorWithoutCredentials));
    }

    [Fact]
    public Task Tokens_created_without_signing_credentials()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;

            public static class Tokens
            {
                public static string Jwt(IEnumerable<Claim> claims) => new JwtSecurityTokenHandler().WriteToken(
                    {|#0:new JwtSecurityToken(issuer: "https://api.example.com", audience: "orders", claims: claims, expires: DateTime.UtcNow.AddMinutes(15))|});

                public static string Json(string payload) => new JsonWebTokenHandler().{|#1:CreateToken(payload)|};

                public static string JsonEncrypted(string payload, EncryptingCredentials encryption) =>
                    new JsonWebTokenHandler().{|#2:CreateToken(payload, encryption)|};

                public static string Encoded(ClaimsIdentity subject) => new JwtSecurityTokenHandler().{|#3:CreateEncodedJwt(
                    "https://api.example.com", "orders", subject, null, DateTime.UtcNow.AddMinutes(15), DateTime.UtcNow, null)|};

                public static JwtSecurityToken Empty() => {|#4:new JwtSecurityToken()|};

                public static JwtSecurityToken NullCredentials(ClaimsIdentity subject) =>
                    new JwtSecurityTokenHandler().{|#5:CreateJwtSecurityToken("https://api.example.com", "orders", subject, null, null, null, signingCredentials: null)|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, TokenWithoutCredentials),
            Finding(1, CreatedWithoutCredentials),
            Finding(2, CreatedWithoutCredentials),
            Finding(3, CreatedWithoutCredentials),
            Finding(4, TokenWithoutCredentials),
            Finding(5, CreatedWithoutCredentials));
    }

    // ---------------------------------------------------------------- short HMAC keys

    [Fact]
    public Task Short_keys_from_literal_text()
    {
        const string source = """
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            public static class Keys
            {
                private const string Secret = "my-secret-key-16";

                public static SecurityKey Utf8() => {|#0:new SymmetricSecurityKey(Encoding.UTF8.GetBytes("my-secret-key-16"))|};

                public static SecurityKey Ascii() => {|#1:new SymmetricSecurityKey(Encoding.ASCII.GetBytes(Secret))|};

                public static SecurityKey Utf16() => {|#2:new SymmetricSecurityKey(Encoding.Unicode.GetBytes("eight ch"))|};

                public static SecurityKey Default() => {|#3:new SymmetricSecurityKey(Encoding.Default.GetBytes("ünïcödé-sécret"))|};

                public static SecurityKey Local()
                {
                    var secret = "super_secret_key_123";
                    var bytes = Encoding.UTF8.GetBytes(secret);
                    return {|#4:new SymmetricSecurityKey(bytes)|};
                }

                public static SecurityKey Utf8Literal() => {|#5:new SymmetricSecurityKey("0123456789abcdef"u8.ToArray())|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            ShortKey(0, 128),
            ShortKey(1, 128),
            ShortKey(2, 128),
            ShortKey(3, 152),
            ShortKey(4, 160),
            ShortKey(5, 128));
    }

    [Fact]
    public Task Short_keys_from_bytes()
    {
        const string source = """
            using System.Security.Cryptography;
            using Microsoft.IdentityModel.Tokens;

            public static class Keys
            {
                public static SecurityKey Array16()
                {
                    var key = new byte[16];
                    RandomNumberGenerator.Fill(key);
                    return {|#0:new SymmetricSecurityKey(key)|};
                }

                public static SecurityKey Listed() => {|#1:new SymmetricSecurityKey(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 })|};

                public static SecurityKey Collection() => {|#2:new SymmetricSecurityKey([0x10, 0x20, 0x30, 0x40])|};

                public static SecurityKey Random() => {|#3:new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(16))|};

                public static SecurityKey Base64() => {|#4:new SymmetricSecurityKey(Convert.FromBase64String("MDEyMzQ1Njc4OWFiY2RlZg=="))|};

                public static SecurityKey Hex() => {|#5:new SymmetricSecurityKey(Convert.FromHexString("00112233445566778899AABBCCDDEEFF0011"))|};

                public static SecurityKey Base64Url() => {|#6:new SymmetricSecurityKey(Base64UrlEncoder.DecodeBytes("c2VjcmV0LWtleS0xMjM0NTY"))|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            ShortKey(0, 128),
            ShortKey(1, 64),
            ShortKey(2, 32),
            ShortKey(3, 128),
            ShortKey(4, 128),
            ShortKey(5, 144),
            ShortKey(6, 136));
    }

    [Fact]
    public Task Short_key_in_a_token_endpoint()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();

            var signingKey = {|#0:new SymmetricSecurityKey(Encoding.UTF8.GetBytes("dev-signing-key"))|};

            app.MapPost("/token", (string user) =>
            {
                var token = new JwtSecurityToken(
                    issuer: "https://api.example.com",
                    audience: "orders",
                    claims: [new Claim(ClaimTypes.Name, user)],
                    expires: DateTime.UtcNow.AddMinutes(15),
                    signingCredentials: new SigningCredentials(signingKey, SecurityAlgorithms.HmacSha256));
                return Results.Ok(new { access_token = new JwtSecurityTokenHandler().WriteToken(token) });
            });

            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, ShortKey(0, 120));
    }

    // ---------------------------------------------------------------- safe look-alikes

    [Fact]
    public Task Asymmetric_credentials()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Cryptography;
            using System.Security.Cryptography.X509Certificates;
            using Microsoft.IdentityModel.Tokens;

            public static class Credentials
            {
                public static SigningCredentials Rsa(RSA rsa) => new(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256);

                public static SigningCredentials Certificate(X509Certificate2 certificate) => new X509SigningCredentials(certificate);

                public static SigningCredentials Ecdsa(ECDsa ecdsa) => new(new ECDsaSecurityKey(ecdsa), SecurityAlgorithms.EcdsaSha256);

                public static SigningCredentials Jwk(string json) => new(new JsonWebKey(json), SecurityAlgorithms.RsaSsaPssSha256);

                public static JwtHeader Header(SigningCredentials credentials) => new JwtHeader(credentials);

                public static JwtHeader Encrypted(EncryptingCredentials credentials) => new JwtHeader(credentials);

                public static SigningCredentials Chosen(SecurityKey key, string algorithm) => new(key, algorithm);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Keys_of_unknown_or_sufficient_length()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            public sealed class Keys(IConfiguration configuration)
            {
                public SecurityKey Configured() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configuration["Jwt:Key"]!));

                public SecurityKey FromFile(string path) => new SymmetricSecurityKey(File.ReadAllBytes(path));

                public SecurityKey Sized(int size) => new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(size));

                public SecurityKey Random() => new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32));

                public SecurityKey Long() => new SymmetricSecurityKey(Encoding.ASCII.GetBytes("0123456789abcdef0123456789abcdef"));

                public SecurityKey Wide() => new SymmetricSecurityKey(Encoding.Unicode.GetBytes("0123456789abcdef"));

                public SecurityKey Buffer() => new SymmetricSecurityKey(new byte[64]);

                public SecurityKey Reassigned()
                {
                    var bytes = new byte[16];
                    bytes = RandomNumberGenerator.GetBytes(64);
                    return new SymmetricSecurityKey(bytes);
                }

                public SecurityKey NotBase64() => new SymmetricSecurityKey(Convert.FromBase64String("not base64!"));

                public SecurityKey Parameter(byte[] key) => new SymmetricSecurityKey(key);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Short_symmetric_keys_that_only_encrypt()
    {
        const string source = """
            using Microsoft.IdentityModel.Tokens;

            public static class Encryption
            {
                public static EncryptingCredentials Inline() =>
                    new(new SymmetricSecurityKey(new byte[16]), SecurityAlgorithms.Aes128KW, SecurityAlgorithms.Aes128CbcHmacSha256);

                public static TokenValidationParameters Parameters(byte[] signingKey)
                {
                    var decryptionKey = new SymmetricSecurityKey(new byte[16]);
                    return new TokenValidationParameters
                    {
                        IssuerSigningKey = new SymmetricSecurityKey(signingKey),
                        TokenDecryptionKey = decryptionKey,
                        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    };
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Descriptors_that_get_signing_credentials()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;

            public sealed class TokenService(SigningCredentials credentials, ITokenSigner signer)
            {
                public string Initializer(ClaimsIdentity subject) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
                {
                    Subject = subject,
                    Expires = DateTime.UtcNow.AddMinutes(15),
                    SigningCredentials = credentials,
                });

                public string Later(ClaimsIdentity subject)
                {
                    var descriptor = new SecurityTokenDescriptor { Subject = subject };
                    descriptor.SigningCredentials = credentials;
                    return new JwtSecurityTokenHandler().CreateEncodedJwt(descriptor);
                }

                public string Helper(ClaimsIdentity subject)
                {
                    var descriptor = new SecurityTokenDescriptor { Subject = subject };
                    signer.Sign(descriptor);
                    return new JsonWebTokenHandler().CreateToken(descriptor);
                }

                public SecurityTokenDescriptor Returned(ClaimsIdentity subject) => new SecurityTokenDescriptor { Subject = subject };

                public SecurityTokenDescriptor NeverWritten(ClaimsIdentity subject)
                {
                    var descriptor = new SecurityTokenDescriptor { Subject = subject };
                    return descriptor;
                }
            }

            public interface ITokenSigner
            {
                void Sign(SecurityTokenDescriptor descriptor);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Tokens_created_with_signing_credentials_and_pinned_algorithms()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;

            public static class Tokens
            {
                public static string Jwt(IEnumerable<Claim> claims, SigningCredentials credentials) => new JwtSecurityTokenHandler().WriteToken(
                    new JwtSecurityToken("https://api.example.com", "orders", claims, null, DateTime.UtcNow.AddMinutes(15), credentials));

                public static JwtSecurityToken FromParts(JwtHeader header, JwtPayload payload) => new JwtSecurityToken(header, payload);

                public static string Json(string payload, SigningCredentials credentials) => new JsonWebTokenHandler().CreateToken(payload, credentials);

                public static JwtHeader Header(SigningCredentials credentials) => new JwtHeader(credentials) { ["kid"] = "2024-01" };

                public static JwtHeader ManualAlgorithm() => new JwtHeader { { "alg", SecurityAlgorithms.HmacSha256 } };

                public static TokenValidationParameters Parameters() => new() { ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256, "RS384" } };

                public static string Nothing() => "none";
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Project_without_IdentityModel()
    {
        const string source = """
            public sealed class SigningCredentials(object key, string algorithm);

            public sealed class SymmetricSecurityKey(byte[] key);

            public static class Uses
            {
                public static SigningCredentials Unsigned() => new(new SymmetricSecurityKey(new byte[4]), "none");
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, new SnippetOptions { ImplicitUsings = false, References = ReferencePresets.BaseClassLibraryOnly });
    }

    [Fact]
    public Task Realistic_program_issuing_tokens_with_a_short_key()
    {
        // A whole Program.cs: the key is the finding; the rest is ordinary setup
        // (its RequireHttpsMetadata = false is SAPI1003's business).
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using System.Text;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            var key = {|#0:new SymmetricSecurityKey(Encoding.UTF8.GetBytes("orders-api-secret"))|};
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddJwtBearer(options =>
                {
                    options.RequireHttpsMetadata = false;
                    options.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidIssuer = "orders-api",
                        ValidAudience = "orders-spa",
                        IssuerSigningKey = key,
                        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                    };
                });
            builder.Services.AddAuthorization();

            var app = builder.Build();
            app.UseAuthentication();
            app.UseAuthorization();

            app.MapPost("/login", (string userName) =>
            {
                var token = new JwtSecurityToken(
                    "orders-api",
                    "orders-spa",
                    [new Claim(ClaimTypes.Name, userName)],
                    expires: DateTime.UtcNow.AddMinutes(15),
                    signingCredentials: new SigningCredentials(key, SecurityAlgorithms.HmacSha256));
                return Results.Ok(new { access_token = new JwtSecurityTokenHandler().WriteToken(token) });
            });

            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, ShortKey(0, 136));
    }
}
