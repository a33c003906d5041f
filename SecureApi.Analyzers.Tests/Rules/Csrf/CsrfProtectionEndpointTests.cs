using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Csrf.CsrfProtectionAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Csrf;

/// <summary>SAPI2003 on minimal APIs: .DisableAntiforgery() reaching a form-bound endpoint of a cookie app.</summary>
public sealed class CsrfProtectionEndpointTests
{
    private static SnippetOptions Cookies { get; } = new()
    {
        AdditionalSources = ImmutableArray.Create("""
            public static class Auth
            {
                public static void Register(WebApplicationBuilder builder) => builder.Services.AddAuthentication().AddCookie();
            }
            """),
    };

    private static DiagnosticResult Csrf(int markup, string what, string evidence = "AddCookie") =>
        Verify.Diagnostic(Descriptors.MissingAntiforgeryValidation).WithLocation(markup).WithArguments(what, evidence)
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations); // the DisableAntiforgery call, for the fixer (its tests cover it)

    [Fact]
    public Task DisableAntiforgery_on_a_form_bound_endpoint_or_its_group()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.{|#0:MapPost|}("/scans/{id:int}", (int id, IFormFile scan) => Results.Ok())
                        .WithName("UploadScan")
                        .DisableAntiforgery();

                    var profile = app.{|#1:MapPut|}("/profile", ([FromForm] string name) => Results.Ok());
                    profile.DisableAntiforgery();

                    var forms = app.MapGroup("/forms").DisableAntiforgery();
                    forms.{|#2:MapPost|}("/contact", (IFormCollection form) => Results.Ok());

                    var legacy = app.MapGroup("/legacy");
                    legacy.DisableAntiforgery();
                    legacy.MapGroup("/v1").WithTags("v1").{|#3:MapPost|}("/upload", (IFormFileCollection files) => Results.Ok());
                }

                public static void MapModule(RouteGroupBuilder group)
                {
                    group.{|#4:MapDelete|}("/item", ([FromForm] int id) => Results.Ok());
                    group.DisableAntiforgery();
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Cookies,
            Csrf(0, "Endpoint POST /scans/{id:int} binds a form (IFormFile 'scan'), and .DisableAntiforgery() on it turns its antiforgery validation off"),
            Csrf(1, "Endpoint PUT /profile binds a form ([FromForm] 'name'), and .DisableAntiforgery() on it turns its antiforgery validation off"),
            Csrf(2, "Endpoint POST /forms/contact binds a form (IFormCollection 'form'), and .DisableAntiforgery() on its route group turns its antiforgery validation off"),
            Csrf(3, "Endpoint POST /legacy/v1/upload binds a form (IFormFileCollection 'files'), and .DisableAntiforgery() on its route group turns its antiforgery validation off"),
            Csrf(4, "Endpoint DELETE /item binds a form ([FromForm] 'id'), and .DisableAntiforgery() on its route group turns its antiforgery validation off"));
    }

    [Fact]
    public Task Validation_turned_off_by_the_callers_group_or_the_handlers_attribute()
    {
        const string source = """
            using Microsoft.AspNetCore.Antiforgery;

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    // One caller that turns validation off exposes the module's endpoints through it.
                    MapUploads(app.MapGroup("/uploads").DisableAntiforgery());
                    MapUploads(app.MapGroup("/v2/uploads"));
                    app.{|#1:MapPost|}("/import", [RequireAntiforgeryToken(false)] (IFormFile file) => Results.Ok());

                    // Validation kept: required explicitly, or a module no caller turns it off for.
                    app.MapPost("/kept", [RequireAntiforgeryToken] (IFormFile file) => Results.Ok());
                    MapAvatars(app.MapGroup("/a").WithTags("a"));
                }

                private static void MapUploads(RouteGroupBuilder uploads) =>
                    uploads.{|#0:MapPost|}("/photo", (IFormFile photo) => Results.Ok());

                private static void MapAvatars(RouteGroupBuilder avatars) =>
                    avatars.MapPost("/avatar", (IFormFile avatar) => Results.Ok());
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Cookies,
            Csrf(0, "Endpoint POST /photo binds a form (IFormFile 'photo'), and .DisableAntiforgery() on the route group its callers map it on turns its antiforgery validation off"),
            Csrf(1, "Endpoint POST /import binds a form (IFormFile 'file'), and [RequireAntiforgeryToken(false)] on its handler turns its antiforgery validation off"));
    }

    [Fact]
    public Task Endpoints_that_are_not_form_bound_or_keep_validation_are_not_reported()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public record Order(string Sku);

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    // JSON bodies are not validated by the antiforgery middleware: DisableAntiforgery changes nothing there.
                    app.MapPost("/orders", (Order order) => Results.Ok()).DisableAntiforgery();
                    app.MapPost("/ping", () => Results.Ok()).DisableAntiforgery();

                    // Form-bound and validated.
                    app.MapPost("/upload", (IFormFile file) => Results.Ok());
                    app.MapGroup("/other").DisableAntiforgery();
                    app.MapGroup("/kept").MapPost("/upload", (IFormFile file) => Results.Ok());

                    // GET is never validated.
                    app.MapGet("/search", ([FromForm] string q) => Results.Ok()).DisableAntiforgery();
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Cookies);
    }

    [Fact]
    public Task Bearer_only_apps_are_not_reported()
    {
        const string source = """
            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.Services.ToString();
                    var firmware = app.MapGroup("/api/firmware").RequireAuthorization("FleetAdmin");
                    firmware.MapPost("/{model}", (string model, IFormFile image) => Results.Ok()).DisableAntiforgery();
                }

                public static void Register(WebApplicationBuilder builder) => builder.Services.AddAuthentication().AddJwtBearer();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Method_group_handlers_are_read()
    {
        const string source = """
            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.{|#0:MapPost|}("/avatar", Upload).DisableAntiforgery();
                }

                private static IResult Upload(IFormFile avatar) => Results.Ok();
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Cookies,
            Csrf(0, "Endpoint POST /avatar binds a form (IFormFile 'avatar'), and .DisableAntiforgery() on it turns its antiforgery validation off"));
    }
}
