using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Cors;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Cors.PermissiveCorsPolicyAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Cors;

/// <summary>SAPI3001 (any origin with credentials) and SAPI3002 (any origin).</summary>
public sealed class PermissiveCorsPolicyAnalyzerTests
{
    private const string AnyOrigin = "accepts any origin (AllowAnyOrigin())";
    private const string AnyPredicate = "accepts any origin (its SetIsOriginAllowed predicate accepts every value)";
    private const string WeakPredicate = "accepts attacker-registrable origins (its SetIsOriginAllowed predicate checks a substring, prefix or suffix)";

    private static DiagnosticResult Creds(int primary, params int[] credentials)
    {
        var result = Verify.Diagnostic(Descriptors.CorsAnyOriginWithCredentials).WithLocation(primary);
        foreach (var location in credentials)
        {
            result = result.WithLocation(location);
        }

        return result;
    }

    // ---------------------------------------------------------------- SAPI3001: vulnerable forms

    [Fact]
    public Task AllowAnyOrigin_with_credentials_in_one_fluent_chain()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(options => options.AddPolicy("spa", policy => policy
                .{|#0:AllowAnyOrigin()|}
                .AllowAnyHeader()
                .{|#1:AllowCredentials()|}));
            var app = builder.Build();
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Creds(0, 1).WithArguments(AnyOrigin));
    }

    [Fact]
    public Task AllowAnyOrigin_and_credentials_in_separate_statements_on_the_same_builder()
    {
        const string source = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            public static class CorsSetup
            {
                public static void Add(IServiceCollection services) =>
                    services.AddCors(options =>
                    {
                        options.AddPolicy("widget", policy =>
                        {
                            policy.{|#0:AllowAnyOrigin()|};
                            policy.AllowAnyHeader();
                            policy.WithMethods("GET", "POST");
                            policy.{|#1:AllowCredentials()|};
                        });
                    });
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Creds(0, 1).WithArguments(AnyOrigin));
    }

    [Theory]
    [InlineData("WithOrigins(\"*\")")]
    [InlineData("WithOrigins(new[] { \"*\" })")]
    [InlineData("WithOrigins([\"*\"])")]
    public Task WithOrigins_wildcard_with_credentials(string call)
    {
        var source = $$"""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(options => options.AddPolicy("spa", policy => policy
                .{|#0:{{call}}|}
                .{|#1:AllowCredentials()|}));
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Creds(0, 1).WithArguments("accepts any origin (WithOrigins(\"*\"))"));
    }

    [Theory]
    [InlineData("_ => true")]
    [InlineData("origin => true")]
    [InlineData("origin => { return true; }")]
    [InlineData("origin => origin != null")]
    [InlineData("origin => origin is not null")]
    [InlineData("origin => !string.IsNullOrEmpty(origin)")]
    [InlineData("origin => Uri.TryCreate(origin, UriKind.Absolute, out _)")]
    [InlineData("origin => origin == \"https://app.example.com\" || true")]
    public Task SetIsOriginAllowed_always_true_with_credentials(string predicate)
    {
        var source = $$"""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(options => options.AddPolicy("dashboards", policy => policy
                .{|#0:SetIsOriginAllowed({{predicate}})|}
                .AllowAnyHeader()
                .AllowAnyMethod()
                .{|#1:AllowCredentials()|}));
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Creds(0, 1).WithArguments(AnyPredicate));
    }

    [Theory]
    [InlineData("origin => origin.EndsWith(\"example.com\")")]
    [InlineData("origin => origin.EndsWith(\"example.com\", StringComparison.OrdinalIgnoreCase)")]
    [InlineData("origin => origin.ToLowerInvariant().EndsWith(\"example.com\")")]
    [InlineData("origin => origin.Contains(\"example\")")]
    [InlineData("origin => origin.StartsWith(\"https://app.example.com\")")]
    [InlineData("origin => new Uri(origin).Host.EndsWith(\"kiosk.local\")")]
    [InlineData("origin => Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.Host.EndsWith(\"example.com\")")]
    [InlineData("origin => new Uri(origin).Scheme == \"https\"")]
    [InlineData("origin => origin == \"https://app.example.com\" || origin.EndsWith(\"partner.com\")")]
    [InlineData("origin => { var host = new Uri(origin).Host; return host.EndsWith(\"example.com\"); }")]
    [InlineData("origin => { if (string.IsNullOrEmpty(origin)) return false; return origin.Contains(\"example\"); }")]
    [InlineData("origin => { if (origin.EndsWith(\"example.com\")) { return true; } return false; }")]
    [InlineData("origin => origin.EndsWith(\"example.com\") ? true : false")]
    public Task SetIsOriginAllowed_substring_prefix_or_suffix_check_with_credentials(string predicate)
    {
        var source = $$"""
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(options => options.AddPolicy("partners", policy => policy
                .{|#0:SetIsOriginAllowed({{predicate}})|}
                .{|#1:AllowCredentials()|}));
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Creds(0, 1).WithArguments(WeakPredicate));
    }

    [Fact]
    public Task Wildcard_origin_array_kept_in_a_local()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            var everyone = new[] { "*" };
            builder.Services.AddCors(options => options.AddPolicy("p", policy => policy.{|#0:WithOrigins(everyone)|}.{|#1:AllowCredentials()|}));
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Creds(0, 1).WithArguments("accepts any origin (WithOrigins(\"*\"))"));
    }

    [Fact]
    public Task Credentials_withdrawn_only_on_some_paths_still_count()
    {
        const string source = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            public static class Policies
            {
                public static void Configure(CorsPolicyBuilder policy, bool anonymousOnly, IConfiguration configuration)
                {
                    policy.{|#0:AllowAnyOrigin()|};
                    policy.{|#1:AllowCredentials()|};
                    if (anonymousOnly)
                    {
                        policy.DisallowCredentials();
                    }
                }

                public static CorsPolicy Legacy(IConfiguration configuration)
                {
                    var legacy = new CorsPolicy { {|#3:SupportsCredentials = true|}, {|#2:IsOriginAllowed = _ => true|} };
                    legacy.SupportsCredentials = configuration.GetValue<bool>("Cors:Credentials");
                    return legacy;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Creds(0, 1).WithArguments(AnyOrigin),
            Creds(2, 3).WithArguments("accepts any origin (its IsOriginAllowed predicate accepts every value)"));
    }

    [Fact]
    public Task SetIsOriginAllowed_method_group_returning_true()
    {
        const string source = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            public static class CorsSetup
            {
                public static void Add(IServiceCollection services) =>
                    services.AddCors(options => options.AddPolicy("partners", policy => policy
                        .{|#0:SetIsOriginAllowed(IsPartnerOrigin)|}
                        .{|#1:AllowCredentials()|}));

                // Partners are vetted when their API client is created.
                private static bool IsPartnerOrigin(string origin) => true;
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Creds(0, 1).WithArguments(AnyPredicate));
    }

    [Fact]
    public Task SetIsOriginAllowed_helper_called_from_the_lambda_checks_a_suffix()
    {
        const string source = """
            public static class CorsSetup
            {
                public static void Add(IServiceCollection services) =>
                    services.AddCors(options => options.AddPolicy("partners", policy => policy
                        .{|#0:SetIsOriginAllowed(origin => IsOurs(origin))|}
                        .{|#1:AllowCredentials()|}));

                private static bool IsOurs(string candidate)
                {
                    var host = new Uri(candidate).Host;
                    return host.EndsWith("example.com", StringComparison.OrdinalIgnoreCase);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Creds(0, 1).WithArguments(WeakPredicate));
    }

    [Fact]
    public Task SetIsOriginAllowed_predicate_kept_in_a_local()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            Func<string, bool> anyOrigin = _ => true;
            builder.Services.AddCors(options => options.AddPolicy("p", policy => policy.{|#0:SetIsOriginAllowed(anyOrigin)|}.{|#1:AllowCredentials()|}));
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Creds(0, 1).WithArguments(AnyPredicate));
    }

    [Fact]
    public Task Builder_kept_in_a_local_and_built_later()
    {
        const string source = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            var builder = WebApplication.CreateBuilder(args);
            var cors = new CorsPolicyBuilder();
            cors.{|#0:AllowAnyOrigin()|};
            cors.AllowAnyHeader();
            cors.{|#1:AllowCredentials()|};
            var policy = cors.Build();
            builder.Services.AddCors(options => options.AddPolicy("legacy", policy));
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Creds(0, 1).WithArguments(AnyOrigin));
    }

    [Fact]
    public Task Builder_alias_from_a_fluent_chain()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(options => options.AddPolicy("p", policy =>
            {
                var configured = policy.{|#0:AllowAnyOrigin()|}.AllowAnyHeader();
                configured.{|#1:AllowCredentials()|};
            }));
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Creds(0, 1).WithArguments(AnyOrigin));
    }

    [Fact]
    public Task New_builder_chain_and_constructor_with_wildcard()
    {
        const string source = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            public static class Policies
            {
                public static CorsPolicy Open() => new CorsPolicyBuilder().{|#0:AllowAnyOrigin()|}.{|#1:AllowCredentials()|}.Build();

                public static CorsPolicy Star() => {|#2:new CorsPolicyBuilder("*")|}.{|#3:AllowCredentials()|}.Build();
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Creds(0, 1).WithArguments(AnyOrigin),
            Creds(2, 3).WithArguments("accepts any origin (new CorsPolicyBuilder(\"*\"))"));
    }

    [Fact]
    public Task UseCors_inline_policy_and_builder_parameter_of_a_helper()
    {
        const string source = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            public static class Pipeline
            {
                public static void Use(WebApplication app) =>
                    app.UseCors(cors => cors.{|#0:AllowAnyOrigin()|}.AllowAnyMethod().{|#1:AllowCredentials()|});

                public static void Configure(CorsPolicyBuilder policy)
                {
                    policy.{|#2:SetIsOriginAllowed(_ => true)|};
                    policy.{|#3:AllowCredentials()|};
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Creds(0, 1).WithArguments(AnyOrigin), Creds(2, 3).WithArguments(AnyPredicate));
    }

    [Fact]
    public Task CorsPolicy_object_with_credentials_and_always_true_predicate()
    {
        const string source = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(options =>
            {
                var embeds = new CorsPolicy { {|#1:SupportsCredentials = true|}, {|#0:IsOriginAllowed = _ => true|} };
                embeds.Methods.Add("GET");
                options.AddPolicy("embeds", embeds);

                var later = new CorsPolicy();
                later.{|#2:IsOriginAllowed = origin => origin.EndsWith("example.com")|};
                later.{|#3:SupportsCredentials = true|};
                options.AddPolicy("later", later);

                var star = new CorsPolicy { {|#5:SupportsCredentials = true|} };
                star.Origins.{|#4:Add("*")|};
                options.AddPolicy("star", star);
            });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Creds(0, 1).WithArguments("accepts any origin (its IsOriginAllowed predicate accepts every value)"),
            Creds(2, 3).WithArguments("accepts attacker-registrable origins (its IsOriginAllowed predicate checks a substring, prefix or suffix)"),
            Creds(4, 5).WithArguments("accepts any origin (Origins.Add(\"*\"))"));
    }

    [Fact]
    public Task Several_policies_each_judged_on_its_own_builder()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(options =>
            {
                options.AddPolicy("open", policy => policy.{|#0:AllowAnyOrigin()|}.{|#1:AllowCredentials()|});
                options.AddPolicy("public", policy => policy.{|SAPI3002:AllowAnyOrigin()|}.WithMethods("GET"));
                options.AddPolicy("console", policy => policy.WithOrigins("https://console.example.com").AllowCredentials());
            });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Creds(0, 1).WithArguments(AnyOrigin));
    }

    // ---------------------------------------------------------------- SAPI3002: any origin without credentials

    [Fact]
    public Task Any_origin_without_credentials_is_informational()
    {
        const string source = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(options =>
            {
                options.AddPolicy("badge", policy => policy.{|SAPI3002:AllowAnyOrigin()|}.WithMethods("GET"));
                options.AddPolicy("kb", policy => policy.{|SAPI3002:WithOrigins("*")|}.WithMethods("GET"));
                options.AddPolicy("reflect", policy => policy.{|SAPI3002:SetIsOriginAllowed(_ => true)|});
                options.AddPolicy("object", new CorsPolicy { {|SAPI3002:IsOriginAllowed = _ => true|} });
            });
            var app = builder.Build();
            app.UseCors(cors => cors.{|SAPI3002:AllowAnyOrigin()|});
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Credentials_withdrawn_later_leave_only_the_any_origin_finding()
    {
        const string source = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(options =>
            {
                options.AddPolicy("p", policy => policy.{|SAPI3002:AllowAnyOrigin()|}.AllowCredentials().DisallowCredentials());
                var legacy = new CorsPolicy { SupportsCredentials = true, {|SAPI3002:IsOriginAllowed = _ => true|} };
                legacy.SupportsCredentials = false;
                options.AddPolicy("legacy", legacy);
            });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task Explicit_origins_with_credentials()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            var portalOrigins = builder.Configuration.GetSection("Cors:PortalOrigins").Get<string[]>() ?? [];
            builder.Services.AddCors(options =>
            {
                options.AddPolicy("portal", policy => policy.WithOrigins(portalOrigins).AllowAnyHeader().AllowAnyMethod().AllowCredentials());
                options.AddPolicy("console", policy => policy.WithOrigins("https://console.example.com", "https://admin.example.com").AllowCredentials());
                options.AddPolicy("tenants", policy => policy
                    .SetIsOriginAllowedToAllowWildcardSubdomains()
                    .WithOrigins("https://*.helpdesk.example")
                    .AllowCredentials());
            });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Theory]
    [InlineData("origin => allowed.Contains(origin)")]
    [InlineData("allowed.Contains")]
    [InlineData("origin => origin == \"https://app.example.com\"")]
    [InlineData("origin => string.Equals(origin, \"https://app.example.com\", StringComparison.OrdinalIgnoreCase)")]
    [InlineData("origin => origin is \"https://a.example.com\" or \"https://b.example.com\"")]
    [InlineData("origin => origin.EndsWith(\".example.com\")")]
    [InlineData("origin => origin.EndsWith(\"://example.com\")")]
    [InlineData("origin => origin.StartsWith(\"http://localhost:\")")]
    [InlineData("origin => Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.Host.EndsWith(\".status.example.com\", StringComparison.OrdinalIgnoreCase)")]
    [InlineData("origin => new Uri(origin).Host == \"app.example.com\"")]
    [InlineData("origin => { if (!allowed.Contains(origin)) return false; return true; }")]
    [InlineData("origin => { if (!allowed.Contains(origin)) { return false; } return origin.StartsWith(\"https://\"); }")]
    [InlineData("origin => System.Text.RegularExpressions.Regex.IsMatch(origin, @\"^https://[a-z]+\\.example\\.com$\")")]
    [InlineData("origin => false")]
    [InlineData("IsKnown")]
    [InlineData("origin => IsKnown(origin)")]
    public Task Real_allow_list_checks_with_credentials(string predicate)
    {
        var source = $$"""
            public static class CorsSetup
            {
                private static readonly HashSet<string> allowed = new(StringComparer.OrdinalIgnoreCase) { "https://app.example.com" };

                public static void Add(IServiceCollection services) =>
                    services.AddCors(options => options.AddPolicy("console", policy => policy
                        .SetIsOriginAllowed({{predicate}})
                        .AllowAnyHeader()
                        .AllowCredentials()));

                private static bool IsKnown(string origin)
                {
                    if (string.IsNullOrEmpty(origin))
                    {
                        return false;
                    }

                    return allowed.Contains(origin);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Predicate_from_an_injected_validator_is_trusted()
    {
        const string source = """
            public interface IOriginValidator { bool IsAllowed(string origin); }

            public static class CorsSetup
            {
                public static void Add(IServiceCollection services, IOriginValidator validator) =>
                    services.AddCors(options => options.AddPolicy("p", policy => policy
                        .SetIsOriginAllowed(validator.IsAllowed)
                        .AllowCredentials()));

                public static void AddLambda(IServiceCollection services, IOriginValidator validator) =>
                    services.AddCors(options => options.AddPolicy("q", policy => policy
                        .SetIsOriginAllowed(origin => validator.IsAllowed(origin))
                        .AllowCredentials()));
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Wildcard_among_other_origins_is_a_literal_that_never_matches()
    {
        // ASP.NET Core treats "*" as any origin only when it is the only origin of the policy.
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(options => options.AddPolicy("p", policy => policy
                .WithOrigins("https://app.example.com", "*")
                .AllowCredentials()));
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Weak_predicate_without_credentials_is_not_reported()
    {
        // A suffix check without credentials exposes less than AllowAnyOrigin (SAPI3002), which is itself informational.
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(options => options.AddPolicy("p", policy => policy.SetIsOriginAllowed(o => o.EndsWith("example.com"))));
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task CorsPolicy_with_credentials_and_an_explicit_origin_list()
    {
        const string source = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(options =>
            {
                var legacy = new CorsPolicy { SupportsCredentials = true };
                legacy.Origins.Add("https://legacy-console.example.com");
                legacy.Methods.Add("GET");
                options.AddPolicy("legacy", legacy);

                var listed = new CorsPolicy { SupportsCredentials = true, Origins = { "https://a.example.com" } };
                options.AddPolicy("listed", listed);
            });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Credentials_on_another_builder_do_not_count()
    {
        const string source = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            public static class Policies
            {
                public static void Add(CorsOptions options, CorsPolicyBuilder other)
                {
                    options.AddPolicy("a", policy => policy.{|SAPI3002:AllowAnyOrigin()|});
                    options.AddPolicy("b", policy => policy.WithOrigins("https://b.example.com").AllowCredentials());
                    other.AllowCredentials();
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Lookalike_types_in_other_namespaces_are_ignored()
    {
        const string source = """
            namespace MyCompany.Cors
            {
                public sealed class CorsPolicyBuilder
                {
                    public CorsPolicyBuilder AllowAnyOrigin() => this;
                    public CorsPolicyBuilder AllowCredentials() => this;
                    public CorsPolicyBuilder SetIsOriginAllowed(Func<string, bool> predicate) => this;
                }

                public static class Use
                {
                    public static void Configure(CorsPolicyBuilder policy) =>
                        policy.AllowAnyOrigin().SetIsOriginAllowed(_ => true).AllowCredentials();
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task No_AspNetCore_reference_at_all()
    {
        const string source = """
            public static class Plain
            {
                public static bool AllowAnyOrigin() => true;
                public static bool Run() => AllowAnyOrigin();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, new SnippetOptions { ImplicitUsings = false, References = ReferencePresets.BaseClassLibraryOnly });
    }

    // ---------------------------------------------------------------- any origin and credentials on exclusive paths

    private static DiagnosticResult Any(int markup, string what = AnyOrigin) =>
        Verify.Diagnostic(Descriptors.CorsAnyOrigin).WithLocation(markup).WithArguments(what);

    /// <summary>
    /// Any origin on one side of a choice, credentials with explicit origins on the other: each run builds one of two
    /// policies, never both. The wildcard side is SAPI3002 (any origin, no credentials), not SAPI3001.
    /// </summary>
    [Fact]
    public Task Any_origin_and_credentials_on_mutually_exclusive_paths_are_SAPI3002()
    {
        const string source = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            public static class CorsSetup
            {
                public static void Add(IServiceCollection services, string[] hosts, string mode)
                {
                    var noHosts = hosts.Length == 0;
                    services.AddCors(options =>
                    {
                        options.AddPolicy("if-else", p =>
                        {
                            if (noHosts) p.{|#0:AllowAnyOrigin()|}; else p.WithOrigins(hosts).AllowCredentials();
                        });
                        options.AddPolicy("else-if", p =>
                        {
                            if (mode == "public")
                            {
                                p.AllowCredentials().WithOrigins(hosts);
                            }
                            else if (noHosts)
                            {
                                p.{|#1:AllowAnyOrigin()|};
                            }
                        });
                        options.AddPolicy("ternary", p => _ = noHosts ? p.{|#2:AllowAnyOrigin()|} : p.WithOrigins(hosts).AllowCredentials());
                        options.AddPolicy("switch", p =>
                        {
                            switch (mode)
                            {
                                case "public":
                                    p.{|#3:WithOrigins("*")|};
                                    break;
                                default:
                                    p.WithOrigins(hosts);
                                    p.AllowCredentials();
                                    break;
                            }
                        });
                        options.AddPolicy("switch-expression", p => _ = mode switch
                        {
                            "public" => p.{|#4:AllowAnyOrigin()|},
                            _ => p.WithOrigins(hosts).AllowCredentials(),
                        });
                    });
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Any(0), Any(1), Any(2), Any(3, "accepts any origin (WithOrigins(\"*\"))"), Any(4));
    }

    /// <summary>
    /// The look-alikes that stay SAPI3001: credentials allowed after the choice (on every path), inside the same branch,
    /// or in a loop that can take both sides on the same builder.
    /// </summary>
    [Fact]
    public Task Any_origin_and_credentials_that_can_meet_on_one_path_stay_SAPI3001()
    {
        const string source = """
            using Microsoft.AspNetCore.Cors.Infrastructure;

            public static class CorsSetup
            {
                public static void Add(IServiceCollection services, string[] hosts, string[] modes)
                {
                    var noHosts = hosts.Length == 0;
                    services.AddCors(options =>
                    {
                        options.AddPolicy("after", p =>
                        {
                            if (noHosts) p.{|#0:AllowAnyOrigin()|}; else p.WithOrigins(hosts);
                            p.{|#1:AllowCredentials()|};
                        });
                        options.AddPolicy("same-branch", p =>
                        {
                            if (noHosts) { p.{|#2:AllowAnyOrigin()|}; p.{|#3:AllowCredentials()|}; } else { p.WithOrigins(hosts); }
                        });
                        options.AddPolicy("loop", p =>
                        {
                            foreach (var mode in modes)
                            {
                                if (mode == "public") { p.{|#4:AllowAnyOrigin()|}; } else { p.{|#5:AllowCredentials()|}; }
                            }
                        });
                    });
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Creds(0, 1).WithArguments(AnyOrigin),
            Creds(2, 3).WithArguments(AnyOrigin),
            Creds(4, 5).WithArguments(AnyOrigin));
    }
}
