using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Authorization;
using SecureApi.Analyzers.Tests.Infrastructure;
using SecureApi.CodeFixes.Rules.Authorization;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Authorization.MissingAuthorizationAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Authorization;

/// <summary>
/// SAPI2001/SAPI2002 say what a finding looks like: an endpoint public by nature (login, health probe, webhook...) that
/// only lacks [AllowAnonymous], or a state-changing endpoint in an app that protects its other endpoints (the likely
/// hole). Both are still reported; the message and the order of the fixes differ.
/// </summary>
public sealed class MissingAuthorizationNatureTests
{
    private static DiagnosticResult Endpoint(int markup, string description, string suffix = "") =>
        Verify.Diagnostic(Descriptors.MinimalApiEndpointWithoutAuthorization).WithLocation(markup).WithArguments(description, suffix);

    private static DiagnosticResult Action(int markup, string name, string suffix = "") =>
        Verify.Diagnostic(Descriptors.ControllerActionWithoutAuthorization).WithLocation(markup).WithArguments(name, suffix);

    private static string EndpointLooksPublic(string reason) => $"; it looks public by nature ({reason}): mark it .AllowAnonymous() if anyone may call it";

    private static string ActionLooksPublic(string reason) => $"; it looks public by nature ({reason}): mark it [AllowAnonymous] if anyone may call it";

    private static string ChangesState(string verb) => $"; it changes state ({verb}) while other endpoints of this app require authorization";

    [Fact]
    public Task Minimal_API_endpoints_public_by_nature_state_changing_or_neutral()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer();
            var app = builder.Build();
            app.MapGet("/api/orders", () => "mine").RequireAuthorization();

            app.{|#0:MapPost|}("/api/auth/login", () => Results.Ok("token"));
            app.{|#1:MapGet|}("/healthz", () => "ok");
            app.{|#2:MapGet|}("/api/v1/status", () => "up");
            app.{|#3:MapPost|}("/signin-oidc", () => Results.Ok());
            app.{|#4:MapPost|}("/api/payments/webhook", () => Results.Ok());
            app.{|#5:MapPost|}("/api/account/forgot-password", () => Results.Ok());
            app.{|#6:MapPost|}("/api/session", Handlers.SignInAsync);
            app.{|#7:MapGet|}("/robots.txt", () => "User-agent: *");
            app.{|#8:MapGet|}("/api/catalog/items/{id:int}", (int id) => "item");

            app.{|#10:MapDelete|}("/api/orders/{id}", (int id) => Results.NoContent());
            app.{|#11:MapPost|}("/api/blogin", () => Results.Ok());
            app.{|#12:MapPost|}("/api/tokens/revoke", () => Results.Ok());
            app.{|#13:MapDelete|}("/api/token", () => Results.Ok());
            app.{|#14:MapPost|}("/api/devices/{id}/token", (int id) => Results.Ok());
            app.{|#15:MapPut|}("/api/catalog/items", () => Results.Ok());

            app.{|#20:MapGet|}("/api/products", () => "catalog");
            app.{|#21:MapGet|}("/api/orders/{id}/status", (int id) => "shipped");
            app.Run();

            static class Handlers
            {
                public static IResult SignInAsync(string user) => Results.Ok(user);
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Endpoint(0, "POST /api/auth/login", EndpointLooksPublic("login")),
            Endpoint(1, "GET /healthz", EndpointLooksPublic("health check")),
            Endpoint(2, "GET /api/v1/status", EndpointLooksPublic("status")),
            Endpoint(3, "POST /signin-oidc", EndpointLooksPublic("sign-in")),
            Endpoint(4, "POST /api/payments/webhook", EndpointLooksPublic("webhook")),
            Endpoint(5, "POST /api/account/forgot-password", EndpointLooksPublic("password recovery")),
            Endpoint(6, "POST /api/session", EndpointLooksPublic("sign-in")),
            Endpoint(7, "GET /robots.txt", EndpointLooksPublic("robots.txt")),
            Endpoint(8, "GET /api/catalog/items/{id:int}", EndpointLooksPublic("catalog read")),
            Endpoint(10, "DELETE /api/orders/{id}", ChangesState("DELETE")),
            Endpoint(11, "POST /api/blogin", ChangesState("POST")),
            Endpoint(12, "POST /api/tokens/revoke", ChangesState("POST")),
            Endpoint(13, "DELETE /api/token", ChangesState("DELETE")),
            Endpoint(14, "POST /api/devices/{id}/token", ChangesState("POST")),
            Endpoint(15, "PUT /api/catalog/items", ChangesState("PUT")),
            Endpoint(20, "GET /api/products"),
            Endpoint(21, "GET /api/orders/{id}/status"));
    }

    [Fact]
    public Task A_state_changing_endpoint_is_not_singled_out_when_nothing_in_the_app_requires_authorization()
    {
        const string source = """
            var app = WebApplication.Create(args);
            app.{|#0:MapPost|}("/api/orders", () => Results.Ok());
            app.MapGet("/api/terms", () => "t").AllowAnonymous();
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Endpoint(0, "POST /api/orders"));
    }

    [Fact]
    public Task Controller_actions_public_by_nature_state_changing_or_neutral()
    {
        const string source = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("api/[controller]")]
            public class AuthController : ControllerBase
            {
                [HttpPost("login")]
                public IActionResult {|#0:Login|}() => Ok();

                [HttpPost("refresh")]
                public IActionResult {|#1:Refresh|}() => Ok();

                [HttpPost]
                public IActionResult {|#2:ResetPassword|}() => Ok();
            }

            [ApiController]
            [Route("api/orders")]
            public class OrdersController : ControllerBase
            {
                [HttpGet]
                public IActionResult {|#10:List|}() => Ok();

                [HttpPost]
                public IActionResult {|#11:Create|}() => Ok();

                [AcceptVerbs("GET", "PATCH")]
                public IActionResult {|#12:Touch|}() => Ok();
            }

            [ApiController]
            public class HealthController : ControllerBase
            {
                [HttpGet("/health/ready")]
                public IActionResult {|#20:Ready|}() => Ok();
            }

            [Authorize]
            public class AdminController : ControllerBase
            {
                public IActionResult Index() => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Action(0, "Login", ActionLooksPublic("login")),
            Action(1, "Refresh", ActionLooksPublic("token")),
            Action(2, "ResetPassword", ActionLooksPublic("password recovery")),
            Action(10, "List"),
            Action(11, "Create", ChangesState("POST")),
            Action(12, "Touch", ChangesState("PATCH")),
            Action(20, "Ready", ActionLooksPublic("health check")));
    }

    /// <summary>
    /// The fixer reads the classification: [AllowAnonymous]/.AllowAnonymous() comes first for an endpoint public by
    /// nature, even when the app sets up authentication; requiring authorization comes first otherwise.
    /// </summary>
    [Fact]
    public async Task The_public_decision_is_offered_first_for_endpoints_public_by_nature()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer();
            var app = builder.Build();
            app.MapPost("/api/login", () => Results.Ok());
            app.MapPost("/api/orders", () => Results.Ok());
            app.MapGet("/api/me", () => "me").RequireAuthorization();
            app.Run();
            """;
        const string controller = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("api/account")]
            public class AccountController : ControllerBase
            {
                [HttpPost("register")]
                public IActionResult Register() => Ok();

                [HttpDelete("{id}")]
                public IActionResult Delete(int id) => NoContent();
            }
            """;
        var document = (await SnippetWorkspace.CreateAsync()).With(source, [controller]);
        var compilation = (await document.Project.GetCompilationAsync())!;
        Assert.DoesNotContain(compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        var diagnostics = await compilation.WithAnalyzers([new MissingAuthorizationAnalyzer()]).GetAnalyzerDiagnosticsAsync();

        var firstKeys = new Dictionary<string, string?>();
        foreach (var diagnostic in diagnostics)
        {
            var actions = new List<Microsoft.CodeAnalysis.CodeActions.CodeAction>();
            var site = document.Project.Solution.GetDocument(diagnostic.Location.SourceTree)!;
            await new MissingAuthorizationCodeFix().RegisterCodeFixesAsync(
                new Microsoft.CodeAnalysis.CodeFixes.CodeFixContext(site, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
            var text = diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);
            firstKeys[text + " " + diagnostic.Properties.GetValueOrDefault(MissingAuthorizationAnalyzer.NatureProperty)] = actions[0].EquivalenceKey;
        }

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["MapPost PublicByNature"] = MissingAuthorizationCodeFix.AllowAnonymous,
                ["MapPost ChangesState"] = MissingAuthorizationCodeFix.RequireAuthorization,
                ["Register PublicByNature"] = MissingAuthorizationCodeFix.AllowAnonymous,
                ["Delete ChangesState"] = MissingAuthorizationCodeFix.RequireAuthorization,
            },
            firstKeys);
    }
}
