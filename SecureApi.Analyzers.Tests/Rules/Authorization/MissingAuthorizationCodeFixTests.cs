using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using SecureApi.CodeFixes.Rules.Authorization;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Authorization.MissingAuthorizationAnalyzer,
    SecureApi.CodeFixes.Rules.Authorization.MissingAuthorizationCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Authorization;

/// <summary>Fixes of SAPI2001/SAPI2002: [Authorize]/[AllowAnonymous] on actions and controllers, conventions on endpoints.</summary>
public sealed class MissingAuthorizationCodeFixTests
{
    private const string Require = MissingAuthorizationCodeFix.RequireAuthorization;
    private const string RequireOnController = MissingAuthorizationCodeFix.RequireOnController;
    private const string AllowAnonymous = MissingAuthorizationCodeFix.AllowAnonymous;

    private const string Controller = """
        using Microsoft.AspNetCore.Mvc;

        namespace Shop;

        [ApiController]
        [Route("api/orders")]
        public class OrdersController : ControllerBase
        {
            /// <summary>One order.</summary>
            [HttpGet("{id}")]
            public IActionResult {|SAPI2001:Get|}(int id) => Ok(id);

            public IActionResult {|SAPI2001:Export|}() => Ok();
        }
        """;

    // ---------------------------------------------------------------- SAPI2001

    [Fact]
    public Task Authorize_on_each_action_adds_the_using_and_keeps_doc_comments()
    {
        const string fixedSource = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            namespace Shop;

            [ApiController]
            [Route("api/orders")]
            public class OrdersController : ControllerBase
            {
                /// <summary>One order.</summary>
                [Authorize]
                [HttpGet("{id}")]
                public IActionResult Get(int id) => Ok(id);

                [Authorize]
                public IActionResult Export() => Ok();
            }
            """;
        return Verify.VerifyCodeFixAsync(Controller, fixedSource, Require);
    }

    [Fact]
    public Task AllowAnonymous_marks_the_action_public()
    {
        const string fixedSource = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            namespace Shop;

            [ApiController]
            [Route("api/orders")]
            public class OrdersController : ControllerBase
            {
                /// <summary>One order.</summary>
                [AllowAnonymous]
                [HttpGet("{id}")]
                public IActionResult Get(int id) => Ok(id);

                [AllowAnonymous]
                public IActionResult Export() => Ok();
            }
            """;
        return Verify.VerifyCodeFixAsync(Controller, fixedSource, AllowAnonymous);
    }

    [Fact]
    public Task Authorize_on_the_controller_clears_all_its_actions_in_one_fix()
    {
        const string fixedSource = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            namespace Shop;

            [Authorize]
            [ApiController]
            [Route("api/orders")]
            public class OrdersController : ControllerBase
            {
                /// <summary>One order.</summary>
                [HttpGet("{id}")]
                public IActionResult Get(int id) => Ok(id);

                public IActionResult Export() => Ok();
            }
            """;
        return Verify.VerifyCodeFixAsync(Controller, fixedSource, RequireOnController, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Controller_fix_on_a_class_without_attributes_keeps_its_doc_comment_and_existing_using()
    {
        const string source = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            /// <summary>Reports.</summary>
            public class ReportsController : ControllerBase
            {
                public IActionResult {|SAPI2001:Daily|}() => Ok();
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            /// <summary>Reports.</summary>
            [Authorize]
            public class ReportsController : ControllerBase
            {
                public IActionResult Daily() => Ok();
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, RequireOnController);
    }

    [Fact]
    public Task Inherited_actions_are_fixed_on_the_derived_controller()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public abstract class CrudController<T> : ControllerBase
            {
                [HttpGet]
                public IActionResult List() => Ok();

                [HttpDelete("{id}")]
                public IActionResult Delete(int id) => NoContent();
            }

            [Route("api/products")]
            public class {|SAPI2001:{|SAPI2001:ProductsController|}|} : CrudController<int>
            {
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            public abstract class CrudController<T> : ControllerBase
            {
                [HttpGet]
                public IActionResult List() => Ok();

                [HttpDelete("{id}")]
                public IActionResult Delete(int id) => NoContent();
            }

            [Authorize]
            [Route("api/products")]
            public class ProductsController : CrudController<int>
            {
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Require, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Inherited_actions_cannot_be_marked_anonymous_on_the_base_method()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public abstract class CrudController : ControllerBase
            {
                public IActionResult List() => Ok();
            }

            public class {|SAPI2001:ProductsController|} : CrudController
            {
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, AllowAnonymous);
    }

    [Fact]
    public Task Fix_all_in_a_mixed_file_with_the_action_key()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public abstract class BaseController : ControllerBase
            {
                public IActionResult Ping() => Ok();
            }

            public class {|SAPI2001:AlphaController|} : BaseController
            {
                public IActionResult {|SAPI2001:One|}() => Ok();
            }

            public class BetaController : ControllerBase
            {
                public IActionResult {|SAPI2001:Two|}() => Ok();

                public IActionResult {|SAPI2001:Three|}() => Ok();
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            public abstract class BaseController : ControllerBase
            {
                public IActionResult Ping() => Ok();
            }

            [Authorize]
            public class AlphaController : BaseController
            {
                public IActionResult One() => Ok();
            }

            public class BetaController : ControllerBase
            {
                [Authorize]
                public IActionResult Two() => Ok();

                [Authorize]
                public IActionResult Three() => Ok();
            }
            """;

        // The controller's [Authorize] (for its inherited Ping) covers One as well: it is not annotated again.
        return Verify.VerifyCodeFixAsync(source, fixedSource, Require, batchFixedSource: fixedSource);
    }

    // ---------------------------------------------------------------- SAPI2002

    private const string Endpoints = """
        var app = WebApplication.Create(args);
        app.{|SAPI2002:MapGet|}("/items", () => "all")
            .WithName("ListItems");
        var api = app.MapGroup("/api");
        api.{|SAPI2002:MapPost|}("/items", (string name) =>
        {
            return Results.Ok(name);
        });
        app.Run();
        """;

    [Fact]
    public Task RequireAuthorization_is_appended_to_each_endpoint_not_the_group()
    {
        const string fixedSource = """
            var app = WebApplication.Create(args);
            app.MapGet("/items", () => "all").RequireAuthorization()
                .WithName("ListItems");
            var api = app.MapGroup("/api");
            api.MapPost("/items", (string name) =>
            {
                return Results.Ok(name);
            }).RequireAuthorization();
            app.Run();
            """;
        return Verify.VerifyCodeFixAsync(Endpoints, fixedSource, Require);
    }

    [Fact]
    public Task AllowAnonymous_is_appended_to_each_endpoint()
    {
        const string fixedSource = """
            var app = WebApplication.Create(args);
            app.MapGet("/items", () => "all").AllowAnonymous()
                .WithName("ListItems");
            var api = app.MapGroup("/api");
            api.MapPost("/items", (string name) =>
            {
                return Results.Ok(name);
            }).AllowAnonymous();
            app.Run();
            """;
        return Verify.VerifyCodeFixAsync(Endpoints, fixedSource, AllowAnonymous);
    }

    /// <summary>
    /// A fresh `dotnet new webapi` sets up no authentication: `.RequireAuthorization()` would compile and then fail
    /// every request with a 500, so the public decision comes first (what `dotnet format` and `secureapi fix` take).
    /// With authentication set up, in this project or (seen by the packages it references) in another one, requiring
    /// authorization comes first.
    /// </summary>
    [Theory]
    [InlineData("", false, AllowAnonymous)]
    [InlineData("builder.Services.AddIdentityApiEndpoints<IdentityUser>();", false, Require)]
    [InlineData("builder.Services.AddAuthentication().AddJwtBearer();", true, Require)]
    [InlineData("", true, Require)]
    public async Task Without_authentication_the_public_decision_is_offered_first(string setup, bool authenticationPackages, string firstKey)
    {
        var source = $$"""
            using Microsoft.AspNetCore.Identity;

            var builder = WebApplication.CreateBuilder(args);
            {{setup}}
            var app = builder.Build();
            app.MapGet("/weatherforecast", () => "sunny");
            app.Run();
            """;
        var controller = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("api/orders")]
            public class OrdersController : ControllerBase
            {
                [HttpGet]
                public IActionResult List() => Ok();
            }
            """;
        var references = authenticationPackages ? ReferencePresets.Default : ReferencePresets.AspNetCoreOnly;
        var document = (await SnippetWorkspace.CreateAsync(references)).With(source, [controller]);
        var compilation = (await document.Project.GetCompilationAsync())!;
        Assert.DoesNotContain(compilation.GetDiagnostics(), d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
        var diagnostics = await compilation.WithAnalyzers([new SecureApi.Analyzers.Rules.Authorization.MissingAuthorizationAnalyzer()]).GetAnalyzerDiagnosticsAsync();
        Assert.Equal(["SAPI2001", "SAPI2002"], diagnostics.Select(d => d.Id).Order().ToArray());

        foreach (var diagnostic in diagnostics)
        {
            var actions = new List<Microsoft.CodeAnalysis.CodeActions.CodeAction>();
            var site = document.Project.Solution.GetDocument(diagnostic.Location.SourceTree)!;
            await new MissingAuthorizationCodeFix().RegisterCodeFixesAsync(
                new Microsoft.CodeAnalysis.CodeFixes.CodeFixContext(site, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
            Assert.Equal(firstKey, actions[0].EquivalenceKey);
        }
    }

    [Fact]
    public Task Builder_using_is_added_when_the_file_does_not_import_it()
    {
        const string source = """
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Routing;

            public static class Modules
            {
                public static void MapItems(IEndpointRouteBuilder routes) =>
                    Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.{|SAPI2002:MapGet|}(routes, "/items", () => Results.Ok());
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Routing;

            public static class Modules
            {
                public static void MapItems(IEndpointRouteBuilder routes) =>
                    Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(routes, "/items", () => Results.Ok()).RequireAuthorization();
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Require, new SnippetOptions { ImplicitUsings = false });
    }

    [Fact]
    public Task The_convention_goes_on_the_call_of_an_endpoint_mapping_wrapper()
    {
        const string source = """
            var app = WebApplication.Create(args);
            app.MapGroup("/api").{|SAPI2002:MapGet|}(Handlers.Items);
            app.Run();

            public static class Wrappers
            {
                public static RouteHandlerBuilder MapGet(this IEndpointRouteBuilder builder, Delegate handler, string pattern = "") =>
                    builder.MapGet(pattern, handler).WithName(handler.Method.Name);
            }

            public static class Handlers
            {
                public static IResult Items() => Results.Ok();
            }
            """;
        const string fixedSource = """
            var app = WebApplication.Create(args);
            app.MapGroup("/api").MapGet(Handlers.Items).RequireAuthorization();
            app.Run();

            public static class Wrappers
            {
                public static RouteHandlerBuilder MapGet(this IEndpointRouteBuilder builder, Delegate handler, string pattern = "") =>
                    builder.MapGet(pattern, handler).WithName(handler.Method.Name);
            }

            public static class Handlers
            {
                public static IResult Items() => Results.Ok();
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Require);
    }

    [Fact]
    public Task No_controller_fix_for_endpoints()
    {
        const string source = """
            var app = WebApplication.Create(args);
            app.{|SAPI2002:MapGet|}("/items", () => "all");
            app.Run();
            """;
        return Verify.VerifyNoCodeFixAsync(source, RequireOnController);
    }
}
