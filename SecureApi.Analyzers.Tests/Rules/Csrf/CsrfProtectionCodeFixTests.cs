using System.Collections.Immutable;
using SecureApi.Analyzers.Tests.Infrastructure;
using SecureApi.CodeFixes.Rules.Csrf;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Csrf.CsrfProtectionAnalyzer,
    SecureApi.CodeFixes.Rules.Csrf.CsrfProtectionCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Csrf;

/// <summary>Fix of SAPI2003: [ValidateAntiForgeryToken] on the action, [IgnoreAntiforgeryToken] replaced or removed, .DisableAntiforgery() removed.</summary>
public sealed class CsrfProtectionCodeFixTests
{
    private const string Key = CsrfProtectionCodeFix.ValidateToken;

    private static SnippetOptions Identity { get; } = new()
    {
        AdditionalSources = ImmutableArray.Create("""
            using Microsoft.AspNetCore.Identity;

            public static class Registration
            {
                public static void Register(WebApplicationBuilder builder)
                {
                    builder.Services.AddIdentity<IdentityUser, IdentityRole>();
                    builder.Services.AddControllersWithViews();
                }
            }
            """),
    };

    [Fact]
    public Task Controller_actions_with_fix_all()
    {
        const string source = """
            namespace Clinic;

            [Microsoft.AspNetCore.Mvc.Route("portal")]
            public class PortalController : Microsoft.AspNetCore.Mvc.Controller
            {
                /// <summary>Signs the patient out.</summary>
                [Microsoft.AspNetCore.Mvc.HttpPost("sign-out")]
                public Microsoft.AspNetCore.Mvc.IActionResult {|SAPI2003:LogOut|}() => Redirect("/");

                [Microsoft.AspNetCore.Mvc.HttpPost("profile")]
                [{|SAPI2003:Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryToken|}] // the old web view
                public Microsoft.AspNetCore.Mvc.IActionResult Update(string name) => View();
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Mvc;

            namespace Clinic;

            [Microsoft.AspNetCore.Mvc.Route("portal")]
            public class PortalController : Microsoft.AspNetCore.Mvc.Controller
            {
                /// <summary>Signs the patient out.</summary>
                [ValidateAntiForgeryToken]
                [Microsoft.AspNetCore.Mvc.HttpPost("sign-out")]
                public Microsoft.AspNetCore.Mvc.IActionResult LogOut() => Redirect("/");

                [Microsoft.AspNetCore.Mvc.HttpPost("profile")]
                [ValidateAntiForgeryToken] // the old web view
                public Microsoft.AspNetCore.Mvc.IActionResult Update(string name) => View();
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, Identity, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Class_level_ignore_is_overridden_on_the_action()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            [IgnoreAntiforgeryToken]
            public class KioskController : Controller
            {
                [HttpPost("close"), AllowAnonymousLike]
                public IActionResult {|SAPI2003:Close|}() => View();
            }

            public sealed class AllowAnonymousLikeAttribute : System.Attribute { }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Mvc;

            [IgnoreAntiforgeryToken]
            public class KioskController : Controller
            {
                [ValidateAntiForgeryToken]
                [HttpPost("close"), AllowAnonymousLike]
                public IActionResult Close() => View();
            }

            public sealed class AllowAnonymousLikeAttribute : System.Attribute { }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, Identity);
    }

    [Fact]
    public Task Razor_page_ignore_is_removed()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            /// <summary>Edits a booking.</summary>
            [IgnoreAntiforgeryToken]
            public class EditModel : PageModel
            {
                public IActionResult {|SAPI2003:OnPost|}() => Page();

                public IActionResult {|SAPI2003:OnPostCancel|}() => Page();
            }

            [IgnoreAntiforgeryToken, System.Obsolete]
            public class OldModel : PageModel
            {
                public void {|SAPI2003:OnDelete|}() { }
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            /// <summary>Edits a booking.</summary>
            public class EditModel : PageModel
            {
                public IActionResult OnPost() => Page();

                public IActionResult OnPostCancel() => Page();
            }

            [System.Obsolete]
            public class OldModel : PageModel
            {
                public void OnDelete() { }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, Identity, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task DisableAntiforgery_is_removed_from_the_chain_or_its_statement()
    {
        const string source = """
            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.{|SAPI2003:MapPost|}("/scans", (IFormFile scan) => Results.Ok())
                        .DisableAntiforgery() // modality workstations
                        .WithName("Scans");

                    var forms = app.MapGroup("/forms");
                    forms.DisableAntiforgery();
                    forms.{|SAPI2003:MapPost|}("/a", (IFormFile a) => Results.Ok());
                    forms.{|SAPI2003:MapPost|}("/b", (IFormCollection b) => Results.Ok());
                }
            }
            """;
        const string fixedSource = """
            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/scans", (IFormFile scan) => Results.Ok()) // modality workstations
                        .WithName("Scans");

                    var forms = app.MapGroup("/forms");
                    forms.MapPost("/a", (IFormFile a) => Results.Ok());
                    forms.MapPost("/b", (IFormCollection b) => Results.Ok());
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, Identity, batchFixedSource: fixedSource);
    }
}
