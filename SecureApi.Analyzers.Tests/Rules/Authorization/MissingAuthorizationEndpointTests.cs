using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Authorization.MissingAuthorizationAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Authorization;

/// <summary>SAPI2002: minimal-API endpoints that no authorization metadata reaches.</summary>
public sealed class MissingAuthorizationEndpointTests
{
    private static DiagnosticResult Endpoint(int markup, string description, string suffix = "") =>
        Verify.Diagnostic(Descriptors.MinimalApiEndpointWithoutAuthorization).WithLocation(markup).WithArguments(description, suffix);

    private static SnippetOptions WithFile(string other) => new() { AdditionalSources = ImmutableArray.Create(other) };

    private static string ChangesState(string verb) => $"; it changes state ({verb}) while other endpoints of this app require authorization";

    private static string LooksPublic(string reason) => $"; it looks public by nature ({reason}): mark it .AllowAnonymous() if anyone may call it";

    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task Every_verb_on_the_app()
    {
        const string source = """
            var app = WebApplication.Create(args);
            app.{|#0:MapGet|}("/items", () => "all");
            app.{|#1:MapPost|}("/items", (string name) => Results.Created("/items/1", name));
            app.{|#2:MapPut|}("/items/{id}", (int id) => Results.NoContent());
            app.{|#3:MapDelete|}("/items/{id}", (int id) => Results.NoContent());
            app.{|#4:MapPatch|}("/items/{id}", (int id) => Results.NoContent());
            app.{|#5:MapMethods|}("/items", new[] { "HEAD" }, () => Results.Ok());
            app.{|#6:Map|}("/echo", async context => await context.Response.WriteAsync("hi"));
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Endpoint(0, "GET /items"),
            Endpoint(1, "POST /items"),
            Endpoint(2, "PUT /items/{id}"),
            Endpoint(3, "DELETE /items/{id}"),
            Endpoint(4, "PATCH /items/{id}"),
            Endpoint(5, "/items (any method)"),
            Endpoint(6, "/echo (any method)"));
    }

    [Fact]
    public Task Method_group_and_delegate_variable_handlers()
    {
        const string source = """
            var app = WebApplication.Create(args);
            Delegate handler = () => "x";
            app.{|#0:MapGet|}("/a", handler);
            app.{|#1:MapPost|}("/b", Handlers.Create);
            app.Run();

            static class Handlers
            {
                public static IResult Create(string name) => Results.Ok(name);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Endpoint(0, "GET /a"), Endpoint(1, "POST /b"));
    }

    [Fact]
    public Task Group_without_authorization_and_other_conventions_in_the_chain()
    {
        const string source = """
            var app = WebApplication.Create(args);
            var api = app.MapGroup("/api").WithTags("api");
            api.{|#0:MapGet|}("/orders", () => "orders")
                .WithName("ListOrders")
                .Produces(200);
            app.MapGroup("/v2").MapGroup("/admin").{|#1:MapDelete|}("/cache", () => Results.NoContent());
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Endpoint(0, "GET /api/orders"), Endpoint(1, "DELETE /v2/admin/cache"));
    }

    [Fact]
    public Task Authorization_on_a_sibling_endpoint_or_another_group_does_not_cover()
    {
        const string source = """
            var app = WebApplication.Create(args);
            app.MapGet("/secure", () => "s").RequireAuthorization();
            app.{|#0:MapGet|}("/open", () => "o");

            var admin = app.MapGroup("/admin").RequireAuthorization("Admin");
            var reports = app.MapGroup("/reports");
            reports.{|#1:MapGet|}("/daily", () => "d");
            admin.MapGet("/users", () => "u");
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Endpoint(0, "GET /open"), Endpoint(1, "GET /reports/daily"));
    }

    [Fact]
    public Task Authorization_on_a_child_group_does_not_cover_its_parent()
    {
        // The shape of the Blazor template's Identity endpoints: the account group is public, only /Manage is not.
        const string source = """
            var app = WebApplication.Create(args);
            var account = app.MapGroup("/Account");
            account.{|#0:MapPost|}("/Logout", () => Results.LocalRedirect("~/"));
            var manage = account.MapGroup("/Manage").RequireAuthorization();
            manage.MapPost("/LinkExternalLogin", () => Results.Ok());
            account.MapGroup("/Admin").WithTags("admin").RequireAuthorization();
            var nested = app.MapGroup("/nested");
            nested.{|#1:MapGet|}("/", () => "n");
            nested.MapGroup("/a").MapGroup("/b").RequireAuthorization();
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Endpoint(0, "POST /Account/Logout", ChangesState("POST")), Endpoint(1, "GET /nested"));
    }

    [Fact]
    public Task Module_extension_called_on_the_bare_app()
    {
        const string module = """
            public static class OrderEndpoints
            {
                public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder routes)
                {
                    routes.{|#0:MapGet|}("/orders", () => "all");
                    var group = routes.MapGroup("/orders/admin");
                    group.{|#1:MapPost|}("/purge", () => Results.NoContent());
                    return routes;
                }
            }
            """;
        const string program = """
            var app = WebApplication.Create(args);
            app.MapGroup("/api").RequireAuthorization().MapOrders();
            app.MapOrders();
            app.Run();
            """;

        // One of the two call sites passes an unprotected builder.
        return Verify.VerifyAnalyzerAsync(module, WithFile(program), Endpoint(0, "GET /orders"), Endpoint(1, "POST /orders/admin/purge", ChangesState("POST")));
    }

    [Fact]
    public Task Module_that_nobody_calls_and_UseEndpoints_lambdas_are_still_checked()
    {
        const string source = """
            public static class Modules
            {
                public static void MapUnused(this IEndpointRouteBuilder routes) => routes.{|#0:MapGet|}("/unused", () => "u");

                public static void Configure(IApplicationBuilder app) =>
                    app.UseEndpoints(endpoints => endpoints.{|#1:MapGet|}("/legacy", () => "l"));
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Endpoint(0, "GET /unused"), Endpoint(1, "GET /legacy"));
    }

    [Fact]
    public Task A_global_AuthorizeFilter_does_not_cover_minimal_APIs()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc.Authorization;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllers(options => options.Filters.Add(new AuthorizeFilter()));
            var app = builder.Build();
            app.MapControllers().RequireAuthorization();
            app.{|#0:MapGet|}("/minimal", () => "m");
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Endpoint(0, "GET /minimal"));
    }

    [Fact]
    public Task A_helper_that_returns_an_unprotected_group()
    {
        const string source = """
            var app = WebApplication.Create(args);
            var api = Groups.Api(app);
            api.{|#0:MapGet|}("/x", () => "x");
            app.Run();

            static class Groups
            {
                public static RouteGroupBuilder Api(IEndpointRouteBuilder app)
                {
                    var group = app.MapGroup("/api");
                    group.WithTags("api");
                    return group;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Endpoint(0, "GET /x"));
    }

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task Conventions_on_the_endpoint()
    {
        const string source = """
            using Microsoft.AspNetCore.Authorization;

            var app = WebApplication.Create(args);
            app.MapGet("/a", () => "a").RequireAuthorization();
            app.MapGet("/b", () => "b").WithName("B").RequireAuthorization("Admin");
            app.MapGet("/health", () => "up").AllowAnonymous();
            app.MapPost("/c", () => "c").WithMetadata(new AuthorizeAttribute());
            app.MapPost("/d", () => "d").WithMetadata(new AllowAnonymousAttribute(), new EndpointNameMetadata("d"));
            var e = app.MapGet("/e", () => "e");
            e.RequireAuthorization(policy => policy.RequireRole("admin"));
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Attributes_on_the_handler()
    {
        const string source = """
            using Microsoft.AspNetCore.Authorization;

            var app = WebApplication.Create(args);
            app.MapGet("/a", [Authorize] () => "a");
            app.MapGet("/b", [Authorize(Policy = "Operator")] (string q) => q);
            app.MapPost("/login", [AllowAnonymous] () => "token");
            app.MapPost("/c", Handlers.Secure);
            app.MapGet("/d", Handlers.Public);
            app.Run();

            static class Handlers
            {
                [Authorize(Roles = "admin")]
                public static IResult Secure() => Results.Ok();

                [AllowAnonymous]
                public static IResult Public() => Results.Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Groups_with_authorization()
    {
        const string source = """
            var app = WebApplication.Create(args);

            // Inline group.
            app.MapGroup("/a").RequireAuthorization().MapGet("/x", () => "x");

            // Group kept in a local, with other conventions.
            var api = app.MapGroup("/api").RequireAuthorization().WithTags("api");
            api.MapGet("/orders", () => "orders");

            // Convention applied in a later statement (order does not matter: conventions run at build time).
            var admin = app.MapGroup("/admin");
            admin.MapDelete("/cache", () => Results.NoContent());
            admin.RequireAuthorization("Admin");

            // Nested groups: the outer group's metadata reaches the inner endpoints.
            var v2 = app.MapGroup("/v2").RequireAuthorization();
            var reports = v2.MapGroup("/reports");
            reports.MapGroup("/daily").MapGet("/", () => "d");

            // AllowAnonymous on a public group.
            app.MapGroup("/public").AllowAnonymous().MapGet("/terms", () => "t");
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Module_called_only_with_protected_builders()
    {
        const string module = """
            public static class AlertEndpoints
            {
                public static RouteGroupBuilder MapAlerts(this RouteGroupBuilder group)
                {
                    group.MapGet("/feed", () => "feed");
                    group.MapPost("/{id}/ack", (long id) => Results.NoContent());
                    return group;
                }

                public static void MapGateways(this IEndpointRouteBuilder routes) =>
                    routes.MapGroup("/gateways").MapPost("/{id}/ping", (string id) => Results.Ok());
            }
            """;
        const string program = """
            var app = WebApplication.Create(args);
            app.MapGroup("/alerts").RequireAuthorization().MapAlerts();
            var secured = app.MapGroup("/ops");
            secured.RequireAuthorization("Operator");
            secured.MapGateways();
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(module, WithFile(program));
    }

    [Fact]
    public Task A_helper_that_returns_a_protected_group()
    {
        const string source = """
            var app = WebApplication.Create(args);
            var api = Groups.Api(app);
            api.MapGet("/x", () => "x");
            Groups.Admin(app).MapDelete("/y", () => Results.NoContent());
            app.Run();

            static class Groups
            {
                public static RouteGroupBuilder Api(IEndpointRouteBuilder app)
                {
                    var group = app.MapGroup("/api");
                    group.RequireAuthorization();
                    return group;
                }

                public static RouteGroupBuilder Admin(IEndpointRouteBuilder app) => app.MapGroup("/admin").RequireAuthorization("Admin");
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Theory]
    [InlineData("builder.Services.AddAuthorization(options => options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());")]
    [InlineData("builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());")]
    public Task Fallback_policy_in_another_file_covers_every_endpoint(string statement)
    {
        var setup = $$"""
            using Microsoft.AspNetCore.Authorization;

            public static class Security
            {
                public static void Add(WebApplicationBuilder builder)
                {
                    {{statement}}
                }
            }
            """;
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            Security.Add(builder);
            var app = builder.Build();
            app.MapGet("/items", () => "all");
            app.MapGroup("/api").MapPost("/items", () => Results.Ok());
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, WithFile(setup));
    }

    [Fact]
    public Task Infrastructure_endpoints_and_middleware_branches()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHealthChecks();
            builder.Services.AddControllers();
            var app = builder.Build();
            app.UseStaticFiles();
            app.MapHealthChecks("/healthz");
            app.MapControllers();
            app.MapFallbackToFile("index.html");
            app.Map("/branch", branch => branch.Run(context => context.Response.WriteAsync("b")));
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Half_typed_endpoints_do_not_crash()
    {
        const string source = """
            var app = WebApplication.Create(args);
            app.{|CS1501:MapGet|}();
            app.{|CS1501:MapGroup|}().{|#0:MapGet|}("/x", () => "x");
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Endpoint(0, "GET /x"));
    }
}
