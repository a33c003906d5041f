using System.Text;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;

namespace SecureApi.Analyzers.Tests.Robustness;

/// <summary>
/// Code shaped to break analyzers, generated here (nothing huge is checked in): every analyzer must finish without an
/// exception, report the one planted finding, and stay silent on the safe variant.
/// </summary>
public sealed class TortureTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Ten_thousand_operand_concatenation_reaching_a_sql_sink(bool withInput)
    {
        var terms = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
        {
            terms.Append($"\n            + \"c{i}, \"");
        }

        var source = $$"""
            using Dapper;
            using Microsoft.Data.Sqlite;

            public static class Reports
            {
                public static object Run(SqliteConnection connection, string name)
                {
                    var sql = "SELECT "{{terms}}
                        + "id FROM report WHERE name = '" + {{(withInput ? "name" : "\"fixed\"")}} + "'";
                    return connection.Query(sql);
                }
            }
            """;

        var ids = await SapiFindingsAsync(source);

        Assert.Equal(withInput ? ["SAPI4001"] : [], ids);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Five_thousand_minimal_api_endpoints_in_one_file(bool oneWithoutAuthorization)
    {
        var endpoints = new StringBuilder();
        for (var i = 0; i < 5_000; i++)
        {
            var convention = oneWithoutAuthorization && i == 4_321 ? "" : i % 3 == 0 ? ".AllowAnonymous()" : ".RequireAuthorization()";
            endpoints.Append($"        app.MapGet(\"/r{i}/{{id:int}}\", (int id) => Results.Ok(id + {i})){convention};\n");
        }

        var source = $$"""
            public static class Bulk
            {
                public static void Map(WebApplication app)
                {
            {{endpoints}}    }
            }
            """;

        var ids = await SapiFindingsAsync(source);

        Assert.Equal(oneWithoutAuthorization ? ["SAPI2002"] : [], ids);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Fifty_nested_lambdas_inside_AddJwtBearer(bool validationDisabled)
    {
        var source = $$"""
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.Tokens;

            public static class Auth
            {
                public static void Add(WebApplicationBuilder builder) =>
                    builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
                    {
                        {{Nested(50, $$"""
                            options.TokenValidationParameters = new TokenValidationParameters
                            {
                                ValidIssuer = builder.Configuration["Jwt:Issuer"],
                                ValidAudience = builder.Configuration["Jwt:Audience"],
                                IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(builder.Configuration["Jwt:Key"]!)),
                                ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
                                ValidateIssuer = {{(validationDisabled ? "false" : "true")}},
                            };
                            """)}}
                    });

                private static void Nest(Action action) => action();
            }
            """;

        var ids = await SapiFindingsAsync(source);

        Assert.Equal(validationDisabled ? ["SAPI1002"] : [], ids);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Fifty_nested_lambdas_inside_AddCors(bool anyOrigin)
    {
        // 25 levels between AddCors and AddPolicy, 25 more between the policy lambda and the builder calls.
        var policyCalls = anyOrigin ? "policy.AllowAnyOrigin().AllowCredentials();" : "policy.WithOrigins(\"https://app.example.com\").AllowCredentials();";
        var source = $$"""
            public static class Cors
            {
                public static void Add(IServiceCollection services) =>
                    services.AddCors(options =>
                    {
                        {{Nested(25, $$"""
                            options.AddPolicy("spa", policy =>
                            {
                                {{Nested(25, policyCalls)}}
                            });
                            """)}}
                    });

                private static void Nest(Action action) => action();
            }
            """;

        var ids = await SapiFindingsAsync(source);

        Assert.Equal(anyOrigin ? ["SAPI3001"] : [], ids);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Controller_hierarchy_thirty_levels_deep(bool authorizedAtTheRoot)
    {
        var levels = new StringBuilder();
        for (var i = 0; i < 30; i++)
        {
            var attributes = i == 0 ? (authorizedAtTheRoot ? "[Authorize]\n[ApiController]\n" : "[ApiController]\n") : "";
            var modifiers = i < 29 ? "public abstract class" : "public sealed class";
            var baseType = i == 0 ? "ControllerBase" : $"Level{i - 1}Controller";
            levels.Append($$"""
                {{attributes}}{{modifiers}} Level{{i}}Controller : {{baseType}}
                {
                    [HttpGet("l{{i}}")]
                    public IActionResult Get{{i}}() => Ok({{i}});
                }

                """);
        }

        var diagnostics = await ProductAnalysis.SapiFindingsAsync(MvcUsings + levels);

        // Only the concrete controller routes requests: its own action and the 29 it inherits, once each.
        Assert.Equal(authorizedAtTheRoot ? 0 : 30, diagnostics.Count(d => d.Id == "SAPI2001"));
        Assert.All(diagnostics, d => Assert.Equal("SAPI2001", d.Id));
        Assert.Equal(authorizedAtTheRoot ? 0 : 30, diagnostics.Select(d => d.GetMessage()).Distinct().Count());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Two_hundred_partial_parts_of_one_controller(bool authorizedInOnePart)
    {
        var parts = Enumerable.Range(0, 200).Select(i => MvcUsings + $$"""
            {{(authorizedInOnePart && i == 137 ? "[Authorize]" : "")}}
            public partial class InventoryController
            {
                [HttpGet("item{{i}}")]
                public IActionResult Item{{i}}() => Ok({{i}});
            }
            """).ToList();
        parts[0] += "[ApiController]\n[Route(\"inventory\")]\npublic partial class InventoryController : ControllerBase { }\n";

        var diagnostics = await ProductAnalysis.SapiFindingsAsync(parts[0], parts.Skip(1));

        // One finding per action, each in its own part, never repeated per part.
        Assert.All(diagnostics, d => Assert.Equal("SAPI2001", d.Id));
        Assert.Equal(authorizedInOnePart ? 0 : 200, diagnostics.Length);
        Assert.Equal(authorizedInOnePart ? 0 : 200, diagnostics.Select(d => d.GetMessage()).Distinct().Count());
    }

    private const string MvcUsings = "using Microsoft.AspNetCore.Authorization;\nusing Microsoft.AspNetCore.Mvc;\n";

    /// <summary>Web code nested <paramref name="depth"/> lambdas deep: <c>Nest(() => { Nest(() => { ... }); });</c>.</summary>
    private static string Nested(int depth, string inner) =>
        string.Concat(Enumerable.Repeat("Nest(() => {\n", depth)) + inner + "\n" + string.Concat(Enumerable.Repeat("});\n", depth));

    private static async Task<string[]> SapiFindingsAsync(string source) =>
        [.. (await ProductAnalysis.SapiFindingsAsync(source)).Select(d => d.Id)];
}
