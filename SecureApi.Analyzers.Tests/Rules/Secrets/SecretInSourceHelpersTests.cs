using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureApi.Analyzers.Core.Naming;
using SecureApi.Analyzers.Rules.Secrets;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;

namespace SecureApi.Analyzers.Tests.Rules.Secrets;

/// <summary>The reusable pieces of SAPI7001 (names, formats, placeholders, entropy, connection strings) and the diagnostic's properties.</summary>
public sealed class SecretInSourceHelpersTests
{
    [Theory]
    [InlineData("adminPassword", "password")]
    [InlineData("ClientSecret", "client secret")]
    [InlineData("SlackBotToken", "token")]
    [InlineData("StatusPageApiKey", "API key")]
    [InlineData("api_key", "API key")]
    [InlineData("x-api-key", "API key")]
    [InlineData("signing-key", "signing key")]
    [InlineData("JwtKey", "JWT key")]
    [InlineData("PrivateKey", "private key")]
    [InlineData("Password2", "password")]
    [InlineData("UploadKey", "key")]
    [InlineData("smtpPw", "password")]
    [InlineData("db_pwd", "password")]
    public void Credential_names(string name, string kind) => Assert.Equal(kind, CredentialNames.Describe(name));

    [Theory]
    [InlineData("TokenType")]
    [InlineData("tokenType")]
    [InlineData("passwordMinLength")]
    [InlineData("PasswordResetUrl")]
    [InlineData("ApiKeyHeaderName")]
    [InlineData("SigningKeyConfigKey")]
    [InlineData("AccessKeyId")]
    [InlineData("CacheKey")]
    [InlineData("PublicKey")]
    [InlineData("ClientSecretSection")]
    [InlineData("InstrumentationKey")]
    [InlineData("SiteKey")]
    [InlineData("PwaManifest")]
    [InlineData("pwMinLength")]
    [InlineData("")]
    public void Names_that_are_not_credentials(string name) => Assert.False(CredentialNames.IsSecretName(name));

    [Theory]
    [InlineData("ClientSecret", "changeme", true)]
    [InlineData("adminPassword", "admin123", true)]
    [InlineData("Password", "password", false)]
    [InlineData("Token", "Bearer", false)]
    [InlineData("Token", "tok-8841", true)]
    [InlineData("Key", "orders", false)]
    [InlineData("Key", "q8Zr2LmX4vT9nB6cY1pK", true)]
    [InlineData("ApiKey", "YOUR_API_KEY", false)]
    [InlineData("SigningKey", "Auth:SigningKey", false)]
    [InlineData("ClientSecret", "@Microsoft.KeyVault(SecretUri=https://contoso.vault.azure.net/secrets/crm)", false)]
    [InlineData("AccountKey", "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==", false)]
    public void Secret_values_under_names(string name, string value, bool expected) => Assert.Equal(expected, CredentialValues.IsSecretValue(name, value));

    /// <summary>Words for people (a label or a message about a credential, a sentence) are not credentials.</summary>
    [Theory]
    [InlineData("app secret", "client secret")]
    [InlineData("api token", "token")]
    [InlineData("ClientSecret", "Your client secret")]
    [InlineData("Password", "The password is too short.")]
    [InlineData("ApiKey", "Invalid API key")]
    [InlineData("Secret", "Sign in with your account first.")]
    [InlineData("PasswordHint", "Use at least twelve characters!")]
    [InlineData("adminPassword", "Admin's password")]
    [InlineData("passwd", "password")]
    [InlineData("api secret", "secret")]
    [InlineData("SigningKey", "the signing key's validity period is not checked, so expired certificates are accepted")]
    public void Descriptions_and_sentences_are_not_secrets(string name, string value) =>
        Assert.False(CredentialValues.IsSecretValue(name, value));

    /// <summary>Plain-word passphrases and values with digits or symbols still are.</summary>
    [Theory]
    [InlineData("Password", "correct horse battery staple")]
    [InlineData("Password", "horse battery")]
    [InlineData("Password", "secret")]
    [InlineData("DbPassword", "changeme")]
    [InlineData("ClientSecret", "my secret 42")]
    [InlineData("Password", "P@ss word")]
    [InlineData("ApiSecret", "Basic dXNlcjpwYXNzd29yZA==")]
    public void Passphrases_are_still_secrets(string name, string value) =>
        Assert.True(CredentialValues.IsSecretValue(name, value));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("<your-key>")]
    [InlineData("<from-vault>")]
    [InlineData("YOUR_API_KEY")]
    [InlineData("xxx")]
    [InlineData("***")]
    [InlineData("TODO")]
    [InlineData("${JWT_KEY}")]
    [InlineData("{{secret}}")]
    [InlineData("%API_KEY%")]
    [InlineData("$(Secret)")]
    [InlineData("REPLACE_ME")]
    [InlineData("your-secret-here")]
    [InlineData("example")]
    [InlineData("#{PartnerApiKey}#")]
    [InlineData("enter-api-key")]
    [InlineData("SECRET")]
    [InlineData("TOKEN")]
    [InlineData("PASSWORD")]
    [InlineData("APIKEY")]
    [InlineData("CHANGEME")]
    [InlineData("REPLACEME")]
    public void Placeholders_are_recognised(string value) => Assert.True(Placeholders.IsPlaceholder(value));

    [Theory]
    [InlineData("changeme")]
    [InlineData("admin123")]
    [InlineData("Gw!Adm1n-2018")]
    [InlineData("ADMIN")]
    [InlineData("Secret")]
    [InlineData("SECRET2024")]
    public void Real_looking_defaults_are_not_placeholders(string value) => Assert.False(Placeholders.IsPlaceholder(value));

    [Theory]
    [InlineData("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", true)]
    [InlineData("https://claims.contoso.com/identity/tenantId", true)]
    [InlineData("urn:ietf:params:oauth:token-type:jwt", true)]
    [InlineData("contoso.claims.secret", true)]
    [InlineData("pm-1234-device-auth-key", true)]
    [InlineData("PM-1234-device-auth-key", true)]
    [InlineData("password_hash_b64", true)]
    [InlineData("client_secret_expires_at", true)]
    [InlineData("^(?=.*[A-Z])(?=.*\\d).{8,}$", true)]
    [InlineData("^[a-zA-Z0-9]{16,}$", true)]
    [InlineData("https://hooks.contoso.com/services/T024BE7LD/q8Zr2LmX4vT9nB6cY1pK", false)]
    [InlineData("https://partner.contoso.com/api?token=abc123", false)]
    [InlineData("super-secret-signing-key", false)]
    [InlineData("pm-1234-device-rollout", false)]
    [InlineData("admin_password", false)]
    [InlineData("orders_db_pass", false)]
    [InlineData("crm-secret-42", false)]
    [InlineData("rt.8a7d6c5b4a39", false)]
    [InlineData("P@ss(w0rd)$", false)]
    [InlineData("Summer2024!", false)]
    public void Identifier_values(string value, bool expected) => Assert.Equal(expected, IdentifierValues.IsIdentifier(value));

    [Theory]
    [InlineData("password", "password", "Plain", false)]
    [InlineData("password", "password", "CredentialApi", true)]
    [InlineData("Secret", "secret", "CredentialApi", true)]
    [InlineData("token", "E1001", "OtherApi", false)]
    [InlineData("token", "E1001", "Plain", true)]
    [InlineData("token", "q8Zr2LmX4vT9nB6cY1pK", "OtherApi", true)]
    [InlineData("password", "abc123", "OtherApi", true)]
    [InlineData("PublishableKey", "pk_live_51Hc7Tq2eZvKYlo2C0pQ9xW3mN8bV", "Plain", false)]
    public void Secret_values_by_what_receives_them(string name, string value, string context, bool expected) =>
        Assert.Equal(expected, CredentialValues.IsSecretValue(name, value, Enum.Parse<SecretContext>(context)));

    [Theory]
    [InlineData("Jwt:Key", true)]
    [InlineData("Auth:SigningKey", true)]
    [InlineData("ARCHIVE_SECRET_ACCESS_KEY", true)]
    [InlineData("X-Gateway-Key", true)]
    [InlineData("@Microsoft.KeyVault(VaultName=contoso;SecretName=crm)", true)]
    [InlineData("Gw!Adm1n-2018", false)]
    [InlineData("admin123", false)]
    public void Key_references(string value, bool expected) => Assert.Equal(expected, Placeholders.IsKeyReference(value));

    [Theory]
    [InlineData("q8Zr2LmX4vT9nB6cY1pK", true)]
    [InlineData("dGVsZW1ldHJ5LXYxLXVwbG9hZC1rZXktMjAxOSE=", true)]
    [InlineData("b7f3c9e1-4d2a-4f8b-9e6c-1a5d3f7b9c2e", true)]
    [InlineData("users:all:by-region", false)]
    [InlineData("short1A!", false)]
    [InlineData("aaaaaaaaaaaaaaaaaaaa1", false)]
    [InlineData("this is a sentence 1234", false)]
    public void Random_looking_values(string value, bool expected) => Assert.Equal(expected, SecretEntropy.LooksRandom(value));

    [Theory]
    [InlineData("AKIAZ7QF4M2LXW8RT3NB", "An AWS access key id")]
    [InlineData("ghp_8Kd2mQx7Lp4Rt9Vn3Hs6Wb1Yc5Ze0Ua2Jf7G", "A GitHub token")]
    [InlineData("xoxb-2817364509-4410982736251-Qk7vT2mXc9LbN4sR8wYz1FpH", "A Slack token")]
    [InlineData("AKIAIOSFODNN7EXAMPLE", null)]
    [InlineData("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXBhcnQtaGVyZQ", null)]
    [InlineData("just an ordinary sentence that is long", null)]
    [InlineData("Endpoint=sb://orders.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=q9Vd0kP3xL7mN2bR8tY4wZ6cA1sE5fG0hJ3kL9pQ=", "An Azure shared access key")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==", null)]
    public void Credential_formats(string value, string? expected) => Assert.Equal(expected, CredentialFormats.Match(value));

    [Theory]
    [InlineData("Server=db;User Id=app;Password=S3cret!;", true)]
    [InlineData("Host=pg;PWD = \"S3cret\"", true)]
    [InlineData("redis://default:R3dis!@cache:6379", true)]
    [InlineData("Server=db;Trusted_Connection=True;", false)]
    [InlineData("Server=db;Integrated Security=SSPI;", false)]
    [InlineData("Server=db;User Id=app;Password=;", false)]
    [InlineData("Server=db;Password=<from-vault>;", false)]
    [InlineData("Server=db;Password={0};", false)]
    public void Connection_strings(string value, bool expected) => Assert.Equal(expected, ConnectionStrings.HasPassword(value));

    [Fact]
    public async Task Properties_carry_the_name_and_the_configuration_key()
    {
        const string source = """
            using System.Collections.Generic;

            public static class Seed
            {
                public const string AdminPassword = "Adm1n!Seed";

                public static Dictionary<string, string?> Values() => new() { ["Jwt:SigningKey"] = "f9c1b27a-signing-2024" };

                public static string Token() => Use("ghp_8Kd2mQx7Lp4Rt9Vn3Hs6Wb1Yc5Ze0Ua2Jf7G");

                private static string Use(string s) => s;
            }
            """;
        var references = ReferencePresets.BaseClassLibraryOnly.All;
        var compilation = CSharpCompilation.Create(
            "Seed",
            [CSharpSyntaxTree.ParseText(source)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var diagnostics = (await compilation
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new SecretInSourceAnalyzer()))
                .GetAnalyzerDiagnosticsAsync())
            .OrderBy(d => d.Location.SourceSpan.Start)
            .ToList();

        Assert.Equal(3, diagnostics.Count);
        Assert.Equal("AdminPassword", diagnostics[0].Properties[SecretProperties.SecretName]);
        Assert.False(diagnostics[0].Properties.ContainsKey(SecretProperties.ConfigurationKey));
        Assert.Equal("\"Adm1n!Seed\"", diagnostics[0].Location.SourceTree!.ToString().Substring(diagnostics[0].Location.SourceSpan.Start, diagnostics[0].Location.SourceSpan.Length));
        Assert.Equal("SigningKey", diagnostics[1].Properties[SecretProperties.SecretName]);
        Assert.Equal("Jwt:SigningKey", diagnostics[1].Properties[SecretProperties.ConfigurationKey]);
        Assert.Equal("s", diagnostics[2].Properties[SecretProperties.SecretName]);
    }
}
