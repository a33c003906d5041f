using SecureApi.CodeFixes.Rules.Authentication;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Authentication.TokenInUrlAnalyzer,
    SecureApi.CodeFixes.Rules.Authentication.TokenInUrlCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Authentication;

/// <summary>The SAPI1007 fix: API keys are read from the X-Api-Key header (changes behaviour: clients must send it).</summary>
public sealed class TokenInUrlCodeFixTests
{
    private const string Key = TokenInUrlCodeFix.ReadApiKeyFromHeader;

    [Fact]
    public Task From_query_and_inferred_api_key_parameters_read_the_header()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("api/orders")]
            public class OrdersController : ControllerBase
            {
                [HttpGet]
                public IActionResult List({|SAPI1007:[FromQuery] string apiKey|}) => Ok(apiKey);

                [HttpGet("export")]
                public IActionResult Export(int page, {|SAPI1007:[FromQuery(Name = "api_key"), System.ComponentModel.DataAnnotations.Required] string key|}) => Ok(key);

                [HttpGet("{id}")]
                public IActionResult Get(int id, {|SAPI1007:string? apiKey|}) => Ok(apiKey);
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("api/orders")]
            public class OrdersController : ControllerBase
            {
                [HttpGet]
                public IActionResult List([FromHeader(Name = "X-Api-Key")] string apiKey) => Ok(apiKey);

                [HttpGet("export")]
                public IActionResult Export(int page, [FromHeader(Name = "X-Api-Key"), System.ComponentModel.DataAnnotations.Required] string key) => Ok(key);

                [HttpGet("{id}")]
                public IActionResult Get(int id, [FromHeader(Name = "X-Api-Key")] string? apiKey) => Ok(apiKey);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Minimal_api_handlers_get_the_attribute_and_the_using()
    {
        const string source = """
            public static class Partners
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/partners/orders", ({|SAPI1007:string apiKey|}, int page) => Results.Ok(apiKey));
                    app.MapGet("/partners/stock", ({|SAPI1007:string? subscriptionKey|}) => Results.Ok(subscriptionKey));
                }
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Mvc;

            public static class Partners
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/partners/orders", ([FromHeader(Name = "X-Api-Key")] string apiKey, int page) => Results.Ok(apiKey));
                    app.MapGet("/partners/stock", ([FromHeader(Name = "X-Api-Key")] string? subscriptionKey) => Results.Ok(subscriptionKey));
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Query_reads_become_header_reads()
    {
        const string source = """
            public sealed class ApiKeyMiddleware(RequestDelegate next)
            {
                public Task InvokeAsync(HttpContext context)
                {
                    var key = {|SAPI1007:context.Request.Query["api_key"]|}.ToString();
                    if (!{|SAPI1007:context.Request.Query.TryGetValue(key: "apiKey", value: out var other)|} || other != key)
                    {
                        context.Response.StatusCode = 401;
                        return Task.CompletedTask;
                    }

                    return next(context);
                }
            }
            """;
        const string fixedSource = """
            public sealed class ApiKeyMiddleware(RequestDelegate next)
            {
                public Task InvokeAsync(HttpContext context)
                {
                    var key = context.Request.Headers["X-Api-Key"].ToString();
                    if (!context.Request.Headers.TryGetValue(key: "X-Api-Key", value: out var other) || other != key)
                    {
                        context.Response.StatusCode = 401;
                        return Task.CompletedTask;
                    }

                    return next(context);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Not_offered_for_tokens_passwords_or_a_query_collection_held_elsewhere()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("api/feed")]
            public class FeedController : ControllerBase
            {
                [HttpGet]
                public IActionResult Get({|SAPI1007:string token|}, {|SAPI1007:[FromQuery] string password|}) => Ok();
            }

            public static class Status
            {
                public static void Map(WebApplication app) =>
                    app.MapGet("/status", (IQueryCollection query) => Results.Ok({|SAPI1007:query["api_key"]|}.ToString()));
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }
}
