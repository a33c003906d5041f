using System.Text;
using Microsoft.CodeAnalysis;
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

    /// <summary>Every SecureApi analyzer over the source (concurrently, as in a build); no analyzer may throw.</summary>
    private static async Task<string[]> SapiFindingsAsync(string source)
    {
        var document = (await SnippetWorkspace.CreateAsync()).With(source);
        var compilation = (await document.Project.GetCompilationAsync())!;
        // The snippet project is a console application; these snippets are libraries (no entry point, CS5001).
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != "CS5001"));

        var (diagnostics, crashes) = await ProductAnalysis.RunAsync(compilation, document.Project.AnalyzerOptions, concurrent: true);

        Assert.Empty(crashes);
        return [.. diagnostics.Where(d => d.Id.StartsWith("SAPI", StringComparison.Ordinal)).Select(d => d.Id)];
    }
}
