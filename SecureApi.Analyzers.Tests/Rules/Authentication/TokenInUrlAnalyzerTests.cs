using SecureApi.Analyzers.Core;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Authentication.TokenInUrlAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Authentication;

/// <summary>SAPI1007: API keys, tokens, passwords and secrets taken from the query string.</summary>
public sealed class TokenInUrlAnalyzerTests
{
    private const string Advice = "in a URL is written to server and proxy logs, browser history and Referer headers; send it in a request header instead";

    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task Api_controller_parameters_bound_from_the_query_explicitly_or_by_inference()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("api/orders")]
            public class OrdersController : ControllerBase
            {
                [HttpGet]
                public IActionResult List({|#0:[FromQuery] string apiKey|}) => Ok();

                [HttpGet("{id}")]
                public IActionResult Get(int id, {|#1:string token|}) => Ok();

                [HttpGet("export")]
                public IActionResult Export({|#2:[FromQuery(Name = "api_key")] string key|}) => Ok();

                [HttpPost("import")]
                public IActionResult Import({|#3:string password|}, {|#4:string? access_token|}, {|#5:string clientSecret|}, {|#6:[FromQuery] string[] secret|}) => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.TokenInUrl).WithLocation(0).WithArguments("'apiKey'", "of GET /api/orders", "an API key"),
            Verify.Diagnostic(Descriptors.TokenInUrl).WithLocation(1).WithArguments("'token'", "of GET /api/orders/{id} (a simple parameter that is not a route value binds from there)", "a token"),
            Verify.Diagnostic(Descriptors.TokenInUrl).WithLocation(2).WithArguments("'api_key' (parameter 'key')", "of GET /api/orders/export", "an API key"),
            Verify.Diagnostic(Descriptors.TokenInUrl).WithLocation(3).WithArguments("'password'", "of POST /api/orders/import (a simple parameter that is not a route value binds from there)", "a password"),
            Verify.Diagnostic(Descriptors.TokenInUrl).WithLocation(4).WithArguments("'access_token'", "of POST /api/orders/import (a simple parameter that is not a route value binds from there)", "a token"),
            Verify.Diagnostic(Descriptors.TokenInUrl).WithLocation(5).WithArguments("'clientSecret'", "of POST /api/orders/import (a simple parameter that is not a route value binds from there)", "a client secret"),
            Verify.Diagnostic(Descriptors.TokenInUrl).WithLocation(6).WithArguments("'secret'", "of POST /api/orders/import", "a secret"));
    }

    [Fact]
    public Task The_message_says_what_was_seen_and_where()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("orders")]
            public class OrdersController : ControllerBase
            {
                [HttpGet]
                public IActionResult List({|#0:[FromQuery] string apiKey|}) => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.TokenInUrl).WithLocation(0).WithMessage("'apiKey' is read from the query string of GET /orders: an API key " + Advice));
    }

    [Fact]
    public Task Mvc_controllers_and_pages_are_flagged_for_an_explicit_from_query()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.RazorPages;

            public class FeedController : Controller
            {
                public IActionResult Rss({|#0:[FromQuery] string token|}) => Content("");

                // MVC without [ApiController] binds from the form, the route or the query: the code does not say.
                public IActionResult Atom(string token) => Content("");
            }

            public class ExportModel : PageModel
            {
                public void OnGet({|#1:[FromQuery] string accessToken|}) { }

                public void OnPost(string accessToken) { }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.TokenInUrl).WithLocation(0).WithArguments("'token'", "of /Feed/Rss (any method)", "a token"),
            Verify.Diagnostic(Descriptors.TokenInUrl).WithLocation(1).WithArguments("'accessToken'", "of the page handler 'ExportModel.OnGet'", "a token"));
    }

    [Fact]
    public Task Minimal_api_handlers_lambdas_method_groups_and_groups()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public static class Feeds
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/calendar/{memberId}/classes.ics", ({|#0:string token|}, string memberId) => Results.Ok());

                    var partners = app.MapGroup("/partners/{tenant}");
                    partners.MapGet("/orders", ({|#1:[FromQuery(Name = "api_key")] string apiKey|}, string tenant) => Results.Ok());
                    partners.MapPost("/orders", Import);

                    // "key" on an endpoint that checks credentials.
                    app.MapGet("/auth/validate", ({|#3:string key|}) => Results.Ok());
                }

                private static IResult Import({|#2:string password|}) => Results.Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.TokenInUrl).WithLocation(0).WithArguments("'token'", "of GET /calendar/{memberId}/classes.ics (a simple parameter that is not a route value binds from there)", "a token"),
            Verify.Diagnostic(Descriptors.TokenInUrl).WithLocation(1).WithArguments("'api_key' (parameter 'apiKey')", "of GET /partners/{tenant}/orders", "an API key"),
            Verify.Diagnostic(Descriptors.TokenInUrl).WithLocation(2).WithArguments("'password'", "of POST /partners/{tenant}/orders (a simple parameter that is not a route value binds from there)", "a password"),
            Verify.Diagnostic(Descriptors.TokenInUrl).WithLocation(3).WithArguments("'key'", "of GET /auth/validate (a simple parameter that is not a route value binds from there)", "a key"));
    }

    [Fact]
    public Task Query_reads_in_middleware_handlers_and_actions()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.Primitives;

            public sealed class ApiKeyMiddleware(RequestDelegate next)
            {
                public Task InvokeAsync(HttpContext context)
                {
                    if (!context.Request.Headers.TryGetValue("X-Api-Key", out var key)
                        && !{|#0:context.Request.Query.TryGetValue("api_key", out key)|})
                    {
                        context.Response.StatusCode = 401;
                        return Task.CompletedTask;
                    }

                    return next(context);
                }
            }

            [ApiController]
            [Route("reports")]
            public class ReportsController : ControllerBase
            {
                private const string TokenKey = "access_token";

                [HttpGet]
                public IActionResult Get()
                {
                    StringValues token = {|#1:Request.Query[TokenKey]|};
                    return Ok(token.ToString());
                }
            }

            public static class Downloads
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/exports/{id}", (HttpRequest request, int id) => Results.Ok({|#2:request.Query["token"]|}.ToString()));
                    app.MapGet("/status", (IQueryCollection query) => Results.Ok({|#3:query["password"]|}.ToString()));
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.TokenInUrl).WithLocation(0).WithArguments("'api_key'", "in 'ApiKeyMiddleware.InvokeAsync'", "an API key"),
            Verify.Diagnostic(Descriptors.TokenInUrl).WithLocation(1).WithArguments("'access_token'", "of GET /reports", "a token"),
            Verify.Diagnostic(Descriptors.TokenInUrl).WithLocation(2).WithArguments("'token'", "of GET /exports/{id}", "a token"),
            Verify.Diagnostic(Descriptors.TokenInUrl).WithLocation(3).WithArguments("'password'", "of GET /status", "a password"));
    }

    [Fact]
    public Task Jwt_bearer_message_received_that_takes_the_token_from_the_query_for_every_path()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            public static class Auth
            {
                public static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddAuthentication().AddJwtBearer(options =>
                    {
                        options.Events = new JwtBearerEvents
                        {
                            OnMessageReceived = context =>
                            {
                                if ({|#0:context.Request.Query.TryGetValue("access_token", out var token)|})
                                    context.Token = token;
                                return Task.CompletedTask;
                            },
                        };
                    });
                }
            }

            public sealed class QueryTokenEvents : JwtBearerEvents
            {
                public override Task MessageReceived(MessageReceivedContext context)
                {
                    context.Token = {|#1:context.Request.Query["access_token"]|};
                    return Task.CompletedTask;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.TokenInUrl).WithLocation(0).WithArguments("'access_token'", "in JwtBearerEvents.OnMessageReceived, for every request path", "a token"),
            Verify.Diagnostic(Descriptors.TokenInUrl).WithLocation(1).WithArguments("'access_token'", "in JwtBearerEvents.OnMessageReceived, for every request path", "a token"));
    }

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task Paging_correlation_and_cancellation_tokens()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("api/items")]
            public class ItemsController : ControllerBase
            {
                [HttpGet]
                public IActionResult List(string? pageToken, string? continuationToken, string? nextToken, string? nextPageToken,
                    string? cursor, [FromQuery] string? syncToken, string? idempotencyToken, CancellationToken cancellationToken) => Ok();

                [HttpGet("keys")]
                public IActionResult Keys(string? tokenType, string? apiKeyId, string? passwordPolicy, string? keyword) => Ok();
            }

            public static class Items
            {
                public static void Map(WebApplication app) =>
                    app.MapGet("/items", (string? pageToken, string? cursor, CancellationToken cancellationToken) => Results.Ok());
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task OAuth_callbacks_and_one_time_links_mailed_to_users()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("account")]
            public class AccountController : ControllerBase
            {
                [HttpGet("callback")]
                public IActionResult Callback(string code, string state) => Ok();

                [HttpGet("confirm-email")]
                public IActionResult ConfirmEmail(string userId, string token) => Ok();

                [HttpGet("verify")]
                public IActionResult Check(string email, string token) => Ok();

                [HttpGet("password")]
                public IActionResult ResetPassword(string token) => Ok();

                [HttpGet("accept")]
                public IActionResult Accept(string inviteToken) => Ok();

                // The user's identity beside the token: a mailed link's token, not the caller's credential.
                [HttpGet("policies")]
                public IActionResult GetByToken(Guid orgId, [FromQuery] string email, [FromQuery] string token) => Ok();

                [HttpGet("join")]
                public IActionResult Join(string organizationUserId, string token) => Ok();

                // A signed, time-limited download link (browsers cannot add headers to a download).
                [HttpGet("attachment/download")]
                public IActionResult DownloadAttachment([FromQuery] string token) => Ok();
            }

            public sealed class NotificationsHub : Microsoft.AspNetCore.SignalR.Hub
            {
                public override Task OnConnectedAsync()
                {
                    var token = Microsoft.AspNetCore.SignalR.GetHttpContextExtensions.GetHttpContext(Context)!.Request.Query["access_token"].ToString();
                    return Groups.AddToGroupAsync(Context.ConnectionId, token);
                }
            }

            public static class Links
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/unsubscribe", (string token) => Results.Ok());
                    app.MapGet("/invitations/accept", (string token) => Results.Ok());
                    app.MapGet("/newsletter/unsubscribe", (HttpRequest request) => Results.Ok(request.Query["token"].ToString()));
                    app.MapGet("/signin-callback", (string code, string state) => Results.Ok());
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Headers_bodies_forms_services_and_route_values()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public sealed record Credentials(string ApiKey, string Password);

            [ApiController]
            [Route("api/devices/{deviceToken}")]
            public class DevicesController : ControllerBase
            {
                [HttpGet]
                public IActionResult Get(string deviceToken, [FromHeader(Name = "X-Api-Key")] string apiKey) => Ok();

                [HttpPost("login")]
                public IActionResult Login([FromBody] Credentials credentials, [FromForm] string? password, [FromServices] ITokenStore token) => Ok();

                [HttpGet("keys/{apiKey}")]
                [HttpGet("keys/by-name/{token}")]
                public IActionResult Key(string apiKey, string token) => Ok();

                [HttpGet("raw")]
                public IActionResult Raw()
                {
                    var key = Request.Headers["X-Api-Key"];
                    var state = Request.Query["state"];
                    return Ok(key + state);
                }
            }

            public interface ITokenStore { }

            public static class Devices
            {
                public static void Map(WebApplication app)
                {
                    var group = app.MapGroup("/share/{token}");
                    group.MapGet("/", (string token) => Results.Ok());
                    app.MapGet("/files/{accessToken:guid}", (Guid accessToken) => Results.Ok());
                    app.MapPost("/login", (Credentials credentials, [FromHeader] string apiKey) => Results.Ok());
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Keys_outside_credential_checks_unknown_routes_and_methods_that_are_not_endpoints()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("settings")]
            public class SettingsController : ControllerBase
            {
                [HttpGet]
                public IActionResult Get(string key, string? searchKey, string? cacheKey) => Ok();
            }

            public sealed class TokenService
            {
                public bool Validate(string token, string apiKey) => token == apiKey;
            }

            public static class Settings
            {
                public static void Map(WebApplication app, string prefix)
                {
                    // The pattern is not a constant: a parameter of the handler may be a route value.
                    app.MapGet(prefix + "/{token}", (string token) => Results.Ok());
                    app.MapGet("/settings/{key}", (string key) => Results.Ok());
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Signal_r_token_taken_from_the_query_only_for_the_hub_path()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            public static class Auth
            {
                public static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddAuthentication()
                        .AddJwtBearer("a", options =>
                        {
                            options.Events = new JwtBearerEvents
                            {
                                OnMessageReceived = context =>
                                {
                                    var accessToken = context.Request.Query["access_token"];
                                    var path = context.HttpContext.Request.Path;
                                    if (!string.IsNullOrEmpty(accessToken) && path.StartsWithSegments("/hubs/occupancy"))
                                        context.Token = accessToken;
                                    return Task.CompletedTask;
                                },
                            };
                        })
                        .AddJwtBearer("b", options =>
                        {
                            options.Events = new JwtBearerEvents
                            {
                                OnMessageReceived = context =>
                                {
                                    if (!context.Request.Path.StartsWithSegments("/hubs"))
                                        return Task.CompletedTask;
                                    context.Token = context.Request.Query["access_token"];
                                    return Task.CompletedTask;
                                },
                            };
                        })
                        .AddJwtBearer("c", options =>
                        {
                            options.Events = new JwtBearerEvents
                            {
                                OnMessageReceived = context =>
                                {
                                    if (context.Request.Path.Value?.StartsWith("/hubs/") == true && context.Request.Query.TryGetValue("access_token", out var token))
                                        context.Token = token;
                                    return Task.CompletedTask;
                                },
                            };
                        });
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }
}
