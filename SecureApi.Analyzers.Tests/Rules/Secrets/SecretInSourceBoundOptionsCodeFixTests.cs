using System.Collections.Immutable;
using SecureApi.Analyzers.Tests.Infrastructure;
using SecureApi.CodeFixes.Rules.Secrets;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Secrets.SecretInSourceAnalyzer,
    SecureApi.CodeFixes.Rules.Secrets.SecretInSourceCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Secrets;

/// <summary>
/// Fix of SAPI7001 in options classes the app binds from configuration: the binder supplies the value, so the literal
/// is removed (a read that throws would run before the binder). Connection strings and derived keys.
/// </summary>
public sealed class SecretInSourceBoundOptionsCodeFixTests
{
    private const string Key = SecretInSourceCodeFix.ReadFromConfiguration;

    /// <summary>A missing initializer of a non-nullable property would be CS8618: an error here, as in many projects.</summary>
    private const string NullableWarningsAreErrors = """
        dotnet_diagnostic.CS8618.severity = error
        dotnet_diagnostic.CS8625.severity = error
        dotnet_diagnostic.CS8601.severity = error
        """;

    [Fact]
    public Task Configure_with_GetSection_removes_the_literal()
    {
        const string program = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.Configure<PaymentGatewayOptions>(builder.Configuration.GetSection("PaymentGateway"));
            builder.Build().Run();
            """;
        const string source = """
            #nullable enable

            public sealed class PaymentGatewayOptions
            {
                public string BaseUrl { get; set; } = "https://api.payments.example.com";

                public string ApiKey { get; set; } = {|SAPI7001:"Pg-Live-7f3K9q2LmX8v"|}; // issued 2023

                public string? WebhookSecret { get; set; } = {|SAPI7001:"whk-9Vq2Lm7Xz4Rt8Wb3"|};
            }
            """;
        const string fixedSource = """
            #nullable enable

            public sealed class PaymentGatewayOptions
            {
                public string BaseUrl { get; set; } = "https://api.payments.example.com";

                public string ApiKey { get; set; } = string.Empty; // issued 2023

                public string? WebhookSecret { get; set; }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, Bound(program));
    }

    [Fact]
    public Task Bind_of_an_instance_removes_the_literal()
    {
        const string program = """
            var builder = WebApplication.CreateBuilder(args);
            var smtp = new SmtpSettings();
            builder.Configuration.GetSection("Smtp").Bind(smtp);
            builder.Services.AddSingleton(smtp);
            builder.Build().Run();
            """;
        const string source = """
            #nullable enable

            public class SmtpSettings
            {
                public string Host { get; set; } = "smtp.example.com";

                public string Password { get; init; } = {|SAPI7001:"Sm7p!Alerts-2019"|};
            }
            """;
        const string fixedSource = """
            #nullable enable

            public class SmtpSettings
            {
                public string Host { get; set; } = "smtp.example.com";

                public string Password { get; init; } = string.Empty;
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, Bound(program));
    }

    [Fact]
    public Task BindConfiguration_removes_the_initializer_where_nullable_is_off()
    {
        const string program = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddOptions<StorageOptions>().BindConfiguration("Storage").ValidateOnStart();
            builder.Build().Run();
            """;
        const string source = """
            public sealed class StorageOptions
            {
                public string Container { get; set; } = "uploads";

                public string AccessKey { get; set; } = {|SAPI7001:"st0rage-Acc3ss-2022-k"|};
            }
            """;
        const string fixedSource = """
            public sealed class StorageOptions
            {
                public string Container { get; set; } = "uploads";

                public string AccessKey { get; set; }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, Bound(program));
    }

    [Fact]
    public Task Get_of_T_removes_the_literal_and_its_fallback()
    {
        const string program = """
            var builder = WebApplication.CreateBuilder(args);
            var jwt = builder.Configuration.GetSection("Jwt").Get<JwtSettings>() ?? new JwtSettings();
            builder.Services.AddSingleton(jwt);
            builder.Build().Run();
            """;
        const string source = """
            #nullable enable

            public sealed class JwtSettings
            {
                public string Issuer { get; set; } = "https://id.example.com";

                public string SigningKey { get; set; } = {|SAPI7001:"k9Vq2Lm7Xz4Rt8Wb3Nc6Yh1Pd5Gf0Sj2"|};

                public string? ClientSecret { get; set; } = Environment.GetEnvironmentVariable("CLIENT_SECRET") ?? {|SAPI7001:"cl13nt-S3cret-2020"|};
            }
            """;
        const string fixedSource = """
            #nullable enable

            public sealed class JwtSettings
            {
                public string Issuer { get; set; } = "https://id.example.com";

                public string SigningKey { get; set; } = string.Empty;

                public string? ClientSecret { get; set; } = Environment.GetEnvironmentVariable("CLIENT_SECRET") ?? string.Empty;
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, Bound(program));
    }

    [Fact]
    public Task Nested_and_generic_helper_bindings_count()
    {
        // PaymentsOptions.Stripe is filled with PaymentsOptions; AddSettings<T> binds its callers' type arguments.
        const string program = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddSettings<PaymentsOptions>(builder.Configuration, "Payments");
            builder.Build().Run();

            public static class SettingsExtensions
            {
                public static IServiceCollection AddSettings<T>(this IServiceCollection services, IConfiguration configuration, string section)
                    where T : class =>
                    services.Configure<T>(configuration.GetSection(section));
            }
            """;
        const string source = """
            #nullable enable

            public sealed class PaymentsOptions
            {
                public StripeOptions Stripe { get; set; } = new();
            }

            public sealed class StripeOptions
            {
                public string? SecretKey { get; set; } = {|SAPI7001:"stripe-Secr3t-2021-live"|};
            }
            """;
        const string fixedSource = """
            #nullable enable

            public sealed class PaymentsOptions
            {
                public StripeOptions Stripe { get; set; } = new();
            }

            public sealed class StripeOptions
            {
                public string? SecretKey { get; set; }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, Bound(program));
    }

    [Fact]
    public Task Unbound_class_keeps_the_read_that_fails_fast()
    {
        // Configure<T>(o => ...) sets values in code: it binds nothing.
        const string program = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.Configure<CrmClientOptions>(o => o.Endpoint = "https://crm.example.com/api");
            builder.Build().Run();
            """;
        const string source = """
            public sealed class CrmClientOptions
            {
                public string Endpoint { get; set; } = "";

                public string ClientSecret { get; set; } = {|SAPI7001:"changeme"|};
            }
            """;
        const string fixedSource = """
            public sealed class CrmClientOptions
            {
                public string Endpoint { get; set; } = "";

                public string ClientSecret { get; set; } = Environment.GetEnvironmentVariable("CRM_CLIENT_SECRET") ?? throw new InvalidOperationException("CRM_CLIENT_SECRET is not set");
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, Bound(program));
    }

    [Fact]
    public Task Fix_all_removes_bound_literals_and_reads_the_others()
    {
        const string program = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.Configure<MailOptions>(builder.Configuration);
            builder.Build().Run();
            """;
        const string source = """
            #nullable enable

            public sealed class MailOptions
            {
                public string? Password { get; set; } = {|SAPI7001:"M4il!Relay-2020"|};
            }

            public sealed class MailRelay(IConfiguration configuration)
            {
                private readonly string _relayPassword = {|SAPI7001:"R3lay!Backup-2020"|};

                public string Describe() => _relayPassword.Length + " " + configuration["Mail:Host"];
            }
            """;
        const string fixedSource = """
            #nullable enable

            public sealed class MailOptions
            {
                public string? Password { get; set; }
            }

            public sealed class MailRelay(IConfiguration configuration)
            {
                private readonly string _relayPassword = configuration["MailRelay:RelayPassword"] ?? throw new InvalidOperationException("MailRelay:RelayPassword is not configured");

                public string Describe() => _relayPassword.Length + " " + configuration["Mail:Host"];
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, Bound(program), batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Connection_string_member_is_read_with_GetConnectionString()
    {
        const string source = """
            public sealed class ReportingRepository(IConfiguration configuration)
            {
                private readonly string _archiveConnectionString = {|SAPI7001:"Server=archive;Database=Reports;User Id=rpt;Password=Rep0rts!2021;"|};

                public string Describe() => _archiveConnectionString.Length + " " + configuration["Reporting:Schedule"];
            }
            """;
        const string fixedSource = """
            public sealed class ReportingRepository(IConfiguration configuration)
            {
                private readonly string _archiveConnectionString = configuration.GetConnectionString("Archive") ?? throw new InvalidOperationException("ConnectionStrings:Archive is not configured");

                public string Describe() => _archiveConnectionString.Length + " " + configuration["Reporting:Schedule"];
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Connection_string_in_top_level_statements_is_the_default_connection()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            var connectionString = {|SAPI7001:"Host=db;Database=orders;Username=app;Password=Ord3rs!2022"|};
            builder.Services.AddSingleton(new OrdersDatabase(connectionString));
            builder.Build().Run();

            public sealed record OrdersDatabase(string ConnectionString);
            """;
        const string fixedSource = """
            var builder = WebApplication.CreateBuilder(args);
            var connectionString = builder.Configuration.GetConnectionString("DefaultConnection") ?? throw new InvalidOperationException("ConnectionStrings:DefaultConnection is not configured");
            builder.Services.AddSingleton(new OrdersDatabase(connectionString));
            builder.Build().Run();

            public sealed record OrdersDatabase(string ConnectionString);
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Derived_key_is_named_after_the_class_and_member_the_code_uses()
    {
        // Not "Secrets:ApiKey": the value is PaymentGatewayOptions.ApiKey (the Options suffix is dropped).
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            var gateway = new PaymentGatewayOptions { BaseUrl = "https://api.payments.example.com", ApiKey = {|SAPI7001:"Pg-Live-7f3K9q2LmX8v"|} };
            builder.Services.AddSingleton(gateway);
            builder.Build().Run();

            public sealed class PaymentGatewayOptions
            {
                public string BaseUrl { get; set; } = "";

                public string ApiKey { get; set; } = "";
            }
            """;
        const string fixedSource = """
            var builder = WebApplication.CreateBuilder(args);
            var gateway = new PaymentGatewayOptions { BaseUrl = "https://api.payments.example.com", ApiKey = builder.Configuration["PaymentGateway:ApiKey"] ?? throw new InvalidOperationException("PaymentGateway:ApiKey is not configured") };
            builder.Services.AddSingleton(gateway);
            builder.Build().Run();

            public sealed class PaymentGatewayOptions
            {
                public string BaseUrl { get; set; } = "";

                public string ApiKey { get; set; } = "";
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    private static SnippetOptions Bound(string program) => new()
    {
        AdditionalSources = ImmutableArray.Create(program),
        EditorConfig = NullableWarningsAreErrors,
    };
}
