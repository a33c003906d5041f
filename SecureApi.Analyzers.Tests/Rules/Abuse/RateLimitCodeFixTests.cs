using SecureApi.CodeFixes.Rules.Abuse;
using Xunit;
using PolicyFix = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Abuse.RateLimitAnalyzer,
    SecureApi.CodeFixes.Rules.Abuse.RateLimitPolicyCodeFix>;
using UseFix = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Abuse.RateLimitAnalyzer,
    SecureApi.CodeFixes.Rules.Abuse.UseRateLimiterCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Abuse;

/// <summary>Fixes of SAPI2004: the one registered policy on the endpoint; <c>app.UseRateLimiter()</c> in the pipeline.</summary>
public sealed class RateLimitCodeFixTests
{
    [Fact]
    public Task The_single_policy_goes_on_endpoints_and_actions_with_fix_all()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.RateLimiting;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllers();
            builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter(Policies.Auth, l => { l.PermitLimit = 5; l.Window = TimeSpan.FromMinutes(1); }));
            var app = builder.Build();
            app.UseRateLimiter();
            app.{|SAPI2004:MapPost|}("/api/auth/login", (string user) => Results.Ok())
                .WithName("login");
            app.MapControllers();
            app.Run();

            static class Policies
            {
                public const string Auth = "auth";
            }

            [Route("api/account")]
            public sealed class AccountController : ControllerBase
            {
                /// <summary>New accounts.</summary>
                [HttpPost("register")]
                public IActionResult {|SAPI2004:Register|}(string user) => Ok();
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.RateLimiting;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllers();
            builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter(Policies.Auth, l => { l.PermitLimit = 5; l.Window = TimeSpan.FromMinutes(1); }));
            var app = builder.Build();
            app.UseRateLimiter();
            app.MapPost("/api/auth/login", (string user) => Results.Ok()).RequireRateLimiting("auth")
                .WithName("login");
            app.MapControllers();
            app.Run();

            static class Policies
            {
                public const string Auth = "auth";
            }

            [Route("api/account")]
            public sealed class AccountController : ControllerBase
            {
                /// <summary>New accounts.</summary>
                [EnableRateLimiting("auth")]
                [HttpPost("register")]
                public IActionResult Register(string user) => Ok();
            }
            """;
        return PolicyFix.VerifyCodeFixAsync(source, fixedSource, RateLimitPolicyCodeFix.RequirePolicy, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task No_policy_fix_with_two_policies_or_none()
    {
        const string twoPolicies = """
            using Microsoft.AspNetCore.RateLimiting;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddRateLimiter(o =>
            {
                o.AddFixedWindowLimiter("auth", l => { l.PermitLimit = 5; l.Window = TimeSpan.FromMinutes(1); });
                o.AddConcurrencyLimiter("reports", l => l.PermitLimit = 2);
            });
            var app = builder.Build();
            app.UseRateLimiter();
            app.{|SAPI2004:MapPost|}("/api/auth/login", () => Results.Ok());
            app.Run();
            """;
        return PolicyFix.VerifyNoCodeFixAsync(twoPolicies, RateLimitPolicyCodeFix.RequirePolicy);
    }

    [Fact]
    public Task No_policy_fix_without_a_policy_or_for_disabled_limits()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.{|SAPI2004:MapPost|}("/api/auth/login", () => Results.Ok());
            app.Run();
            """;
        return PolicyFix.VerifyNoCodeFixAsync(source, RateLimitPolicyCodeFix.RequirePolicy);
    }

    [Fact]
    public Task Use_rate_limiter_goes_after_use_routing()
    {
        const string source = """
            using Microsoft.AspNetCore.RateLimiting;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("auth", l => { l.PermitLimit = 5; l.Window = TimeSpan.FromMinutes(1); }));
            var app = builder.Build();
            app.UseRouting();
            app.UseAuthorization();
            app.MapPost("/api/auth/login", () => Results.Ok()).{|SAPI2004:RequireRateLimiting|}("auth");
            app.MapPost("/api/auth/token", [{|SAPI2004:EnableRateLimiting("auth")|}] () => Results.Ok());
            app.Run();
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.RateLimiting;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("auth", l => { l.PermitLimit = 5; l.Window = TimeSpan.FromMinutes(1); }));
            var app = builder.Build();
            app.UseRouting();
            app.UseRateLimiter();
            app.UseAuthorization();
            app.MapPost("/api/auth/login", () => Results.Ok()).RequireRateLimiting("auth");
            app.MapPost("/api/auth/token", [EnableRateLimiting("auth")] () => Results.Ok());
            app.Run();
            """;
        return UseFix.VerifyCodeFixAsync(source, fixedSource, UseRateLimiterCodeFix.UseRateLimiter, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Use_rate_limiter_goes_after_build_in_a_method_body()
    {
        const string source = """
            using Microsoft.AspNetCore.RateLimiting;

            public static class Program
            {
                public static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("auth", l => { l.PermitLimit = 5; l.Window = TimeSpan.FromMinutes(1); }));
                    var webApp = builder.Build();
                    webApp.MapPost("/signin", () => Results.Ok()).{|SAPI2004:RequireRateLimiting|}("auth");
                    webApp.Run();
                }
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.RateLimiting;

            public static class Program
            {
                public static void Main(string[] args)
                {
                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("auth", l => { l.PermitLimit = 5; l.Window = TimeSpan.FromMinutes(1); }));
                    var webApp = builder.Build();
                    webApp.UseRateLimiter();
                    webApp.MapPost("/signin", () => Results.Ok()).RequireRateLimiting("auth");
                    webApp.Run();
                }
            }
            """;
        return UseFix.VerifyCodeFixAsync(source, fixedSource, UseRateLimiterCodeFix.UseRateLimiter, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task No_use_rate_limiter_fix_without_an_app_local()
    {
        const string source = """
            using Microsoft.AspNetCore.RateLimiting;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("auth", l => { l.PermitLimit = 5; l.Window = TimeSpan.FromMinutes(1); }));
            Endpoints.Map(builder.Build()).Run();

            static class Endpoints
            {
                public static WebApplication Map(WebApplication app)
                {
                    app.MapPost("/login", () => Results.Ok()).{|SAPI2004:RequireRateLimiting|}("auth");
                    return app;
                }
            }
            """;
        return UseFix.VerifyNoCodeFixAsync(source, UseRateLimiterCodeFix.UseRateLimiter);
    }
}
