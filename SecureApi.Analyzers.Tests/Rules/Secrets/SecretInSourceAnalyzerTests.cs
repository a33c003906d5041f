using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Secrets;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Secrets.SecretInSourceAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Secrets;

/// <summary>SAPI7001: passwords, keys, tokens and connection strings with passwords written as string literals.</summary>
public sealed class SecretInSourceAnalyzerTests
{
    private static DiagnosticResult Secret(int markup, string subject) =>
        Verify.Diagnostic(Descriptors.SecretInSource).WithLocation(markup).WithArguments(subject);

    // ---------------------------------------------------------------- by name

    [Fact]
    public Task Property_initializer_with_a_real_looking_default()
    {
        const string source = """
            public sealed class CrmOptions
            {
                public string ClientId { get; init; } = "helpdesk";
                public string ClientSecret { get; init; } = {|#0:"changeme"|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Secret(0, "The client secret for 'ClientSecret'"));
    }

    [Fact]
    public Task Fields_locals_and_parameter_defaults()
    {
        const string source = """"
            public sealed class GatewayClient
            {
                private const string GatewayApiKey = {|#0:"b7f3c9e1-4d2a-4f8b-9e6c-1a5d3f7b9c2e"|};
                private static readonly string smtp_password = {|#1:@"Mail#2023!"|};

                public void Seed(string user = "admin", string adminPassword = {|#2:"admin123"|})
                {
                    var pwd = {|#3:"Winter2024!"|};
                    string webhookSecret;
                    webhookSecret = {|#4:"""whsec-Rk39dLq"""|};
                    Console.WriteLine(user + adminPassword + pwd + webhookSecret + GatewayApiKey + smtp_password);
                }
            }
            """";
        return Verify.VerifyAnalyzerAsync(
            source,
            Secret(0, "The API key for 'GatewayApiKey'"),
            Secret(1, "The password for 'smtp_password'"),
            Secret(2, "The password for 'adminPassword'"),
            Secret(3, "The password for 'pwd'"),
            Secret(4, "The secret for 'webhookSecret'"));
    }

    [Fact]
    public Task Named_argument_for_a_password_parameter()
    {
        const string source = """
            using Microsoft.AspNetCore.Identity;

            public static class DbSeeder
            {
                public static async Task SeedAsync(UserManager<IdentityUser> users)
                {
                    var admin = new IdentityUser { UserName = "admin@clinic.example" };
                    await users.CreateAsync(admin, password: {|#0:"Clinic!Admin2024"|});
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Secret(0, "The password for 'password'"));
    }

    [Fact]
    public Task Positional_arguments_network_credential_and_connection_string_builder()
    {
        const string source = """
            using System.Net;
            using Microsoft.Data.SqlClient;

            public static class Legacy
            {
                public static HttpClientHandler Handler() =>
                    new() { Credentials = new NetworkCredential("gw-admin", {|#0:"Gw!Adm1n-2018"|}) };

                public static string Connection()
                {
                    var builder = new SqlConnectionStringBuilder { DataSource = "db", UserID = "reports" };
                    builder.Password = {|#1:"R3ports!"|};
                    return builder.ConnectionString;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Secret(0, "The password for 'password'"),
            Secret(1, "The password for 'Password'"));
    }

    [Fact]
    public Task Object_and_anonymous_object_initializers()
    {
        const string source = """
            public sealed class SmtpSettings
            {
                public string Host { get; set; } = "";
                public string Password { get; set; } = "";
            }

            public static class Settings
            {
                public static SmtpSettings Smtp() => new() { Host = "smtp.example.org", Password = {|#0:"m4il-Relay"|} };

                public static object Login() => new { UserName = "svc", AccessToken = {|#1:"at-8842-prod"|} };
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Secret(0, "The password for 'Password'"),
            Secret(1, "The token for 'AccessToken'"));
    }

    [Fact]
    public Task Dictionary_and_configuration_writes()
    {
        const string source = """
            public static class TestHost
            {
                public static void Configure(IConfigurationBuilder builder, IConfiguration config)
                {
                    builder.AddInMemoryCollection(new Dictionary<string, string?>
                    {
                        ["Jwt:Issuer"] = "https://id.example.org",
                        ["Jwt:SigningKey"] = {|#0:"f9c1b27a-signing-2024"|},
                        ["Smtp:Password"] = {|#1:"Relay!2024"|},
                    });
                    var values = new Dictionary<string, string?> { { "Billing:ApiKey", {|#2:"bill-7781-live"|} }, { "Billing:Url", "https://billing" } };
                    builder.AddInMemoryCollection(new[] { new KeyValuePair<string, string?>("Crm:ClientSecret", {|#3:"crm-secret-42"|}) });
                    config["Jwt:Key"] = {|#4:"Zm9vYmFyLXNpZ25pbmcta2V5LTIwMjQ="|};
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Secret(0, "The signing key for 'Jwt:SigningKey'"),
            Secret(1, "The password for 'Smtp:Password'"),
            Secret(2, "The API key for 'Billing:ApiKey'"),
            Secret(3, "The client secret for 'Crm:ClientSecret'"),
            Secret(4, "The key for 'Jwt:Key'"));
    }

    [Fact]
    public Task Attribute_arguments_named_and_positional()
    {
        const string source = """
            [AttributeUsage(AttributeTargets.Class)]
            public sealed class BasicAuthAttribute : Attribute
            {
                public BasicAuthAttribute(string userName, string password) { UserName = userName; Password = password; }
                public string UserName { get; }
                public string Password { get; }
                public string? ApiKey { get; set; }
            }

            [BasicAuth("monitor", {|#0:"Mon!tor-77"|}, ApiKey = {|#1:"mon-api-5521"|})]
            public sealed class HealthProbe { }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Secret(0, "The password for 'password'"),
            Secret(1, "The API key for 'ApiKey'"));
    }

    [Fact]
    public Task Fallback_return_value_and_comparison()
    {
        const string source = """
            public sealed class PartnerAuth(IConfiguration configuration)
            {
                public string ApiKey => configuration["Partner:ApiKey"] ?? {|#0:"pk-2291-fallback"|};

                private static string GetBearerToken() => {|#1:"tok3n-4421-gateway"|};

                public bool IsAdmin(string password) => password == {|#2:"letmein1"|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Secret(0, "The API key for 'ApiKey'"),
            Secret(1, "The token for 'GetBearerToken'"),
            Secret(2, "The password for 'password'"));
    }

    [Fact]
    public Task Weak_key_names_need_a_random_looking_value()
    {
        const string source = """
            public static class Keys
            {
                private const string UploadKey = {|#0:"q8Zr2LmX4vT9nB6cY1pK"|};
                private const string Key = "orders";
                private const string CacheKey = "users:all:v2";
                private const string RefreshToken = "refresh_token";
                private const string SessionToken = {|#1:"sess-88413"|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Secret(0, "The key for 'UploadKey'"),
            Secret(1, "The token for 'SessionToken'"));
    }

    // ---------------------------------------------------------------- connection strings and formats, anywhere

    [Fact]
    public Task Connection_strings_with_passwords()
    {
        const string source = """
            public sealed class Reports
            {
                private const string ArchiveConnectionString =
                    {|#0:"Server=archive.local;Database=Billing;User Id=audit;Password=Aud1t!2021;"|};

                public string Queue() => Open({|#1:"Host=pg;Username=app;pwd = 'S3cr3t'"|}) + Open({|#2:"amqp://app:Rabb1t!@mq.internal:5672"|});

                private static string Open(string cs) => cs;
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Secret(0, "A connection string with a password"),
            Secret(1, "A connection string with a password"),
            Secret(2, "A connection string with a password"));
    }

    [Fact]
    public Task Credential_formats_whatever_the_name()
    {
        const string source = """
            public static class Integrations
            {
                private const string SlackBotToken = {|#0:"xoxb-2817364509-4410982736251-Qk7vT2mXc9LbN4sR8wYz1FpH"|};
                private const string GitHubToken = {|#1:"ghp_8Kd2mQx7Lp4Rt9Vn3Hs6Wb1Yc5Ze0Ua2Jf7G"|};
                private const string AccessKeyId = {|#2:"AKIAZ7QF4M2LXW8RT3NB"|};
                private const string Pat = {|#3:"github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"|};
                private const string Ci = {|#4:"glpat-Zx9yW8vU7tS6rQ5pO4nM"|};
                private const string Billing = {|#5:"sk_live_4eC39HqLyjWDarjtT1zdp7dc"|};
                private const string Maps = {|#6:"AIzaSyD3fk9Qx7Lp4Rt9Vn3Hs6Wb1Yc5Ze0Ua2J"|};
                private const string Blobs = {|#7:"DefaultEndpointsProtocol=https;AccountName=telemetry;AccountKey=bXlGYWtlQWNjb3VudEtleTEyMzQ1Njc4OTA=;EndpointSuffix=core.windows.net"|};
                private const string Pem = {|#8:"-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----"|};
                private const string Sample = {|#9:"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk"|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Secret(0, "A Slack token"),
            Secret(1, "A GitHub token"),
            Secret(2, "An AWS access key id"),
            Secret(3, "A GitHub token"),
            Secret(4, "A GitLab token"),
            Secret(5, "A Stripe live key"),
            Secret(6, "A Google API key"),
            Secret(7, "An Azure storage account key"),
            Secret(8, "A private key"),
            Secret(9, "A signed JWT"));
    }

    [Fact]
    public Task Format_inside_a_call_argument_and_a_header_value()
    {
        const string source = """
            public static class Deploy
            {
                public static void Notify(HttpClient http)
                {
                    http.DefaultRequestHeaders.Add("Authorization", {|#0:"token ghp_0aB1cD2eF3gH4iJ5kL6mN7oP8qR9sT0uV1wX"|});
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Secret(0, "A GitHub token"));
    }

    // ---------------------------------------------------------------- not secrets

    [Fact]
    public Task Names_that_are_about_a_secret()
    {
        const string source = """
            public static class AuthConstants
            {
                public const string TokenType = "Bearer";
                public const string SigningKeyConfigKey = "Auth:SigningKey";
                public const string ApiKeyHeaderName = "X-Gateway-Key";
                public const string PasswordResetUrl = "https://support.example.org/account/reset";
                public const string PasswordPolicy = "Strong-2024";
                public const string ClientSecretSection = "Crm:Secrets";
                public const string AccessKeyId = "archive-reader";
                public const string PasswordHashAlgorithm = "PBKDF2-SHA256";
                public const int passwordMinLength = 12;
                public const string Password = "password";
                public const string ApiKey = "api_key";
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Empty_strings_and_placeholders()
    {
        const string source = """
            public sealed class ExternalApis
            {
                public string ClientSecret { get; set; } = "";
                public string Password { get; set; } = " ";
                public string StatusPageApiKey { get; set; } = "YOUR_API_KEY";
                public string SlackToken { get; set; } = "<your-token>";
                public string DbPassword { get; set; } = "<from-vault>";
                public string Secret1 { get; set; } = "xxx";
                public string Secret2 { get; set; } = "********";
                public string Secret3 { get; set; } = "TODO";
                public string Secret4 { get; set; } = "${JWT_SECRET}";
                public string Secret5 { get; set; } = "{{clientSecret}}";
                public string Secret6 { get; set; } = "%API_SECRET%";
                public string Secret7 { get; set; } = "$(PipelineSecret)";
                public string Secret8 { get; set; } = "REPLACE_ME";
                public string Secret9 { get; set; } = "your-secret-here";
                public string AwsAccessKey { get; set; } = "AKIAIOSFODNN7EXAMPLE";
                public string StripeKey { get; set; } = "sk_live_xxxxxxxxxxxxxxxxxxxxxxxx";
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Configuration_keys_environment_variable_names_and_header_names()
    {
        const string source = """
            public sealed class ColdStorage(IConfiguration configuration, HttpClient http)
            {
                private static readonly string SecretAccessKey =
                    Environment.GetEnvironmentVariable("ARCHIVE_SECRET_ACCESS_KEY") ?? string.Empty;

                private readonly string _signingKey = configuration["Auth:SigningKey"]!;
                private readonly string _apiKey = configuration.GetValue<string>("Billing:ApiKey")!;
                private readonly string _clientSecret = configuration.GetSection("Crm")["ClientSecret"]!;
                private readonly string? _connection = configuration.GetConnectionString("Archive");
                private const string JwtKey = "Jwt:Key";
                private const string PasswordVariable = "DB_PASSWORD";
                private const string ApiKey = "X-Api-Key";

                public void Send() => http.DefaultRequestHeaders.Add("X-Gateway-Key", _apiKey);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Lookup_keys_passed_to_key_parameters()
    {
        const string source = """
            using Microsoft.Extensions.Caching.Memory;

            public sealed class Dashboard(IMemoryCache cache)
            {
                public object? Stats() => cache.Get("dashboard-stats-v2-tenant-0042");

                public void Remember(Dictionary<string, int> counts) => counts.Add("tenant-0042-requests-2024Q1", 1);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Connection_strings_without_a_password()
    {
        const string source = """
            public static class Connections
            {
                public const string Local = "Server=(localdb)\\mssqllocaldb;Database=Clinic;Trusted_Connection=True;";
                public const string Integrated = "Data Source=db;Initial Catalog=Clinic;Integrated Security=SSPI";
                public const string Empty = "Server=db;User Id=app;Password=;";
                public const string Template = "Server=db;User Id=app;Password={0};";
                public const string Vault = "Host=pg;Username=app;Password=<from-vault>";
                public const string Anonymous = "amqp://mq.internal:5672";
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    /// <summary>
    /// Labels and messages stored under credential names: a vocabulary table (seen in this product's own source), a
    /// validation message, a hint. Words for people are not credentials.
    /// </summary>
    [Fact]
    public Task Descriptions_and_sentences_under_credential_names()
    {
        const string source = """
            public static class CredentialWords
            {
                public static readonly Dictionary<string, string> Kinds = new()
                {
                    ["app secret"] = "client secret",
                    ["api secret"] = "secret",
                    ["api token"] = "access token",
                    ["subscription key"] = "API key",
                };

                public const string PasswordHint = "Use at least twelve characters.";

                public static string Check(string password) =>
                    password.Length < 12 ? Messages.Password : "ok";
            }

            public static class Messages
            {
                public const string Password = "The password is too short.";
                public const string ApiKey = "Invalid API key";
            }

            public sealed class Seed
            {
                public string AdminPassword { get; } = {|#0:"correct horse battery staple"|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Secret(0, "The password for 'AdminPassword'"));
    }

    [Fact]
    public Task Prose_in_attributes_nameof_and_unsigned_jwts()
    {
        const string source = """
            public sealed class LegacyAuth
            {
                [Obsolete("Password=... connection strings are read from configuration now")]
                public string? Password { get; set; }

                public string Name => nameof(Password);

                // alg "none": not signed, not a credential.
                public const string Example = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLXBhcnQtaGVyZQ";

                public string Describe(string token) => token.Length > 0 ? "token present" : "no token";
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Interpolated_parts_and_concatenated_password_pairs_are_not_reported()
    {
        const string source = """
            public static class Builder
            {
                public static string Build(string host, string password) =>
                    $"Server={host};Password={password}" + "Server=db;User Id=app;Password=" + password;
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    // ---------------------------------------------------------------- values that are identifiers, not secrets

    /// <summary>
    /// Claim types, feature-flag keys, form-field names and validation patterns stored under credential names name
    /// something: they are not secrets. Stripe publishable keys are public by design.
    /// </summary>
    [Fact]
    public Task Identifiers_and_public_keys_under_credential_names()
    {
        const string source = """
            public static class ClaimNames
            {
                public const string Token = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name";
                public const string ApiKey = "https://claims.contoso.com/identity/apiKey";
                public const string Secret = "contoso.claims.secret";
                public const string RefreshToken = "urn:ietf:params:oauth:token-type:refresh_token";
            }

            public static class FeatureFlagKeys
            {
                public const string DeviceAuthKey = "pm-1234-device-auth-key";
                public const string PasskeyLoginToken = "PM-20931-passkey-login-token";
            }

            public static class FormFields
            {
                public const string Password = "password_hash_b64";
                public const string ClientSecret = "client_secret_expires_at";
            }

            public static class Validation
            {
                public const string Password = @"^(?=.*[A-Z])(?=.*\d).{8,}$";
                public const string Pwd = "^[A-Za-z0-9!@#$%]{12,64}$";
            }

            public sealed class StripeOptions
            {
                public string PublishableKey { get; set; } = "pk_live_51Hc7Tq2eZvKYlo2C0pQ9xW3mN8bV";
                public string TestPublishableKey { get; set; } = "pk_test_TYooMQauvdEDq54NiTphI7jx";
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    /// <summary>
    /// The look-alikes that stay secrets: a URL with a random token in it, a kebab-case phrase without a ticket
    /// prefix, a snake-case value that ends in a credential word or has no credential word, a password with regex
    /// characters, a Stripe secret key.
    /// </summary>
    [Fact]
    public Task Real_values_shaped_like_identifiers_are_still_secrets()
    {
        const string source = """
            public static class Integrations
            {
                public const string WebhookSecret = {|#0:"https://hooks.contoso.com/services/T024BE7LD/q8Zr2LmX4vT9nB6cY1pK"|};
                public const string JwtSecret = {|#1:"super-secret-signing-key"|};
                public const string ServiceAccountPassword = {|#2:"admin_password"|};
                public const string DbPassword = {|#3:"orders_db_pass"|};
                public const string ServicePassword = {|#4:"P@ss(w0rd)$"|};
                public const string StripeSecretKey = {|#5:"sk_live_51Hc7Tq2eZvKYlo2C0pQ9xW3m"|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Secret(0, "The secret for 'WebhookSecret'"),
            Secret(1, "The secret for 'JwtSecret'"),
            Secret(2, "The password for 'ServiceAccountPassword'"),
            Secret(3, "The password for 'DbPassword'"),
            Secret(4, "The password for 'ServicePassword'"),
            Secret(5, "A Stripe live key"));
    }

    /// <summary>One credential or placeholder word in capitals is how templates mark a value to fill in.</summary>
    [Fact]
    public Task Capitalised_placeholder_words()
    {
        const string source = """
            public sealed class ExternalApis
            {
                public string ClientSecret { get; set; } = "SECRET";
                public string ApiKey { get; set; } = "TOKEN";
                public string AdminPassword { get; set; } = "CHANGEME";
                public string SmtpPassword { get; set; } = "CHANGE_ME";
                public string BotToken { get; set; } = "REPLACE_ME";
                public string RelayPassword { get; set; } = {|#0:"ADMIN"|};
                public string CrmClientSecret { get; set; } = {|#1:"Secret"|};
                public string DefaultPassword { get; set; } = {|#2:"changeme"|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Secret(0, "The password for 'RelayPassword'"),
            Secret(1, "The client secret for 'CrmClientSecret'"),
            Secret(2, "The password for 'DefaultPassword'"));
    }

    // ---------------------------------------------------------------- what receives the value

    /// <summary>
    /// A credential parameter or property of a framework credential API takes the credential, even when the literal
    /// spells the parameter's name: <c>new NetworkCredential("user", "password")</c> is a real (weak) password.
    /// </summary>
    [Fact]
    public Task Credential_api_parameters_that_get_their_own_name()
    {
        const string source = """
            using System.Net;
            using Microsoft.AspNetCore.Identity;
            using Microsoft.Data.SqlClient;

            public static class Legacy
            {
                public static NetworkCredential Relay() => new NetworkCredential("user", {|#0:"password"|});

                public static string Reports() => new SqlConnectionStringBuilder { DataSource = "db", UserID = "sa", Password = {|#1:"password"|} }.ConnectionString;

                public static Task<IdentityResult> Seed(UserManager<IdentityUser> users, IdentityUser admin) => users.CreateAsync(admin, {|#2:"Password"|});
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Secret(0, "The password for 'password'"),
            Secret(1, "The password for 'Password'"),
            Secret(2, "The password for 'password'"));
    }

    /// <summary>The look-alikes: the user's own API (a form-field name that spells the parameter), and placeholders given to a credential API.</summary>
    [Fact]
    public Task Own_apis_keep_the_spelled_name_exemption_and_placeholders_stay_placeholders()
    {
        const string source = """
            using System.Net;

            public static class LoginForm
            {
                public static string Field(string password) => password;

                public static string PasswordField() => Field(password: "password");

                public static NetworkCredential Relay() => new NetworkCredential("user", "<from-vault>");

                public static NetworkCredential Anonymous() => new NetworkCredential("user", "");
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    private const string IdentityServerTypes = """

        public sealed class Secret
        {
            public Secret() { }
            public Secret(string value, string? description = null) { Value = value; Description = description; }
            public string Value { get; set; } = "";
            public string? Description { get; set; }
        }

        public sealed class Client
        {
            public string ClientId { get; set; } = "";
            public ICollection<Secret> ClientSecrets { get; set; } = new List<Secret>();
        }

        public static class HashExtensions
        {
            public static string Sha256(this string input) => input;
            public static string Sha512(this string input) => input;
        }
        """;

    /// <summary>IdentityServer-style client secrets: <c>new Secret("secret".Sha256())</c> is the sample secret, hashed at startup.</summary>
    [Fact]
    public Task IdentityServer_style_secrets_and_their_hashes()
    {
        const string source = """
            public static class Clients
            {
                public static IEnumerable<Client> All() => new[]
                {
                    new Client { ClientId = "spa", ClientSecrets = { new Secret({|#0:"secret"|}.Sha256()) } },
                    new Client { ClientId = "worker", ClientSecrets = { new Secret({|#1:"511536EF-F270-4058-80CA-1C89C192F69A"|}.Sha512(), "worker secret") } },
                    new Client { ClientId = "legacy", ClientSecrets = { new Secret({|#2:"legacy-Cl1ent"|}), new Secret { Value = {|#3:"m2m-secret-2024"|}.Sha256() } } },
                };
            }
            """ + IdentityServerTypes;
        return Verify.VerifyAnalyzerAsync(
            source,
            Secret(0, "The secret for 'Secret'"),
            Secret(1, "The secret for 'Secret'"),
            Secret(2, "The secret for 'Secret'"),
            Secret(3, "The secret for 'Secret'"));
    }

    /// <summary>The look-alikes: secrets from configuration, descriptions, and placeholders.</summary>
    [Fact]
    public Task IdentityServer_style_secrets_from_configuration_and_descriptions()
    {
        const string source = """
            public static class Clients
            {
                public static IEnumerable<Client> All(IConfiguration configuration) => new[]
                {
                    new Client { ClientId = "spa", ClientSecrets = { new Secret(configuration["Clients:Spa:Secret"]!.Sha256(), "spa secret") } },
                    new Client { ClientId = "worker", ClientSecrets = { new Secret("<set-in-vault>"), new Secret { Description = "rotated yearly" } } },
                    new Client { ClientId = "docs", ClientSecrets = { new Secret("SECRET".Sha256()) } },
                };

                public static string Fingerprint(string text) => "thumbprint-v2".Sha256() + text;
            }
            """ + IdentityServerTypes;
        return Verify.VerifyAnalyzerAsync(source);
    }

    /// <summary>A short code passed as the <c>token</c> of a method that is not about credentials is a lexical token.</summary>
    [Fact]
    public Task Token_parameters_of_apis_that_are_not_about_credentials()
    {
        const string source = """
            public sealed class ExpressionParser
            {
                public void Expect(string token) { }

                public void Parse()
                {
                    Expect(token: "x86");
                    Expect(token: "ISO8601");
                    Expect("E1001");
                    Expect({|#0:"q8Zr2LmX4vT9nB6cY1pK"|});
                }
            }

            public sealed class TokenClient
            {
                public void Revoke(string token) { }

                public void Logout() => Revoke(token: {|#1:"tok-8841"|});
            }

            public static class Sessions
            {
                public static void SignOut(string token) { }

                public static void End() => SignOut({|#2:"sess-88413"|});
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Secret(0, "The token for 'token'"),
            Secret(1, "The token for 'token'"),
            Secret(2, "The token for 'token'"));
    }

    [Fact]
    public Task Local_declared_first_and_assigned_later()
    {
        const string source = """
            public static class Partner
            {
                public static string Header(IConfiguration configuration, bool local)
                {
                    string apiKey;
                    apiKey = {|#0:"pk-2291-partner"|};
                    string fromConfig;
                    fromConfig = configuration["Partner:ApiKey"] ?? "";
                    string? fallbackKey;
                    fallbackKey = local ? "" : null;
                    return apiKey + fromConfig + fallbackKey;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Secret(0, "The API key for 'apiKey'"));
    }

    // ---------------------------------------------------------------- test projects

    private const string TestSource = """
        public sealed class LoginTests
        {
            [Xunit.Fact]
            public void Admin_can_log_in()
            {
                var adminPassword = {|#0:"P@ssw0rd!"|};
                Xunit.Assert.NotEmpty(adminPassword);
            }
        }
        """;

    private static SnippetOptions TestProject(string? editorConfig) => new()
    {
        EditorConfig = editorConfig,
        References = ReferencePresets.Default with
        {
            Libraries = ReferencePresets.Default.Libraries
                .Add(MetadataReference.CreateFromFile(typeof(FactAttribute).Assembly.Location))
                .Add(MetadataReference.CreateFromFile(typeof(Assert).Assembly.Location)),
        },
    };

    [Fact]
    public Task Test_projects_are_analysed_by_default() =>
        Verify.VerifyAnalyzerAsync(TestSource, TestProject(null), Secret(0, "The password for 'adminPassword'"));

    [Fact]
    public Task Test_projects_are_skipped_when_secrets_in_tests_is_false() =>
        Verify.VerifyAnalyzerAsync(TestSource.Replace("{|#0:", string.Empty).Replace("|}", string.Empty), TestProject("secureapi.secrets_in_tests = false"));

    [Fact]
    public Task Option_false_does_not_skip_application_projects()
    {
        const string source = """
            public static class Seed
            {
                public const string AdminPassword = {|#0:"Adm1n!Seed"|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            new SnippetOptions { EditorConfig = "secureapi.secrets_in_tests = false" },
            Secret(0, "The password for 'AdminPassword'"));
    }
}
