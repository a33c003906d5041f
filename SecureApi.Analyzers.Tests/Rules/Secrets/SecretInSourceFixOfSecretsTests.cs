using SecureApi.Analyzers.Tests.Infrastructure;
using SecureApi.CodeFixes.Rules.Secrets;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Secrets.SecretInSourceAnalyzer,
    SecureApi.CodeFixes.Rules.Secrets.SecretInSourceCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Secrets;

/// <summary>Fix of SAPI7001: the secret literal becomes a configuration read or an environment variable.</summary>
public sealed class SecretInSourceFixOfSecretsTests
{
    private const string Key = SecretInSourceCodeFix.ReadFromConfiguration;

    [Fact]
    public Task Property_initializer_reads_the_primary_constructor_configuration()
    {
        const string source = """
            public sealed class CrmClientOptions(IConfiguration configuration)
            {
                public string Endpoint { get; init; } = "https://crm.example.com/api";

                public string ClientSecret { get; init; } = {|SAPI7001:"changeme"|};
            }
            """;
        const string fixedSource = """
            public sealed class CrmClientOptions(IConfiguration configuration)
            {
                public string Endpoint { get; init; } = "https://crm.example.com/api";

                public string ClientSecret { get; init; } = configuration["Crm:ClientSecret"] ?? throw new InvalidOperationException("Crm:ClientSecret is not configured");
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Const_without_configuration_becomes_a_static_readonly_environment_read_and_fix_all_fixes_each()
    {
        const string source = """
            using System.Net;

            public static class NotificationChannels
            {
                private const string SlackBotToken = {|SAPI7001:"xoxb-2817364509-4410982736251-Qk7vT2mXc9LbN4sR8wYz1FpH"|};

                public static NetworkCredential Smtp() => new("alerts", {|SAPI7001:"Sm7p!Alerts-2019"|});

                public static string Bearer() => "Bearer " + SlackBotToken;
            }
            """;
        const string fixedSource = """
            using System.Net;

            public static class NotificationChannels
            {
                private static readonly string SlackBotToken = Environment.GetEnvironmentVariable("NOTIFICATION_CHANNELS_SLACK_BOT_TOKEN") ?? throw new InvalidOperationException("NOTIFICATION_CHANNELS_SLACK_BOT_TOKEN is not set");

                public static NetworkCredential Smtp() => new("alerts", Environment.GetEnvironmentVariable("NOTIFICATION_CHANNELS_PASSWORD") ?? throw new InvalidOperationException("NOTIFICATION_CHANNELS_PASSWORD is not set"));

                public static string Bearer() => "Bearer " + SlackBotToken;
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    /// <summary>
    /// Two different passwords given to the same parameter in one class (seen in a seeding helper) must not be read from
    /// one setting: the enclosing method tells them apart; the same value twice keeps one name.
    /// </summary>
    [Fact]
    public Task Different_values_under_one_name_get_a_setting_each()
    {
        const string source = """
            public static class SeedUsers
            {
                public static Task<string> Admin() => Create("admin@local", {|SAPI7001:"Adm1n-Seed!2024"|});

                public static Task<string> Clerk() => Create("clerk@local", {|SAPI7001:"Cl3rk-Seed!2024"|});

                private static Task<string> Create(string user, string password) => Task.FromResult(user + password.Length);
            }
            """;
        // One at a time, the second literal no longer shares its name when it is fixed: the names differ either way.
        const string fixedSource = """
            public static class SeedUsers
            {
                public static Task<string> Admin() => Create("admin@local", Environment.GetEnvironmentVariable("SEED_USERS_ADMIN_PASSWORD") ?? throw new InvalidOperationException("SEED_USERS_ADMIN_PASSWORD is not set"));

                public static Task<string> Clerk() => Create("clerk@local", Environment.GetEnvironmentVariable("SEED_USERS_PASSWORD") ?? throw new InvalidOperationException("SEED_USERS_PASSWORD is not set"));

                private static Task<string> Create(string user, string password) => Task.FromResult(user + password.Length);
            }
            """;
        const string batchFixedSource = """
            public static class SeedUsers
            {
                public static Task<string> Admin() => Create("admin@local", Environment.GetEnvironmentVariable("SEED_USERS_ADMIN_PASSWORD") ?? throw new InvalidOperationException("SEED_USERS_ADMIN_PASSWORD is not set"));

                public static Task<string> Clerk() => Create("clerk@local", Environment.GetEnvironmentVariable("SEED_USERS_CLERK_PASSWORD") ?? throw new InvalidOperationException("SEED_USERS_CLERK_PASSWORD is not set"));

                private static Task<string> Create(string user, string password) => Task.FromResult(user + password.Length);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: batchFixedSource);
    }

    /// <summary>A test project's credentials are fixtures: read from the environment, the tests would fail (no fix).</summary>
    [Fact]
    public Task No_fix_in_a_test_project()
    {
        const string source = """
            public sealed class SignInTests
            {
                [Xunit.Fact]
                public void Signs_in() => Xunit.Assert.NotEmpty(Login("demouser@example.com", {|SAPI7001:"Pass@word1"|}));

                private static string Login(string user, string password) => user + password;
            }
            """;
        var options = new SnippetOptions
        {
            References = ReferencePresets.Default with
            {
                Libraries = ReferencePresets.Default.Libraries
                    .Add(Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(typeof(FactAttribute).Assembly.Location))
                    .Add(Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(typeof(Assert).Assembly.Location)),
            },
        };
        return Verify.VerifyNoCodeFixAsync(source, Key, options);
    }

    [Fact]
    public Task Dictionary_entry_keeps_the_configuration_key_it_names()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Jwt:Issuer"] = "https://orders.example.com",
                ["Jwt:Key"] = {|SAPI7001:"k9Vq2Lm7Xz4Rt8Wb3Nc6Yh1Pd5Gf0Sj2"|},
            });
            builder.Build().Run();
            """;
        const string fixedSource = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Jwt:Issuer"] = "https://orders.example.com",
                ["Jwt:Key"] = builder.Configuration["Jwt:Key"] ?? throw new InvalidOperationException("Jwt:Key is not configured"),
            });
            builder.Build().Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Const_used_as_a_constant_gets_no_fix()
    {
        const string source = """
            public static class SeedUsers
            {
                public const string AdminPassword = {|SAPI7001:"Clinic!Admin2024"|};

                public static bool IsDefault(string password) => password switch
                {
                    AdminPassword => true,
                    _ => false,
                };
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }
}
