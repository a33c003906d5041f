using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Exceptions.ExceptionDetailsLeakAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Exceptions;

/// <summary>SAPI5001: exception details written to HTTP responses, and JwtBearerOptions.IncludeErrorDetails = true.</summary>
public sealed class ExceptionDetailsLeakAnalyzerTests
{
    private const string Consequence = "clients see internal details (SQL, file paths, host names, stack frames); log the exception and answer with a generic message";

    /// <param name="from">The exception the value was built from, when the sent expression does not show it.</param>
    private static DiagnosticResult Leak(int markup, string expression, string? from = null) =>
        Verify.Diagnostic(Descriptors.ExceptionDetailsLeak).WithLocation(markup).WithArguments(
            from is null ? $"'{expression}' reaches the HTTP response" : $"'{expression}', built from the exception '{from}', reaches the HTTP response",
            Consequence);

    /// <summary>A controller whose action body is <paramref name="catchBody"/> inside <c>catch (<paramref name="caught"/> ex)</c>.</summary>
    private static string Controller(string caught, string catchBody, string extraUsings = "") => $$"""
        using Microsoft.AspNetCore.Mvc;
        {{extraUsings}}

        public class OrdersController : ControllerBase
        {
            private readonly ILogger<OrdersController> _logger;

            public OrdersController(ILogger<OrdersController> logger) => _logger = logger;

            [HttpPost]
            public IActionResult Create(string name)
            {
                try
                {
                    return Ok(name.Length);
                }
                catch ({{caught}} ex)
                {
                    {{catchBody}}
                }
            }
        }
        """;

    // ---------------------------------------------------------------- controllers

    [Theory]
    [InlineData("return BadRequest({|#0:ex.Message|});", "ex.Message")]
    [InlineData("return Problem(detail: {|#0:ex.StackTrace|}, title: \"Failed\", statusCode: 500);", "ex.StackTrace")]
    [InlineData("return StatusCode(500, {|#0:ex.ToString()|});", "ex.ToString()")]
    [InlineData("return Conflict({|#0:ex.InnerException?.Message|});", "ex.InnerException?.Message")]
    [InlineData("return BadRequest({|#0:ex|});", "ex")]
    [InlineData("return NotFound({|#0:ex.Source|});", "ex.Source")]
    [InlineData("return UnprocessableEntity({|#0:ex.Data|});", "ex.Data")]
    [InlineData("return Content({|#0:ex.Message|});", "ex.Message")]
    [InlineData("return Accepted({|#0:ex.GetBaseException()|});", "ex.GetBaseException()")]
    [InlineData("return Ok(new { error = {|#0:ex.Message|} });", "ex.Message")]
    [InlineData("return StatusCode(500, new { error = \"Could not save.\", detail = {|#0:ex.Message|} });", "ex.Message")]
    [InlineData("return BadRequest(new[] { {|#0:ex.Message|} });", "ex.Message")]
    [InlineData("return BadRequest(new Dictionary<string, string?> { [\"error\"] = {|#0:ex.Message|} });", "ex.Message")]
    [InlineData("return BadRequest(new ErrorBody(\"failed\", {|#0:ex.TargetSite?.Name|}));", "ex.TargetSite?.Name")]
    [InlineData("return ValidationProblem(detail: {|#0:ex.Message|});", "ex.Message")]
    [InlineData("return new ObjectResult({|#0:ex.Message|}) { StatusCode = 500 };", "ex.Message")]
    [InlineData("return new BadRequestObjectResult({|#0:ex.ToString()|});", "ex.ToString()")]
    [InlineData("return new ContentResult { Content = {|#0:ex.StackTrace|}, StatusCode = 500 };", "ex.StackTrace")]
    [InlineData("return new JsonResult({|#0:ex|});", "ex")]
    [InlineData("var result = new ObjectResult(null); result.Value = {|#0:ex.Message|}; return result;", "ex.Message")]
    public Task Exception_details_in_controller_results(string catchBody, string expression)
    {
        var source = Controller("Exception", catchBody) + "\n\npublic sealed record ErrorBody(string Code, string? Detail);\n";
        return Verify.VerifyAnalyzerAsync(source, Leak(0, expression));
    }

    [Theory]
    [InlineData("return BadRequest({|#0:$\"Could not create {name}: {ex.Message}\"|});", "$\"Could not create {name}: {ex.Message}\"")]
    [InlineData("return BadRequest({|#0:\"Could not create: \" + ex.Message|});", "\"Could not create: \" + ex.Message")]
    [InlineData("return BadRequest({|#0:string.Format(\"Failed: {0}\", ex.Message)|});", "string.Format(\"Failed: {0}\", ex.Message)")]
    [InlineData("return BadRequest({|#0:ex.Message.Substring(0, 10)|});", "ex.Message.Substring(0, 10)")]
    [InlineData("return BadRequest({|#0:System.Text.Json.JsonSerializer.Serialize(ex.Data)|});", "System.Text.Json.JsonSerializer.Serialize(ex.Data)")]
    [InlineData("var detail = $\"Failed: {ex.Message}\"; return BadRequest({|#0:detail|});", "detail", "ex")]
    [InlineData("var detail = \"Failed\"; detail += ex.StackTrace; return BadRequest({|#0:detail|});", "detail", "ex")]
    [InlineData("var body = new { error = ex.Message }; return BadRequest({|#0:body|});", "body", "ex")]
    [InlineData("var inner = ex.InnerException ?? ex; return BadRequest({|#0:inner.Message|});", "inner.Message")]
    [InlineData("return BadRequest({|#0:name.Length > 3 ? ex.Message : \"Invalid\"|});", "name.Length > 3 ? ex.Message : \"Invalid\"")]
    public Task Strings_and_objects_built_from_exception_details(string catchBody, string expression, string? from = null)
    {
        return Verify.VerifyAnalyzerAsync(Controller("Exception", catchBody), Leak(0, expression, from));
    }

    [Theory]
    [InlineData("Microsoft.Data.SqlClient.SqlException")]
    [InlineData("Microsoft.EntityFrameworkCore.DbUpdateException")]
    [InlineData("System.IO.IOException")]
    [InlineData("HttpRequestException")]
    [InlineData("InvalidOperationException")]
    [InlineData("TimeoutException")]
    public Task Framework_exception_types_are_details(string type)
    {
        return Verify.VerifyAnalyzerAsync(Controller(type, "return Conflict({|#0:ex.Message|});"), Leak(0, "ex.Message"));
    }

    [Fact]
    public Task Own_exception_types_still_leak_their_stack_trace_and_inner_exceptions()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public sealed class OrderRejectedException(string message, Exception? inner = null) : Exception(message, inner);

            public class OrdersController : ControllerBase
            {
                public IActionResult Create()
                {
                    try
                    {
                        return Ok();
                    }
                    catch (OrderRejectedException ex) when (ex.InnerException is null)
                    {
                        return BadRequest(new { error = ex.Message, trace = {|#0:ex.StackTrace|} });
                    }
                    catch (OrderRejectedException ex)
                    {
                        return Conflict(new { error = ex.Message, cause = {|#1:ex.InnerException!.Message|}, all = {|#2:ex|} });
                    }
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Leak(0, "ex.StackTrace"), Leak(1, "ex.InnerException!.Message"), Leak(2, "ex"));
    }

    [Fact]
    public Task Pattern_variables_and_nested_try_blocks()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.EntityFrameworkCore;

            public sealed class DomainException(string message) : Exception(message);

            public class OrdersController : ControllerBase
            {
                public IActionResult Create()
                {
                    try
                    {
                        return Ok();
                    }
                    catch (Exception ex)
                    {
                        if (ex is DbUpdateException db)
                        {
                            return Conflict({|#0:db.Message|});
                        }

                        try
                        {
                            return Ok();
                        }
                        catch (DomainException)
                        {
                            // The outer exception is still a framework one.
                            return BadRequest({|#1:ex.Message|});
                        }
                    }
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Leak(0, "db.Message"), Leak(1, "ex.Message"));
    }

    [Fact]
    public Task Helper_that_maps_an_exception_parameter_to_a_response()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class ImportController : ControllerBase
            {
                public IActionResult Import()
                {
                    try { return Ok(); }
                    catch (Exception ex) { return Failure(ex); }
                }

                private IActionResult Failure(Exception error) => StatusCode(500, new { message = {|#0:error.Message|} });
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Leak(0, "error.Message"));
    }

    [Fact]
    public Task Model_state_errors_are_sent_back_to_the_client()
    {
        var source = Controller("InvalidOperationException", """ModelState.AddModelError("name", {|#0:ex.Message|}); return ValidationProblem(ModelState);""");
        return Verify.VerifyAnalyzerAsync(source, Leak(0, "ex.Message"));
    }

    // ---------------------------------------------------------------- minimal APIs, middleware, handlers, filters

    [Fact]
    public Task Minimal_API_results()
    {
        const string source = """
            var app = WebApplication.Create(args);
            app.MapPost("/a", (string name) =>
            {
                try { return Results.Ok(name.Length); }
                catch (Exception ex) { return Results.Problem({|#0:ex.Message|}, statusCode: 503); }
            });
            app.MapPost("/b", IResult (string name) =>
            {
                try { return TypedResults.Ok(name.Length); }
                catch (FormatException ex) { return TypedResults.BadRequest({|#1:ex.ToString()|}); }
            });
            app.MapGet("/c", () =>
            {
                try { return Results.Ok(); }
                catch (Exception ex) { return Results.Json(new { error = {|#2:ex.Message|} }, statusCode: 500); }
            });
            app.MapGet("/d", () =>
            {
                try { return Results.Ok(); }
                catch (Exception ex) { return Results.Text({|#3:ex.StackTrace|}); }
            });
            app.MapGet("/e", () =>
            {
                try { return Results.Ok(); }
                catch (Exception ex) { return Results.Problem(title: "Failed", extensions: new Dictionary<string, object?> { ["trace"] = {|#4:ex.StackTrace|} }); }
            });
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Leak(0, "ex.Message"), Leak(1, "ex.ToString()"), Leak(2, "ex.Message"), Leak(3, "ex.StackTrace"), Leak(4, "ex.StackTrace"));
    }

    [Fact]
    public Task UseExceptionHandler_lambda_reads_the_exception_feature()
    {
        const string source = """
            using Microsoft.AspNetCore.Diagnostics;

            var app = WebApplication.Create(args);
            app.UseExceptionHandler(errorApp => errorApp.Run(async context =>
            {
                var feature = context.Features.Get<IExceptionHandlerPathFeature>();
                context.Response.StatusCode = 500;
                await context.Response.WriteAsJsonAsync(new { error = {|#0:feature?.Error.Message|}, path = feature?.Path });
            }));
            app.UseExceptionHandler(new ExceptionHandlerOptions
            {
                ExceptionHandler = async context =>
                {
                    var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                    await context.Response.WriteAsync({|#1:error?.ToString() ?? "error"|});
                },
            });
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Leak(0, "feature?.Error.Message"), Leak(1, "error?.ToString() ?? \"error\""));
    }

    [Fact]
    public Task Middleware_class_writes_the_exception()
    {
        const string source = """
            public sealed class ErrorMiddleware(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    try
                    {
                        await next(context);
                    }
                    catch (Exception ex)
                    {
                        context.Response.StatusCode = 500;
                        await context.Response.WriteAsync({|#0:ex.ToString()|});
                        await context.Response.WriteAsJsonAsync({|#1:ex|});
                    }
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Leak(0, "ex.ToString()"), Leak(1, "ex"));
    }

    [Fact]
    public Task IExceptionHandler_problem_details()
    {
        const string source = """
            using System.Diagnostics;
            using Microsoft.AspNetCore.Diagnostics;
            using Microsoft.AspNetCore.Mvc;

            public sealed class ApiExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
            {
                public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
                {
                    var problem = new ProblemDetails
                    {
                        Title = "Service error",
                        Detail = {|#0:exception.Message|},
                        Extensions = { ["exception"] = {|#1:exception.GetType().FullName + ": " + exception.StackTrace|} },
                    };
                    problem.Extensions["traceId"] = Activity.Current?.Id ?? httpContext.TraceIdentifier;
                    problem.Extensions["inner"] = {|#2:exception.InnerException?.Message|};
                    problem.Extensions.Add("source", {|#3:exception.Source|});
                    await httpContext.Response.WriteAsJsonAsync(new ProblemDetails { Detail = {|#4:$"{exception}"|} }, cancellationToken);
                    return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Leak(0, "exception.Message"),
            Leak(1, "exception.GetType().FullName + \": \" + exception.StackTrace"),
            Leak(2, "exception.InnerException?.Message"),
            Leak(3, "exception.Source"),
            Leak(4, "$\"{exception}\""));
    }

    [Fact]
    public Task Exception_filters_and_CustomizeProblemDetails()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.Filters;

            public sealed class ApiExceptionFilter : IExceptionFilter
            {
                public void OnException(ExceptionContext context) =>
                    context.Result = new ObjectResult(new { error = {|#0:context.Exception.Message|} }) { StatusCode = 500 };
            }

            public sealed class HandleErrorsAttribute : ExceptionFilterAttribute
            {
                public override void OnException(ExceptionContext context)
                {
                    context.Result = new BadRequestObjectResult({|#1:context.Exception.ToString()|});
                    context.ExceptionHandled = true;
                }
            }

            public static class ProblemSetup
            {
                public static void Add(IServiceCollection services) =>
                    services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
                        context.ProblemDetails.Detail = {|#2:context.Exception?.Message|});
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Leak(0, "context.Exception.Message"), Leak(1, "context.Exception.ToString()"), Leak(2, "context.Exception?.Message"));
    }

    [Fact]
    public Task Own_exception_types_are_details_when_the_option_is_off()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public sealed class OrderRejectedException(string message) : Exception(message);

            public class OrdersController : ControllerBase
            {
                public IActionResult Create()
                {
                    try { return Ok(); }
                    catch (OrderRejectedException ex) { return BadRequest({|#0:ex.Message|}); }
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, new SnippetOptions { EditorConfig = "secureapi.exception_leak_allow_own_types = false" }, Leak(0, "ex.Message"));
    }

    // ---------------------------------------------------------------- IncludeErrorDetails

    [Fact]
    public Task IncludeErrorDetails_true()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(options =>
            {
                options.Authority = "https://login.example.com";
                options.{|#0:IncludeErrorDetails = true|};
            });
            builder.Services.Configure<JwtBearerOptions>("other", o => o.{|#1:IncludeErrorDetails = true|});
            if (builder.Environment.IsDevelopment())
            {
                builder.Services.PostConfigure<JwtBearerOptions>(o => o.IncludeErrorDetails = true);
            }

            builder.Services.PostConfigure<JwtBearerOptions>(o => o.IncludeErrorDetails = false);
            builder.Build().Run();
            """;
        const string why = "every rejected token is explained to the client in the WWW-Authenticate header (expired, wrong issuer or audience, bad signature), which helps attackers probe the validation";
        return Verify.VerifyAnalyzerAsync(
            source,
            Verify.Diagnostic(Descriptors.ExceptionDetailsLeak).WithLocation(0).WithArguments("IncludeErrorDetails = true", why),
            Verify.Diagnostic(Descriptors.ExceptionDetailsLeak).WithLocation(1).WithArguments("IncludeErrorDetails = true", why));
    }

    // ---------------------------------------------------------------- must not flag

    [Theory]
    [InlineData("_logger.LogError(ex, \"Create failed\"); return Problem();")]
    [InlineData("_logger.LogError(ex, \"Create failed: {Message}\", ex.Message); return StatusCode(500, \"Internal error\");")]
    [InlineData("return Problem(title: \"An unexpected error occurred.\");")]
    [InlineData("return StatusCode(500, new { error = \"The order could not be created.\", code = ex.HResult });")]
    [InlineData("return BadRequest(new { type = ex.GetType().Name, length = ex.Message.Length, empty = string.IsNullOrEmpty(ex.Message) });")]
    [InlineData("var message = ex.Message; _logger.LogWarning(message); return BadRequest(\"Invalid order.\");")]
    [InlineData("throw;")]
    [InlineData("var fresh = new InvalidOperationException(\"Order is closed\"); return Conflict(fresh.Message);")]
    public Task Logging_and_generic_messages(string catchBody)
    {
        return Verify.VerifyAnalyzerAsync(Controller("Exception", catchBody));
    }

    [Fact]
    public Task Own_domain_exceptions_and_validation_exceptions_are_messages_for_clients()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;
            using FluentValidation;

            public class DomainException(string message) : Exception(message)
            {
                public string Code { get; } = "domain";
            }

            public sealed class TicketClosedException(long id) : DomainException($"Ticket {id} is closed.");

            public class TicketsController : ControllerBase
            {
                public IActionResult Close(long id)
                {
                    try
                    {
                        return Ok();
                    }
                    catch (TicketClosedException ex)
                    {
                        return Conflict(ex.Message);
                    }
                    catch (DomainException ex)
                    {
                        return BadRequest(new { error = ex.Message, ex.Code });
                    }
                    catch (System.ComponentModel.DataAnnotations.ValidationException ex)
                    {
                        return BadRequest(new { error = ex.Message });
                    }
                    catch (FluentValidation.ValidationException ex)
                    {
                        return BadRequest(ex.Errors);
                    }
                    catch (Ardalis.GuardClauses.NotFoundException ex)
                    {
                        return NotFound(ex.Message);
                    }
                    catch (Exception ex) when (ex is DomainException)
                    {
                        return BadRequest(ex.Message);
                    }
                    catch (Exception ex)
                    {
                        if (ex is DomainException)
                        {
                            return BadRequest(ex.Message);
                        }

                        if (ex is DomainException domain)
                        {
                            return BadRequest(domain.Message);
                        }

                        return Problem();
                    }
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Details_only_in_Development()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController(IWebHostEnvironment environment) : ControllerBase
            {
                public IActionResult Create()
                {
                    try
                    {
                        return Ok();
                    }
                    catch (Exception ex)
                    {
                        if (environment.IsDevelopment())
                        {
                            return Problem(ex.ToString());
                        }

                        return Problem(detail: environment.IsDevelopment() ? ex.StackTrace : null);
                    }
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Exception_passed_to_the_problem_details_service_and_non_response_uses()
    {
        const string source = """
            using Microsoft.AspNetCore.Diagnostics;
            using Microsoft.AspNetCore.Mvc;

            public sealed class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
            {
                public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
                {
                    logger.LogError(exception, "Unhandled: {Message}", exception.Message);
                    httpContext.Response.StatusCode = exception is TimeoutException ? 503 : 500;
                    var audit = new Dictionary<string, string> { ["error"] = exception.Message };
                    Console.WriteLine(exception.ToString());
                    return await problems.TryWriteAsync(new ProblemDetailsContext
                    {
                        HttpContext = httpContext,
                        ProblemDetails = new ProblemDetails { Title = "An unexpected error occurred.", Status = 500 },
                        Exception = exception,
                    });
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task A_Message_property_of_another_type_is_not_an_exception()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public sealed record Notice(string Message, string StackTrace);

            public class NoticesController : ControllerBase
            {
                public IActionResult Get(Notice notice) => Ok(new { notice.Message, notice.StackTrace });
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Without_ASP_NET_Core_nothing_is_a_response()
    {
        const string source = """
            using System;

            public static class Program
            {
                public static string Describe(Exception ex) => ex.ToString();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, new SnippetOptions { ImplicitUsings = false, References = ReferencePresets.BaseClassLibraryOnly });
    }

    // ---------------------------------------------------------------- issue 20: collections, objects and returned values

    [Fact]
    public Task Exception_text_put_into_a_list_dictionary_or_object_that_is_then_sent()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public sealed class ImportResult
            {
                public string? Status { get; set; }
                public string? Detail { get; set; }
            }

            public class ImportsController(ILogger<ImportsController> logger) : ControllerBase
            {
                [HttpPost("rows")]
                public IActionResult Rows(string[] rows)
                {
                    var errors = new List<string>();
                    foreach (var row in rows)
                    {
                        try { _ = int.Parse(row); }
                        catch (Exception ex) { errors.Add({|#0:ex.Message|}); }
                    }

                    return Ok(errors);
                }

                [HttpPost("fields")]
                public Dictionary<string, string> Fields(string name)
                {
                    var errors = new Dictionary<string, string>();
                    try { _ = name.Length; }
                    catch (Exception ex)
                    {
                        errors["name"] = {|#1:ex.Message|};
                        errors.Add("trace", {|#2:ex.StackTrace|}!);
                    }

                    return errors;
                }

                [HttpPost("object")]
                public IActionResult Object(string name)
                {
                    var result = new ImportResult { Status = "failed" };
                    try { _ = name.Length; }
                    catch (Exception ex) { result.Detail = {|#3:ex.ToString()|}; }

                    return BadRequest(new { result });
                }

                [HttpGet("text")]
                public string Text(string name)
                {
                    try { return name.Trim(); }
                    catch (Exception ex) { return {|#4:ex.Message|}; }
                }

                // Logged, not sent.
                [HttpPost("logged")]
                public IActionResult Logged(string[] rows)
                {
                    var problems = new List<string>();
                    foreach (var row in rows)
                    {
                        try { _ = int.Parse(row); }
                        catch (Exception ex) { problems.Add(ex.Message); }
                    }

                    logger.LogWarning("Rows failed: {Problems}", string.Join("; ", problems));
                    return Ok(new { failed = problems.Count });
                }

                // A helper that is not an action: what it returns is not a response.
                private static string Describe(Exception ex) => ex.Message;
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Leak(0, "ex.Message"),
            Leak(1, "ex.Message"),
            Leak(2, "ex.StackTrace"),
            Leak(3, "ex.ToString()"),
            Leak(4, "ex.Message"));
    }

    [Fact]
    public Task Exception_text_in_a_dictionary_returned_by_a_minimal_API_handler_or_given_to_Results_Json()
    {
        const string source = """
            var app = WebApplication.Create();

            app.MapPost("/sync", (string id) =>
            {
                var status = new Dictionary<string, object?>();
                try { _ = id.Length; }
                catch (Exception ex) { status["error"] = {|#0:ex.Message|}; }
                return Results.Json(status);
            });

            app.MapPost("/plain", (string id) =>
            {
                var status = new Dictionary<string, string>();
                try { _ = id.Length; }
                catch (Exception ex) { status.Add("error", {|#1:ex.Message|}); }
                return status;
            });

            app.MapPost("/quiet", (string id, ILogger<Program> logger) =>
            {
                var status = new Dictionary<string, string>();
                try { _ = id.Length; }
                catch (Exception ex) { status["error"] = ex.Message; }
                logger.LogWarning("Sync failed: {Status}", status);
                return Results.Json(new { ok = status.Count == 0 });
            });

            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Leak(0, "ex.Message"), Leak(1, "ex.Message"));
    }

    [Fact]
    public Task Exception_text_rendered_by_MVC_views()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public sealed record ErrorPage(string Title, string Detail);

            public class PortalController : Controller
            {
                public IActionResult Profile(string id)
                {
                    try { return View(id.Trim()); }
                    catch (Exception ex) { return View("Error", {|#0:ex.Message|}); }
                }

                public IActionResult Card(string id)
                {
                    try { return PartialView("_Card", id.Trim()); }
                    catch (Exception ex) { return PartialView({|#1:ex|}); }
                }

                public IActionResult Page(string id)
                {
                    try { return View(id.Trim()); }
                    catch (Exception ex) { return View(new ErrorPage("Failed", {|#2:ex.StackTrace|}!)); }
                }

                public IActionResult State(string id)
                {
                    try { return View(id.Trim()); }
                    catch (Exception ex)
                    {
                        ViewData["Error"] = {|#3:ex.Message|};
                        ViewBag.Detail = {|#4:ex.ToString()|};
                        TempData["Flash"] = {|#5:ex.Message|};
                        return View();
                    }
                }

                // A generic message, and a view name that is only a name.
                public IActionResult Generic(string id)
                {
                    try { return View(id.Trim()); }
                    catch (Exception)
                    {
                        ViewData["Error"] = "The profile could not be loaded.";
                        ViewBag.Retry = true;
                        return View("Error");
                    }
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Leak(0, "ex.Message"),
            Leak(1, "ex"),
            Leak(2, "ex.StackTrace"),
            Leak(3, "ex.Message"),
            Leak(4, "ex.ToString()"),
            Leak(5, "ex.Message"));
    }
}
