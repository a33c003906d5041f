using SecureApi.Analyzers.Tests.Infrastructure;
using SecureApi.CodeFixes.Rules.Sql;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Sql.SqlInjectionAnalyzer,
    SecureApi.CodeFixes.Rules.Sql.SqlInjectionCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Sql;

/// <summary>The SAPI4001 fixes parameterize the SQL for EF Core, Dapper and ADO.NET.</summary>
public sealed class SqlInjectionCodeFixTests
{
    private const string Key = SqlInjectionCodeFix.Parameterize;

    private const string EfModel = """
        public sealed class Appointment
        {
            public int Id { get; set; }
            public string LastName { get; set; } = "";
        }

        public sealed class ClinicDb(DbContextOptions<ClinicDb> options) : DbContext(options)
        {
            public DbSet<Appointment> Appointments => Set<Appointment>();
        }

        """;

    [Fact]
    public Task EF_Core_raw_calls_become_parameterizing_calls()
    {
        const string source = "using Microsoft.EntityFrameworkCore;\n\n" + EfModel + """
            public sealed class Queries(ClinicDb db)
            {
                public Task<List<Appointment>> Search(string lastName) =>
                    db.Appointments.{|SAPI4001:FromSqlRaw($"SELECT * FROM Appointments WHERE LastName LIKE '%{lastName}%'")|}.ToListAsync();

                public Task<int> Cancel(int doctorId, string reason) =>
                    db.Database.{|SAPI4001:ExecuteSqlRawAsync("UPDATE Appointments SET CancelReason = '" + reason + "' WHERE DoctorId = " + doctorId)|};

                public int NoShow(int id, string note)
                {
                    var sql = $"UPDATE Appointments SET CancelReason = '{note}' WHERE Id = {id}";
                    return db.Database.{|SAPI4001:ExecuteSqlRaw(sql)|};
                }

                public IQueryable<int> Count(string status) =>
                    db.Database.{|SAPI4001:SqlQueryRaw<int>("SELECT COUNT(*) AS Value FROM Appointments WHERE Status = '" + status + "'")|};
            }
            """;
        const string fixedSource = "using Microsoft.EntityFrameworkCore;\n\n" + EfModel + """
            public sealed class Queries(ClinicDb db)
            {
                public Task<List<Appointment>> Search(string lastName) =>
                    db.Appointments.FromSql($"SELECT * FROM Appointments WHERE LastName LIKE {"%" + lastName + "%"}").ToListAsync();

                public Task<int> Cancel(int doctorId, string reason) =>
                    db.Database.ExecuteSqlAsync($"UPDATE Appointments SET CancelReason = {reason} WHERE DoctorId = {doctorId}");

                public int NoShow(int id, string note)
                {
                    FormattableString sql = $"UPDATE Appointments SET CancelReason = {note} WHERE Id = {id}";
                    return db.Database.ExecuteSql(sql);
                }

                public IQueryable<int> Count(string status) =>
                    db.Database.SqlQuery<int>($"SELECT COUNT(*) AS Value FROM Appointments WHERE Status = {status}");
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Before_EF_Core_7_the_Interpolated_APIs_are_used()
    {
        const string source = "using Microsoft.EntityFrameworkCore;\n\n" + EfModel + """
            public sealed class Queries(ClinicDb db)
            {
                public Task<List<Appointment>> Search(string lastName) =>
                    db.Appointments.{|SAPI4001:FromSqlRaw("SELECT * FROM Appointments WHERE LastName = '" + lastName + "'")|}.ToListAsync();

                public Task<int> Cancel(int id) => db.Database.{|SAPI4001:ExecuteSqlRawAsync($"DELETE FROM Appointments WHERE Id = {id}")|};
            }
            """;
        const string fixedSource = "using Microsoft.EntityFrameworkCore;\n\n" + EfModel + """
            public sealed class Queries(ClinicDb db)
            {
                public Task<List<Appointment>> Search(string lastName) =>
                    db.Appointments.FromSqlInterpolated($"SELECT * FROM Appointments WHERE LastName = {lastName}").ToListAsync();

                public Task<int> Cancel(int id) => db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM Appointments WHERE Id = {id}");
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, new SnippetOptions { References = ReferencePresets.EfCore6 }, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Dapper_holes_become_parameters_of_a_new_or_merged_object()
    {
        const string source = """
            using System.Data;
            using Dapper;

            public sealed record Ticket(long Id, string Subject);
            public sealed record User(string Email);
            public enum Status { Open, Closed }

            public sealed class Tickets(IDbConnection connection)
            {
                public Task<IEnumerable<Ticket>> ByName(string name) =>
                    connection.{|SAPI4001:QueryAsync<Ticket>($"SELECT * FROM tickets WHERE name = '{name}'")|};

                public Task<IEnumerable<Ticket>> Merged(string tenantId, string subject) =>
                    connection.{|SAPI4001:QueryAsync<Ticket>("SELECT * FROM tickets WHERE tenant = @tenantId AND subject = '" + subject + "'", new { tenantId })|};

                public Ticket? ByUser(User user, Status status) =>
                    connection.{|SAPI4001:QueryFirstOrDefault<Ticket>($"SELECT * FROM tickets WHERE requester = '{user.Email}' AND status = {(int)status}")|};

                public Task<int> Close(long id, IDbTransaction transaction) =>
                    connection.{|SAPI4001:ExecuteAsync("UPDATE tickets SET status = 'closed' WHERE id = " + id, transaction: transaction)|};

                public Task<int> Touch(long id) =>
                    connection.ExecuteAsync({|SAPI4001:new CommandDefinition($"UPDATE tickets SET seen = now() WHERE id = {id}")|});
            }
            """;
        const string fixedSource = """
            using System.Data;
            using Dapper;

            public sealed record Ticket(long Id, string Subject);
            public sealed record User(string Email);
            public enum Status { Open, Closed }

            public sealed class Tickets(IDbConnection connection)
            {
                public Task<IEnumerable<Ticket>> ByName(string name) =>
                    connection.QueryAsync<Ticket>("SELECT * FROM tickets WHERE name = @name", new { name });

                public Task<IEnumerable<Ticket>> Merged(string tenantId, string subject) =>
                    connection.QueryAsync<Ticket>("SELECT * FROM tickets WHERE tenant = @tenantId AND subject = @subject", new { tenantId, subject });

                public Ticket? ByUser(User user, Status status) =>
                    connection.QueryFirstOrDefault<Ticket>("SELECT * FROM tickets WHERE requester = @Email AND status = @status", new { user.Email, status = (int)status });

                public Task<int> Close(long id, IDbTransaction transaction) =>
                    connection.ExecuteAsync("UPDATE tickets SET status = 'closed' WHERE id = @id", transaction: transaction, param: new { id });

                public Task<int> Touch(long id) =>
                    connection.ExecuteAsync(new CommandDefinition("UPDATE tickets SET seen = now() WHERE id = @id", new { id }));
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task AdoNet_holes_become_command_parameters()
    {
        const string source = """
            using Microsoft.Data.SqlClient;
            using Microsoft.Data.Sqlite;
            using Npgsql;

            public sealed class Reports(SqlConnection connection, SqliteConnection sqlite, NpgsqlConnection npgsql)
            {
                public async Task<object?> Revenue(string clinicCode, int year)
                {
                    var sql = string.Format("SELECT SUM(Amount) FROM Invoices WHERE ClinicCode = '{0}' AND YEAR(PaidOn) = {1}", clinicCode, year);
                    await using var command = {|SAPI4001:new SqlCommand(sql, connection)|};
                    return await command.ExecuteScalarAsync();
                }

                public int Close(string status, long id)
                {
                    using var command = sqlite.CreateCommand();
                    command.{|SAPI4001:CommandText = $"UPDATE tickets SET status = '{status}' WHERE id = {id}"|};
                    return command.ExecuteNonQuery();
                }

                public int Tag(string tag)
                {
                    using var command = {|SAPI4001:new NpgsqlCommand("UPDATE devices SET tag = '" + tag + "' WHERE tag = '" + tag + "'", npgsql)|};
                    return command.ExecuteNonQuery();
                }
            }
            """;
        const string fixedSource = """
            using Microsoft.Data.SqlClient;
            using Microsoft.Data.Sqlite;
            using Npgsql;

            public sealed class Reports(SqlConnection connection, SqliteConnection sqlite, NpgsqlConnection npgsql)
            {
                public async Task<object?> Revenue(string clinicCode, int year)
                {
                    var sql = "SELECT SUM(Amount) FROM Invoices WHERE ClinicCode = @clinicCode AND YEAR(PaidOn) = @year";
                    await using var command = new SqlCommand(sql, connection);
                    command.Parameters.AddWithValue("@clinicCode", clinicCode);
                    command.Parameters.AddWithValue("@year", year);
                    return await command.ExecuteScalarAsync();
                }

                public int Close(string status, long id)
                {
                    using var command = sqlite.CreateCommand();
                    command.CommandText = "UPDATE tickets SET status = @status WHERE id = @id";
                    command.Parameters.AddWithValue("@status", status);
                    command.Parameters.AddWithValue("@id", id);
                    return command.ExecuteNonQuery();
                }

                public int Tag(string tag)
                {
                    using var command = new NpgsqlCommand("UPDATE devices SET tag = @tag WHERE tag = @tag", npgsql);
                    command.Parameters.AddWithValue("@tag", tag);
                    return command.ExecuteNonQuery();
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Names_are_deduplicated()
    {
        const string source = """
            using System.Data;
            using Dapper;

            public sealed record Item(long Id);

            public static class Queries
            {
                public static IEnumerable<long> Pair(IDbConnection connection, Item left, Item right) =>
                    connection.{|SAPI4001:Query<long>($"SELECT id FROM pairs WHERE a = {left.Id} AND b = {right.Id} AND c <> {left.Id}")|};
            }
            """;
        const string fixedSource = """
            using System.Data;
            using Dapper;

            public sealed record Item(long Id);

            public static class Queries
            {
                public static IEnumerable<long> Pair(IDbConnection connection, Item left, Item right) =>
                    connection.Query<long>("SELECT id FROM pairs WHERE a = @Id AND b = @Id2 AND c <> @Id", new { left.Id, Id2 = right.Id });
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Theory]
    [InlineData("$\"SELECT * FROM devices ORDER BY {orderBy}\"")]
    [InlineData("\"SELECT * FROM \" + orderBy")]
    [InlineData("$\"SELECT * FROM devices WHERE id IN ({orderBy})\"")]
    [InlineData("$\"DELETE FROM readings WHERE ts < now() - interval '{orderBy} days'\"")]
    [InlineData("$\"SELECT * FROM devices WHERE ts > {DateTime.UtcNow:yyyy-MM-dd}\" + orderBy")]
    public Task Not_offered_where_a_parameter_cannot_replace_the_hole(string sql)
    {
        var source = $$"""
            using System.Data;
            using Dapper;

            public static class Queries
            {
                public static IEnumerable<string> List(IDbConnection connection, string orderBy) =>
                    connection.{|SAPI4001:Query<string>({{sql}})|};
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_at_the_call_of_a_helper()
    {
        const string source = """
            using System.Data;
            using Dapper;

            public sealed class Maintenance(IDbConnection connection)
            {
                private int Run(string sql) => connection.Execute(sql);

                public int Vacuum(string table) => {|#0:Run("VACUUM " + table)|};
            }
            """;
        return Verify.VerifyNoCodeFixAsync(
            source,
            Key,
            null,
            Verify.Diagnostic(SecureApi.Analyzers.Core.Descriptors.SqlInjection).WithLocation(0).WithSpan(6, 47, 6, 59));
    }
}
