using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Csrf.CsrfProtectionAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Csrf;

/// <summary>SAPI2003 on MVC controllers and Razor pages: what is flagged in an app that signs users in with cookies, and what is not.</summary>
public sealed class CsrfProtectionControllerTests
{
    private const string IdentityProgram = """
        using Microsoft.AspNetCore.Identity;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddIdentity<IdentityUser, IdentityRole>();
        builder.Services.AddControllersWithViews();
        var app = builder.Build();
        app.MapDefaultControllerRoute();
        app.Run();
        """;

    private static SnippetOptions WithProgram(string program) => new() { AdditionalSources = ImmutableArray.Create(program) };

    private static SnippetOptions WithServices(string registrations) => WithProgram($$"""
        using Microsoft.AspNetCore.Identity;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Authentication.Cookies;
        using Microsoft.AspNetCore.Authentication.JwtBearer;

        var builder = WebApplication.CreateBuilder(args);
        {{registrations}}
        var app = builder.Build();
        app.MapDefaultControllerRoute();
        app.Run();
        """);

    private static DiagnosticResult Csrf(int markup, string what, string evidence = "AddIdentity") =>
        Verify.Diagnostic(Descriptors.MissingAntiforgeryValidation).WithLocation(markup).WithArguments(what, evidence)
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations); // a page's attribute, for the fixer (its tests cover it)

    private const string PortalController = """
        using Microsoft.AspNetCore.Mvc;

        [Route("portal")]
        public class PortalController : Controller
        {
            [HttpGet("")]
            public IActionResult Index() => View();

            [HttpPost("sign-out")]
            public IActionResult {|#0:LogOut|}(string? returnUrl) => Redirect("/");

            [HttpPut("profile")]
            public IActionResult {|#1:Save|}(string name) => View();

            [HttpDelete("devices")]
            public IActionResult {|#2:ForgetDevices|}() => NoContent();

            [AcceptVerbs("GET", "PATCH")]
            public IActionResult {|#3:Language|}(string culture) => View();

            [HttpPost("appointments/{id:int}/cancel")]
            [ValidateAntiForgeryToken]
            public IActionResult Cancel(int id) => View();

            [HttpHead("ping"), HttpOptions("ping")]
            public IActionResult Ping() => Ok();

            // No verb attribute: any method is accepted, but such actions are (mostly GET) pages: not reported.
            public IActionResult Privacy() => View();
        }
        """;

    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task State_changing_actions_without_validation_are_reported_with_route_and_evidence() =>
        Verify.VerifyAnalyzerAsync(
            PortalController,
            WithProgram(IdentityProgram),
            Csrf(0, "Action 'LogOut' (POST /portal/sign-out) has no [ValidateAntiForgeryToken] on it or its controller, and no global AutoValidateAntiforgeryTokenAttribute filter covers it"),
            Csrf(1, "Action 'Save' (PUT /portal/profile) has no [ValidateAntiForgeryToken] on it or its controller, and no global AutoValidateAntiforgeryTokenAttribute filter covers it"),
            Csrf(2, "Action 'ForgetDevices' (DELETE /portal/devices) has no [ValidateAntiForgeryToken] on it or its controller, and no global AutoValidateAntiforgeryTokenAttribute filter covers it"),
            Csrf(3, "Action 'Language' (PATCH /portal) has no [ValidateAntiForgeryToken] on it or its controller, and no global AutoValidateAntiforgeryTokenAttribute filter covers it"));

    [Fact]
    public Task Ignore_attribute_on_an_action_beats_the_class_and_global_validation()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            [AutoValidateAntiforgeryToken]
            public class ProfileController : Controller
            {
                [HttpPost("profile")]
                [{|#0:IgnoreAntiforgeryToken|}] // the old mobile web view cannot send the token
                public IActionResult Update(string name) => View();

                [HttpPost("avatar")]
                public IActionResult Avatar(IFormFile file) => View();

                [HttpGet("profile")]
                [IgnoreAntiforgeryToken]
                public IActionResult Show() => View();
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            WithServices("builder.Services.AddControllersWithViews(o => o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()));\nbuilder.Services.AddAuthentication().AddCookie();"),
            Csrf(0, "Action 'Update' (POST /profile) turns antiforgery validation off with [IgnoreAntiforgeryToken]", "AddCookie"));
    }

    [Fact]
    public Task Ignore_attribute_on_the_controller_reports_each_state_changing_action()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            [IgnoreAntiforgeryToken]
            public class KioskController : Controller
            {
                [HttpPost("kiosk/close")]
                public IActionResult {|#0:Close|}() => View();

                [HttpPost("kiosk/open")]
                [ValidateAntiForgeryToken]
                public IActionResult Open() => View();

                [HttpGet("kiosk")]
                public IActionResult Index() => View();
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            WithProgram(IdentityProgram),
            Csrf(0, "Action 'Close' (POST /kiosk/close) is exempted from antiforgery validation by [IgnoreAntiforgeryToken] on 'KioskController'"));
    }

    [Fact]
    public Task Api_controllers_are_reported_only_for_IgnoreAntiforgeryToken()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("api/tickets")]
            public class TicketsController : ControllerBase
            {
                [HttpPost]
                public IActionResult Create(string title) => Ok();

                [HttpDelete("{id}")]
                [{|#0:IgnoreAntiforgeryToken|}]
                public IActionResult Delete(int id) => Ok();
            }

            [ApiController]
            public abstract class ApiBase : ControllerBase { }

            [Route("api/notes")]
            public class NotesController : ApiBase
            {
                [HttpPost]
                public IActionResult Create(string text) => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            WithProgram(IdentityProgram),
            Csrf(0, "Action 'Delete' (DELETE /api/tickets/{id}) turns antiforgery validation off with [IgnoreAntiforgeryToken]"));
    }

    [Fact]
    public Task Assembly_level_ApiController_makes_every_controller_an_api_controller()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            [assembly: ApiController]

            [Route("api/orders")]
            public class OrdersController : ControllerBase
            {
                [HttpPost]
                public IActionResult Create(string sku) => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, WithProgram(IdentityProgram));
    }

    [Theory]
    [InlineData("builder.Services.AddCookie();", "")] // not the real method: see OwnAddCookie below
    [InlineData("builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o => o.LoginPath = \"/login\");", "AddCookie")]
    [InlineData("builder.Services.AddDefaultIdentityLikeHelper();", "")]
    [InlineData("builder.Services.AddIdentityCore<IdentityUser>();\nbuilder.Services.AddAuthentication().AddIdentityCookies();", "AddIdentityCookies")]
    [InlineData("builder.Services.AddIdentityApiEndpoints<IdentityUser>();", "AddIdentityApiEndpoints")]
    [InlineData("builder.Services.AddIdentity<IdentityUser, IdentityRole>();", "AddIdentity")]
    public Task Cookie_evidence_is_a_bound_registration(string registrations, string evidence)
    {
        var source = """
            using Microsoft.AspNetCore.Mvc;

            public class AccountController : Controller
            {
                [HttpPost("account/delete")]
                public IActionResult {|#0:Delete|}() => View();
            }

            public static class OwnExtensions
            {
                public static IServiceCollection AddCookie(this IServiceCollection services) => services;
                public static IServiceCollection AddDefaultIdentityLikeHelper(this IServiceCollection services) => services;
            }
            """;
        var expected = evidence.Length == 0
            ? Array.Empty<DiagnosticResult>()
            : new[] { Csrf(0, "Action 'Delete' (POST /account/delete) has no [ValidateAntiForgeryToken] on it or its controller, and no global AutoValidateAntiforgeryTokenAttribute filter covers it", evidence) };
        return Verify.VerifyAnalyzerAsync(source, WithServices(registrations), expected);
    }

    // ---------------------------------------------------------------- must not flag

    [Theory]
    [InlineData("builder.Services.AddControllersWithViews(o => o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()));")]
    [InlineData("builder.Services.AddControllersWithViews(o => o.Filters.Add<AutoValidateAntiforgeryTokenAttribute>());")]
    [InlineData("builder.Services.AddMvc(options => { options.Filters.Add(typeof(AutoValidateAntiforgeryTokenAttribute)); });")]
    [InlineData("builder.Services.Configure<MvcOptions>(o => o.Filters.Add(new ValidateAntiForgeryTokenAttribute()));")]
    public Task A_global_validation_filter_covers_every_action(string registration) =>
        Verify.VerifyAnalyzerAsync(
            PortalController.Replace("{|#0:", "").Replace("{|#1:", "").Replace("{|#2:", "").Replace("{|#3:", "").Replace("|}", ""),
            WithServices("builder.Services.AddIdentity<IdentityUser, IdentityRole>();\n" + registration));

    [Fact]
    public Task Validation_on_the_class_or_a_base_class_covers_its_actions()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            [AutoValidateAntiforgeryToken]
            public abstract class PortalBase : Controller { }

            public class BillingController : PortalBase
            {
                [HttpPost("billing/pay")]
                public IActionResult Pay(decimal amount) => View();
            }

            [ValidateAntiForgeryToken]
            public class SettingsController : Controller
            {
                [HttpPost("settings")]
                public IActionResult Save(string theme) => View();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, WithProgram(IdentityProgram));
    }

    [Theory]
    [InlineData("builder.Services.AddAuthentication().AddJwtBearer();")]
    [InlineData("builder.Services.AddIdentityCore<IdentityUser>();\nbuilder.Services.AddAuthentication().AddJwtBearer();")]
    [InlineData("")]
    public Task Bearer_only_apps_and_apps_without_authentication_are_not_reported(string registrations)
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class InboundEmailController : Controller
            {
                [HttpPost("inbound/{tenant}")]
                public IActionResult Receive(string tenant, [FromForm] string from) => Ok();

                [HttpPost("inbound/ignored")]
                [IgnoreAntiforgeryToken]
                public IActionResult Ignored() => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, WithServices(registrations));
    }

    [Fact]
    public Task Bearer_only_actions_of_a_cookie_app_are_not_reported()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            [Authorize(AuthenticationSchemes = JwtBearerDefaults.AuthenticationScheme)]
            public class DevicesController : Controller
            {
                [HttpPost("devices")]
                public IActionResult Register(string serial) => Ok();
            }

            public class ReportsController : Controller
            {
                [HttpPost("reports")]
                [Authorize(AuthenticationSchemes = "Bearer,PartnerJwt")]
                [IgnoreAntiforgeryToken]
                public IActionResult Upload(IFormFile file) => Ok();

                [HttpPost("reports/mixed")]
                [Authorize(AuthenticationSchemes = "Bearer,Identity.Application")]
                public IActionResult {|#0:Mixed|}() => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            WithProgram(IdentityProgram),
            Csrf(0, "Action 'Mixed' (POST /reports/mixed) has no [ValidateAntiForgeryToken] on it or its controller, and no global AutoValidateAntiforgeryTokenAttribute filter covers it"));
    }

    [Fact]
    public Task Actions_reading_a_json_body_are_reported_only_for_IgnoreAntiforgeryToken()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public record RegisterRequest(string Email);

            [Route("accounts")]
            public class AccountsController : Controller
            {
                [HttpPost("register")]
                public IActionResult Register([FromBody] RegisterRequest model) => Ok();

                [HttpPost("prelogin")]
                [{|#0:IgnoreAntiforgeryToken|}]
                public IActionResult Prelogin([FromBody] RegisterRequest model) => Ok();

                [HttpPost("register/form")]
                public IActionResult {|#1:RegisterForm|}([FromForm] RegisterRequest model) => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            WithProgram(IdentityProgram),
            Csrf(0, "Action 'Prelogin' (POST /accounts/prelogin) turns antiforgery validation off with [IgnoreAntiforgeryToken]"),
            Csrf(1, "Action 'RegisterForm' (POST /accounts/register/form) has no [ValidateAntiForgeryToken] on it or its controller, and no global AutoValidateAntiforgeryTokenAttribute filter covers it"));
    }

    [Fact]
    public Task Classes_that_are_not_controllers_are_not_reported()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            [NonController]
            public class FormsController
            {
                [HttpPost("x")]
                public void Post() { }
            }

            public class Helper
            {
                [HttpPost("y")]
                public void Post() { }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, WithProgram(IdentityProgram));
    }

    // ---------------------------------------------------------------- Razor Pages

    [Fact]
    public Task Razor_pages_are_reported_only_with_IgnoreAntiforgeryToken()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            [IgnoreAntiforgeryToken]
            public class EditModel : PageModel
            {
                public void OnGet() { }

                public IActionResult {|#0:OnPost|}() => Page();

                public IActionResult {|#1:OnPostDeleteAsync|}() => Page();
            }

            public class CreateModel : PageModel
            {
                public IActionResult OnPost() => Page();
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            WithProgram(IdentityProgram),
            Csrf(0, "Razor page handler 'OnPost' of 'EditModel' is exempted from antiforgery validation by [IgnoreAntiforgeryToken] on 'EditModel'"),
            Csrf(1, "Razor page handler 'OnPostDeleteAsync' of 'EditModel' is exempted from antiforgery validation by [IgnoreAntiforgeryToken] on 'EditModel'"));
    }
}
