using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Hosting.RequestBodyLimitAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Hosting;

/// <summary>SAPI8005: request body limits removed or above secureapi.max_request_body_bytes (100 MB).</summary>
public sealed class RequestBodyLimitAnalyzerTests
{
    private static DiagnosticResult Limit(int markup, string what) =>
        Verify.Diagnostic(Descriptors.RequestBodyLimit).WithLocation(markup).WithArguments(what);

    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task Attributes_on_actions_controllers_and_handlers()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [{|#0:DisableRequestSizeLimit|}]
            public sealed class UploadsController : ControllerBase
            {
                [HttpPost("firmware")]
                [{|#1:RequestSizeLimit(1_073_741_824)|}]
                public IActionResult Firmware(IFormFile image) => Ok();

                [HttpPost("scans")]
                [RequestFormLimits({|#2:MultipartBodyLengthLimit = 500L * 1024 * 1024|})]
                public IActionResult Scans(IFormFile scan) => Ok();

                [HttpPost("raw"), {|#3:Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute|}]
                public IActionResult Raw() => Ok();
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapPost("/dicom", [{|#4:DisableRequestSizeLimit|}] (IFormFile file) => Results.Ok());
                    app.MapPost("/video", (IFormFile file) => Results.Ok()).WithMetadata({|#5:new DisableRequestSizeLimitAttribute()|});
                    app.MapPost("/archive", (IFormFile file) => Results.Ok()).WithMetadata({|#6:new RequestSizeLimitAttribute(long.MaxValue)|});
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Limit(0, "[DisableRequestSizeLimit] removes the request body limit"),
            Limit(1, "[RequestSizeLimit(1,073,741,824 bytes (1,024 MB))] allows bodies above 104,857,600 bytes (100 MB)"),
            Limit(2, "[RequestFormLimits(MultipartBodyLengthLimit = 524,288,000 bytes (500 MB))] allows uploads above 104,857,600 bytes (100 MB)"),
            Limit(3, "[DisableRequestSizeLimit] removes the request body limit"),
            Limit(4, "[DisableRequestSizeLimit] removes the request body limit"),
            Limit(5, "DisableRequestSizeLimitAttribute removes the request body limit"),
            Limit(6, "RequestSizeLimitAttribute(9,223,372,036,854,775,807 bytes) allows bodies above 104,857,600 bytes (100 MB)"));
    }

    [Fact]
    public Task Server_feature_and_form_options()
    {
        const string source = """
            using Microsoft.AspNetCore.Http.Features;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Limits.{|#0:MaxRequestBodySize = null|};
            });
            builder.Services.Configure<IISServerOptions>(o => o.{|#1:MaxRequestBodySize = 4L * 1024 * 1024 * 1024|});
            builder.Services.Configure<FormOptions>(options =>
            {
                options.ValueLengthLimit = 64 * 1024;
                options.{|#2:MultipartBodyLengthLimit = long.MaxValue|};
            });
            var app = builder.Build();
            app.Use(async (context, next) =>
            {
                context.Features.Get<IHttpMaxRequestBodySizeFeature>()!.{|#3:MaxRequestBodySize = null|};
                await next(context);
            });
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Limit(0, "MaxRequestBodySize = null removes the request body limit"),
            Limit(1, "MaxRequestBodySize = 4,294,967,296 bytes (4,096 MB) allows bodies above 104,857,600 bytes (100 MB)"),
            Limit(2, "MultipartBodyLengthLimit = 9,223,372,036,854,775,807 bytes allows bodies above 104,857,600 bytes (100 MB)"),
            Limit(3, "MaxRequestBodySize = null removes the request body limit"));
    }

    [Fact]
    public Task A_lower_maximum_from_editorconfig()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public sealed class AvatarsController : ControllerBase
            {
                [HttpPost, {|#0:RequestSizeLimit(20_000_000)|}]
                public IActionResult Upload(IFormFile avatar) => Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            new SnippetOptions { EditorConfig = "secureapi.max_request_body_bytes = 10_000_000" },
            Limit(0, "[RequestSizeLimit(20,000,000 bytes)] allows bodies above 10,000,000 bytes"));
    }

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task Explicit_limits_at_or_below_the_maximum()
    {
        const string source = """
            using Microsoft.AspNetCore.Http.Features;
            using Microsoft.AspNetCore.Mvc;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 50 * 1024 * 1024);
            builder.Services.Configure<FormOptions>(options => options.MultipartBodyLengthLimit = 64 * 1024 * 1024);
            builder.Services.Configure<FormOptions>(options => options.MultipartBodyLengthLimit = 104_857_600);
            builder.Services.Configure<FormOptions>(options => options.MultipartBodyLengthLimit = builder.Configuration.GetValue<long>("Uploads:MaxBytes"));
            var app = builder.Build();
            app.MapPost("/notes", (IFormFile file) => Results.Ok()).WithMetadata(new RequestSizeLimitAttribute(2_000_000));
            app.Run();

            public sealed class TicketsController : ControllerBase
            {
                [HttpPost, RequestSizeLimit(10_000_000), RequestFormLimits(MultipartBodyLengthLimit = 10_000_000, ValueCountLimit = 100)]
                public IActionResult Attach(IFormFile file) => Ok();
            }

            public sealed class MyLimits
            {
                public long? MaxRequestBodySize { get; set; }
                public static MyLimits Unlimited() => new() { MaxRequestBodySize = null };
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Without_ASP_NET_Core_the_rule_is_off()
    {
        const string source = """
            public sealed class DisableRequestSizeLimitAttribute : System.Attribute { }

            [DisableRequestSizeLimit]
            public sealed class Uploads { }
            """;
        return Verify.VerifyAnalyzerAsync(source, new SnippetOptions { References = ReferencePresets.BaseClassLibraryOnly, ImplicitUsings = false });
    }
}
