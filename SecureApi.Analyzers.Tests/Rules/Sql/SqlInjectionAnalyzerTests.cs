using SecureApi.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Sql.SqlInjectionAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Sql;

/// <summary>SAPI4001: SQL built from non-constant input reaching a SQL API.</summary>
public sealed class SqlInjectionAnalyzerTests
{
    private const string Ef = "using Microsoft.EntityFrameworkCore;\n" + EfModel;

    private const string EfModel = """
        public sealed class Patient
        {
            public int Id { get; set; }
            public string LastName { get; set; } = "";
        }

        public sealed class ClinicDb(DbContextOptions<ClinicDb> options) : DbContext(options)
        {
            public DbSet<Patient> Patients => Set<Patient>();
        }

        """;

    private static DiagnosticResult At(int markup) => Verify.Diagnostic(Descriptors.SqlInjection).WithLocation(markup);

    // ---------------------------------------------------------------- ADO.NET

    [Fact]
    public Task SqlClient_commands_and_CommandText()
    {
        const string source = """
            using Microsoft.Data.SqlClient;

            public sealed class Reports(string connectionString)
            {
                public async Task<int> Revenue(string clinicCode, int year)
                {
                    await using var connection = new SqlConnection(connectionString);
                    var sql = string.Format("SELECT SUM(Amount) FROM Invoices WHERE ClinicCode = '{0}' AND YEAR(PaidOn) = {1}", clinicCode, year);
                    await using var command = {|#0:new SqlCommand(sql, connection)|};
                    return (int)(await command.ExecuteScalarAsync())!;
                }

                public async Task<int> Purge(string tenantId, int days)
                {
                    await using var connection = new SqlConnection(connectionString);
                    await using var command = connection.CreateCommand();
                    command.{|#1:CommandText = "DELETE FROM Readings WHERE TenantId = '" + tenantId + "'"|};
                    command.CommandText += " AND Age > " + days;
                    return await command.ExecuteNonQueryAsync();
                }

                public async Task<int> Later(int days)
                {
                    await using var connection = new SqlConnection(connectionString);
                    await using var command = connection.CreateCommand();
                    command.CommandText = "DELETE FROM Readings WHERE 1 = 1";
                    command.{|#2:CommandText += " AND Age > " + days|};
                    return await command.ExecuteNonQueryAsync();
                }

                public int Legacy(string name)
                {
                    using var connection = new System.Data.SqlClient.SqlConnection(connectionString);
                    using var command = {|#3:new System.Data.SqlClient.SqlCommand($"DELETE FROM Users WHERE Name = '{name}'", connection)|};
                    return command.ExecuteNonQuery();
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, At(0), At(1), At(2), At(3));
    }

    [Fact]
    public Task StringBuilder_and_data_adapter()
    {
        const string source = """
            using System.Data;
            using System.Text;
            using Microsoft.Data.SqlClient;

            public sealed class Invoices(SqlConnection connection)
            {
                private const string Columns = "Id, Amount";

                public async Task<int> Outstanding(string? insurer, string sortBy)
                {
                    var sql = new StringBuilder("SELECT " + Columns + " FROM Invoices WHERE Paid = 0");
                    if (!string.IsNullOrEmpty(insurer))
                        sql.Append(" AND Insurer = '").Append(insurer).Append('\'');
                    sql.Append(" ORDER BY ").Append(sortBy);
                    await using var command = connection.CreateCommand();
                    command.{|#0:CommandText = sql.ToString()|};
                    return await command.ExecuteNonQueryAsync();
                }

                public DataTable Archive(int year, string department, string archive)
                {
                    var query = "SELECT Id FROM Archived WHERE Year = " + year;
                    if (department != "all")
                        query += " AND Department = '" + department + "'";
                    using var adapter = {|#1:new SqlDataAdapter(query, archive)|};
                    var table = new DataTable();
                    adapter.Fill(table);
                    return table;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, At(0), At(1));
    }

    [Fact]
    public Task Npgsql_Sqlite_and_MySqlConnector_commands()
    {
        const string source = """
            using Microsoft.Data.Sqlite;
            using MySqlConnector;
            using Npgsql;

            public static class Providers
            {
                public static NpgsqlCommand Postgres(NpgsqlConnection connection, string tag) =>
                    {|#0:new NpgsqlCommand($"UPDATE devices SET tags = array_remove(tags, '{tag}')", connection)|};

                public static SqliteCommand Sqlite(SqliteConnection connection, string status)
                {
                    var command = connection.CreateCommand();
                    command.{|#1:CommandText = "UPDATE tickets SET status = '" + status + "'"|};
                    return command;
                }

                public static MySqlCommand MySql(MySqlConnection connection, string name) =>
                    {|#2:new MySqlCommand(string.Concat("SELECT * FROM users WHERE name = '", name, "'"), connection)|};

                public static NpgsqlDataAdapter Adapter(NpgsqlConnection connection, string table) =>
                    {|#3:new NpgsqlDataAdapter("SELECT * FROM " + table, connection)|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, At(0), At(1), At(2), At(3));
    }

    // ---------------------------------------------------------------- EF Core

    [Fact]
    public Task EF_Core_raw_SQL_APIs()
    {
        const string source = Ef + """
            public sealed class Queries(ClinicDb db)
            {
                public Task<List<Patient>> Search(string lastName) =>
                    db.Patients.{|#0:FromSqlRaw($"SELECT * FROM Patients WHERE LastName LIKE '%{lastName}%'")|}.ToListAsync();

                public Task<int> Cancel(int doctorId, string reason) =>
                    db.Database.{|#1:ExecuteSqlRawAsync(
                        "UPDATE Appointments SET Status = 4, CancelReason = '" + reason + "' " +
                        "WHERE DoctorId = " + doctorId)|};

                public int NoShow(int id, string note)
                {
                    var sql = $"UPDATE Appointments SET CancelReason = '{note}' WHERE Id = {id}";
                    return db.Database.{|#2:ExecuteSqlRaw(sql)|};
                }

                public IQueryable<int> Count(string status) =>
                    db.Database.{|#3:SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM Appointments WHERE Status = '" + status + "'")|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, At(0), At(1), At(2), At(3));
    }

    // ---------------------------------------------------------------- Dapper

    [Fact]
    public Task Dapper_queries_and_CommandDefinition()
    {
        const string source = """
            using System.Data;
            using Dapper;

            public sealed record Ticket(long Id, string Subject);

            public sealed class Tickets(IDbConnection connection)
            {
                private const string Columns = "id, subject";

                public Task<IEnumerable<Ticket>> Search(string tenantId, string? text, bool descending)
                {
                    var sql = "SELECT " + Columns + " FROM tickets WHERE tenant_id = @tenantId";
                    if (!string.IsNullOrWhiteSpace(text))
                        sql += " AND subject LIKE '%" + text + "%'";
                    sql += $" ORDER BY created_at {(descending ? "DESC" : "ASC")}";
                    return connection.{|#0:QueryAsync<Ticket>(sql, new { tenantId })|};
                }

                public Ticket? One(string orderBy) => connection.{|#1:QuerySingleOrDefault<Ticket>($"SELECT {Columns} FROM tickets ORDER BY {orderBy}")|};

                public int Many(string assignee) => connection.{|#2:Execute(string.Concat("UPDATE tickets SET seen = 1 WHERE assignee = '", assignee, "'"))|};

                public Task<int> Touch(IEnumerable<string> ids)
                {
                    var idList = string.Join(",", ids.Select(id => $"'{id}'"));
                    var command = {|#3:new CommandDefinition($"UPDATE devices SET seen = now() WHERE id IN ({idList})")|};
                    return connection.ExecuteAsync(command);
                }

                public Task<SqlMapper.GridReader> Dashboard(string assignee) =>
                    connection.{|#4:QueryMultipleAsync("SELECT * FROM tickets WHERE assignee = '" + assignee + "'")|};

                public Task<long> Scalar(int limit) => connection.{|#5:ExecuteScalarAsync<long>("SELECT count(*) FROM tickets LIMIT " + limit)|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, At(0), At(1), At(2), At(3), At(4), At(5));
    }

    [Theory]
    [InlineData("Query")]
    [InlineData("QueryAsync")]
    [InlineData("QueryFirst")]
    [InlineData("QueryFirstAsync")]
    [InlineData("QueryFirstOrDefault")]
    [InlineData("QueryFirstOrDefaultAsync")]
    [InlineData("QuerySingle")]
    [InlineData("QuerySingleAsync")]
    [InlineData("QuerySingleOrDefault")]
    [InlineData("QuerySingleOrDefaultAsync")]
    [InlineData("Execute")]
    [InlineData("ExecuteAsync")]
    [InlineData("ExecuteScalar")]
    [InlineData("ExecuteScalarAsync")]
    [InlineData("ExecuteReader")]
    [InlineData("ExecuteReaderAsync")]
    [InlineData("QueryMultiple")]
    [InlineData("QueryMultipleAsync")]
    public Task Every_Dapper_entry_point(string method)
    {
        var source = $$"""
            using System.Data;
            using Dapper;

            public static class Calls
            {
                public static object Run(IDbConnection connection, string name) =>
                    connection.{|#0:{{method}}("SELECT * FROM users WHERE name = '" + name + "'")|};

                public static object Safe(IDbConnection connection, string name) =>
                    connection.{{method}}("SELECT * FROM users WHERE name = @name", new { name });
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, At(0));
    }

    // ---------------------------------------------------------------- helper methods

    [Fact]
    public Task String_built_at_the_call_of_a_helper_whose_parameter_reaches_a_sink()
    {
        const string source = """
            using System.Data;
            using Dapper;

            public sealed class Maintenance(IDbConnection connection)
            {
                // Runs a statement the caller has already written.
                private Task<int> Run(string sql) => connection.{|#1:ExecuteAsync(sql)|};

                private Task<int> Logged(string statement) => Run(statement);

                public Task<int> Analyze() => Run("ANALYZE readings");

                public Task<int> RenameTag(string tenantId, string oldTag, string newTag) =>
                    {|#0:Run($"UPDATE devices SET tags = array_replace(tags, '{oldTag}', '{newTag}') WHERE tenant_id = '{tenantId}'")|};

                public Task<int> Through(string table)
                {
                    var statement = "VACUUM " + table;
                    return {|#2:Logged(statement)|};
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            At(0).WithLocation(1),
            At(2).WithLocation(1));
    }

    [Fact]
    public Task EF_Core_2_ExecuteSqlCommand_with_built_strings()
    {
        // EF Core 3.1 still has EF Core 2's ExecuteSqlCommand[Async](RawSqlString) (obsolete there; its FromSql is an
        // obsolete error, so FromSql cannot be compiled against a served package; EF Core 2.x is not on the mirror).
        const string source = "#pragma warning disable CS0618\n" + Ef + """
            public sealed class Legacy(ClinicDb db)
            {
                private const string Table = "Patients";

                public async Task Run(string lastName, int id)
                {
                    await db.Database.{|#0:ExecuteSqlCommandAsync("DELETE FROM Patients WHERE LastName = '" + lastName + "'")|};
                    var sql = $"DELETE FROM Patients WHERE Id = {id}";
                    db.Database.{|#1:ExecuteSqlCommand(sql)|};
                    await db.Database.{|#2:ExecuteSqlCommandAsync(string.Format("DELETE FROM Patients WHERE LastName = '{0}'", lastName))|};

                    // Parameterized or constant: the FormattableString overloads, positional parameters, constant text.
                    await db.Database.ExecuteSqlCommandAsync($"DELETE FROM Patients WHERE LastName = {lastName}");
                    db.Database.ExecuteSqlCommand("DELETE FROM Patients WHERE LastName = {0}", lastName);
                    db.Database.ExecuteSqlCommand($"DELETE FROM Patients WHERE Id = {id}");
                    await db.Database.ExecuteSqlCommandAsync("DELETE FROM " + Table + " WHERE Id = 0");
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, new SnippetOptions { References = ReferencePresets.EfCore3 }, At(0), At(1), At(2));
    }

    // ---------------------------------------------------------------- not flagged

    [Fact]
    public Task Parameterized_and_constant_SQL()
    {
        const string source = """
            using System.Data;
            using Dapper;
            using Microsoft.Data.SqlClient;
            using Microsoft.Data.Sqlite;
            using Microsoft.EntityFrameworkCore;
            using Npgsql;

            """ + EfModel + """
            public sealed class Safe(ClinicDb db, IDbConnection connection, SqlConnection sqlConnection, SqliteConnection sqlite, NpgsqlConnection npgsql)
            {
                private const string Columns = "Id, LastName";

                public async Task Run(string lastName, int id, DateOnly date, string tenantId, string email)
                {
                    // EF Core parameterizes interpolated SQL.
                    await db.Patients.FromSql($"SELECT * FROM Patients WHERE LastName = {lastName}").ToListAsync();
                    await db.Patients.FromSqlInterpolated($"SELECT * FROM Patients WHERE Id = {id}").ToListAsync();
                    await db.Database.ExecuteSqlAsync($"UPDATE Patients SET LastName = {lastName} WHERE Id = {id}");
                    await db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM Patients WHERE Id = {id}");
                    await db.Database.SqlQuery<int>($"SELECT COUNT(*) AS Value FROM Patients WHERE DateOfBirth = {date}").SingleAsync();
                    await db.Patients.FromSqlRaw("SELECT * FROM Patients WHERE LastName = {0}", lastName).ToListAsync();

                    // Dapper with @parameters and an object; constant-only concatenation, const pieces and nameof.
                    await connection.QueryAsync<int>("SELECT " + Columns + " FROM tickets WHERE tenant_id = @tenantId AND email = @email", new { tenantId, email });
                    await connection.QuerySingleOrDefaultAsync<int>($"SELECT {Columns} FROM devices WHERE id = @id", new { id });
                    await connection.ExecuteAsync("UPDATE t SET " + nameof(Columns) + " = 1 WHERE id = @id", new { id });

                    // ADO.NET with parameters.
                    await using var command = new SqlCommand("SELECT " + Columns + " FROM Invoices WHERE PatientId = @patientId", sqlConnection);
                    command.Parameters.AddWithValue("@patientId", id);
                    await using var update = new SqliteCommand("UPDATE tickets SET assignee_id = $assignee WHERE id = $id", sqlite);
                    update.Parameters.AddWithValue("$assignee", email);
                    await using var count = new NpgsqlCommand("SELECT count(*) FROM readings WHERE device_id = $1", npgsql);
                    count.Parameters.AddWithValue(tenantId);
                    const string query = "SELECT FiscalYear, SUM(Amount) FROM Archived GROUP BY FiscalYear";
                    using var adapter = new SqlDataAdapter(query, sqlConnection);
                }

                // SQL received as a parameter with no visible construction (judged at its callers).
                public Task<int> Execute(string sql) => connection.ExecuteAsync(sql);

                public int Direct(string sql)
                {
                    using var command = new SqlCommand(sql, sqlConnection);
                    command.CommandText = sql.Trim();
                    return command.ExecuteNonQuery();
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Lookalike_types_and_non_SQL_strings()
    {
        const string source = """
            namespace MyCompany.Data
            {
                public sealed class SqlCommand
                {
                    public SqlCommand(string cmdText) => CommandText = cmdText;
                    public string CommandText { get; set; }
                }

                public static class Use
                {
                    public static SqlCommand Build(string name) => new SqlCommand("SELECT * FROM t WHERE name = '" + name + "'");

                    public static string Greeting(string name) => Format("Hello " + name);

                    private static string Format(string text) => text.ToUpperInvariant();
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }
}
