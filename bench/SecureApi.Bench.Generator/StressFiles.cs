using System.Text;

namespace SecureApi.Bench.Generator;

/// <summary>
/// Shapes that stress analyzers, scaled with the solution size: one file with hundreds of minimal-API endpoints,
/// string concatenations with hundreds of operands, deeply nested lambdas.
/// </summary>
internal static class StressFiles
{
    public static void Write(OutputFiles output, InsecureSites sites, int size)
    {
        output.Add(Names.Src(Names.ApiProject, "Endpoints/BulkEndpoints.cs"), BulkEndpoints(sites, Math.Clamp(size / 250, 5, 800)));
        output.Add(Names.Src(Names.InfrastructureProject, "Reports/ReportQueries.cs"), ReportQueries(Math.Clamp(size / 400, 20, 400)));
        output.Add(Names.Src(Names.ApiProject, "Pipelines/NestedPipelines.cs"), NestedPipelines(Math.Clamp(size / 25_000, 1, 20), 12));
        output.Add(Names.Src(Names.InfrastructureProject, "Reports/SqlCorpus.cs"), SqlCorpus(sites, Math.Clamp(size / 1_500, 10, 400)));
    }

    /// <summary>
    /// A dense SQL corpus in the style of the Juliet CWE-89 cases: each class runs several queries whose pieces are
    /// constant only to an analysis that looks beyond the method (readonly fields, constants of another type, private
    /// helpers always called with constants, array elements, Split of a constant, EF-style schema properties), so
    /// SAPI4001's constant folding does its whole work on every sink. A few (the usual share of insecure sites) build a
    /// query from a parameter.
    /// </summary>
    private static string SqlCorpus(InsecureSites sites, int classes)
    {
        var text = new StringBuilder();
        for (var c = 0; c < classes; c++)
        {
            var unsafeQuery = sites.Next()
                ? $$"""connection.QueryAsync<int>("SELECT Id FROM " + Tables[1] + " WHERE Name = '" + name + "'")"""
                : $$"""connection.QueryAsync<int>("SELECT Id FROM " + Tables[1] + " WHERE Name = @name", new { name })""";
            text.Append($$"""
                public sealed class SqlCase{{c}}
                {
                    private static readonly string Table = "dbo.Case{{c}}";
                    private static readonly string[] Tables = { "dbo.A{{c}}", "dbo.B{{c}}", "dbo.C{{c}}" };
                    private readonly string _schema = "reporting";
                    private readonly IDbConnectionFactory _connections;

                    public SqlCase{{c}}(IDbConnectionFactory connections) => _connections = connections;

                    private string Schema { get; } = "dbo";

                    private static string Columns(string prefix) => prefix + ".Id, " + prefix + ".Name";

                    private static string Where(string column) => " WHERE " + column + " > 0";

                    public async Task<int> Run(string name, int bound)
                    {
                        using var connection = _connections.Open();
                        var total = 0;
                        total += (await connection.QueryAsync<int>("SELECT " + Columns("t") + " FROM " + Table + " t" + Where("t.Id"))).Count();
                        total += (await connection.QueryAsync<int>($"SELECT Id FROM [{Schema}].[{SqlNames.Orders}]" + Where("Id"))).Count();
                        total += (await connection.QueryAsync<int>("SELECT Id FROM " + _schema + "." + Tables[0])).Count();
                        var parts = "Id,Name,Created".Split(',');
                        total += (await connection.QueryAsync<int>("SELECT " + parts[0] + " FROM " + Tables[2].ToUpperInvariant())).Count();
                        total += await connection.ExecuteAsync($"UPDATE {Table} SET Touched = 1" + Where("Id"));
                        total += (await {{unsafeQuery}}).Count();
                        return total;
                    }
                }


                """);
        }

        return $$"""
            using Bench.Infrastructure.Data;
            using Dapper;

            namespace Bench.Infrastructure.Reports;

            public static class SqlNames
            {
                public const string Orders = "Orders";
            }

            {{text}}
            """;
    }

    private static string BulkEndpoints(InsecureSites sites, int count)
    {
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var auth = sites.Next() ? "" : (i % 7 == 0 ? ".RequireAuthorization(\"Admin\")" : ".RequireAuthorization()");
            text.Append((i % 4) switch
            {
                0 => $"        routes.MapGet(\"/bulk/r{i}/{{id:int}}\", (int id) => Results.Ok(new {{ id, kind = \"r{i}\" }})){auth};\n",
                1 => $"        routes.MapPost(\"/bulk/r{i}\", (BulkPayload payload) =>\n            payload.Items.Count > {i + 10} ? Results.BadRequest() : Results.Accepted()){auth};\n",
                2 => $"        routes.MapPut(\"/bulk/r{i}/{{id:int}}\", (int id, BulkPayload payload, ILogger<BulkPayload> logger) =>\n        {{\n            logger.LogInformation(\"Updating r{i} {{Id}} with {{Count}} items\", id, payload.Items.Count);\n            return Results.NoContent();\n        }}){auth};\n",
                _ => $"        routes.MapDelete(\"/bulk/r{i}/{{id:int}}\", (int id) => id > 0 ? Results.NoContent() : Results.NotFound()){auth};\n",
            });
        }

        return $$"""
            namespace Bench.Api.Endpoints;

            public sealed record BulkPayload(List<string> Items);

            /// <summary>Many small endpoints registered in one method.</summary>
            public static class BulkEndpointRegistration
            {
                public static IEndpointRouteBuilder MapBulkEndpoints(this IEndpointRouteBuilder routes)
                {
            {{text.ToString().TrimEnd('\n')}}
                    return routes;
                }
            }
            """;
    }

    private static string ReportQueries(int operands)
    {
        var columns = new StringBuilder();
        var message = new StringBuilder();
        for (var i = 0; i < operands; i++)
        {
            columns.Append($"            + \"t{i % 5}.Col{i} AS C{i}, \"\n");
            message.Append(i % 3 == 0 ? $"            + row.Id + \"/{i}\"\n" : $"            + \" c{i}=\" + row.Name.Length\n");
        }

        return $$"""
            using Bench.Infrastructure.Data;
            using Dapper;

            namespace Bench.Infrastructure.Reports;

            public sealed record ReportRow(int Id, string Name);

            /// <summary>A wide report query, built from constant pieces only.</summary>
            public sealed class ReportQueries
            {
                private readonly IDbConnectionFactory _connections;

                public ReportQueries(IDbConnectionFactory connections)
                {
                    _connections = connections;
                }

                public static string BuildSummaryQuery(bool includeArchived)
                {
                    var sql = "SELECT "
            {{columns}}                + "t0.Id AS Id "
                        + "FROM Reports t0 "
                        + (includeArchived ? "" : "WHERE t0.Archived = 0 ")
                        + "ORDER BY t0.Id";
                    return sql;
                }

                public static string Describe(ReportRow row)
                {
                    return "Report " + row.Id
            {{message}}                + ".";
                }

                public async Task<IReadOnlyList<ReportRow>> RunAsync(int ownerId, CancellationToken cancellationToken)
                {
                    using var connection = _connections.Open();
                    var rows = await connection.QueryAsync<ReportRow>(new CommandDefinition(
                        BuildSummaryQuery(false) + " LIMIT 100",
                        new { ownerId },
                        cancellationToken: cancellationToken));
                    return rows.AsList();
                }
            }
            """;
    }

    private static string NestedPipelines(int methods, int depth)
    {
        var text = new StringBuilder();
        for (var m = 0; m < methods; m++)
        {
            text.Append($"    public static int Pipeline{m}(int seed) =>\n");
            for (var d = 0; d < depth; d++)
            {
                var indent = new string(' ', 8 + d * 4);
                var input = d == 0 ? "seed" : $"a{d - 1} + {d + m}";
                text.Append($"{indent}Apply({input}, a{d} =>\n");
            }

            var sum = string.Join(" + ", Enumerable.Range(0, depth).Select(d => $"a{d}"));
            text.Append(new string(' ', 8 + depth * 4)).Append(sum).Append(new string(')', depth)).Append(";\n\n");

            text.Append($"    public static Task<int> Callbacks{m}(IReadOnlyList<int> values) =>\n");
            text.Append("        Task.Run(() =>\n        {\n            var total = 0;\n");
            for (var d = 0; d < depth / 2; d++)
            {
                var indent = new string(' ', 12 + d * 4);
                text.Append($"{indent}Each(values, v{d} =>\n{indent}{{\n");
            }

            var innerIndent = new string(' ', 12 + depth / 2 * 4);
            text.Append($"{innerIndent}total += {string.Join(" * ", Enumerable.Range(0, depth / 2).Select(d => $"v{d}"))} % {m + 7};\n");
            for (var d = depth / 2 - 1; d >= 0; d--)
            {
                var indent = new string(' ', 12 + d * 4);
                text.Append($"{indent}}});\n");
            }

            text.Append("            return total;\n        });\n\n");
        }

        return $$"""
            namespace Bench.Api.Pipelines;

            /// <summary>Deeply nested lambdas (continuation-style composition and nested callbacks).</summary>
            public static class NestedPipelines
            {
                private static TResult Apply<T, TResult>(T value, Func<T, TResult> next) => next(value);

                private static void Each(IReadOnlyList<int> values, Action<int> action)
                {
                    for (var i = 0; i < values.Count && i < 3; i++)
                    {
                        action(values[i]);
                    }
                }

            {{text.ToString().TrimEnd('\n')}}
            }
            """;
    }
}
