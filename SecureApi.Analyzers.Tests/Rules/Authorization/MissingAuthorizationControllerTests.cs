using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Authorization.MissingAuthorizationAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Authorization;

/// <summary>SAPI2001: controller actions that no authorization metadata reaches.</summary>
public sealed class MissingAuthorizationControllerTests
{
    private static DiagnosticResult Action(int markup, string name, string suffix = "") =>
        Verify.Diagnostic(Descriptors.ControllerActionWithoutAuthorization).WithLocation(markup).WithArguments(name, suffix);

    private static SnippetOptions WithProgram(string program) => new() { AdditionalSources = ImmutableArray.Create(program) };

    private static string ChangesState(string verb) => $"; it changes state ({verb}) while other endpoints of this app require authorization";

    private static string LooksPublic(string reason) => $"; it looks public by nature ({reason}): mark it [AllowAnonymous] if anyone may call it";

    private const string OrdersController = """
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        [Route("api/orders")]
        public class OrdersController : ControllerBase
        {
            [HttpGet("{id}")]
            public IActionResult {|#0:Get|}(int id) => Ok(id);
        }
        """;

    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task ApiController_action_without_any_metadata()
    {
        return Verify.VerifyAnalyzerAsync(OrdersController, Action(0, "Get"));
    }

    [Fact]
    public Task Every_uncovered_action_is_reported_and_covered_ones_are_not()
    {
        const string source = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("api/[controller]")]
            public class AccountsController : ControllerBase
            {
                [HttpPost("login"), AllowAnonymous]
                public IActionResult Login() => Ok();

                [HttpGet("{id}")]
                public async Task<IActionResult> {|#0:Get|}(int id) { await Task.Yield(); return Ok(id); }

                [HttpDelete("{id}")]
                [Authorize(Roles = "admin")]
                public IActionResult Delete(int id) => NoContent();

                [HttpPut("{id}")]
                public ActionResult<int> {|#1:Update|}(int id) => id;
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Action(0, "Get"), Action(1, "Update", ChangesState("PUT")));
    }

    [Fact]
    public Task Mvc_controller_and_poco_controller_by_naming_convention()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class ReportsController : Controller
            {
                public IActionResult {|#0:Index|}() => View();
            }

            // No base class: in an app that registers MVC, ASP.NET Core still treats a public class named *Controller
            // (in any case) as a controller.
            public class ExportController
            {
                public string {|#1:Csv|}() => "a,b";
            }

            public class Legacycontroller
            {
                public string {|#2:Items|}() => "";
            }
            """;
        const string program = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllers();
            var app = builder.Build();
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, WithProgram(program), Action(0, "Index"), Action(1, "Csv"), Action(2, "Items"));
    }

    [Theory]
    [InlineData("builder.Services.AddControllers();")]
    [InlineData("builder.Services.AddControllersWithViews();")]
    [InlineData("builder.Services.AddMvc();")]
    [InlineData("builder.Services.AddMvcCore();")]
    [InlineData("builder.Services.AddRazorPages();")]
    [InlineData("builder.Build().MapControllers();")]
    public Task A_poco_controller_is_a_controller_when_the_app_registers_MVC(string registration)
    {
        const string source = """
            public class ExportController
            {
                public string {|#0:Csv|}() => "a,b";
            }
            """;
        var program = $$"""
            var builder = WebApplication.CreateBuilder(args);
            {{registration}}
            """;
        return Verify.VerifyAnalyzerAsync(source, WithProgram(program), Action(0, "Csv"));
    }

    [Fact]
    public Task In_a_class_library_only_ControllerBase_and_Controller_attribute_classes_are_controllers()
    {
        // No AddControllers/MapControllers anywhere: a *Controller class without [Controller] ancestry is a plain class
        // (a game's InputController, a library's helper); a ControllerBase-derived class stays a controller, as an
        // app referencing the library discovers it.
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class InputController
            {
                public void Move(int dx, int dy) { }
            }

            public class StorageController
            {
                public Task<string> ReadAsync(string key) => Task.FromResult(key);
            }

            [ApiController]
            [Route("api/shared")]
            public class SharedController : ControllerBase
            {
                [HttpGet]
                public IActionResult {|#0:Get|}() => Ok();
            }

            [Controller]
            public class Billing
            {
                public string {|#1:Invoices|}() => "";
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Action(0, "Get"), Action(1, "Invoices"));
    }

    [Fact]
    public Task Nested_classes_and_NonController_types_are_never_controllers()
    {
        // ControllerFeatureProvider: "IsPublic returns false for nested classes, regardless of visibility modifiers",
        // and [NonController] wins over [Controller] and the name.
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class Api
            {
                public class OrdersController : ControllerBase
                {
                    public IActionResult Get() => Ok();
                }
            }

            [NonController]
            public class PaymentsController : ControllerBase
            {
                public IActionResult Get() => Ok();
            }

            [NonController]
            [Controller]
            public class Refunds
            {
                public string List() => "";
            }
            """;
        const string program = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllers();
            """;
        return Verify.VerifyAnalyzerAsync(source, WithProgram(program));
    }

    [Fact]
    public Task Controller_attribute_makes_any_name_a_controller_and_is_inherited()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            [Controller]
            public class Billing
            {
                public string {|#0:Invoices|}() => "";
            }

            public class PremiumBilling : Billing
            {
                public string {|#1:Refund|}() => "";
            }
            """;

        // PremiumBilling inherits Invoices from the controller Billing: reported at the derived class too.
        return Verify.VerifyAnalyzerAsync(
            source,
            Action(0, "Invoices"),
            Action(1, "Refund"),
            Verify.Diagnostic(Descriptors.ControllerActionWithoutAuthorization).WithSpan(9, 14, 9, 28).WithArguments("Invoices", ""));
    }

    [Fact]
    public Task Actions_inherited_from_an_abstract_generic_base_are_reported_on_each_concrete_controller()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            public abstract class CrudController<T> : ControllerBase
            {
                [HttpGet]
                public virtual IActionResult List() => Ok();

                [HttpDelete("{id}")]
                public IActionResult Delete(int id) => NoContent();
            }

            public record Product(int Id);

            public record Supplier(int Id);

            [Route("api/products")]
            public class {|#0:ProductsController|} : CrudController<Product>
            {
            }

            [Route("api/suppliers")]
            public class {|#1:SuppliersController|} : CrudController<Supplier>
            {
                public override IActionResult {|#2:List|}() => Ok(new[] { 1 });
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Action(0, "List"),
            Action(0, "Delete"),
            Action(1, "Delete"),
            Action(2, "List"));
    }

    [Fact]
    public Task Partial_controller_reports_the_action_in_the_file_that_declares_it()
    {
        const string other = """
            using Microsoft.AspNetCore.Mvc;

            public partial class DoctorsController
            {
                [HttpPut("{id}/availability")]
                public IActionResult {|#1:SetAvailability|}(int id) => NoContent();
            }
            """;
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("api/doctors")]
            public partial class DoctorsController : ControllerBase
            {
                [HttpGet("{id}")]
                public IActionResult {|#0:Get|}(int id) => Ok(id);
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            WithProgram(other),
            Action(0, "Get"),
            Action(1, "SetAvailability"));
    }

    [Fact]
    public Task Override_of_an_unprotected_base_action_is_reported_at_the_override()
    {
        const string source = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            public abstract class ApiBase : ControllerBase
            {
                [Authorize]
                public virtual IActionResult Secure() => Ok();

                public virtual IActionResult Open() => Ok();
            }

            public class ItemsController : ApiBase
            {
                public override IActionResult Secure() => Ok(1);

                public override IActionResult {|#0:Open|}() => Ok(2);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Action(0, "Open"));
    }

    [Fact]
    public Task Authorization_on_another_controller_does_not_cover_this_one()
    {
        const string source = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            [Authorize]
            public class AdminController : ControllerBase
            {
                public IActionResult Index() => Ok();
            }

            public class PublicController : ControllerBase
            {
                public IActionResult {|#0:Index|}() => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Action(0, "Index"));
    }

    [Fact]
    public Task A_null_fallback_policy_covers_nothing()
    {
        const string program = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthorization(options => options.FallbackPolicy = null);
            builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(null);
            builder.Services.AddControllers();
            var app = builder.Build();
            app.MapControllers();
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(OrdersController, WithProgram(program), Action(0, "Get"));
    }

    [Fact]
    public Task A_filter_that_is_not_an_authorization_filter_does_not_cover()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.Filters;

            public sealed class AuditFilter : IActionFilter
            {
                public void OnActionExecuting(ActionExecutingContext context) { }
                public void OnActionExecuted(ActionExecutedContext context) { }
            }

            [TypeFilter(typeof(AuditFilter))]
            public class AuditController : ControllerBase
            {
                public IActionResult {|#0:Entries|}() => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Action(0, "Entries"));
    }

    // ---------------------------------------------------------------- must not flag

    [Theory]
    [InlineData("[Authorize]")]
    [InlineData("[Authorize(Policy = \"Admin\")]")]
    [InlineData("[AllowAnonymous]")]
    [InlineData("[RequireAdmin]")]
    [InlineData("[ApiKey]")]
    [InlineData("[TypeFilter(typeof(ApiKeyFilter))]")]
    [InlineData("[ServiceFilter(typeof(ApiKeyFilter))]")]
    [InlineData("[SignedRequest]")]
    public Task Authorization_metadata_on_the_controller_covers_every_action(string attribute)
    {
        var source = $$"""
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.Filters;

            // A custom attribute deriving from AuthorizeAttribute.
            public sealed class RequireAdminAttribute : AuthorizeAttribute
            {
                public RequireAdminAttribute() => Roles = "admin";
            }

            // A custom attribute implementing IAuthorizeData directly.
            [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
            public sealed class ApiKeyAttribute : Attribute, IAuthorizeData
            {
                public string? Policy { get; set; } = "ApiKey";
                public string? Roles { get; set; }
                public string? AuthenticationSchemes { get; set; }
            }

            // A custom authorization filter, used through TypeFilter/ServiceFilter.
            public sealed class ApiKeyFilter : IAsyncAuthorizationFilter
            {
                public Task OnAuthorizationAsync(AuthorizationFilterContext context) => Task.CompletedTask;
            }

            // An attribute that is itself an authorization filter.
            public sealed class SignedRequestAttribute : Attribute, IAuthorizationFilter
            {
                public void OnAuthorization(AuthorizationFilterContext context) { }
            }

            [ApiController]
            [Route("api/orders")]
            {{attribute}}
            public class OrdersController : ControllerBase
            {
                [HttpGet]
                public IActionResult List() => Ok();

                [HttpPost]
                public IActionResult Create() => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    private const string FilterAttributes = """
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.Filters;

        public sealed class ApiKeyFilter : IAsyncAuthorizationFilter
        {
            public Task OnAuthorizationAsync(AuthorizationFilterContext context) => Task.CompletedTask;
        }

        public sealed class AuditFilter : IActionFilter
        {
            public void OnActionExecuting(ActionExecutingContext context) { }
            public void OnActionExecuted(ActionExecutedContext context) { }
        }

        // The filter type is in the attribute class's constructor, not in its usage.
        public sealed class ApiKeyAttribute : TypeFilterAttribute
        {
            public ApiKeyAttribute() : base(typeof(ApiKeyFilter)) { }
        }

        public sealed class ServiceKeyAttribute : ServiceFilterAttribute
        {
            public ServiceKeyAttribute() : base(typeof(ApiKeyFilter)) { }
        }

        public sealed class FilterAttribute : TypeFilterAttribute
        {
            public FilterAttribute(Type filter) : base(filter) { }
        }

        public class ChainedKeyAttribute : TypeFilterAttribute
        {
            public ChainedKeyAttribute() : this(typeof(ApiKeyFilter), 1) { }

            protected ChainedKeyAttribute(Type filter, int order) : base(filter) => Order = order;
        }

        public sealed class AuditAttribute : TypeFilterAttribute
        {
            public AuditAttribute() : base(typeof(AuditFilter)) { }
        }
        """;

    [Theory]
    [InlineData("[ApiKey]")]
    [InlineData("[ServiceKey]")]
    [InlineData("[Filter(typeof(ApiKeyFilter))]")]
    [InlineData("[ChainedKey]")]
    public Task A_TypeFilterAttribute_subclass_over_an_authorization_filter_covers(string attribute)
    {
        var source = $$"""
            [ApiController]
            [Route("api/keys")]
            {{attribute}}
            public class KeysController : ControllerBase
            {
                [HttpGet]
                public IActionResult List() => Ok();
            }

            public class LeasesController : ControllerBase
            {
                {{attribute}}
                [HttpPost]
                public IActionResult Renew() => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(FilterAttributes + source);
    }

    [Theory]
    [InlineData("[Audit]")]
    [InlineData("[Filter(typeof(AuditFilter))]")]
    public Task A_TypeFilterAttribute_subclass_over_another_filter_does_not_cover(string attribute)
    {
        var source = $$"""
            [ApiController]
            [Route("api/keys")]
            {{attribute}}
            public class KeysController : ControllerBase
            {
                [HttpGet]
                public IActionResult {|#0:List|}() => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(FilterAttributes + source, Action(0, "List"));
    }

    [Fact]
    public Task Base_controller_with_Authorize_covers_derived_controllers()
    {
        const string source = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Authorize]
            public abstract class SecuredController : ControllerBase
            {
            }

            [Route("api/invoices")]
            public class InvoicesController : SecuredController
            {
                [HttpGet]
                public IActionResult List() => Ok();
            }

            [Route("api/credit-notes")]
            public class CreditNotesController : InvoicesController
            {
                [HttpGet("open")]
                public IActionResult Open() => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task AllowAnonymous_health_and_login_actions()
    {
        const string source = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("api")]
            public class PublicController : ControllerBase
            {
                [HttpGet("health"), AllowAnonymous]
                public IActionResult Health() => Ok("up");

                [AllowAnonymous]
                [HttpPost("login")]
                public IActionResult Login() => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Authorize_on_a_base_method_reaches_its_override()
    {
        const string source = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            public abstract class ReportsBase : ControllerBase
            {
                [Authorize]
                [HttpGet]
                public virtual IActionResult Summary() => Ok();
            }

            public class SalesReportsController : ReportsBase
            {
                public override IActionResult Summary() => Ok("sales");
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Methods_that_are_not_actions()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("api/clinic")]
            public class ClinicInfoController : ControllerBase, IDisposable
            {
                public static string? HoursFor(DayOfWeek day) => null;

                [NonAction]
                public string Format(int value) => value.ToString();

                internal IActionResult Internal() => Ok();

                protected IActionResult Protected() => Ok();

                private IActionResult Private() => Ok();

                public T Generic<T>() => default!;

                public string Name { get; set; } = "";

                public void Dispose() { }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Classes_that_are_not_controllers()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            // Named *Controller but opted out.
            [NonController]
            public class ThermostatController
            {
                public void SetTarget(double celsius) { }
            }

            // Opted out through a base class.
            [NonController]
            public abstract class DeviceBase { }

            public class FanController : DeviceBase
            {
                public void Start() { }
            }

            public abstract class AbstractController : ControllerBase
            {
                public IActionResult Get() => Ok();
            }

            public class GenericController<T> : ControllerBase
            {
                public IActionResult Get() => Ok();
            }

            internal class InternalController : ControllerBase
            {
                public IActionResult Get() => Ok();
            }

            internal static class Holder
            {
                public class NestedController : ControllerBase
                {
                    public IActionResult Get() => Ok();
                }
            }

            public static class StaticController
            {
                public static void Get() { }
            }

            // Not a controller by name or attribute.
            public class OrderService
            {
                public int Count() => 0;
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Partial_controller_with_Authorize_on_another_part()
    {
        const string other = """
            using Microsoft.AspNetCore.Authorization;

            [Authorize(Policy = "Staff")]
            public partial class DoctorsController
            {
            }
            """;
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("api/doctors")]
            public partial class DoctorsController : ControllerBase
            {
                [HttpGet("{id}")]
                public IActionResult Get(int id) => Ok(id);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, WithProgram(other));
    }

    [Theory]
    [InlineData("builder.Services.AddAuthorization(options => options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());")]
    [InlineData("builder.Services.AddAuthorization(options => { options.FallbackPolicy = options.DefaultPolicy; });")]
    [InlineData("builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());")]
    [InlineData("builder.Services.AddControllers(options => options.Filters.Add(new AuthorizeFilter()));")]
    [InlineData("builder.Services.AddControllers(options => options.Filters.Add(new AuthorizeFilter(\"Staff\")));")]
    [InlineData("builder.Services.AddMvc(options => options.Filters.Add<AuthorizeFilter>());")]
    [InlineData("builder.Services.AddControllers(options => options.Filters.Add(typeof(AuthorizeFilter)));")]
    [InlineData("builder.Build().MapControllers().RequireAuthorization();")]
    [InlineData("builder.Build().MapControllers().RequireAuthorization(\"Staff\");")]
    [InlineData("var app = builder.Build(); var mvc = app.MapControllers(); mvc.RequireAuthorization();")]
    [InlineData("builder.Build().MapDefaultControllerRoute().RequireAuthorization();")]
    public Task App_wide_authorization_in_another_file_covers_every_action(string statement)
    {
        var program = $$"""
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc.Authorization;

            var builder = WebApplication.CreateBuilder(args);
            {{statement}}
            """;
        return Verify.VerifyAnalyzerAsync(OrdersController.Replace("{|#0:Get|}", "Get"), WithProgram(program));
    }

    [Fact]
    public Task Startup_class_fallback_policy_covers_every_action()
    {
        const string startup = """
            using Microsoft.AspNetCore.Authorization;

            public sealed class Startup
            {
                public void ConfigureServices(IServiceCollection services)
                {
                    services.AddControllers();
                    services.AddAuthorization(options =>
                    {
                        options.FallbackPolicy = new AuthorizationPolicyBuilder()
                            .RequireAuthenticatedUser()
                            .Build();
                    });
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(OrdersController.Replace("{|#0:Get|}", "Get"), WithProgram(startup));
    }

    [Fact]
    public Task Without_ASP_NET_Core_nothing_is_a_controller()
    {
        const string source = """
            public class InputController
            {
                public void Move(int dx, int dy) { }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, new SnippetOptions { ImplicitUsings = false, References = ReferencePresets.BaseClassLibraryOnly });
    }
}
