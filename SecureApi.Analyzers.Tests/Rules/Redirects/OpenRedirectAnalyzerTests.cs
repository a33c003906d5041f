using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Redirects;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Redirects.OpenRedirectAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Redirects;

/// <summary>SAPI4004: redirects whose destination the client chooses.</summary>
public sealed class OpenRedirectAnalyzerTests
{
    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task Controller_helpers_with_an_action_parameter_name_the_sink_and_the_input()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class AccountController : Controller
            {
                public IActionResult Login(string returnUrl) => Redirect({|#0:returnUrl|});

                public IActionResult Moved(string to) => RedirectPermanent({|#1:to|});

                public IActionResult Post(string next) => RedirectPreserveMethod({|#2:next|});

                public IActionResult PostMoved(string next) => RedirectPermanentPreserveMethod({|#3:next|});

                public IActionResult Created(string next) => new RedirectResult({|#4:next|}, permanent: false);
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.OpenRedirect).WithLocation(0).WithArguments("Redirect", "the request parameter 'returnUrl'"),
            Verify.Diagnostic(Descriptors.OpenRedirect).WithLocation(1).WithArguments("RedirectPermanent", "the request parameter 'to'"),
            Verify.Diagnostic(Descriptors.OpenRedirect).WithLocation(2).WithArguments("RedirectPreserveMethod", "the request parameter 'next'"),
            Verify.Diagnostic(Descriptors.OpenRedirect).WithLocation(3).WithArguments("RedirectPermanentPreserveMethod", "the request parameter 'next'"),
            Verify.Diagnostic(Descriptors.OpenRedirect).WithLocation(4).WithArguments("new RedirectResult", "the request parameter 'next'"));
    }

    [Fact]
    public Task Bound_model_members_and_bound_properties()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            public sealed class SignInForm
            {
                public string Email { get; set; } = "";
                public string? ReturnUrl { get; set; }
                public Links Links { get; set; } = new();
            }

            public sealed class Links
            {
                public string Next { get; set; } = "";
            }

            public class PortalController : Controller
            {
                [HttpPost]
                public IActionResult SignIn(SignInForm form) => Redirect({|SAPI4004:form.ReturnUrl ?? "/portal"|});

                [HttpPost]
                public IActionResult Continue([FromBody] SignInForm form) => Redirect({|SAPI4004:form.Links.Next|});
            }

            public class LoginModel : PageModel
            {
                [BindProperty(SupportsGet = true)]
                public string? ReturnUrl { get; set; }

                public IActionResult OnPost() => Redirect({|SAPI4004:ReturnUrl!|});

                public IActionResult OnGetContinue(string next) => RedirectPermanent({|SAPI4004:next|});
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Request_query_headers_referer_and_host()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class BackController : ControllerBase
            {
                [HttpGet("back")]
                public IActionResult Back() => Redirect({|SAPI4004:Request.Headers.Referer.ToString()|});

                [HttpGet("back2")]
                public IActionResult Back2() => Redirect({|SAPI4004:Request.Headers["Referer"]!|});

                [HttpGet("next")]
                public IActionResult Next()
                {
                    string next = Request.Query["next"];
                    return Redirect({|SAPI4004:next|});
                }

                [HttpGet("help")]
                public IActionResult Help(string topic)
                {
                    var target = $"https://{Request.Host}/help/{Uri.EscapeDataString(topic)}";
                    return RedirectPermanent({|SAPI4004:target|});
                }

                [HttpGet("try")]
                public IActionResult Try()
                {
                    if (Request.Query.TryGetValue("to", out var to))
                    {
                        return Redirect({|SAPI4004:to.ToString()|});
                    }

                    return Ok();
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Minimal_api_handlers_results_typed_results_and_response_redirect()
    {
        const string source = """
            var app = WebApplication.Create(args);

            app.MapGet("/go", (string to) => Results.Redirect({|SAPI4004:to|}));
            app.MapGet("/go2", (string to) => TypedResults.Redirect({|SAPI4004:to|}, permanent: true));
            app.MapGet("/continue", (string to) =>
            {
                var target = Uri.UnescapeDataString(to);
                return Results.Redirect({|SAPI4004:target|});
            });
            app.MapGet("/callback", (HttpContext context) =>
            {
                context.Response.Redirect({|SAPI4004:context.Request.Query["next"].ToString()|});
                return Results.Empty;
            });
            app.MapGet("/method", Handlers.Go);
            app.Use(async (context, next) =>
            {
                if (context.Request.Path == "/old")
                {
                    context.Response.Redirect({|SAPI4004:context.Request.Cookies["return"] ?? "/"|}, permanent: false);
                    return;
                }

                await next(context);
            });
            app.Run();

            static class Handlers
            {
                public static IResult Go(string url) => Results.Redirect({|SAPI4004:url|});
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Constructions_whose_start_the_client_decides()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class LinksController : ControllerBase
            {
                // "/" + "/evil.com" is "//evil.com"; "https://shop.example" + ".evil.com" is another host.
                public IActionResult Slash(string path) => Redirect({|SAPI4004:"/" + path|});

                public IActionResult Scheme(string host) => Redirect({|SAPI4004:$"https://{host}/orders"|});

                public IActionResult Suffix(string rest) => Redirect({|SAPI4004:"https://shop.example" + rest|});

                public IActionResult Format(string host) => Redirect({|SAPI4004:string.Format("{0}/orders", host)|});

                public IActionResult Concat(string host) => Redirect({|SAPI4004:string.Concat(host, "/orders")|});

                public IActionResult Conditional(string? returnUrl) => Redirect({|SAPI4004:string.IsNullOrEmpty(returnUrl) ? "/" : returnUrl|});

                public IActionResult Uri(string returnUrl) => Redirect({|SAPI4004:new Uri(returnUrl).AbsoluteUri|});

                public IActionResult Reassigned(string returnUrl)
                {
                    var target = "/home";
                    if (returnUrl.Length > 0)
                    {
                        target = returnUrl.Trim();
                    }

                    return Redirect({|SAPI4004:target|});
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task Local_redirects_constants_and_guarded_redirects()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class AccountController : Controller
            {
                private static readonly HashSet<string> Allowed = new() { "https://partner.example/" };
                private static readonly Dictionary<string, string> Targets = new() { ["docs"] = "https://docs.example/" };

                public IActionResult Local(string returnUrl) => LocalRedirect(returnUrl);

                public IActionResult Constant() => Redirect("/welcome");

                public IActionResult Guarded(string? returnUrl)
                {
                    if (returnUrl is not null && Url.IsLocalUrl(returnUrl))
                    {
                        return Redirect(returnUrl);
                    }

                    return RedirectToAction("Index");
                }

                public IActionResult GuardedModel(Form form)
                {
                    if (!Url.IsLocalUrl(form.ReturnUrl))
                    {
                        return BadRequest();
                    }

                    return Redirect(form.ReturnUrl);
                }

                public IActionResult Relative(string next) =>
                    Uri.IsWellFormedUriString(next, UriKind.Relative) ? Redirect(next) : BadRequest();

                public IActionResult AllowList(string next) => Allowed.Contains(next) ? Redirect(next) : BadRequest();

                public IActionResult Lookup(string key) => Targets.TryGetValue(key, out var url) ? Redirect(url) : NotFound();

                public IActionResult Host(string next)
                {
                    var uri = new Uri(next);
                    if (uri.Host != "partner.example")
                    {
                        return BadRequest();
                    }

                    return Redirect(next);
                }

                public IActionResult Query()
                {
                    if (!Url.IsLocalUrl(Request.Query["next"]))
                    {
                        return BadRequest();
                    }

                    return Redirect(Request.Query["next"].ToString());
                }
            }

            public sealed class Form
            {
                public string ReturnUrl { get; set; } = "/";
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Local_paths_and_closed_hosts_built_from_input()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                public IActionResult Order(string id) => Redirect("/orders/" + id);

                public IActionResult Interpolated(string id, string tab) => Redirect($"/orders/{id}?tab={tab}");

                public IActionResult Absolute(string path) => Redirect($"https://shop.example/{path}");

                public IActionResult Query(string q) => Redirect("?q=" + q);

                public IActionResult AppRelative(string page) => Redirect("~/pages/" + page);

                public IActionResult RelativePath(string id) => Redirect("orders/" + id);

                public IActionResult Number(int id) => Redirect("/" + id);

                public IActionResult Escaped(string path) => Redirect(Uri.EscapeDataString(path));

                public IActionResult Format(string id) => Redirect(string.Format("/orders/{0}", id));
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Values_that_are_not_request_input()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class SsoController(IConfiguration configuration) : ControllerBase
            {
                private readonly string _portal = configuration["Portal:Url"]!;

                public IActionResult Login(string state) =>
                    Redirect($"{configuration["Sso:Authority"]}/auth?client_id=portal&state={state}");

                public IActionResult Portal() => Redirect(_portal);

                [NonAction]
                public IActionResult Helper(string url) => Redirect(url);

                private IActionResult ToLocal(string url) => Redirect(url);

                public IActionResult Service([FromServices] Destinations destinations) => Redirect(destinations.Home);

                public IActionResult Lookup(string key) => Redirect(Resolve(key));

                private static string Resolve(string key) => "/" + key.Length;
            }

            public sealed class Destinations
            {
                public string Home { get; set; } = "https://example.com/";
            }

            public sealed class Worker
            {
                public void Send(HttpResponse response, string url) => response.Redirect(url);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Handler_injected_services_and_guarded_handlers()
    {
        const string source = """
            var app = WebApplication.Create(args);

            app.MapGet("/login", (IConfiguration configuration, string state) =>
                Results.Redirect($"{configuration["Sso:Authority"]}/auth?state={state}"));
            app.MapGet("/logout", (string? returnUrl) => Results.LocalRedirect(returnUrl ?? "/"));
            app.MapGet("/go", (string to) => Uri.IsWellFormedUriString(to, UriKind.Relative) ? Results.Redirect(to) : Results.BadRequest());
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Origin_rules()
    {
        Assert.True(RedirectTargets.FixesOrigin("/orders/"));
        Assert.True(RedirectTargets.FixesOrigin("https://shop.example/"));
        Assert.True(RedirectTargets.FixesOrigin("//cdn.example/"));
        Assert.True(RedirectTargets.FixesOrigin("?page="));
        Assert.True(RedirectTargets.FixesOrigin("orders/"));
        Assert.True(RedirectTargets.FixesOrigin("mailto:"));
        Assert.False(RedirectTargets.FixesOrigin(""));
        Assert.False(RedirectTargets.FixesOrigin("/"));
        Assert.False(RedirectTargets.FixesOrigin("\\"));
        Assert.False(RedirectTargets.FixesOrigin("/\\"));
        Assert.False(RedirectTargets.FixesOrigin("~/"));
        Assert.False(RedirectTargets.FixesOrigin("https://"));
        Assert.False(RedirectTargets.FixesOrigin("https://shop.example"));
        Assert.False(RedirectTargets.FixesOrigin("http"));
        return Task.CompletedTask;
    }
}
