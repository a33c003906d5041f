using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Sql.SqlInjectionAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Sql;

/// <summary>
/// SAPI4001: pieces that are constant without being compile-time constants (fields, properties, parameters of private
/// methods, returned values, string operations and arrays of constants, EF Core model names) are not input; the same
/// shapes written from input still are.
/// </summary>
public sealed class SqlConstantFoldingTests
{
    private static DiagnosticResult At(int markup) => Verify.Diagnostic(Descriptors.SqlInjection).WithLocation(markup);

    // ---------------------------------------------------------------- fields and properties

    [Fact]
    public Task Readonly_fields_and_unassigned_properties_holding_constants_are_not_input()
    {
        const string source = """
            using System.Data;
            using Dapper;

            public static class Tables
            {
                public const string Users = "dbo.Users";
                public static readonly string Orders = "dbo.Orders";
            }

            public sealed class UserRepository(IDbConnection connection)
            {
                private static readonly string Audit = "dbo." + "Audit";
                private readonly string _archive;
                private readonly string _prefix = "usr_";

                public UserRepository(IDbConnection connection, bool legacy) : this(connection) => _archive = legacy ? "dbo.OldArchive" : "dbo.Archive";

                public string Schema { get; set; } = "dbo";

                public string ReadSchema { get; } = "reporting";

                private string Qualified => $"[{Schema}].[Users]";

                public Task<int> Update(int id, string name) =>
                    connection.ExecuteAsync($"[{Schema}].[User_Update]", new { id, name }, commandType: CommandType.StoredProcedure);

                public Task<IEnumerable<int>> Reads(int id)
                {
                    connection.QueryAsync<int>("SELECT Id FROM " + Tables.Users + " WHERE Id = @id", new { id });
                    connection.QueryAsync<int>($"SELECT Id FROM {Tables.Orders} WHERE Id = @id", new { id });
                    connection.QueryAsync<int>($"SELECT Id FROM {Audit} WHERE Id = @id", new { id });
                    connection.QueryAsync<int>($"SELECT Id FROM {_archive} WHERE Id = @id", new { id });
                    connection.QueryAsync<int>($"SELECT {_prefix}id FROM {ReadSchema}.Users WHERE Id = @id", new { id });
                    return connection.QueryAsync<int>($"SELECT Id FROM {Qualified} WHERE Id = @id", new { id });
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Fields_and_properties_written_from_input_are_input()
    {
        const string source = """
            using System.Data;
            using Dapper;

            public sealed class Report
            {
                public string SortBy { get; set; } = "name";
            }

            public sealed class Repository
            {
                private readonly IDbConnection _connection;
                private readonly string _table;

                public Repository(IDbConnection connection, string table)
                {
                    _connection = connection;
                    _table = table;
                }

                public string Schema { get; set; } = "dbo";

                public Task<IEnumerable<int>> Rows() => _connection.{|#0:QueryAsync<int>($"SELECT Id FROM {_table}")|};

                public Task<int> Update(int id) => _connection.{|#1:ExecuteAsync($"[{Schema}].[User_Update]", new { id }, commandType: CommandType.StoredProcedure)|};

                // Another object's settable property: a model binder or deserializer fills it from the request.
                public Task<IEnumerable<int>> Sorted(Report report) => _connection.{|#2:QueryAsync<int>($"SELECT Id FROM t ORDER BY {report.SortBy}")|};
            }

            public static class Setup
            {
                public static Repository Create(IDbConnection connection, string schema) => new(connection, "dbo.T") { Schema = schema };
            }

            // A request DTO that builds its own SQL: the binder sets SortBy, so reading it through 'this' is input too.
            public sealed class SearchQuery
            {
                public string SortBy { get; set; } = "name";
                public string Direction { get; init; } = "ASC";

                public Task<IEnumerable<int>> Run(IDbConnection connection) =>
                    connection.{|#3:QueryAsync<int>($"SELECT Id FROM t ORDER BY {SortBy} {Direction}")|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, At(0), At(1), At(2), At(3));
    }

    // ---------------------------------------------------------------- parameters and returned values

    [Fact]
    public Task Private_methods_and_local_functions_called_only_with_constants_are_not_input()
    {
        const string source = """
            using System.Data;
            using Dapper;

            public sealed class Maintenance(IDbConnection connection)
            {
                private const string Prefix = "tmp_";

                public async Task Run(int days)
                {
                    await Purge("Readings", days);
                    await Purge(Prefix + "Imports", days);
                    await Purge(TableOf("audit"), days);

                    Task<int> Count(string table) => connection.ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM {table}");
                    await Count("Readings");
                    await Count(Quote("Imports"));
                }

                private Task<int> Purge(string table, int days, string column = "CreatedAt") =>
                    connection.ExecuteAsync($"DELETE FROM {table} WHERE {column} < @cutoff", new { cutoff = DateTime.UtcNow.AddDays(-days) });

                private static string TableOf(string kind) => kind switch { "audit" => "AuditLog", _ => "EventLog" };

                private static string Quote(string name) => "[" + name + "]";

                public static string Version() => "v2";

                public Task<int> Migrate() => connection.ExecuteAsync($"UPDATE meta SET version = '{Version()}'");
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Public_parameters_and_private_methods_called_with_input_are_input()
    {
        const string source = """
            using System.Data;
            using Dapper;

            public sealed class Maintenance(IDbConnection connection)
            {
                public async Task Run(string requested, int days)
                {
                    await Purge("Readings", days);
                    await Purge(requested, days);

                    Task<int> Count(string table) => connection.{|#1:ExecuteScalarAsync<int>($"SELECT COUNT(*) FROM {table}")|};
                    await Count(requested);
                    await Count(Quote(requested));
                }

                // Callers outside the compilation are unknown.
                public Task<int> Truncate(string table) => connection.{|#2:ExecuteAsync($"TRUNCATE TABLE {table}")|};

                private Task<int> Purge(string table, int days) =>
                    connection.{|#0:ExecuteAsync($"DELETE FROM {table} WHERE CreatedAt < @cutoff", new { cutoff = DateTime.UtcNow.AddDays(-days) })|};

                private static string Quote(string name) => "[" + name + "]";

                // A private method used as a delegate: its callers are unknown.
                private Task<int> Drop(string table) => connection.{|#3:ExecuteAsync($"DROP TABLE {table}")|};

                public Func<string, Task<int>> Dropper => Drop;
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, At(0), At(1), At(2), At(3));
    }

    // ---------------------------------------------------------------- string operations and arrays

    [Fact]
    public Task Split_Substring_case_changes_and_constant_arrays_are_not_input()
    {
        const string source = """
            using System.Data;
            using Dapper;

            public sealed class Exports(IDbConnection connection)
            {
                private static readonly string[] Tables = { "Orders", "Invoices", "Payments" };
                private const string Columns = "id,name,total";

                public async Task Run(int index, int id)
                {
                    await connection.ExecuteAsync($"DELETE FROM {Tables[index]} WHERE id = @id", new { id });
                    await connection.ExecuteAsync($"SELECT {Columns.Split(',')[1]} FROM t WHERE id = @id", new { id });
                    await connection.ExecuteAsync("SELECT * FROM " + Columns.Substring(0, 2).ToUpperInvariant() + " WHERE id = @id", new { id });
                    await connection.ExecuteAsync($"SELECT * FROM {" orders ".Trim().ToLower()} WHERE id = @id", new { id });
                    var names = "a;b;c".Split(';');
                    await connection.ExecuteAsync($"SELECT {names[0]} FROM t WHERE id = @id", new { id });
                    foreach (var table in Tables)
                    {
                        await connection.ExecuteAsync($"DELETE FROM {table} WHERE id = @id", new { id });
                    }
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Arrays_with_an_element_written_from_input_and_splits_of_input_are_input()
    {
        const string source = """
            using System.Data;
            using Dapper;

            public sealed class Exports(IDbConnection connection)
            {
                private static readonly string[] Tables = { "Orders", "Invoices" };

                public static void Rename(string name) => Tables[0] = name;

                public async Task Run(int index, string csv)
                {
                    await connection.{|#0:ExecuteAsync($"DELETE FROM {Tables[index]}")|};
                    await connection.{|#1:ExecuteAsync($"SELECT {csv.Split(',')[0]} FROM t")|};
                    await connection.{|#2:ExecuteAsync("SELECT * FROM " + csv.Trim().ToUpperInvariant())|};
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, At(0), At(1), At(2));
    }

    // ---------------------------------------------------------------- EF Core model

    [Fact]
    public Task Names_from_the_EF_Core_model_are_not_input()
    {
        const string source = """
            using Microsoft.EntityFrameworkCore;

            public sealed class Patient
            {
                public int Id { get; set; }
                public string LastName { get; set; } = "";
            }

            public sealed class ClinicDb(DbContextOptions<ClinicDb> options) : DbContext(options)
            {
                public DbSet<Patient> Patients => Set<Patient>();

                public Task<int> Purge(int id)
                {
                    var entity = Model.FindEntityType(typeof(Patient))!;
                    var table = entity.GetTableName();
                    var column = entity.FindProperty(nameof(Patient.Id))!.GetColumnName();
                    return Database.ExecuteSqlRawAsync($"DELETE FROM [{entity.GetSchema() ?? "dbo"}].[{table}] WHERE [{column}] = {{0}}", id);
                }

                public Task<int> Filter(string column) =>
                    Database.{|#0:ExecuteSqlRawAsync($"DELETE FROM [{Model.FindEntityType(typeof(Patient))!.GetTableName()}] WHERE [{column}] = 1")|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, At(0));
    }
}
