using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Secrets.SecretInConfigurationFileAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Secrets;

/// <summary>SAPI7003: secrets written in appsettings*.json (AdditionalFiles), reported at the JSON value.</summary>
public sealed class SecretInConfigurationFileAnalyzerTests
{
    private const string AppSettings = "/0/appsettings.json";

    private const string Program = """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllers();
        var app = builder.Build();
        app.MapControllers();
        app.Run();
        """;

    private static DiagnosticResult Produces(int markup, string key, string file = "appsettings.json") =>
        Verify.Diagnostic(Descriptors.SecretInConfigurationFile).WithLocation(markup).WithArguments(key, file);

    private static Task VerifyAsync(string json, params DiagnosticResult[] expected) => VerifyAsync(AppSettings, json, expected);

    private static Task VerifyAsync(string path, string json, params DiagnosticResult[] expected) =>
        Verify.VerifyAnalyzerAsync(Program, new SnippetOptions { AdditionalFiles = [(path, json)] }, expected);

    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task Client_secret_in_a_section()
    {
        const string json = """
            {
              "Logging": { "LogLevel": { "Default": "Information" } },
              "Crm": {
                "BaseUrl": "https://crm.contoso.internal/",
                "ClientSecret": {|#0:"Kr8#vLq2!pWz-invoices"|}
              }
            }
            """;
        return VerifyAsync(json, Produces(0, "Crm:ClientSecret"));
    }

    [Fact]
    public Task Secret_names_by_their_last_word()
    {
        const string json = """
            {
              "Smtp": { "Host": "smtp.contoso.com", "Password": {|#0:"M@ilRelay2024"|} },
              "Payments": { "ApiKey": {|#1:"pk-71c2a9e04f5d4b2c"|}, "api_key": {|#2:"71c2a9e04f5d"|} },
              "Storage": { "AccessKey": {|#3:"c29tZS1hY2Nlc3Mta2V5"|} },
              "Webhooks": { "RefreshToken": {|#4:"rt.8a7d6c5b4a39"|}, "Pwd": {|#5:"hunter2"|} },
              "Admin": { "DefaultPassword": {|#6:"changeme"|} }
            }
            """;
        return VerifyAsync(
            json,
            Produces(0, "Smtp:Password"),
            Produces(1, "Payments:ApiKey"),
            Produces(2, "Payments:api_key"),
            Produces(3, "Storage:AccessKey"),
            Produces(4, "Webhooks:RefreshToken"),
            Produces(5, "Webhooks:Pwd"),
            Produces(6, "Admin:DefaultPassword"));
    }

    [Fact]
    public Task Jwt_key_named_by_its_section_and_a_signing_key()
    {
        const string json = """
            {
              "Jwt": {
                "Issuer": "https://orders.contoso.com",
                "Key": {|#0:"9f8e7d6c5b4a3928171605f4e3d2c1b0a9f8e7d6"|}
              },
              "Tokens": { "SigningKey": {|#1:"orders-signing-key-2024-rotate-me"|} }
            }
            """;
        return VerifyAsync(json, Produces(0, "Jwt:Key"), Produces(1, "Tokens:SigningKey"));
    }

    [Fact]
    public Task Connection_strings_with_passwords()
    {
        const string json = """
            {
              "ConnectionStrings": {
                "Orders": {|#0:"Server=sql.contoso.local;Database=Orders;User Id=orders_app;Password=Or#ders!2024;Encrypt=True"|},
                "Audit": {|#1:"Host=pg.contoso.local;Database=audit;Username=audit;Pwd='s3cr3t;x'"|},
                "Cache": {|#2:"redis://default:R3dis-Pa55@cache.contoso.local:6379"|}
              }
            }
            """;
        return VerifyAsync(json, Produces(0, "ConnectionStrings:Orders"), Produces(1, "ConnectionStrings:Audit"), Produces(2, "ConnectionStrings:Cache"));
    }

    [Fact]
    public Task Credential_formats_under_any_key()
    {
        const string json = """
            {
              "Aws": { "Id": {|#0:"AKIAZ7Q3LMNB4XK2PD5R"|} },
              "GitHub": { "Pat": {|#1:"ghp_4fJk2LmN8pQr5StUv7WxYz0AbCdEfGhIj1Kl"|} },
              "Slack": { "Webhook": {|#2:"xoxb-2048-4096-a1b2c3d4e5f6"|} },
              "Stripe": { "Live": {|#3:"sk_live_51Hc7Tq2eZvKYlo2C0pQ9xW3m"|} },
              "Maps": { "Browser": {|#4:"AIzaSyD3k9Lm2Np8Qr4St6Uv0Wx2Yz5Ab7Cd9Ef"|} },
              "Blobs": {|#5:"DefaultEndpointsProtocol=https;AccountName=contosofiles;AccountKey=q9Vd0kP3xL7mN2bR8tY4wZ6cA1sE5fG0hJ3kL9pQ==;EndpointSuffix=core.windows.net"|},
              "Gitlab": { "Ci": {|#6:"glpat-x7Yk2LmN8pQr5StUv7Wx"|} },
              "Bus": {|#7:"Endpoint=sb://orders.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=q9Vd0kP3xL7mN2bR8tY4wZ6cA1sE5fG0hJ3kL9pQ="|}
            }
            """;
        return VerifyAsync(
            json,
            Produces(0, "Aws:Id"),
            Produces(1, "GitHub:Pat"),
            Produces(2, "Slack:Webhook"),
            Produces(3, "Stripe:Live"),
            Produces(4, "Maps:Browser"),
            Produces(5, "Blobs"),
            Produces(6, "Gitlab:Ci"),
            Produces(7, "Bus"));
    }

    [Fact]
    public Task Pem_private_key_and_signed_jwt()
    {
        const string json = """
            {
              "Certificates": {
                "Pem": {|#0:"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn\n-----END RSA PRIVATE KEY-----"|}
              },
              "Partner": {
                "Authorization": {|#1:"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJwYXJ0bmVyIiwiaWF0IjoxNzAwMDAwMDAwfQ.c2lnbmF0dXJlLXZhbHVlLWhlcmU"|}
              }
            }
            """;
        return VerifyAsync(json, Produces(0, "Certificates:Pem"), Produces(1, "Partner:Authorization"));
    }

    [Fact]
    public Task Nested_sections_and_arrays_build_the_configuration_key()
    {
        const string json = """
            {
              "Integrations": {
                "Partners": [
                  { "Name": "acme", "Endpoint": "https://api.acme.example" },
                  { "Name": "globex", "Credentials": { "ClientSecret": {|#0:"gl0bex-Cl!ent-2024"|} } }
                ],
                "ApiKeys": [ {|#1:"k-01f2e3d4c5b6a798"|}, "" ]
              }
            }
            """;
        return VerifyAsync(json, Produces(0, "Integrations:Partners:1:Credentials:ClientSecret"), Produces(1, "Integrations:ApiKeys:0"));
    }

    [Fact]
    public Task Comments_and_trailing_commas_as_the_configuration_provider_allows()
    {
        const string json = """
            {
              // SMTP relay for notifications
              "Smtp": {
                "Host": "smtp.contoso.com", /* port 587 */
                "Password": {|#0:"Relay!Pass-77"|}, // rotated yearly
              },
              "Features": [ "orders", "invoices", ],
            }
            """;
        return VerifyAsync(json, Produces(0, "Smtp:Password"));
    }

    [Fact]
    public Task Exact_line_and_column_of_the_value()
    {
        const string json = "{\n  \"Mqtt\": {\n    \"Host\": \"broker.contoso.internal\",\n    \"Password\": \"mqtt-Br1dge!\"\n  }\n}\n";
        var expected = Verify.Diagnostic(Descriptors.SecretInConfigurationFile)
            .WithSpan(AppSettings, 4, 17, 4, 31)
            .WithArguments("Mqtt:Password", "appsettings.json");
        return VerifyAsync(json, expected);
    }

    [Fact]
    public Task Environment_file_is_analysed()
    {
        const string json = """
            {
              "ConnectionStrings": {
                "Clinic": {|#0:"Server=localhost,1433;Database=Clinic;User Id=sa;Password=Local_Dev!2024;TrustServerCertificate=True"|}
              }
            }
            """;
        return VerifyAsync("/0/appsettings.Development.json", json, Produces(0, "ConnectionStrings:Clinic", "appsettings.Development.json"));
    }

    [Fact]
    public Task Escaped_value_is_read_unescaped_and_reported_on_the_whole_literal()
    {
        const string json = """
            {
              "Ldap": { "BindPassword": {|#0:"p\u0061ss\"w0rd\\2024"|} }
            }
            """;
        return VerifyAsync(json, Produces(0, "Ldap:BindPassword"));
    }

    /// <summary>A bare <c>Key</c> or <c>Secret</c> is judged by its section without the word that only says it holds settings.</summary>
    [Fact]
    public Task Key_and_secret_under_settings_and_options_sections()
    {
        const string json = """
            {
              "JwtSettings": { "Issuer": "https://orders.contoso.com", "Key": {|#0:"orders-jwt-signing-key-2024"|} },
              "AuthOptions": { "Secret": {|#1:"auth0ptions-S3cret"|} },
              "TokenConfig": { "Key": {|#2:"9f8e7d6c5b4a3928171605f4e3d2c1b0"|} },
              "ApiSettings": { "Secret": {|#3:"mysecret"|} }
            }
            """;
        return VerifyAsync(json, Produces(0, "JwtSettings:Key"), Produces(1, "AuthOptions:Secret"), Produces(2, "TokenConfig:Key"), Produces(3, "ApiSettings:Secret"));
    }

    /// <summary>Values shaped like identifiers that are still secrets: a URL with a random token, a phrase without a ticket prefix, a Stripe secret key.</summary>
    [Fact]
    public Task Real_values_shaped_like_identifiers()
    {
        const string json = """
            {
              "Partner": { "ApiKey": {|#0:"https://partner.contoso.com/hooks/q8Zr2LmX4vT9nB6cY1pK"|} },
              "Jwt": { "Secret": {|#1:"super-secret-signing-key"|} },
              "Stripe": { "PublishableKey": "pk_live_51Hc7Tq2eZvKYlo2C0pQ9xW3mN8bV", "SecretKey": {|#2:"sk_live_51Hc7Tq2eZvKYlo2C0pQ9xW3m"|} },
              "Smtp": { "Password": {|#3:"ADMIN"|} }
            }
            """;
        return VerifyAsync(json, Produces(0, "Partner:ApiKey"), Produces(1, "Jwt:Secret"), Produces(2, "Stripe:SecretKey"), Produces(3, "Smtp:Password"));
    }

    // ---------------------------------------------------------------- must not flag

    /// <summary>One credential or placeholder word in capitals, as templates write what to fill in.</summary>
    [Fact]
    public Task Capitalised_placeholder_words()
    {
        const string json = """
            {
              "Crm": { "ClientSecret": "SECRET" },
              "Maps": { "ApiKey": "TOKEN" },
              "Smtp": { "Password": "REPLACE_ME" },
              "Admin": { "Password": "CHANGE_ME", "DefaultPassword": "CHANGEME" },
              "Bot": { "Token": "TOKEN", "SigningKey": "KEY" }
            }
            """;
        return VerifyAsync(json);
    }

    /// <summary>
    /// Identifiers under credential names: claim types, a feature-flag key, a form-field name, a password policy
    /// pattern; and a Stripe publishable key, public by design. A bare <c>Key</c> under a settings section named after
    /// a lookup stays a lookup key.
    /// </summary>
    [Fact]
    public Task Identifiers_and_public_keys_under_credential_names()
    {
        const string json = """
            {
              "ClaimTypes": {
                "Token": "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
                "ApiKey": "contoso.claims.api_key",
                "RefreshToken": "urn:ietf:params:oauth:token-type:refresh_token"
              },
              "FeatureFlags": { "DeviceAuthKey": "pm-1234-device-auth-key" },
              "Forms": { "Password": "password_hash_b64" },
              "PasswordPolicy": { "Password": "^(?=.*[A-Z])(?=.*\\d).{8,}$" },
              "Stripe": { "PublishableKey": "pk_test_TYooMQauvdEDq54NiTphI7jx" },
              "CacheSettings": { "Key": "orders-v2" },
              "JwtSettings": { "Key": "" }
            }
            """;
        return VerifyAsync(json);
    }


    [Fact]
    public Task Empty_values_and_placeholders()
    {
        const string json = """
            {
              "Jwt": { "Issuer": "https://orders.contoso.com", "SigningKey": "" },
              "Records": { "EncryptionKey": "<set-in-key-vault>" },
              "DeviceTokens": { "SigningKey": "<from-vault>" },
              "Maps": { "ApiKey": "YOUR_API_KEY" },
              "Smtp": { "Password": "${SMTP_PASSWORD}", "Token": "xxx", "Secret": "   " },
              "Vault": { "ClientSecret": "@Microsoft.KeyVault(SecretUri=https://contoso.vault.azure.net/secrets/crm)" },
              "Release": { "ApiKey": "#{PartnerApiKey}#", "Password": "__SmtpPassword__", "Token": "$(PartnerToken)" },
              "Templates": { "Secret": "{{crm_secret}}", "Pwd": "%LDAP_PWD%", "AccessKey": "replace-me", "JwtKey": "***" }
            }
            """;
        return VerifyAsync(json);
    }

    [Fact]
    public Task Connection_strings_without_a_password()
    {
        const string json = """
            {
              "ConnectionStrings": {
                "Clinic": "Server=sql.clinic.local;Database=Clinic;Trusted_Connection=True;Encrypt=True",
                "Reporting": "Server=sql-replica.clinic.local;Database=Clinic;Integrated Security=true;ApplicationIntent=ReadOnly",
                "Telemetry": "Host=pg.telemetry.internal;Database=telemetry;Username=ingest;Password=",
                "Audit": "Host=pg.contoso.local;Database=audit;Username=audit;Password=${AUDIT_DB_PASSWORD}",
                "Local": "Data Source=/var/lib/helpdesk/helpdesk.db",
                "Storage": "UseDevelopmentStorage=true",
                "Azurite": "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;",
                "Queue": "amqp://guest:${RABBIT_PASSWORD}@rabbit.contoso.local:5672"
              },
              "Mongo": { "ConnectionString": "mongodb://mongo-0.contoso.internal:27017/?replicaSet=rs0" }
            }
            """;
        return VerifyAsync(json);
    }

    [Fact]
    public Task Keys_that_are_not_secrets()
    {
        const string json = """
            {
              "Auth": {
                "TokenLifetimeMinutes": "30",
                "PasswordMinLength": "12",
                "SigningKeyId": "orders-2024-01",
                "TokenType": "Bearer",
                "PasswordResetUrl": "https://contoso.com/reset",
                "LookupKey": "customer-email"
              },
              "Caching": { "Key": "orders-v2" },
              "ApplicationInsights": { "InstrumentationKey": "b7f3c9e1-4d2a-4f8b-9e6c-1a5d3f7b9c2e" },
              "Recaptcha": { "SiteKey": "6LcQ8pQqAAAAAJx2mN7vT4kR9wY3zB1cD5eF8gH0" },
              "Auth0": { "Password": "password", "ApiKey": "PAYMENTS_API_KEY", "Audience": "Auth:ApiKey" },
              "Mqtt": { "Thumbprint": "5E2F0A9C41B7D3E8F6A2C1B09D8E7F6A5B4C3D2E" },
              "AllowedHosts": "*"
            }
            """;
        return VerifyAsync(json);
    }

    [Fact]
    public Task Numbers_booleans_and_null_under_secret_names()
    {
        const string json = """
            {
              "Api": { "Token": 12345, "Secret": true, "Password": null, "ApiKey": { "Header": "X-Api-Key" } },
              "Backups": { "Pbkdf2Iterations": 600000 }
            }
            """;
        return VerifyAsync(json);
    }

    [Fact]
    public Task Json_files_that_are_not_appsettings_are_ignored()
    {
        const string json = """
            {
              "profiles": { "http": { "environmentVariables": { "Crm__ClientSecret": "Kr8#vLq2!pWz-invoices" } } },
              "Smtp": { "Password": "Relay!Pass-77" }
            }
            """;
        return VerifyAsync("/0/Properties/launchSettings.json", json);
    }

    [Theory]
    [InlineData("{ \"Smtp\": { \"Password\": \"Relay!Pass-77\" }")]
    [InlineData("{ \"Smtp\": { \"Password\": \"Relay!Pass-77 } }")]
    [InlineData("{ \"Smtp\": { \"Password\": \"Relay!Pass-77\" } } trailing")]
    [InlineData("{ \"Smtp\": { \"Password\": \"Relay!Pass-77\",, } }")]
    [InlineData("{ /* unterminated \"Password\": \"Relay!Pass-77\" }")]
    [InlineData("[ { \"Password\": \"Relay!Pass-77\" } ]")]
    [InlineData("")]
    public Task Malformed_file_yields_no_finding(string json) => VerifyAsync(json);
}
