using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;

namespace SecureApi.Analyzers.Tests.Robustness;

/// <summary>
/// C# 12 to 14 syntax (the analyzers are built against Roslyn 4.8, which predates some of it, and run inside newer
/// compilers): primary constructors, collection expressions, raw strings, default lambda parameters, params
/// collections, the <c>field</c> keyword, extension blocks. The vulnerable forms are still found; the safe ones are not.
/// </summary>
public sealed class ModernSyntaxTests
{
    [Fact]
    public async Task Safe_code_in_modern_syntax_has_no_findings()
    {
        const string source = """"
            using System.Data;
            using Dapper;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.IdentityModel.Tokens;
            using Origins = string[];

            var builder = WebApplication.CreateBuilder(args);
            Origins origins = [.. builder.Configuration.GetSection("Cors:Origins").Get<string[]>() ?? []];
            builder.Services.AddCors(o => o.AddPolicy("spa", p => p.WithOrigins([.. origins, "https://app.example.com"]).AllowCredentials()));
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
            {
                o.TokenValidationParameters = new()
                {
                    ValidIssuer = builder.Configuration["Jwt:Issuer"],
                    ValidAudience = builder.Configuration["Jwt:Audience"],
                    IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(builder.Configuration["Jwt:Key"]!)),
                    ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                };
            });

            var app = builder.Build();
            app.UseHsts();
            app.UseHttpsRedirection();
            app.MapGet("/items", (int page = 1, int size = 20) => Results.Ok(new[] { page, size })).AllowAnonymous();
            app.MapGroup("/orders").RequireAuthorization().MapOrders();
            app.Run();

            public static class OrderModule
            {
                extension(IEndpointRouteBuilder routes)
                {
                    public void MapOrders()
                    {
                        routes.MapGet("/", () => "all");
                        routes.MapDelete("/{id}", (int id) => Results.NoContent());
                    }
                }
            }

            [Authorize]
            [ApiController]
            [Route("reports")]
            public sealed class ReportsController(IDbConnection db, ILogger<ReportsController> logger) : ControllerBase
            {
                private const string ByName = """
                    SELECT id, name
                    FROM report
                    WHERE name = @name
                    """;

                [HttpGet("{name}")]
                public IActionResult Get(string name, params IEnumerable<string> columns)
                {
                    logger.LogInformation("Report {Name} \e[1m", name);
                    return Ok(db.Query(ByName, new { name }));
                }
            }

            public sealed class ReportOptions
            {
                public string Title { get => field; set => field = value.Trim(); } = "Reports";

                public string ConnectionName { get; set => field = value ?? "Default"; } = "Default";
            }
            """";

        var findings = await ProductAnalysis.SapiFindingsAsync(source, languageVersion: LanguageVersion.CSharp14);

        Assert.Empty(findings);
    }

    [Fact]
    public async Task Vulnerable_code_in_modern_syntax_is_found()
    {
        const string source = """"
            using System.Data;
            using Dapper;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;

            var app = WebApplication.Create(args);
            app.UseHsts();
            app.UseHttpsRedirection();
            app.MapOrders();
            app.MapGroup("/audit").RequireAuthorization().MapAudit();
            OrderModule.MapAudit(app);
            app.Run();

            public static class OrderModule
            {
                extension(IEndpointRouteBuilder routes)
                {
                    public void MapOrders() => routes.MapGet("/orders", () => "all");

                    public void MapAudit() => routes.MapGet("/log", () => "log");
                }
            }

            [Authorize]
            [ApiController]
            [Route("reports")]
            public sealed class ReportsController(IDbConnection db) : ControllerBase
            {
                [HttpGet("{name}")]
                public IActionResult Get(string name) => Ok(db.Query($$"""
                    SELECT id, name
                    FROM report
                    WHERE name = '{{name}}'
                    """));
            }
            """";

        var findings = await ProductAnalysis.SapiFindingsAsync(source, languageVersion: LanguageVersion.CSharp14);

        // MapOrders is mapped on the bare app; MapAudit on a protected group, but also, in the static form, on the app.
        Assert.Equal(["GET /log", "GET /orders", "SAPI4001"], findings.Select(d => d.Id == "SAPI2002" ? d.GetMessage().Split(' ')[1] + " " + d.GetMessage().Split(' ')[2] : d.Id).Order());
    }

    [Fact]
    public async Task A_lone_star_in_a_collection_expression_is_any_origin()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddCors(o => o.AddPolicy("open", p => p.WithOrigins(["*"])));
            builder.Services.AddCors(o => o.AddPolicy("closed", p => p.WithOrigins(["https://app.example.com"])));
            var app = builder.Build();
            app.UseHsts();
            app.UseHttpsRedirection();
            app.Run();
            """;

        var findings = await ProductAnalysis.SapiFindingsAsync(source, languageVersion: LanguageVersion.CSharp14);

        Assert.Equal(["SAPI3002"], findings.Select(d => d.Id));
    }
}
