using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;

namespace SecureApi.Analyzers.Tests.Robustness;

/// <summary>
/// In a workspace (the IDE, secureapi scan) a project reference is a compilation reference: symbols of the referenced
/// project have source that the current compilation cannot bind. Every analyzer runs over an app whose SQL helpers,
/// base controllers, options classes, endpoint modules and token helpers live in a referenced project, without a
/// crash, and finds what a command-line build finds (where that project is a metadata reference).
/// </summary>
public sealed class TwoProjectWorkspaceTests
{
    private const string Library = """
        using System.Data;
        using System.Security.Cryptography;
        using Dapper;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Routing;
        using Microsoft.IdentityModel.Tokens;

        namespace Shared;

        public static class Sql
        {
            public static Task<int> RunAsync(IDbConnection connection, string sql) => connection.ExecuteAsync(sql);

            public static Task<int> DeleteAsync(IDbConnection connection, string table, string id) =>
                RunAsync(connection, "DELETE FROM " + table + " WHERE Id = " + id);
        }

        public abstract class ApiControllerBase : ControllerBase
        {
            [HttpGet("ping")]
            public IActionResult Ping() => Ok("pong");

            protected IActionResult Failed(Exception ex) => BadRequest(ex.Message);
        }

        public sealed class SmtpOptions
        {
            public string Host { get; set; } = "smtp.example.com";

            public string Password { get; set; } = "Sm7p-pa55word!";
        }

        public static class Modules
        {
            public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder routes)
            {
                routes.MapGet("/orders", () => "orders");
                return routes;
            }

            public static RouteGroupBuilder MapApi(this IEndpointRouteBuilder routes) => routes.MapGroup("/api").RequireAuthorization();

            public static RouteGroupBuilder WithDefaults(this RouteGroupBuilder group)
            {
                group.RequireAuthorization();
                return group;
            }
        }

        public static class Tokens
        {
            public static TokenValidationParameters Lenient(SecurityKey key) => new()
            {
                IssuerSigningKey = key,
                ValidateLifetime = false,
            };

            public static byte[] Digest(byte[] data) => MD5.HashData(data);

            public static string Describe(Exception ex) => ex.Message + ex.StackTrace;
        }

        public sealed class OrderNotFoundException(int id) : Exception($"Order {id} was not found.");
        """;

    private const string App = """
        using System.Data;
        using Microsoft.AspNetCore.Authentication.JwtBearer;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.IdentityModel.Tokens;
        using Shared;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.Configure<SmtpOptions>(builder.Configuration.GetSection("Smtp"));
        builder.Services.AddAuthentication().AddJwtBearer(o => o.TokenValidationParameters = Tokens.Lenient(new SymmetricSecurityKey(new byte[32])));
        var app = builder.Build();
        app.MapOrders();
        app.MapApi().MapGet("/secure", () => "ok");
        app.MapGroup("/v1").WithDefaults().MapGet("/leases", () => "leases");
        app.MapPost("/raw", async (IDbConnection db, string id) => await Sql.RunAsync(db, "DELETE FROM Orders WHERE Id = " + id));
        app.MapPost("/table", async (IDbConnection db, string table) => await Sql.DeleteAsync(db, table, "1"));
        app.MapGet("/digest", (string text) => Convert.ToHexString(Tokens.Digest(System.Text.Encoding.UTF8.GetBytes(text)))).AllowAnonymous();
        app.MapGet("/boom", () =>
        {
            try { return Results.Ok(); }
            catch (Exception ex) { return Results.Problem(Tokens.Describe(ex)); }
        }).AllowAnonymous();
        app.MapGet("/orders/{id}", (int id) =>
        {
            try { throw new OrderNotFoundException(id); }
            catch (OrderNotFoundException notFound) { return Results.NotFound(notFound.Message); }
        }).AllowAnonymous();
        app.Run();

        [Route("api/orders")]
        public sealed class OrdersController : ApiControllerBase
        {
            [HttpGet]
            public IActionResult List() => Ok();
        }
        """;

    [Fact]
    public async Task Every_analyzer_runs_over_a_project_reference_without_a_crash_and_finds_what_a_build_finds()
    {
        var references = ReferencePresets.Default.All;
        var workspace = new AdhocWorkspace();
        var libraryId = ProjectId.CreateNewId();
        var appId = ProjectId.CreateNewId();
        var parse = new CSharpParseOptions(LanguageVersion.CSharp12);
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(libraryId, VersionStamp.Default, "Shared", "Shared", LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: parse, metadataReferences: references))
            .AddProject(ProjectInfo.Create(appId, VersionStamp.Default, "App", "App", LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: parse, metadataReferences: references, projectReferences: [new ProjectReference(libraryId)]));
        solution = solution
            .AddDocument(DocumentId.CreateNewId(libraryId), "GlobalUsings.cs", TestSources.WebSdkGlobalUsings, filePath: "/Shared/GlobalUsings.cs")
            .AddDocument(DocumentId.CreateNewId(libraryId), "Shared.cs", SourceText.From(Library), filePath: "/Shared/Shared.cs")
            .AddDocument(DocumentId.CreateNewId(appId), "GlobalUsings.cs", TestSources.WebSdkGlobalUsings, filePath: "/App/GlobalUsings.cs")
            .AddDocument(DocumentId.CreateNewId(appId), "Program.cs", SourceText.From(App), filePath: "/App/Program.cs");

        var library = (await solution.GetProject(libraryId)!.GetCompilationAsync())!;
        var app = (await solution.GetProject(appId)!.GetCompilationAsync())!;
        Assert.Empty(library.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Empty(app.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains(app.References, r => r is CompilationReference);

        foreach (var (compilation, project) in new[] { (library, libraryId), (app, appId) })
        {
            var (_, crashes) = await ProductAnalysis.RunAsync(compilation, solution.GetProject(project)!.AnalyzerOptions, concurrent: true);
            Assert.True(crashes.Count == 0, string.Join("\n\n", crashes));
        }

        // The same app against the library as a metadata reference, as csc sees it in a build.
        using var image = new MemoryStream();
        Assert.True(library.Emit(image).Success);
        var built = app.RemoveReferences(app.References.OfType<CompilationReference>())
            .AddReferences(MetadataReference.CreateFromImage(image.ToArray(), filePath: "/Shared/obj/Debug/net8.0/Shared.dll"));
        var (inWorkspace, _) = await ProductAnalysis.RunAsync(app, solution.GetProject(appId)!.AnalyzerOptions, concurrent: true);
        var (inBuild, buildCrashes) = await ProductAnalysis.RunAsync(built, solution.GetProject(appId)!.AnalyzerOptions, concurrent: true);
        Assert.Empty(buildCrashes);
        Assert.Equal(Describe(inBuild), Describe(inWorkspace));
        Assert.NotEmpty(Describe(inWorkspace));

        // A domain exception of another project of the solution is the app's own: its message is meant for clients.
        Assert.DoesNotContain(inWorkspace, d => d.Id == "SAPI5001" && d.GetMessage().Contains("notFound", StringComparison.Ordinal));
    }

    private static List<string> Describe(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Where(d => d.Id.StartsWith("SAPI", StringComparison.Ordinal))
            .Select(d => $"{d.Id} {d.Location.GetLineSpan().Path}:{d.Location.GetLineSpan().StartLinePosition.Line + 1}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
