using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Authorization.MissingAuthorizationAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Authorization;

/// <summary>
/// SAPI2002 across statements and methods, in the shapes found in real code: conventions applied to a parameter, helpers
/// that apply a convention and return the builder, modules that return their group to callers that protect it,
/// endpoint-mapping wrappers of the app, unbound calls, and the full route in messages.
/// </summary>
public sealed class MissingAuthorizationEndpointFlowTests
{
    private static DiagnosticResult Endpoint(int markup, string description, string suffix = "") =>
        Verify.Diagnostic(Descriptors.MinimalApiEndpointWithoutAuthorization).WithLocation(markup).WithArguments(description, suffix);

    private static SnippetOptions WithFile(string other) => new() { AdditionalSources = ImmutableArray.Create(other) };

    // ---------------------------------------------------------------- 1. a convention on a builder parameter

    [Fact]
    public Task RequireAuthorization_statement_on_a_group_parameter_covers_its_endpoints_in_any_order()
    {
        const string module = """
            public static class LeaseEndpoints
            {
                public static void MapLeases(this RouteGroupBuilder group)
                {
                    group.MapGet("/", () => "all");
                    group.MapPost("/{id}/renew", (int id) => Results.NoContent());
                    group.RequireAuthorization();
                }

                public static void MapTenants(RouteGroupBuilder group)
                {
                    group.RequireAuthorization("Admin");
                    group.MapDelete("/{id}", (int id) => Results.NoContent());
                    group.MapGroup("/{id}/users").MapGet("/", (int id) => "users");
                }

                // Called through reflection (an IEndpointGroup-style discovery): no call in the code, the statement suffices.
                public static void Map(RouteGroupBuilder groupBuilder)
                {
                    groupBuilder.RequireAuthorization();
                    groupBuilder.MapPut("/{id}", (int id) => Results.NoContent());
                }
            }
            """;
        const string program = """
            var app = WebApplication.Create(args);
            app.MapGroup("/leases").MapLeases();
            LeaseEndpoints.MapTenants(app.MapGroup("/tenants"));
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(module, WithFile(program));
    }

    [Fact]
    public Task A_convention_on_another_parameter_or_a_child_group_does_not_cover()
    {
        const string module = """
            public static class LeaseEndpoints
            {
                public static void MapLeases(RouteGroupBuilder group, RouteGroupBuilder admin)
                {
                    group.{|#0:MapGet|}("/", () => "all");
                    admin.RequireAuthorization("Admin");
                    group.MapGroup("/archive").RequireAuthorization();
                }

                public static void MapOther(RouteGroupBuilder group) => group.{|#1:MapGet|}("/other", () => "o");
            }
            """;
        const string program = """
            var app = WebApplication.Create(args);
            LeaseEndpoints.MapLeases(app.MapGroup("/leases"), app.MapGroup("/admin"));
            LeaseEndpoints.MapOther(app.MapGroup("/other"));
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(module, WithFile(program), Endpoint(0, "GET /"), Endpoint(1, "GET /other"));
    }

    // ---------------------------------------------------------------- 2. helpers that apply a convention and return the builder

    [Fact]
    public Task A_helper_that_applies_a_convention_to_its_builder_covers_what_is_mapped_on_its_result()
    {
        const string module = """
            public static class Conventions
            {
                public static RouteGroupBuilder WithDefaults(this RouteGroupBuilder g)
                {
                    g.RequireAuthorization("Api");
                    return g;
                }

                public static RouteGroupBuilder Secured(this RouteGroupBuilder g) => g.WithTags("secured").RequireAuthorization();

                public static RouteHandlerBuilder WithApiKey(this RouteHandlerBuilder endpoint)
                {
                    endpoint.RequireAuthorization("ApiKey");
                    return endpoint;
                }

                public static void MapLeases(this RouteGroupBuilder group) => group.MapPost("/renew", () => Results.NoContent());
            }
            """;
        const string program = """
            var app = WebApplication.Create(args);
            app.MapGroup("/leases").WithDefaults().MapLeases();
            app.MapGroup("/x").WithDefaults().MapGet("/", () => "x");
            app.MapGroup("/y").Secured().MapDelete("/{id}", (int id) => Results.NoContent());
            app.MapGet("/z", () => "z").WithApiKey().WithName("Z");
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(module, WithFile(program));
    }

    [Fact]
    public Task A_helper_that_applies_no_convention_to_its_builder_does_not_cover()
    {
        const string module = """
            public static class Conventions
            {
                public static RouteGroupBuilder WithDefaults(this RouteGroupBuilder g)
                {
                    g.WithTags("api");
                    g.MapGroup("/admin").RequireAuthorization();
                    return g;
                }

                public static RouteHandlerBuilder Documented(this RouteHandlerBuilder endpoint, RouteGroupBuilder other)
                {
                    other.RequireAuthorization();
                    return endpoint.WithSummary("documented");
                }
            }
            """;
        const string program = """
            var app = WebApplication.Create(args);
            app.MapGroup("/x").WithDefaults().{|#0:MapGet|}("/", () => "x");
            app.{|#1:MapGet|}("/y", () => "y").Documented(app.MapGroup("/other"));
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(module, WithFile(program), Endpoint(0, "GET /x"), Endpoint(1, "GET /y"));
    }

    // ---------------------------------------------------------------- 3. a module that returns its group, protected by the caller

    private const string OrdersApi = """
        public static class OrdersApi
        {
            public static RouteGroupBuilder MapOrdersApiV1(this IEndpointRouteBuilder app)
            {
                var api = app.MapGroup("/api/v1/orders").WithTags("orders");

                api.{|#0:MapGet|}("/", () => "all");
                api.{|#1:MapPut|}("/cancel", () => Results.NoContent());

                return api;
            }

            public static RouteHandlerBuilder MapOrderExport(this IEndpointRouteBuilder app) =>
                app.MapGet("/api/v1/orders/export", () => "csv").WithName("Export");
        }
        """;

    [Fact]
    public Task A_returned_group_or_endpoint_protected_by_every_caller_is_covered()
    {
        const string program = """
            var app = WebApplication.Create(args);
            app.MapOrdersApiV1().RequireAuthorization();
            var orders = app.MapOrdersApiV1();
            orders.RequireAuthorization("Orders");
            app.MapOrderExport().RequireAuthorization();
            app.MapGroup("/v2").RequireAuthorization().MapOrdersApiV1();
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(Unmarked(OrdersApi), WithFile(program));
    }

    [Fact]
    public Task A_returned_group_is_reported_when_one_caller_leaves_it_open()
    {
        const string program = """
            var app = WebApplication.Create(args);
            app.MapOrdersApiV1().RequireAuthorization();
            app.MapOrdersApiV1().WithTags("v1");
            app.{|#2:MapOrderExport|}().WithName("Export2");
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(
            OrdersApi,
            WithFile(program),
            Endpoint(0, "GET /api/v1/orders"),
            Endpoint(1, "PUT /api/v1/orders/cancel", ChangesState("PUT")),
            Endpoint(2, "GET /api/v1/orders/export"));
    }

    // ---------------------------------------------------------------- 4. endpoint-mapping wrappers of the app

    private const string Wrappers = """
        public static class EndpointRouteBuilderExtensions
        {
            public static RouteHandlerBuilder MapGet(this IEndpointRouteBuilder builder, Delegate handler, string pattern = "")
            {
                return builder.MapGet(pattern, handler)
                    .WithName(handler.Method.Name);
            }

            public static RouteHandlerBuilder MapPost(this IEndpointRouteBuilder builder, Delegate handler, string pattern = "") =>
                builder.MapPost(pattern, handler).WithName(handler.Method.Name);

            // Never called: its own endpoint is what is checked.
            public static RouteHandlerBuilder MapDelete(this IEndpointRouteBuilder builder, Delegate handler, string pattern)
            {
                var endpoint = builder.{|#9:MapDelete|}(pattern, handler);
                return endpoint;
            }
        }

        public class TodoItems
        {
            public static void Map(RouteGroupBuilder groupBuilder)
            {
                groupBuilder.RequireAuthorization();
                groupBuilder.MapPost(CreateTodoItem);
                groupBuilder.MapGet(GetTodoItem, "{id}");
            }

            public static IResult CreateTodoItem(string title) => Results.Ok(title);

            public static IResult GetTodoItem(int id) => Results.Ok(id);
        }

        public class Users
        {
            public static void Map(RouteGroupBuilder groupBuilder)
            {
                groupBuilder.MapPost(Logout, "logout").RequireAuthorization();
                groupBuilder.{|#0:MapPost|}(Export, "export");
            }

            public static IResult Logout() => Results.Ok();

            public static IResult Export() => Results.Ok();
        }

        public static class Handlers
        {
            public static IResult Items() => Results.Ok();

            [Microsoft.AspNetCore.Authorization.AllowAnonymous]
            public static IResult Terms() => Results.Ok();
        }
        """;

    [Fact]
    public Task Wrapper_calls_are_the_endpoints_covered_by_their_group_or_reported_where_they_are_made()
    {
        const string program = """
            var app = WebApplication.Create(args);
            TodoItems.Map(app.MapGroup("/api/TodoItems"));
            Users.Map(app.MapGroup("/api/Users"));
            app.MapGroup("/api/items").RequireAuthorization().MapGet(Handlers.Items);
            app.{|#1:MapGet|}(Handlers.Items, "/api/open-items");
            app.MapGet(Handlers.Terms, "/terms");
            var api = app.MapGroup("/api/v2");
            api.{|#2:MapPost|}(Handlers.Items);
            app.Run();
            """;

        // The framework calls inside MapGet/MapPost are not reported: each call of the wrapper is an endpoint of its own.
        return Verify.VerifyAnalyzerAsync(
            Wrappers,
            WithFile(program),
            Endpoint(0, "POST /export", ChangesState("POST")),
            Endpoint(1, "GET /api/open-items"),
            Endpoint(2, "POST /api/v2", ChangesState("POST")),
            Endpoint(9, "DELETE", ChangesState("DELETE")));
    }

    [Fact]
    public Task A_wrapper_that_requires_authorization_itself_covers_every_call()
    {
        const string source = """
            var app = WebApplication.Create(args);
            app.MapSecureGet("/a", () => "a");
            app.MapGroup("/b").MapSecureGet("/", () => "b");
            app.Run();

            public static class SecureEndpoints
            {
                public static RouteHandlerBuilder MapSecureGet(this IEndpointRouteBuilder routes, string pattern, Delegate handler) =>
                    routes.MapGet(pattern, handler).RequireAuthorization();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    // ---------------------------------------------------------------- 7. an unbound call is not a convention on the whole app

    [Fact]
    public Task An_unbound_call_on_the_app_does_not_cover_its_endpoints()
    {
        const string source = """
            var app = WebApplication.Create(args);
            app.{|CS1061:UseGraphQL<{|CS0246:ISchema|}>|}("/graphql");
            app.{|#0:MapPost|}("/api/orders", () => Results.Ok());
            var api = app.MapGroup("/api/v2");
            api.{|CS1061:RequireTenant|}();
            api.MapPost("/orders", () => Results.Ok());
            app.MapGet("/reports", () => "r").{|CS1061:RequireTenant|}();
            app.Run();

            static class Modules
            {
                public static void MapLegacy(IEndpointRouteBuilder routes)
                {
                    routes.{|CS1061:UseLegacyAuth|}();
                    routes.{|#1:MapGet|}("/legacy", () => "l");
                }
            }
            """;

        // Not knowing stops at one endpoint's or group's chain (the group /api/v2, the endpoint /reports).
        return Verify.VerifyAnalyzerAsync(source, Endpoint(0, "POST /api/orders"), Endpoint(1, "GET /legacy"));
    }

    // ---------------------------------------------------------------- 9. routes in messages

    [Fact]
    public Task The_message_shows_the_full_route_with_constant_group_prefixes()
    {
        const string source = """
            var app = WebApplication.Create(args);
            app.MapGroup("/api/v1").MapGroup("/orders").{|#0:MapGet|}("/{id}", (int id) => id);
            var api = app.MapGroup("api/");
            api.{|#1:MapGet|}("", () => "root");
            app.{|#2:MapGet|}("", () => "home");
            var route = args.Length > 0 ? args[0] : "/x";
            app.{|#3:MapGet|}(route, () => "x");
            app.MapGroup(route).{|#4:MapGet|}("/y", () => "y");
            app.MapGroup("/").MapGroup("//nested/").{|#5:MapGet|}("/", () => "n");
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Endpoint(0, "GET /api/v1/orders/{id}"),
            Endpoint(1, "GET /api"),
            Endpoint(2, "GET /"),
            Endpoint(3, "GET"),
            Endpoint(4, "GET /y"),
            Endpoint(5, "GET /nested"));
    }

    [Fact]
    public Task A_non_constant_pattern_gives_a_message_without_double_or_trailing_spaces()
    {
        const string source = """
            var app = WebApplication.Create(args);
            app.{|#0:MapGet|}(args[0], () => "x");
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.MinimalApiEndpointWithoutAuthorization).WithLocation(0)
                .WithMessage("Endpoint GET has no RequireAuthorization() or AllowAnonymous() on it, its route groups or its handler, and no fallback policy covers it: anyone can call it"));
    }

    // ---------------------------------------------------------------- half-typed code

    [Fact]
    public async Task Wrappers_helpers_and_filter_attributes_being_typed_never_crash_the_analyzers()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.Filters;

            var app = WebApplication.Create(args);
            app.UseHsts();
            app.UseHttpsRedirection();
            app.MapGroup("/api").WithDefaults().MapGet(Handlers.Items, "/items").WithName("Items");
            app.MapOrders().RequireAuthorization();
            app.Run();

            public static class Wrappers
            {
                public static RouteHandlerBuilder MapGet(this IEndpointRouteBuilder builder, Delegate handler, string pattern = "")
                {
                    var endpoint = builder.MapGet(pattern, handler);
                    return endpoint.WithName(handler.Method.Name);
                }

                public static RouteGroupBuilder WithDefaults(this RouteGroupBuilder group)
                {
                    group.RequireAuthorization("Api");
                    return group;
                }

                public static RouteGroupBuilder MapOrders(this IEndpointRouteBuilder app)
                {
                    var api = app.MapGroup("/orders");
                    api.MapPost("/", () => Results.Ok());
                    return api;
                }
            }

            public static class Handlers
            {
                public static IResult Items() => Results.Ok();
            }

            public sealed class KeyFilter : IAuthorizationFilter
            {
                public void OnAuthorization(AuthorizationFilterContext context) { }
            }

            public sealed class KeyAttribute : TypeFilterAttribute
            {
                public KeyAttribute() : base(typeof(KeyFilter)) { }
            }

            [Key]
            [Route("api/keys")]
            public class KeysController : ControllerBase
            {
                [HttpPost("rotate")]
                public IActionResult Rotate() => Ok();
            }
            """;

        // Every prefix of the file, as if typed from the start (cut every few characters).
        for (var length = 0; length <= source.Length; length += 23)
        {
            await ProductAnalysis.SapiFindingsAsync(source.Substring(0, length), mustCompile: false);
        }

        Assert.Empty(await ProductAnalysis.SapiFindingsAsync(source));
    }

    private static string ChangesState(string verb) => $"; it changes state ({verb}) while other endpoints of this app require authorization";

    /// <summary>The source without its {|#n:...|} markers.</summary>
    private static string Unmarked(string source) => System.Text.RegularExpressions.Regex.Replace(source, @"\{\|#\d+:([^|]*)\|\}", "$1");
}
