using SecureApi.Analyzers.Tests.Infrastructure;
using SecureApi.CodeFixes.Rules.Exceptions;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Exceptions.ExceptionDetailsLeakAnalyzer,
    SecureApi.CodeFixes.Rules.Exceptions.ExceptionDetailsLeakCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Exceptions;

/// <summary>Fixes of SAPI5001: a generic message instead of the details, the exception logged first when possible.</summary>
public sealed class ExceptionDetailsLeakCodeFixTests
{
    private const string Key = ExceptionDetailsLeakCodeFix.HideDetails;

    [Fact]
    public Task Logs_with_the_controller_logger_and_keeps_the_result_helper_and_status()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController(ILogger<OrdersController> logger) : ControllerBase
            {
                [HttpPost]
                public IActionResult Create(string name)
                {
                    try
                    {
                        return Ok(name.Length);
                    }
                    catch (Exception ex)
                    {
                        return StatusCode(500, new { error = "Could not save.", detail = {|SAPI5001:ex.Message|}, trace = {|SAPI5001:ex.StackTrace|} });
                    }
                }
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController(ILogger<OrdersController> logger) : ControllerBase
            {
                [HttpPost]
                public IActionResult Create(string name)
                {
                    try
                    {
                        return Ok(name.Length);
                    }
                    catch (Exception ex)
                    {
                        logger.LogError(ex, "Request failed");
                        return StatusCode(500, new { error = "Could not save.", detail = "An unexpected error occurred." });
                    }
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Field_logger_in_a_middleware_and_the_exception_object_itself()
    {
        const string source = """
            public sealed class ErrorMiddleware
            {
                private readonly RequestDelegate _next;
                private readonly ILogger<ErrorMiddleware> _logger;

                public ErrorMiddleware(RequestDelegate next, ILogger<ErrorMiddleware> logger)
                {
                    _next = next;
                    _logger = logger;
                }

                public async Task InvokeAsync(HttpContext context)
                {
                    try
                    {
                        await _next(context);
                    }
                    catch (Exception ex)
                    {
                        context.Response.StatusCode = 500;
                        await context.Response.WriteAsJsonAsync({|SAPI5001:ex|});
                    }
                }
            }
            """;
        const string fixedSource = """
            public sealed class ErrorMiddleware
            {
                private readonly RequestDelegate _next;
                private readonly ILogger<ErrorMiddleware> _logger;

                public ErrorMiddleware(RequestDelegate next, ILogger<ErrorMiddleware> logger)
                {
                    _next = next;
                    _logger = logger;
                }

                public async Task InvokeAsync(HttpContext context)
                {
                    try
                    {
                        await _next(context);
                    }
                    catch (Exception ex)
                    {
                        context.Response.StatusCode = 500;
                        _logger.LogError(ex, "Request failed");
                        await context.Response.WriteAsJsonAsync("An unexpected error occurred.");
                    }
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task No_second_log_call_when_the_method_logs_the_exception_already()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController(ILogger<OrdersController> logger) : ControllerBase
            {
                public IActionResult Create()
                {
                    try
                    {
                        return Ok();
                    }
                    catch (InvalidOperationException ex)
                    {
                        logger.LogWarning(ex, "Create failed");
                        return Conflict({|SAPI5001:$"Could not create: {ex.Message}"|});
                    }
                }
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController(ILogger<OrdersController> logger) : ControllerBase
            {
                public IActionResult Create()
                {
                    try
                    {
                        return Ok();
                    }
                    catch (InvalidOperationException ex)
                    {
                        logger.LogWarning(ex, "Create failed");
                        return Conflict("An unexpected error occurred.");
                    }
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    /// <summary>Nothing reads <c>ex</c> after the fix: it loses its name (an unused catch variable is CS0168).</summary>
    [Fact]
    public Task Without_a_logger_the_message_is_replaced_and_the_unused_variable_dropped()
    {
        const string source = """
            var app = WebApplication.Create(args);
            app.MapPost("/import", (string csv) =>
            {
                try
                {
                    return Results.Ok(csv.Length);
                }
                catch (FormatException ex)
                {
                    return Results.Problem({|SAPI5001:ex.Message|}, statusCode: 400);
                }
            });
            app.Run();
            """;
        const string fixedSource = """
            var app = WebApplication.Create(args);
            app.MapPost("/import", (string csv) =>
            {
                try
                {
                    return Results.Ok(csv.Length);
                }
                catch (FormatException)
                {
                    return Results.Problem("An unexpected error occurred.", statusCode: 400);
                }
            });
            app.Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    /// <summary>A catch variable still read elsewhere (a filter, another statement) keeps its name.</summary>
    [Fact]
    public Task A_catch_variable_that_is_still_used_keeps_its_name()
    {
        const string source = """
            var app = WebApplication.Create(args);
            app.MapPost("/import", (string csv) =>
            {
                try
                {
                    return Results.Ok(csv.Length);
                }
                catch (FormatException ex) when (ex.Data.Count == 0)
                {
                    return Results.Problem({|SAPI5001:ex.Message|}, statusCode: 400);
                }
            });
            app.Run();
            """;
        const string fixedSource = """
            var app = WebApplication.Create(args);
            app.MapPost("/import", (string csv) =>
            {
                try
                {
                    return Results.Ok(csv.Length);
                }
                catch (FormatException ex) when (ex.Data.Count == 0)
                {
                    return Results.Problem("An unexpected error occurred.", statusCode: 400);
                }
            });
            app.Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    /// <summary>The log call gets the caught exception: logging only InnerException would drop the outer one.</summary>
    [Fact]
    public Task The_caught_exception_is_logged_not_its_inner_exception()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class ImportsController(ILogger<ImportsController> logger) : ControllerBase
            {
                [HttpPost]
                public IActionResult Import(string csv)
                {
                    try
                    {
                        return Ok(csv.Length);
                    }
                    catch (Exception ex)
                    {
                        return BadRequest({|SAPI5001:ex.InnerException?.Message|});
                    }
                }

                [HttpPut]
                public IActionResult Replace(string csv)
                {
                    try
                    {
                        return Ok(csv.Length);
                    }
                    catch (Exception ex)
                    {
                        return BadRequest({|SAPI5001:ex.GetBaseException().Message|});
                    }
                }
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Mvc;

            public class ImportsController(ILogger<ImportsController> logger) : ControllerBase
            {
                [HttpPost]
                public IActionResult Import(string csv)
                {
                    try
                    {
                        return Ok(csv.Length);
                    }
                    catch (Exception ex)
                    {
                        logger.LogError(ex, "Request failed");
                        return BadRequest("An unexpected error occurred.");
                    }
                }

                [HttpPut]
                public IActionResult Replace(string csv)
                {
                    try
                    {
                        return Ok(csv.Length);
                    }
                    catch (Exception ex)
                    {
                        logger.LogError(ex, "Request failed");
                        return BadRequest("An unexpected error occurred.");
                    }
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    /// <summary>Members that only carry diagnostics are removed, not filled with the generic message.</summary>
    [Fact]
    public Task Stack_trace_members_and_extension_entries_are_removed()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class ReportsController : ControllerBase
            {
                [HttpGet]
                public IActionResult Get()
                {
                    try
                    {
                        return Ok();
                    }
                    catch (InvalidOperationException ex)
                    {
                        var problem = new ProblemDetails { Title = "Report failed", Detail = {|SAPI5001:ex.Message|} };
                        problem.Extensions["stackTrace"] = {|SAPI5001:ex.StackTrace|};
                        return StatusCode(500, problem);
                    }
                }
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Mvc;

            public class ReportsController : ControllerBase
            {
                [HttpGet]
                public IActionResult Get()
                {
                    try
                    {
                        return Ok();
                    }
                    catch (InvalidOperationException)
                    {
                        var problem = new ProblemDetails { Title = "Report failed", Detail = "An unexpected error occurred." };
                        return StatusCode(500, problem);
                    }
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    /// <summary>
    /// An error object turned into text in place (eShopOnWeb's middleware): the leaking member is replaced, so the
    /// response keeps its shape (status code and all), instead of the whole object becoming a plain message.
    /// </summary>
    [Fact]
    public Task A_member_of_an_object_serialized_in_place_is_replaced()
    {
        const string source = """
            public sealed class ErrorDetails
            {
                public int StatusCode { get; set; }

                public string? Message { get; set; }

                public override string ToString() => System.Text.Json.JsonSerializer.Serialize(this);
            }

            public sealed class ExceptionMiddleware(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    try
                    {
                        await next(context);
                    }
                    catch (Exception exception)
                    {
                        context.Response.StatusCode = 500;
                        await context.Response.WriteAsync(new ErrorDetails { StatusCode = 500, Message = {|SAPI5001:exception.Message|} }.ToString());
                        await context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new { error = {|SAPI5001:exception.Message|} }));
                    }
                }
            }
            """;
        const string fixedSource = """
            public sealed class ErrorDetails
            {
                public int StatusCode { get; set; }

                public string? Message { get; set; }

                public override string ToString() => System.Text.Json.JsonSerializer.Serialize(this);
            }

            public sealed class ExceptionMiddleware(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context)
                {
                    try
                    {
                        await next(context);
                    }
                    catch (Exception)
                    {
                        context.Response.StatusCode = 500;
                        await context.Response.WriteAsync(new ErrorDetails { StatusCode = 500, Message = "An unexpected error occurred." }.ToString());
                        await context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new { error = "An unexpected error occurred." }));
                    }
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Injected_logger_parameter_of_a_handler()
    {
        const string source = """
            var app = WebApplication.Create(args);
            app.MapPost("/import", (string csv, ILogger<Program> log) =>
            {
                try
                {
                    return Results.Ok(csv.Length);
                }
                catch (FormatException ex)
                {
                    return Results.BadRequest(new { error = {|SAPI5001:ex.Message|} });
                }
            });
            app.Run();
            """;
        const string fixedSource = """
            var app = WebApplication.Create(args);
            app.MapPost("/import", (string csv, ILogger<Program> log) =>
            {
                try
                {
                    return Results.Ok(csv.Length);
                }
                catch (FormatException ex)
                {
                    log.LogError(ex, "Request failed");
                    return Results.BadRequest(new { error = "An unexpected error occurred." });
                }
            });
            app.Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Exception_handler_problem_details_and_the_logging_using()
    {
        const string source = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Diagnostics;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;

            public sealed class ApiExceptionHandler(IProblemDetailsService problems, Microsoft.Extensions.Logging.ILogger<ApiExceptionHandler> logger) : IExceptionHandler
            {
                public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
                {
                    var problem = new ProblemDetails { Title = "Service error", Detail = {|SAPI5001:exception.Message|} };
                    return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
                }
            }
            """;
        const string fixedSource = """
            using System;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Diagnostics;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.Logging;

            public sealed class ApiExceptionHandler(IProblemDetailsService problems, Microsoft.Extensions.Logging.ILogger<ApiExceptionHandler> logger) : IExceptionHandler
            {
                public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
                {
                    logger.LogError(exception, "Request failed");
                    var problem = new ProblemDetails { Title = "Service error", Detail = "An unexpected error occurred." };
                    return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem });
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, new SnippetOptions { ImplicitUsings = false });
    }

    [Fact]
    public Task Expression_bodied_filter_gets_the_message_only()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.Filters;

            public sealed class ApiExceptionFilter(ILogger<ApiExceptionFilter> logger) : IExceptionFilter
            {
                public void OnException(ExceptionContext context) =>
                    context.Result = new ObjectResult(new { error = {|SAPI5001:context.Exception.Message|} }) { StatusCode = 500 };
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.AspNetCore.Mvc.Filters;

            public sealed class ApiExceptionFilter(ILogger<ApiExceptionFilter> logger) : IExceptionFilter
            {
                public void OnException(ExceptionContext context) =>
                    context.Result = new ObjectResult(new { error = "An unexpected error occurred." }) { StatusCode = 500 };
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task A_detail_built_in_a_local_is_replaced_where_it_is_sent()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController(ILogger<OrdersController> logger) : ControllerBase
            {
                public IActionResult Create()
                {
                    string? error = null;
                    try
                    {
                        return Ok();
                    }
                    catch (Exception ex)
                    {
                        error = ex.Message;
                    }

                    return BadRequest({|SAPI5001:error|});
                }
            }
            """;

        // The exception is out of scope where the answer is written: nothing to log there.
        const string fixedSource = """
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController(ILogger<OrdersController> logger) : ControllerBase
            {
                public IActionResult Create()
                {
                    string? error = null;
                    try
                    {
                        return Ok();
                    }
                    catch (Exception ex)
                    {
                        error = ex.Message;
                    }

                    return BadRequest("An unexpected error occurred.");
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task IncludeErrorDetails_becomes_false_and_fix_all_handles_both_kinds()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(options => options.{|SAPI5001:IncludeErrorDetails = true|});
            var app = builder.Build();
            app.MapGet("/", () =>
            {
                try { return Results.Ok(); }
                catch (Exception ex) { return Results.Problem({|SAPI5001:ex.ToString()|}); }
            });
            app.Run();
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(options => options.IncludeErrorDetails = false);
            var app = builder.Build();
            app.MapGet("/", () =>
            {
                try { return Results.Ok(); }
                catch (Exception) { return Results.Problem("An unexpected error occurred."); }
            });
            app.Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task No_fix_when_a_string_cannot_take_the_place_of_the_exception()
    {
        const string source = """
            using Microsoft.AspNetCore.Http.HttpResults;

            public static class Handlers
            {
                public static Ok<Exception> Describe()
                {
                    try { throw new InvalidOperationException(); }
                    catch (InvalidOperationException ex) { return TypedResults.Ok({|SAPI5001:(Exception)ex|}); }
                }
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Collections_filled_with_details_and_values_returned_by_actions()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class ImportsController(ILogger<ImportsController> logger) : ControllerBase
            {
                [HttpPost("rows")]
                public IActionResult Rows(string[] rows)
                {
                    var errors = new List<string>();
                    foreach (var row in rows)
                    {
                        try
                        {
                            _ = int.Parse(row);
                        }
                        catch (Exception ex)
                        {
                            errors.Add({|SAPI5001:ex.Message|});
                        }
                    }

                    return Ok(errors);
                }

                [HttpPost("fields")]
                public Dictionary<string, string> Fields(string name)
                {
                    var errors = new Dictionary<string, string>();
                    try
                    {
                        _ = name.Length;
                    }
                    catch (Exception ex)
                    {
                        errors["name"] = {|SAPI5001:ex.Message|};
                    }

                    return errors;
                }

                [HttpGet("text")]
                public string Text(string name)
                {
                    try
                    {
                        return name.Trim();
                    }
                    catch (Exception ex)
                    {
                        return {|SAPI5001:ex.Message|};
                    }
                }
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Mvc;

            public class ImportsController(ILogger<ImportsController> logger) : ControllerBase
            {
                [HttpPost("rows")]
                public IActionResult Rows(string[] rows)
                {
                    var errors = new List<string>();
                    foreach (var row in rows)
                    {
                        try
                        {
                            _ = int.Parse(row);
                        }
                        catch (Exception ex)
                        {
                            logger.LogError(ex, "Request failed");
                            errors.Add("An unexpected error occurred.");
                        }
                    }

                    return Ok(errors);
                }

                [HttpPost("fields")]
                public Dictionary<string, string> Fields(string name)
                {
                    var errors = new Dictionary<string, string>();
                    try
                    {
                        _ = name.Length;
                    }
                    catch (Exception ex)
                    {
                        logger.LogError(ex, "Request failed");
                        errors["name"] = "An unexpected error occurred.";
                    }

                    return errors;
                }

                [HttpGet("text")]
                public string Text(string name)
                {
                    try
                    {
                        return name.Trim();
                    }
                    catch (Exception ex)
                    {
                        logger.LogError(ex, "Request failed");
                        return "An unexpected error occurred.";
                    }
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    /// <summary>Actions whose details stay: the view may read an exception, or a string would bind View(string viewName).</summary>
    private const string UnfixableViewActions = """
            public IActionResult Card(string id)
            {
                try
                {
                    return PartialView("_Card", id.Trim());
                }
                catch (Exception ex)
                {
                    return PartialView({|SAPI5001:ex|});
                }
            }

            public IActionResult Alone(string id)
            {
                try
                {
                    return View(id.Trim());
                }
                catch (Exception ex)
                {
                    return View({|SAPI5001:(object)ex.Message|});
                }
            }

            public IActionResult Raw(string id)
            {
                try
                {
                    return View(id.Trim());
                }
                catch (Exception ex)
                {
                    ViewData["Exception"] = {|SAPI5001:ex|};
                    return View();
                }
            }
        """;

    /// <summary>
    /// ViewData, ViewBag, TempData and view models take the message when the detail was a string already (the view reads
    /// them by type); <c>View(model)</c> alone keeps its argument, since a string there would bind <c>View(string viewName)</c>.
    /// </summary>
    [Fact]
    public Task View_state_and_view_models_get_the_message_where_the_view_still_gets_a_string()
    {
        const string source = $$"""
            using Microsoft.AspNetCore.Mvc;

            public class PortalController(ILogger<PortalController> logger) : Controller
            {
                public IActionResult State(string id)
                {
                    try
                    {
                        return View(id.Trim());
                    }
                    catch (Exception ex)
                    {
                        ViewData["Error"] = {|SAPI5001:ex.Message|};
                        ViewBag.Detail = {|SAPI5001:ex.ToString()|};
                        TempData["Flash"] = {|SAPI5001:ex.Message|};
                        return View("Error", {|SAPI5001:ex.Message|});
                    }
                }

            {{UnfixableViewActions}}
            }
            """;
        const string fixedSource = $$"""
            using Microsoft.AspNetCore.Mvc;

            public class PortalController(ILogger<PortalController> logger) : Controller
            {
                public IActionResult State(string id)
                {
                    try
                    {
                        return View(id.Trim());
                    }
                    catch (Exception ex)
                    {
                        logger.LogError(ex, "Request failed");
                        ViewData["Error"] = "An unexpected error occurred.";
                        ViewBag.Detail = "An unexpected error occurred.";
                        TempData["Flash"] = "An unexpected error occurred.";
                        return View("Error", "An unexpected error occurred.");
                    }
                }

            {{UnfixableViewActions}}
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }
}
