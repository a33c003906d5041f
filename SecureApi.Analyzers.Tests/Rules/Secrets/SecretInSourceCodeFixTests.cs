using SecureApi.Analyzers.Tests.Infrastructure;
using SecureApi.CodeFixes.Rules.Secrets;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Secrets.HardCodedKeyAnalyzer,
    SecureApi.CodeFixes.Rules.Secrets.SecretInSourceCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Secrets;

/// <summary>Fix of SAPI7001/SAPI7002, exercised on SAPI7002: the literal becomes a configuration read or an environment variable.</summary>
public sealed class SecretInSourceCodeFixTests
{
    private const string Key = SecretInSourceCodeFix.ReadFromConfiguration;

    [Fact]
    public Task Configuration_field_is_read()
    {
        const string source = """
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            public sealed class TokenService
            {
                private readonly IConfiguration _configuration;

                public TokenService(IConfiguration configuration) => _configuration = configuration;

                public SecurityKey SigningKey() =>
                    new SymmetricSecurityKey(Encoding.UTF8.GetBytes({|SAPI7002:"kR9#vQ2!mZ7@pL4$wX8^tN1&bC6*hJ3%"|}));
            }
            """;
        const string fixedSource = """
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            public sealed class TokenService
            {
                private readonly IConfiguration _configuration;

                public TokenService(IConfiguration configuration) => _configuration = configuration;

                public SecurityKey SigningKey() =>
                    new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_configuration["Token:SigningKey"] ?? throw new InvalidOperationException("Token:SigningKey is not configured")));
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Primary_constructor_parameter_is_read_in_methods_and_instance_initializers()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class WebhookSigner(IConfiguration configuration)
            {
                private readonly byte[] _partnerKey = Encoding.UTF8.GetBytes({|SAPI7002:"partner-webhook-key-2022"|});

                public byte[] Sign(byte[] body)
                {
                    using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes({|SAPI7002:"whsec_partner_2021_shared"|}));
                    return hmac.ComputeHash(body);
                }

                public byte[] SignForPartner(byte[] body) => HMACSHA256.HashData(_partnerKey, body);
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class WebhookSigner(IConfiguration configuration)
            {
                private readonly byte[] _partnerKey = Encoding.UTF8.GetBytes(configuration["WebhookSigner:PartnerKey"] ?? throw new InvalidOperationException("WebhookSigner:PartnerKey is not configured"));

                public byte[] Sign(byte[] body)
                {
                    using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(configuration["WebhookSigner:HmacKey"] ?? throw new InvalidOperationException("WebhookSigner:HmacKey is not configured")));
                    return hmac.ComputeHash(body);
                }

                public byte[] SignForPartner(byte[] body) => HMACSHA256.HashData(_partnerKey, body);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Top_level_statements_read_builder_configuration()
    {
        const string source = """
            using System.Text;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddJwtBearer(options => options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = "https://id.clinic.example",
                    ValidAudience = "clinic-api",
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes({|SAPI7002:"clinic-signing-key-that-is-long-enough"|})),
                });

            var app = builder.Build();
            app.UseAuthentication();
            app.Run();
            """;
        const string fixedSource = """
            using System.Text;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddJwtBearer(options => options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = "https://id.clinic.example",
                    ValidAudience = "clinic-api",
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(builder.Configuration["Secrets:SigningKey"] ?? throw new InvalidOperationException("Secrets:SigningKey is not configured"))),
                });

            var app = builder.Build();
            app.UseAuthentication();
            app.Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Environment_variable_without_configuration_and_using_System_added()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            namespace Payments;

            public static class WebhookSignatureService
            {
                public static byte[] Sign(byte[] body) => HMACSHA256.HashData(Encoding.UTF8.GetBytes({|SAPI7002:"whsec_live_shared_2023"|}), body);
            }
            """;
        const string fixedSource = """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            namespace Payments;

            public static class WebhookSignatureService
            {
                public static byte[] Sign(byte[] body) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("WEBHOOK_SIGNATURE_HMAC_KEY") ?? throw new InvalidOperationException("WEBHOOK_SIGNATURE_HMAC_KEY is not set")), body);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, new SnippetOptions { ImplicitUsings = false });
    }

    [Fact]
    public Task Static_readonly_field_uses_the_environment_when_configuration_is_an_instance_member()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class ColdStorageArchiver(IConfiguration configuration)
            {
                private static readonly byte[] V1UploadKey = Convert.FromBase64String({|SAPI7002:"dGVsZW1ldHJ5LXYxLXVwbG9hZC1rZXktMjAxOSE="|});

                public string Bucket => configuration["Archive:Bucket"] ?? "telemetry-archive";

                public static string SignV1Upload(byte[] body) => Convert.ToHexString(HMACSHA256.HashData(V1UploadKey, body));
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public sealed class ColdStorageArchiver(IConfiguration configuration)
            {
                private static readonly byte[] V1UploadKey = Convert.FromBase64String(Environment.GetEnvironmentVariable("COLD_STORAGE_ARCHIVER_V1_UPLOAD_KEY") ?? throw new InvalidOperationException("COLD_STORAGE_ARCHIVER_V1_UPLOAD_KEY is not set"));

                public string Bucket => configuration["Archive:Bucket"] ?? "telemetry-archive";

                public static string SignV1Upload(byte[] body) => Convert.ToHexString(HMACSHA256.HashData(V1UploadKey, body));
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Consts_become_static_readonly_fields_and_plain_locals()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            public sealed class JwtOptions
            {
                private const string JwtSigningText = {|SAPI7002:"super-secret-signing-text-for-jwt-2024"|};

                public SecurityKey ForIssuing() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(JwtSigningText));

                public SecurityKey ForValidation() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(JwtSigningText));

                public byte[] Mac(byte[] data)
                {
                    const string exportKey = {|SAPI7002:"export-mac-key-2020"|};
                    return HMACSHA256.HashData(Encoding.UTF8.GetBytes(exportKey), data);
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            public sealed class JwtOptions
            {
                private static readonly string JwtSigningText = Environment.GetEnvironmentVariable("JWT_SIGNING_TEXT") ?? throw new InvalidOperationException("JWT_SIGNING_TEXT is not set");

                public SecurityKey ForIssuing() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(JwtSigningText));

                public SecurityKey ForValidation() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes(JwtSigningText));

                public byte[] Mac(byte[] data)
                {
                    string exportKey = Environment.GetEnvironmentVariable("JWT_EXPORT_KEY") ?? throw new InvalidOperationException("JWT_EXPORT_KEY is not set");
                    return HMACSHA256.HashData(Encoding.UTF8.GetBytes(exportKey), data);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task String_local_assigned_once_keeps_its_declaration()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class ExportOptions
            {
                public byte[] Mac(byte[] data)
                {
                    var exportKey = {|SAPI7002:"export-mac-key-2020"|};
                    return HMACSHA256.HashData(Encoding.UTF8.GetBytes(exportKey), data);
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class ExportOptions
            {
                public byte[] Mac(byte[] data)
                {
                    var exportKey = Environment.GetEnvironmentVariable("EXPORT_KEY") ?? throw new InvalidOperationException("EXPORT_KEY is not set");
                    return HMACSHA256.HashData(Encoding.UTF8.GetBytes(exportKey), data);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Fix_all_replaces_every_key_in_the_document()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            public sealed class RecordProtector(IConfiguration configuration)
            {
                private static readonly byte[] ArchiveKey = Encoding.UTF8.GetBytes({|SAPI7002:"archive-key-2019-records"|});

                public byte[] Encrypt(byte[] plain)
                {
                    using var aes = Aes.Create();
                    aes.Key = Encoding.UTF8.GetBytes({|SAPI7002:"ClinicNotes#Archive2019-Key!32b!"|});
                    aes.GenerateIV();
                    return [.. aes.IV, .. aes.EncryptCbc(plain, aes.IV)];
                }

                public SecurityKey Signing() => new SymmetricSecurityKey(Convert.FromBase64String({|SAPI7002:"c2VjcmV0LXNpZ25pbmcta2V5LWZvci1yZWNvcmRz"|}));

                public byte[] Archive(byte[] data) => HMACSHA256.HashData(ArchiveKey, data);
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            public sealed class RecordProtector(IConfiguration configuration)
            {
                private static readonly byte[] ArchiveKey = Encoding.UTF8.GetBytes(Environment.GetEnvironmentVariable("RECORD_PROTECTOR_ARCHIVE_KEY") ?? throw new InvalidOperationException("RECORD_PROTECTOR_ARCHIVE_KEY is not set"));

                public byte[] Encrypt(byte[] plain)
                {
                    using var aes = Aes.Create();
                    aes.Key = Encoding.UTF8.GetBytes(configuration["RecordProtector:EncryptionKey"] ?? throw new InvalidOperationException("RecordProtector:EncryptionKey is not configured"));
                    aes.GenerateIV();
                    return [.. aes.IV, .. aes.EncryptCbc(plain, aes.IV)];
                }

                public SecurityKey Signing() => new SymmetricSecurityKey(Convert.FromBase64String(configuration["RecordProtector:SigningKey"] ?? throw new InvalidOperationException("RecordProtector:SigningKey is not configured")));

                public byte[] Archive(byte[] data) => HMACSHA256.HashData(ArchiveKey, data);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task No_fix_when_the_const_must_stay_constant()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public static class PartnerSignature
            {
                private const string PartnerSecret = {|SAPI7002:"partner-2019-shared-secret"|};

                public static byte[] Sign(byte[] body) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(PartnerSecret), body);

                public static bool IsLegacy(string presented, string secret = PartnerSecret) => presented == secret;
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task No_fix_for_utf8_literals()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Signatures
            {
                public static byte[] Sign(byte[] body) => HMACSHA512.HashData({|SAPI7002:"partner-signing-secret"u8|}, body);
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }
}
