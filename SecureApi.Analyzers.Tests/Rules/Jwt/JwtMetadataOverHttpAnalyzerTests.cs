using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Jwt.JwtMetadataOverHttpAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Jwt;

/// <summary>SAPI1003: RequireHttpsMetadata = false outside a development-only branch.</summary>
public sealed class JwtMetadataOverHttpAnalyzerTests
{
    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task AddJwtBearer_lambda_in_a_top_level_program()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddJwtBearer(options =>
                {
                    options.Authority = builder.Configuration["Auth:Authority"];
                    options.Audience = "orders-api";
                    options.{|SAPI1003:RequireHttpsMetadata = false|};
                });
            builder.Services.AddAuthorization();

            var app = builder.Build();
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapGet("/orders", () => Results.Ok()).RequireAuthorization();
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task AddOpenIdConnect_lambda()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.Cookies;
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;

            public static class AuthenticationSetup
            {
                public static void AddPortalSignIn(this IServiceCollection services, IConfiguration configuration)
                {
                    services.AddAuthentication(options =>
                        {
                            options.DefaultScheme = CookieAuthenticationDefaults.AuthenticationScheme;
                            options.DefaultChallengeScheme = OpenIdConnectDefaults.AuthenticationScheme;
                        })
                        .AddCookie()
                        .AddOpenIdConnect(options =>
                        {
                            options.Authority = configuration["Oidc:Authority"];
                            options.ClientId = configuration["Oidc:ClientId"];
                            options.{|SAPI1003:RequireHttpsMetadata = false|};
                            options.ResponseType = "code";
                        });
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Configure_and_PostConfigure_with_expression_lambdas()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o => o.{|SAPI1003:RequireHttpsMetadata = false|});
            builder.Services.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o => o.{|SAPI1003:RequireHttpsMetadata = false|});
            builder.Services.AddOptions<JwtBearerOptions>("Partners").Configure(o => o.{|SAPI1003:RequireHttpsMetadata = false|});
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Named_options_class()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.Extensions.Options;

            public sealed class ConfigureJwtBearer(IConfiguration configuration) : IConfigureNamedOptions<JwtBearerOptions>
            {
                public void Configure(string? name, JwtBearerOptions options)
                {
                    options.Authority = configuration["Auth:Authority"];
                    options.{|SAPI1003:RequireHttpsMetadata = false|};
                }

                public void Configure(JwtBearerOptions options) => Configure(Options.DefaultName, options);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Object_initializer()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            public static class Defaults
            {
                public static JwtBearerOptions Create() => new()
                {
                    Authority = "http://identity.internal",
                    {|SAPI1003:RequireHttpsMetadata = false|},
                };
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Constant_false_through_a_const_local_and_a_const_field()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            public static class AuthenticationSetup
            {
                private const bool RequireHttps = false;

                public static void Add(IServiceCollection services)
                {
                    const bool secureMetadata = false;
                    services.AddAuthentication().AddJwtBearer(o => o.{|SAPI1003:RequireHttpsMetadata = secureMetadata|});
                    services.AddAuthentication().AddJwtBearer("Internal", o => o.{|SAPI1003:RequireHttpsMetadata = RequireHttps|});
                    services.AddAuthentication().AddJwtBearer("Legacy", o => o.{|SAPI1003:RequireHttpsMetadata = !true|});
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Else_branch_of_a_development_check_is_flagged()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(options =>
            {
                if (builder.Environment.IsDevelopment())
                {
                    options.Authority = "https://localhost:5001";
                }
                else
                {
                    options.Authority = "http://identity.internal";
                    options.{|SAPI1003:RequireHttpsMetadata = false|};
                }
            });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Unguarded_PostConfigure_next_to_a_guarded_one_is_flagged()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            public static class AgentAuthentication
            {
                public static void Add(IServiceCollection services, IHostEnvironment environment)
                {
                    if (environment.IsDevelopment())
                    {
                        services.PostConfigure<JwtBearerOptions>("Agents", o => { o.RequireHttpsMetadata = false; });
                    }

                    services.PostConfigure<JwtBearerOptions>("Partners", o => { o.{|SAPI1003:RequireHttpsMetadata = false|}; });
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Theory]
    [InlineData("env.IsProduction()", "{ } else")]
    [InlineData("env.IsStaging()", "")]
    [InlineData("!env.IsDevelopment()", "")]
    [InlineData("env.IsDevelopment() || useLocalIdentity", "")]
    [InlineData("env.EnvironmentName != \"Development\"", "")]
    [InlineData("env.IsEnvironment(\"Dev\")", "")]
    public Task Checks_that_do_not_prove_development_are_flagged(string condition, string suffix)
    {
        var source = $$"""
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            public sealed class Startup(IWebHostEnvironment env, bool useLocalIdentity)
            {
                public void ConfigureServices(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        if ({{condition}}) {{suffix}}
                        {
                            o.{|SAPI1003:RequireHttpsMetadata = false|};
                        }
                    });
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Early_exit_in_another_lambda_does_not_guard()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            public static class AuthenticationSetup
            {
                public static void Add(IServiceCollection services, IWebHostEnvironment env)
                {
                    services.PostConfigure<JwtBearerOptions>(o =>
                    {
                        if (!env.IsDevelopment())
                        {
                            return;
                        }

                        o.Authority = "http://localhost:8080";
                    });
                    services.PostConfigure<JwtBearerOptions>(o => o.{|SAPI1003:RequireHttpsMetadata = false|});
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    // ---------------------------------------------------------------- safe look-alikes

    [Fact]
    public Task True_and_non_constant_values_are_not_flagged()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication()
                .AddJwtBearer(o => o.RequireHttpsMetadata = true)
                .AddJwtBearer("Dev", o => o.RequireHttpsMetadata = !builder.Environment.IsDevelopment())
                .AddJwtBearer("Configured", o => o.RequireHttpsMetadata = builder.Configuration.GetValue("Auth:RequireHttpsMetadata", true))
                .AddJwtBearer("Ternary", o => o.RequireHttpsMetadata = builder.Environment.IsDevelopment() ? false : true);
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Inside_builder_Environment_IsDevelopment_branch()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(options =>
            {
                options.Authority = builder.Configuration["Auth:Authority"];
                if (builder.Environment.IsDevelopment())
                {
                    options.RequireHttpsMetadata = false;
                }
            });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Lambda_inside_a_development_branch()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            public static class AgentAuthentication
            {
                public static void Add(IServiceCollection services, IHostEnvironment environment)
                {
                    if (environment.IsDevelopment())
                    {
                        services.PostConfigure<JwtBearerOptions>("Agents", o => { o.RequireHttpsMetadata = false; });
                    }
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task App_Environment_branch_after_build()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.Extensions.Options;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer();
            var app = builder.Build();
            if (app.Environment.IsDevelopment())
            {
                var options = app.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
                options.RequireHttpsMetadata = false;
            }

            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Else_branch_of_a_negated_check_and_an_early_exit()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            public sealed class Startup(IWebHostEnvironment env)
            {
                public void ConfigureServices(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        if (!env.IsDevelopment())
                        {
                            o.Authority = "https://login.example.com";
                        }
                        else
                        {
                            o.RequireHttpsMetadata = false;
                        }
                    });
                }

                public static void AddLocalIdentity(IServiceCollection services, IWebHostEnvironment env)
                {
                    if (!env.IsDevelopment()) return;

                    services.PostConfigure<JwtBearerOptions>(o => o.RequireHttpsMetadata = false);
                }

                public static void AddLocalIdentityOrThrow(IServiceCollection services, IWebHostEnvironment env)
                {
                    if (!env.IsDevelopment())
                    {
                        throw new InvalidOperationException("Local identity is for development only.");
                    }

                    services.PostConfigure<JwtBearerOptions>(o => o.RequireHttpsMetadata = false);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Theory]
    [InlineData("env.IsEnvironment(\"Development\")")]
    [InlineData("env.IsEnvironment(\"development\")")]
    [InlineData("env.IsEnvironment(Environments.Development)")]
    [InlineData("env.EnvironmentName == \"Development\"")]
    [InlineData("\"Development\" == env.EnvironmentName")]
    [InlineData("env.EnvironmentName == Environments.Development")]
    [InlineData("env.EnvironmentName is \"Development\"")]
    [InlineData("string.Equals(env.EnvironmentName, \"development\", StringComparison.OrdinalIgnoreCase)")]
    [InlineData("env.EnvironmentName.Equals(Environments.Development)")]
    [InlineData("Environment.GetEnvironmentVariable(\"ASPNETCORE_ENVIRONMENT\") == \"Development\"")]
    [InlineData("env.IsDevelopment() && useLocalIdentity")]
    [InlineData("useLocalIdentity && env.IsDevelopment()")]
    [InlineData("env.IsDevelopment() == true")]
    [InlineData("!(env.IsDevelopment() == false)")]
    [InlineData("env.IsDevelopment() is true")]
    [InlineData("!(!env.IsDevelopment() || !useLocalIdentity)")]
    public Task Other_development_checks(string condition)
    {
        var source = $$"""
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            public sealed class Startup(IWebHostEnvironment env, bool useLocalIdentity)
            {
                public void ConfigureServices(IServiceCollection services)
                {
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        if ({{condition}})
                        {
                            o.RequireHttpsMetadata = false;
                        }
                    });
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Development_flag_in_a_local_switch_on_the_name_and_short_circuits()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            var builder = WebApplication.CreateBuilder(args);
            var isDevelopment = builder.Environment.IsDevelopment();
            builder.Services.AddAuthentication().AddJwtBearer(o =>
            {
                if (isDevelopment)
                {
                    o.RequireHttpsMetadata = false;
                }

                switch (builder.Environment.EnvironmentName)
                {
                    case "Development":
                        o.RequireHttpsMetadata = false;
                        break;
                    default:
                        o.RequireHttpsMetadata = true;
                        break;
                }
            });
            _ = builder.Environment.IsDevelopment() && builder.Services.PostConfigure<JwtBearerOptions>(o => o.RequireHttpsMetadata = false) is not null;
            _ = !builder.Environment.IsDevelopment() || builder.Services.PostConfigure<JwtBearerOptions>(o => o.RequireHttpsMetadata = false) is not null;

            // A method called only from a development branch is not followed.
            if (builder.Environment.IsDevelopment())
            {
                DisableHttpsMetadata(builder.Services);
            }

            builder.Build().Run();

            static bool DisableHttpsMetadata(IServiceCollection services)
            {
                services.PostConfigure<JwtBearerOptions>(o => o.{|SAPI1003:RequireHttpsMetadata = false|});
                return true;
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Legacy_IHostingEnvironment_check()
    {
        const string source = """
            #pragma warning disable CS0618 // IHostingEnvironment is obsolete, and still in old Startup classes
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            public sealed class Startup(Microsoft.AspNetCore.Hosting.IHostingEnvironment env)
            {
                public void ConfigureServices(IServiceCollection services) =>
                    services.AddAuthentication().AddJwtBearer(o =>
                    {
                        if (env.IsDevelopment())
                        {
                            o.RequireHttpsMetadata = false;
                        }
                    });
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Same_property_name_on_other_types_is_not_flagged()
    {
        const string source = """
            public sealed class IdentityClientOptions
            {
                public bool RequireHttpsMetadata { get; set; } = true;
            }

            public static class Setup
            {
                public static IdentityClientOptions Create() => new() { RequireHttpsMetadata = false };
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Project_without_authentication_packages()
    {
        const string source = """
            public sealed class JwtBearerOptions
            {
                public bool RequireHttpsMetadata { get; set; }
            }

            public static class Setup
            {
                public static void Apply(JwtBearerOptions options) => options.RequireHttpsMetadata = false;
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, new SnippetOptions { ImplicitUsings = false, References = ReferencePresets.BaseClassLibraryOnly });
    }
}
