using SecureApi.CodeFixes.Rules.Hosting;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Hosting.RequestBodyLimitAnalyzer,
    SecureApi.CodeFixes.Rules.Hosting.RequestBodyLimitCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Hosting;

/// <summary>Fix of SAPI8005: [DisableRequestSizeLimit] becomes [RequestSizeLimit(10_000_000)].</summary>
public sealed class RequestBodyLimitCodeFixTests
{
    private const string Key = RequestBodyLimitCodeFix.LimitTo10MB;

    [Fact]
    public Task Attributes_and_endpoint_metadata_with_fix_all()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public sealed class UploadsController : ControllerBase
            {
                [HttpPost("scan")]
                [{|SAPI8005:DisableRequestSizeLimit|}] // DICOM studies
                public IActionResult Scan(IFormFile scan) => Ok();

                [HttpPost("raw"), {|SAPI8005:Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute|}]
                public IActionResult Raw() => Ok();
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/dicom", [{|SAPI8005:DisableRequestSizeLimit|}] (IFormFile file) => Results.Ok());
                    app.MapPost("/video", (IFormFile file) => Results.Ok()).WithMetadata({|SAPI8005:new DisableRequestSizeLimitAttribute()|});
                }
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Mvc;

            public sealed class UploadsController : ControllerBase
            {
                [HttpPost("scan")]
                [RequestSizeLimit(10_000_000)] // DICOM studies
                public IActionResult Scan(IFormFile scan) => Ok();

                [HttpPost("raw"), Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(10_000_000)]
                public IActionResult Raw() => Ok();
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/dicom", [RequestSizeLimit(10_000_000)] (IFormFile file) => Results.Ok());
                    app.MapPost("/video", (IFormFile file) => Results.Ok()).WithMetadata(new RequestSizeLimitAttribute(10_000_000));
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task High_limits_get_no_fix()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.{|SAPI8005:MaxRequestBodySize = null|});
            builder.Build().Run();
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }
}
