using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Secrets.HardCodedKeyAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Secrets;

/// <summary>SAPI7002: key material built from string literals.</summary>
public sealed class HardCodedKeyAnalyzerTests
{
    /// <summary>The default references plus xunit: a test project.</summary>
    private static ReferenceSet WithXunit { get; } = ReferencePresets.Default with
    {
        Libraries = ReferencePresets.Default.Libraries
            .Add(MetadataReference.CreateFromFile(typeof(FactAttribute).Assembly.Location))
            .Add(MetadataReference.CreateFromFile(typeof(Assert).Assembly.Location)),
    };

    private static DiagnosticResult Finding(int markup, string subject) =>
        Verify.Diagnostic(Descriptors.HardCodedKeyMaterial).WithLocation(markup).WithArguments(subject);

    // ---------------------------------------------------------------- direct key sinks

    [Fact]
    public Task Symmetric_security_key_from_encoded_literal()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            public sealed class TokenIssuer
            {
                public string Issue(string userId)
                {
                    var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes({|#0:"kR9#vQ2!mZ7@pL4$wX8^tN1&bC6*hJ3%"|}));
                    var credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
                    var token = new JwtSecurityToken(claims: new[] { new Claim(ClaimTypes.NameIdentifier, userId) }, signingCredentials: credentials);
                    return new JwtSecurityTokenHandler().WriteToken(token);
                }

                public SecurityKey Legacy() => new SymmetricSecurityKey(Convert.FromBase64String({|#1:"c2VjcmV0LXNpZ25pbmcta2V5LWZvci1sZWdhY3ktdG9rZW5z"|}));

                public SecurityKey Ascii() => new SymmetricSecurityKey(Encoding.ASCII.GetBytes({|#2:"an-ascii-signing-key-of-32-chars!"|}));
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "The signing key of SymmetricSecurityKey"),
            Finding(1, "The signing key of SymmetricSecurityKey"),
            Finding(2, "The signing key of SymmetricSecurityKey"));
    }

    [Fact]
    public Task Hmac_constructors_and_HashData()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public static class WebhookSignature
            {
                public static string Sign(byte[] body)
                {
                    using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes({|#0:"whsec_partner_2021_shared"|}));
                    return Convert.ToHexString(hmac.ComputeHash(body));
                }

                public static byte[] Legacy(byte[] body) => HMACSHA1.HashData(Convert.FromHexString({|#1:"8f3a9c1d5e7b2f4a6c8e0d2b4f6a8c1e"|}), body);

                public static byte[] Span(byte[] body) => HMACSHA512.HashData({|#2:"partner-signing-secret"u8|}, body);

                public static byte[] Array(byte[] body) => HMACSHA384.HashData({|#3:"another-signing-secret"u8|}.ToArray(), body);
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "The HMAC key of HMACSHA256"),
            Finding(1, "The HMAC key of HMACSHA1"),
            Finding(2, "The HMAC key of HMACSHA512"),
            Finding(3, "The HMAC key of HMACSHA384"));
    }

    [Fact]
    public Task Cipher_keys()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class NotesProtector
            {
                public byte[] Protect(byte[] plain)
                {
                    using var aes = Aes.Create();
                    aes.Key = Encoding.UTF8.GetBytes({|#0:"ClinicNotes#Archive2019-Key!32b!"|});
                    aes.GenerateIV();
                    return [.. aes.IV, .. aes.EncryptCbc(plain, aes.IV)];
                }

                public ICryptoTransform Legacy(byte[] iv)
                {
                    using var aes = Aes.Create();
                    return aes.CreateEncryptor(Convert.FromBase64String({|#1:"q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80="|}), iv);
                }

                public AesGcm Gcm() => new AesGcm(Convert.FromHexString({|#2:"00112233445566778899aabbccddeeff"|}), 16);
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "The encryption key of Aes"),
            Finding(1, "The encryption key of SymmetricAlgorithm"),
            Finding(2, "The encryption key of AesGcm"));
    }

    [Fact]
    public Task Json_web_key_value()
    {
        const string source = """
            using Microsoft.IdentityModel.Tokens;

            public static class LocalKeys
            {
                public static JsonWebKey Create() => new JsonWebKey { Kty = "oct", K = {|#0:"GawgguFyGrWKav7AX4VKUg"|} };
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Finding(0, "The signing key of JsonWebKey"));
    }

    [Fact]
    public Task Other_hmac_forms_and_base64url()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            public sealed class CallbackVerifier
            {
                public byte[] Incremental(byte[] body)
                {
                    using var hash = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes({|#0:"callback-hmac-2022"|}));
                    hash.AppendData(body);
                    return hash.GetHashAndReset();
                }

                public byte[] Property(byte[] body)
                {
                    using var hmac = new HMACSHA512();
                    hmac.Key = Base64UrlEncoder.DecodeBytes({|#1:"c2lnbmluZy1rZXktZm9yLWNhbGxiYWNrcw"|});
                    return hmac.ComputeHash(body);
                }

                public byte[] FromVar(byte[] body)
                {
                    var secretText = {|#2:"callback-secret-text"|};
                    return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretText), body);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "The HMAC key of IncrementalHash"),
            Finding(1, "The HMAC key of HMACSHA512"),
            Finding(2, "The HMAC key 'secretText'"));
    }

    // ---------------------------------------------------------------- through locals, fields, consts

    [Fact]
    public Task Static_readonly_field_named_like_a_key_or_used_as_one()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class UploadSigner
            {
                private static readonly byte[] V1UploadKey = Convert.FromBase64String({|#0:"dGVsZW1ldHJ5LXYxLXVwbG9hZC1rZXktMjAxOSE="|});
                private static readonly byte[] Pepper = Encoding.UTF8.GetBytes({|#1:"gateway-pepper-2020"|});
                private static byte[] ArchiveSecret { get; } = Encoding.UTF8.GetBytes({|#2:"archive-secret-2020"|});

                public static string SignV1(byte[] body) => Convert.ToHexString(HMACSHA256.HashData(V1UploadKey, body));

                public static byte[] Peppered(byte[] body)
                {
                    using var hmac = new HMACSHA256(Pepper);
                    return hmac.ComputeHash(body);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "The HMAC key 'V1UploadKey'"),
            Finding(1, "The HMAC key 'Pepper'"),
            Finding(2, "The key 'ArchiveSecret'"));
    }

    [Fact]
    public Task Locals_and_consts()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            public sealed class JwtKeys
            {
                private const string JwtSigningText = {|#0:"super-secret-signing-text-for-jwt-2024"|};

                public SecurityKey ForIssuing() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(JwtSigningText));

                public SecurityKey ForValidation() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(JwtSigningText));

                public byte[] Mac(byte[] data)
                {
                    var material = Encoding.UTF8.GetBytes({|#1:"mac-material-for-exports"|});
                    using var hmac = new HMACSHA256(material);
                    return hmac.ComputeHash(data);
                }

                public byte[] Local(byte[] data)
                {
                    const string text = {|#2:"local-const-hmac-text"|};
                    return HMACSHA256.HashData(Encoding.UTF8.GetBytes(text), data);
                }

                public byte[] Named()
                {
                    var signingKeyBytes = Encoding.UTF8.GetBytes({|#3:"named-signing-key-bytes"|});
                    return signingKeyBytes;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "The signing key 'JwtSigningText'"),
            Finding(1, "The HMAC key 'material'"),
            Finding(2, "The HMAC key 'text'"),
            Finding(3, "The key 'signingKeyBytes'"));
    }

    /// <summary>A string local declared first and assigned once later, then turned into key bytes.</summary>
    [Fact]
    public Task Text_local_declared_first_and_assigned_later()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            public static class Keys
            {
                public static SecurityKey Signing()
                {
                    string k;
                    k = {|#0:"ZmFrZS1zaWduaW5nLWtleS0yMDI0LWFiY2RlZmdoaWprbA=="|};
                    return new SymmetricSecurityKey(Convert.FromBase64String(k));
                }

                public static byte[] Mac(byte[] data)
                {
                    string apiKey;
                    apiKey = {|#1:"partner-hmac-key-2021"|};
                    return HMACSHA256.HashData(Encoding.UTF8.GetBytes(apiKey), data);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "The signing key 'k'"),
            Finding(1, "The HMAC key 'apiKey'"));
    }

    /// <summary>The look-alikes: the text comes from configuration, or its bytes are not a key.</summary>
    [Fact]
    public Task Text_local_assigned_from_configuration_or_not_used_as_a_key()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            public static class Keys
            {
                public static SecurityKey Signing(IConfiguration configuration)
                {
                    string k;
                    k = configuration["Jwt:Key"]!;
                    return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(k));
                }

                public static byte[] Digest(byte[] data)
                {
                    string salt;
                    salt = "reports-v2";
                    return SHA256.HashData(Encoding.UTF8.GetBytes(salt).Concat(data).ToArray());
                }

            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    // ---------------------------------------------------------------- look-alikes

    [Fact]
    public Task Keys_from_configuration_vaults_files_and_random_are_not_reported()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            public sealed class KeySources(IConfiguration configuration)
            {
                private readonly byte[] _recordKey = Convert.FromBase64String(configuration["Records:EncryptionKey"]!);

                public SecurityKey Signing()
                {
                    var jwtSection = configuration.GetSection("Jwt");
                    return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwtSection["SigningKey"]!));
                }

                public byte[] FromFile() => File.ReadAllBytes("/run/secrets/hmac.key");

                public byte[] Random() => RandomNumberGenerator.GetBytes(32);

                public byte[] Zero()
                {
                    using var aes = Aes.Create();
                    aes.Key = new byte[32];
                    return aes.Key;
                }

                public byte[] Empty() => HMACSHA256.HashData(Encoding.UTF8.GetBytes(""), _recordKey);

                public byte[] FromEnvironment(byte[] body) =>
                    HMACSHA256.HashData(Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("WEBHOOK_SECRET") ?? throw new InvalidOperationException()), body);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Non_key_uses_of_literal_bytes_are_not_reported()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class Payloads
            {
                private static readonly byte[] PublicKey = Convert.FromBase64String("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE");
                private static readonly byte[] Greeting = Encoding.UTF8.GetBytes("hello");
                private static readonly byte[] CacheKey = Encoding.UTF8.GetBytes("users:");

                public string Decode() => Encoding.UTF8.GetString(Convert.FromBase64String("eyJzdGF0dXMiOiJvayJ9"));

                public byte[] Hash() => SHA256.HashData(Encoding.UTF8.GetBytes("fixed-salt"));

                public byte[] Message(byte[] key)
                {
                    using var hmac = new HMACSHA256(key);
                    return hmac.ComputeHash(Encoding.UTF8.GetBytes("payload-to-sign"));
                }

                public async Task Write(Stream stream) => await stream.WriteAsync(Greeting);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Test_projects_are_skipped_when_secrets_in_tests_is_false()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class SignatureTests
            {
                [Xunit.Fact]
                public void Signs()
                {
                    using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes("test-only-hmac-key"));
                    Xunit.Assert.Equal(32, hmac.ComputeHash(new byte[] { 1 }).Length);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, new SnippetOptions { References = WithXunit, EditorConfig = "secureapi.secrets_in_tests = false" });
    }

    [Fact]
    public Task Test_projects_are_analysed_by_default()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class SignatureTests
            {
                [Xunit.Fact]
                public void Signs()
                {
                    using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes({|#0:"test-only-hmac-key"|}));
                    Xunit.Assert.Equal(32, hmac.ComputeHash(new byte[] { 1 }).Length);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, new SnippetOptions { References = WithXunit }, Finding(0, "The HMAC key of HMACSHA256"));
    }
}
