using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Abuse.RateLimitAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Abuse;

/// <summary>SAPI2004: authentication endpoints without rate limiting, limits turned off, limits never enforced.</summary>
public sealed class RateLimitAnalyzerTests
{
    private const string Usings = """
        using System.Threading.RateLimiting;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.RateLimiting;

        """;

    /// <summary>An app with one policy and the middleware: the endpoints decide.</summary>
    private const string App = Usings + """
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllers();
        builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("auth", l => { l.PermitLimit = 5; l.Window = TimeSpan.FromMinutes(1); }));
        var app = builder.Build();
        app.UseRateLimiter();

        """;

    private static DiagnosticResult Finding(int markup, string message) =>
        Verify.Diagnostic(Descriptors.RateLimit).WithLocation(markup).WithArguments(message);

    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task Minimal_api_authentication_endpoints_without_a_policy()
    {
        const string source = App + """
            app.{|#0:MapPost|}("/api/auth/login", (string user) => Results.Ok());
            app.{|SAPI2004:MapPost|}("/connect/token", () => Results.Ok());
            var account = app.MapGroup("/account");
            account.{|SAPI2004:MapPost|}("/forgot-password", (string email) => Results.Accepted());
            account.{|SAPI2004:MapGet|}("/verify-email", (string code) => Results.Ok());
            account.{|SAPI2004:MapPost|}("/2fa", (string code) => Results.Ok());
            account.{|SAPI2004:MapPost|}("/sign-up", () => Results.Ok());
            app.{|SAPI2004:MapPost|}("/api/auth/refresh", () => Results.Ok());
            app.{|SAPI2004:MapPost|}("/otp", () => Results.Ok());
            app.{|SAPI2004:MapPost|}("/api/authenticate", () => Results.Ok());
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "Authentication endpoint POST /api/auth/login ('login') has no rate limiting: no [EnableRateLimiting], RequireRateLimiting(...) or GlobalLimiter covers it, so passwords, codes and tokens can be guessed at full speed"));
    }

    [Fact]
    public Task A_group_prefix_alone_can_make_an_authentication_endpoint()
    {
        // The endpoint's own pattern names nothing: the group's prefix names or qualifies the word. An "admin" group
        // vetoes a sign-in its endpoint names.
        const string source = App + """
            var login = app.MapGroup("/login");
            login.{|SAPI2004:MapPost|}("/", () => Results.Ok());
            var email = app.MapGroup("/email");
            email.{|SAPI2004:MapPost|}("/verify", (string code) => Results.Ok());
            app.MapGroup("/orders").MapPost("/verify", () => Results.Ok());
            app.MapGroup("/admin").MapPost("/login", () => Results.Ok());
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task A_constant_group_prefix_can_make_an_authentication_endpoint()
    {
        const string source = App + """
            app.MapGroup(Routes.Auth).{|SAPI2004:MapPost|}("/", () => Results.Ok());
            app.MapGroup(Routes.Orders).MapPost("/", () => Results.Ok());
            app.Run();

            static class Routes
            {
                public const string Auth = "/auth/token";
                public const string Orders = "/orders";
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Handler_method_names_count()
    {
        const string source = App + """
            app.{|SAPI2004:MapPost|}("/api/sessions", Handlers.SignIn);
            app.Run();

            static class Handlers
            {
                public static IResult SignIn(string user, string password) => Results.Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Controller_actions_without_a_policy()
    {
        const string source = App + """
            app.MapControllers();
            app.Run();

            [ApiController]
            [Route("api/account")]
            public sealed class AccountController : ControllerBase
            {
                [HttpPost("login")]
                public IActionResult {|#0:Login|}(string user, string password) => Ok();

                [HttpPost("register")]
                public IActionResult {|SAPI2004:Register|}(string user) => Ok();

                [HttpPost("reset-password")]
                public IActionResult {|SAPI2004:ResetPassword|}(string token) => Ok();

                [HttpGet("me")]
                public IActionResult Me() => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "Authentication endpoint POST /api/account/login ('login') has no rate limiting: no [EnableRateLimiting], RequireRateLimiting(...) or GlobalLimiter covers it, so passwords, codes and tokens can be guessed at full speed"));
    }

    [Fact]
    public Task Inherited_action_is_reported_on_the_controller()
    {
        const string source = App + """
            app.MapControllers();
            app.Run();

            public abstract class AuthControllerBase : ControllerBase
            {
                [HttpPost("login")]
                public IActionResult Login(string user) => Ok();
            }

            [Route("api/auth")]
            public sealed class {|SAPI2004:AuthController|} : AuthControllerBase
            {
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Disabled_rate_limiting_on_an_authentication_endpoint_is_flagged_even_with_a_global_limiter()
    {
        const string source = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddRateLimiter(o => o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(
                c => RateLimitPartition.GetFixedWindowLimiter("all", _ => new FixedWindowRateLimiterOptions { PermitLimit = 100, Window = TimeSpan.FromMinutes(1) })));
            var app = builder.Build();
            app.UseRateLimiter();
            app.{|#0:MapPost|}("/api/auth/refresh", () => Results.Ok()).DisableRateLimiting();
            app.{|SAPI2004:MapPost|}("/login", [DisableRateLimiting] () => Results.Ok());
            app.MapPost("/orders", () => Results.Ok()).DisableRateLimiting();
            app.Run();

            [Route("api/auth")]
            public sealed class AuthController : ControllerBase
            {
                [HttpPost("login")]
                public IActionResult Login(string user) => Ok();

                [HttpPost("pin-reset/{badge}")]
                [DisableRateLimiting]
                public IActionResult {|SAPI2004:ResetPin|}(string badge) => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "Authentication endpoint POST /api/auth/refresh ('refresh') turns rate limiting off with DisableRateLimiting: no policy and not even the GlobalLimiter applies, so passwords, codes and tokens can be guessed at full speed"));
    }

    [Fact]
    public Task One_caller_that_turns_limits_off_exposes_a_modules_endpoint()
    {
        const string source = App + """
            IdentityModule.Map(app.MapGroup("/internal").DisableRateLimiting());
            IdentityModule.Map(app.MapGroup("/public").RequireRateLimiting("auth"));
            app.Run();

            static class IdentityModule
            {
                public static void Map(RouteGroupBuilder group) => group.{|#0:MapPost|}("/login", (string user) => Results.Ok());
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "Authentication endpoint POST /login ('login') turns rate limiting off with DisableRateLimiting: no policy and not even the GlobalLimiter applies, so passwords, codes and tokens can be guessed at full speed"));
    }

    [Fact]
    public Task Limits_declared_but_never_enforced()
    {
        const string source = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddRateLimiter(o =>
            {
                o.AddFixedWindowLimiter("auth", l => { l.PermitLimit = 5; l.Window = TimeSpan.FromMinutes(1); });
                {|#1:o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(
                    c => RateLimitPartition.GetNoLimiter("all"))|};
            });
            var app = builder.Build();
            app.MapPost("/subscribe", () => Results.Ok()).{|#0:RequireRateLimiting|}("auth");
            app.Run();

            public sealed class LoginController : ControllerBase
            {
                [HttpPost("login")]
                [{|#2:EnableRateLimiting("auth")|}]
                public IActionResult Login(string user) => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(1, "The GlobalLimiter has no effect: the app never calls UseRateLimiter(), so no request is ever limited"),
            Finding(0, "RequireRateLimiting(...) has no effect: the app never calls UseRateLimiter(), so no request is ever limited"),
            Finding(2, "[EnableRateLimiting] has no effect: the app never calls UseRateLimiter(), so no request is ever limited"));
    }

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task Endpoints_with_a_policy_on_the_endpoint_a_group_a_local_or_a_module()
    {
        const string source = App + """
            app.MapPost("/api/auth/login", () => Results.Ok()).RequireRateLimiting("auth");
            app.MapPost("/api/auth/token", [EnableRateLimiting("auth")] () => Results.Ok());
            app.MapPost("/api/auth/otp", () => Results.Ok()).WithMetadata(new EnableRateLimitingAttribute("auth"));
            var auth = app.MapGroup("/account").RequireRateLimiting("auth");
            auth.MapPost("/register", () => Results.Ok());
            var later = app.MapPost("/signin", () => Results.Ok());
            later.RequireRateLimiting("auth");
            app.MapGroup("/identity").MapIdentity().RequireRateLimiting("auth");
            app.Run();

            static class Modules
            {
                public static RouteGroupBuilder MapIdentity(this RouteGroupBuilder group)
                {
                    group.MapPost("/forgot-password", () => Results.Ok());
                    return group;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Controllers_with_a_policy_on_the_action_the_class_a_base_class_or_map_controllers()
    {
        const string source = App + """
            app.MapControllers();
            app.Run();

            [EnableRateLimiting("auth")]
            public abstract class LimitedController : ControllerBase { }

            public sealed class AccountController : LimitedController
            {
                [HttpPost("login")]
                public IActionResult Login(string user) => Ok();
            }

            [EnableRateLimiting("auth")]
            public sealed class TokenController : ControllerBase
            {
                [HttpPost("token")]
                public IActionResult Token() => Ok();
            }

            public sealed class PasswordController : ControllerBase
            {
                [HttpPost("forgot-password")]
                [EnableRateLimiting("auth")]
                public IActionResult ForgotPassword(string email) => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Map_controllers_with_require_rate_limiting_covers_every_action()
    {
        const string source = App + """
            app.MapControllers().RequireRateLimiting("auth");
            app.Run();

            public sealed class AccountController : ControllerBase
            {
                [HttpPost("login")]
                public IActionResult Login(string user) => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task A_global_limiter_covers_every_endpoint()
    {
        const string source = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddRateLimiter(options =>
            {
                options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(
                    c => RateLimitPartition.GetFixedWindowLimiter(c.Connection.RemoteIpAddress?.ToString() ?? "", _ => new FixedWindowRateLimiterOptions { PermitLimit = 10, Window = TimeSpan.FromSeconds(10) }));
            });
            var app = builder.Build();
            app.UseRateLimiter();
            app.MapPost("/api/auth/login", () => Results.Ok());
            app.Run();

            public sealed class AccountController : ControllerBase
            {
                [HttpPost("register")]
                public IActionResult Register(string user) => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Endpoints_that_are_not_authentication()
    {
        const string source = App + """
            app.MapPost("/api/payments/tokenize", () => Results.Ok());
            app.MapPost("/cache/refresh", () => Results.Ok());
            app.MapPost("/counters/reset", () => Results.Ok());
            app.MapPost("/orders/{id}/verify", (int id) => Results.Ok());
            app.MapPost("/devices/{id}/token", (int id) => Results.Ok());
            app.MapDelete("/api/auth/token", () => Results.Ok());
            app.MapPost("/admin/tokens/revoke", () => Results.Ok());
            app.MapPost("/api/auth/logout", () => Results.Ok());
            app.MapGet("/api/catalog/items", () => Results.Ok());
            app.MapPost("/Account/PerformExternalLogin", (string provider) => Results.Challenge());
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task The_GET_of_a_sign_in_or_sign_up_form_page_checks_no_guess()
    {
        // eShop Identity.API: GET /Account/Login renders the form; its POST is the endpoint to limit.
        const string source = App + """
            app.MapControllers();
            app.MapGet("/signup", () => Results.Ok());
            app.MapGet("/Account/SignIn", () => Results.Ok());
            app.{|SAPI2004:MapGet|}("/password/reset", (string token) => Results.Ok());
            app.Run();

            public sealed class AccountController : Controller
            {
                [HttpGet]
                public IActionResult Login(string returnUrl) => View();

                [HttpPost]
                public IActionResult {|SAPI2004:Login|}(string user, string password) => Ok();

                [HttpGet]
                public IActionResult ForgotPassword() => View();

                // No verb attribute: it answers the POST of the form too.
                public IActionResult {|SAPI2004:Register|}(string user, string password) => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task An_app_created_without_a_builder_is_an_app()
    {
        const string source = Usings + """
            var app = WebApplication.Create(args);
            app.{|SAPI2004:MapPost|}("/api/auth/login", (string user) => Results.Ok());
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Class_libraries_stay_silent()
    {
        const string source = Usings + """
            public static class IdentityModule
            {
                public static void Map(IEndpointRouteBuilder app)
                {
                    app.MapPost("/api/auth/login", () => Results.Ok());
                    app.MapPost("/api/auth/register", () => Results.Ok()).RequireRateLimiting("auth");
                }
            }

            public sealed class AccountController : ControllerBase
            {
                [HttpPost("login")]
                [EnableRateLimiting("auth")]
                public IActionResult Login(string user) => Ok();

                [HttpPost("register")]
                public IActionResult Register(string user) => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Use_rate_limiter_in_a_pipeline_extension_enforces_the_limits()
    {
        const string source = Usings + """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("auth", l => { l.PermitLimit = 5; l.Window = TimeSpan.FromMinutes(1); }));
            var app = builder.Build();
            app.UsePipeline();
            app.MapPost("/login", () => Results.Ok()).RequireRateLimiting("auth");
            app.Run();

            static class Pipeline
            {
                public static void UsePipeline(this WebApplication app) => app.UseRateLimiter();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }
}
