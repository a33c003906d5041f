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
    public Task EF_Core_2_ExecuteSqlCommand_gets_an_interpolated_string()
    {
        // EF Core 3.1 (the oldest the mirror serves) still has EF Core 2's ExecuteSqlCommand[Async] with RawSqlString and
        // FormattableString overloads (its FromSql is an obsolete error there, so it cannot be compiled here).
        const string source = "#pragma warning disable CS0618\nusing Microsoft.EntityFrameworkCore;\n\n" + EfModel + """
            public sealed class Queries(ClinicDb db)
            {
                public Task<int> Forget(string lastName) =>
                    db.Database.{|SAPI4001:ExecuteSqlCommandAsync("DELETE FROM Appointments WHERE LastName = '" + lastName + "'")|};

                public int Cancel(int id) => db.Database.{|SAPI4001:ExecuteSqlCommand($"DELETE FROM Appointments WHERE Id = " + id)|};

                public Task<int> NoShow(int id, string note)
                {
                    var sql = $"UPDATE Appointments SET CancelReason = '{note}' WHERE Id = {id}";
                    return db.Database.{|SAPI4001:ExecuteSqlCommandAsync(sql)|};
                }
            }
            """;
        const string fixedSource = "#pragma warning disable CS0618\nusing Microsoft.EntityFrameworkCore;\n\n" + EfModel + """
            public sealed class Queries(ClinicDb db)
            {
                public Task<int> Forget(string lastName) =>
                    db.Database.ExecuteSqlCommandAsync($"DELETE FROM Appointments WHERE LastName = {lastName}");

                public int Cancel(int id) => db.Database.ExecuteSqlCommand($"DELETE FROM Appointments WHERE Id = {id}");

                public Task<int> NoShow(int id, string note)
                {
                    FormattableString sql = $"UPDATE Appointments SET CancelReason = {note} WHERE Id = {id}";
                    return db.Database.ExecuteSqlCommandAsync(sql);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, new SnippetOptions { References = ReferencePresets.EfCore3 }, batchFixedSource: fixedSource);
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

    // ---------------------------------------------------------------- Only values become parameters

    private const string OrdersModel = """
        using System.Data;
        using System.Text;
        using Dapper;

        public sealed record Order(int Id, string Customer);
        public enum OrderStatus { Open, Shipped }

        """;

    [Fact]
    public Task Values_after_comparisons_in_literals_in_VALUES_and_in_SET_become_parameters()
    {
        const string source = OrdersModel + """"
            public sealed class Orders(IDbConnection connection)
            {
                public Order? ById(int id) =>
                    connection.{|SAPI4001:QueryFirstOrDefault<Order>($"SELECT * FROM Orders WHERE Id = {id}")|};

                public IEnumerable<Order> ByName(string name) =>
                    connection.{|SAPI4001:Query<Order>($"SELECT * FROM Orders WHERE Name = '{name}'")|};

                public IEnumerable<Order> Search(string term) =>
                    connection.{|SAPI4001:Query<Order>($"SELECT * FROM Orders WHERE Customer LIKE '%{term}%'")|};

                public int Add(int customerId, string note) =>
                    connection.{|SAPI4001:Execute($"INSERT INTO Orders (CustomerId, Note) VALUES ({customerId}, '{note}')")|};

                public int Rename(string name, int id) =>
                    connection.{|SAPI4001:Execute($"UPDATE Customers SET Name = {name} WHERE Id = {id}")|};

                public IEnumerable<Order> BySku(string sku) =>
                    connection.{|SAPI4001:Query<Order>("SELECT * FROM Orders WHERE Id IN (SELECT OrderId FROM Lines WHERE Sku = '" + sku + "')")|};

                public IEnumerable<Order> Between(DateTime from, DateTime to, decimal total) =>
                    connection.{|SAPI4001:Query<Order>($"""
                        SELECT * FROM Orders
                        WHERE PlacedOn BETWEEN {from} AND {to}
                          AND Total>={total} AND Customer <> N'{from.Year}'
                        """)|};
            }
            """";
        const string fixedSource = OrdersModel + """"
            public sealed class Orders(IDbConnection connection)
            {
                public Order? ById(int id) =>
                    connection.QueryFirstOrDefault<Order>("SELECT * FROM Orders WHERE Id = @id", new { id });

                public IEnumerable<Order> ByName(string name) =>
                    connection.Query<Order>("SELECT * FROM Orders WHERE Name = @name", new { name });

                public IEnumerable<Order> Search(string term) =>
                    connection.Query<Order>("SELECT * FROM Orders WHERE Customer LIKE @term", new { term = "%" + term + "%" });

                public int Add(int customerId, string note) =>
                    connection.Execute("INSERT INTO Orders (CustomerId, Note) VALUES (@customerId, @note)", new { customerId, note });

                public int Rename(string name, int id) =>
                    connection.Execute("UPDATE Customers SET Name = @name WHERE Id = @id", new { name, id });

                public IEnumerable<Order> BySku(string sku) =>
                    connection.Query<Order>("SELECT * FROM Orders WHERE Id IN (SELECT OrderId FROM Lines WHERE Sku = @sku)", new { sku });

                public IEnumerable<Order> Between(DateTime from, DateTime to, decimal total) =>
                    connection.Query<Order>(@"SELECT * FROM Orders
            WHERE PlacedOn BETWEEN @from AND @to
              AND Total>=@total AND Customer <> @Year", new { from, to, total, from.Year });
            }
            """";
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Every_row_of_a_multi_row_VALUES_is_parameterized()
    {
        const string source = OrdersModel + """
            public static class Imports
            {
                public static int Pair(IDbConnection connection, Order a, Order b) =>
                    connection.{|SAPI4001:Execute("INSERT INTO Orders (Id, Customer) VALUES (" + a.Id + ", '" + a.Customer + "'), (" + b.Id + ", '" + b.Customer + "')")|};
            }
            """;
        const string fixedSource = OrdersModel + """
            public static class Imports
            {
                public static int Pair(IDbConnection connection, Order a, Order b) =>
                    connection.Execute("INSERT INTO Orders (Id, Customer) VALUES (@Id, @Customer), (@Id2, @Customer2)", new { a.Id, a.Customer, Id2 = b.Id, Customer2 = b.Customer });
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Values_that_are_no_SQL_text_are_parameterized_even_when_computed()
    {
        const string source = OrdersModel + """
            public sealed class Orders(IDbConnection connection)
            {
                public IEnumerable<Order> Larger(decimal total, decimal margin, string first, string last)
                {
                    var minimum = total;
                    minimum += margin;
                    var customer = $"{first} {last}".Trim();
                    return connection.{|SAPI4001:Query<Order>($"SELECT * FROM Orders WHERE Total > {minimum} AND Customer = '{customer}'")|};
                }
            }
            """;
        const string fixedSource = OrdersModel + """
            public sealed class Orders(IDbConnection connection)
            {
                public IEnumerable<Order> Larger(decimal total, decimal margin, string first, string last)
                {
                    var minimum = total;
                    minimum += margin;
                    var customer = $"{first} {last}".Trim();
                    return connection.Query<Order>("SELECT * FROM Orders WHERE Total > @minimum AND Customer = @customer", new { minimum, customer });
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Not_offered_for_a_where_clause_built_with_plus_equals_then_interpolated()
    {
        const string source = OrdersModel + """
            public sealed class Orders(IDbConnection connection)
            {
                public IEnumerable<Order> Search(string? customer, int? minTotal)
                {
                    var where = "WHERE 1 = 1";
                    if (customer is not null)
                        where += $" AND Customer = '{customer}'";
                    if (minTotal is not null)
                        where += " AND Total >= " + minTotal;
                    return connection.{|SAPI4001:Query<Order>($"SELECT * FROM Orders {where}")|};
                }

                public IEnumerable<Order> Filtered(int id, string? customer)
                {
                    var filter = "";
                    if (customer is not null)
                        filter += " AND Customer = '" + customer + "'";
                    var sql = $"SELECT * FROM Orders WHERE Id = {id}{filter}";
                    return connection.{|SAPI4001:Query<Order>(sql)|};
                }

                public IEnumerable<Order> Grown(int id, string? customer)
                {
                    var sql = "SELECT * FROM Orders WHERE Id = " + id;
                    if (customer is not null)
                        sql += " AND Customer = '" + customer + "'";
                    return connection.{|SAPI4001:Query<Order>(sql)|};
                }
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task A_command_made_inside_the_loop_is_fixed()
    {
        const string source = """
            using Microsoft.Data.SqlClient;

            public sealed class Readings(SqlConnection connection)
            {
                public void Each(int[] ids)
                {
                    foreach (var id in ids)
                    {
                        using var command = connection.CreateCommand();
                        command.{|SAPI4001:CommandText = $"DELETE FROM Readings WHERE Id = {id}"|};
                        command.ExecuteNonQuery();
                    }
                }
            }
            """;
        const string fixedSource = """
            using Microsoft.Data.SqlClient;

            public sealed class Readings(SqlConnection connection)
            {
                public void Each(int[] ids)
                {
                    foreach (var id in ids)
                    {
                        using var command = connection.CreateCommand();
                        command.CommandText = "DELETE FROM Readings WHERE Id = @id";
                        command.Parameters.AddWithValue("@id", id);
                        command.ExecuteNonQuery();
                    }
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Not_offered_for_CommandText_plus_equals_or_a_command_reused_in_a_loop()
    {
        const string source = """
            using Microsoft.Data.SqlClient;

            public sealed class Readings(SqlConnection connection)
            {
                public int Purge(int days)
                {
                    using var command = connection.CreateCommand();
                    command.CommandText = "DELETE FROM Readings WHERE 1 = 1";
                    command.{|SAPI4001:CommandText += " AND Age > " + days|};
                    return command.ExecuteNonQuery();
                }

                public void Each(int[] ids)
                {
                    using var command = connection.CreateCommand();
                    foreach (var id in ids)
                    {
                        command.{|SAPI4001:CommandText = $"DELETE FROM Readings WHERE Id = {id}"|};
                        command.ExecuteNonQuery();
                    }
                }
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_for_an_ORDER_BY_column_or_direction()
    {
        const string source = "using Microsoft.EntityFrameworkCore;\nusing Microsoft.Data.SqlClient;\n\n" + EfModel + """
            public sealed class Queries(ClinicDb db, SqlConnection connection)
            {
                public List<Appointment> Sorted(string col, bool descending)
                {
                    var dir = descending ? "DESC" : "ASC";
                    return db.Appointments.{|SAPI4001:FromSqlRaw($"SELECT * FROM Appointments ORDER BY {col} {dir}")|}.ToList();
                }

                public object? First(string sortColumn)
                {
                    using var command = {|SAPI4001:new SqlCommand("SELECT TOP 1 Id FROM Appointments ORDER BY " + sortColumn, connection)|};
                    return command.ExecuteScalar();
                }
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_for_a_filter_built_with_a_StringBuilder()
    {
        const string source = OrdersModel + """
            public sealed class Orders(IDbConnection connection, Microsoft.Data.SqlClient.SqlConnection sql)
            {
                public IEnumerable<Order> Interpolated(int id, string? customer)
                {
                    var filter = new StringBuilder();
                    if (customer is not null)
                        filter.Append(" AND Customer = '").Append(customer).Append('\'');
                    return connection.{|SAPI4001:Query<Order>($"SELECT * FROM Orders WHERE Id = {id}{filter}")|};
                }

                public IEnumerable<Order> Concatenated(string? customer)
                {
                    var filter = new StringBuilder();
                    filter.AppendFormat(" AND Customer = '{0}'", customer);
                    return connection.{|SAPI4001:Query<Order>("SELECT * FROM Orders WHERE Id = " + filter.ToString())|};
                }

                public IEnumerable<Order> Whole(string customer)
                {
                    var text = new StringBuilder("SELECT * FROM Orders WHERE Customer = '").Append(customer).Append('\'');
                    return connection.{|SAPI4001:Query<Order>(text.ToString())|};
                }

                public int Command(string customer)
                {
                    var text = new StringBuilder("DELETE FROM Orders WHERE Customer = '");
                    text.Append(customer).Append('\'');
                    using var command = sql.CreateCommand();
                    command.{|SAPI4001:CommandText = text.ToString()|};
                    return command.ExecuteNonQuery();
                }
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_for_a_clause_returned_by_a_helper_method()
    {
        const string source = OrdersModel + """
            public sealed class Orders(IDbConnection connection)
            {
                private static string Filter(string customer) => $"Customer = '{customer}'";

                private static string Owner(string user)
                {
                    if (user == "admin")
                        return "Owner OR 1 = 1";
                    return user;
                }

                public IEnumerable<Order> ByCustomer(string customer) =>
                    connection.{|SAPI4001:Query<Order>($"SELECT * FROM Orders WHERE {Filter(customer)}")|};

                public IEnumerable<Order> Mine(string user) =>
                    connection.{|SAPI4001:Query<Order>($"SELECT * FROM Orders WHERE Owner = {Owner(user)}")|};
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_for_a_local_holding_SQL_text()
    {
        const string source = OrdersModel + """
            public sealed class Orders(IDbConnection connection)
            {
                public IEnumerable<Order> Active(int id, bool onlyActive)
                {
                    var active = onlyActive ? "AND Active = 1" : "";
                    return connection.{|SAPI4001:Query<Order>($"SELECT * FROM Orders WHERE Id = {id} {active}")|};
                }

                public IEnumerable<Order> Owned(bool all, string owner)
                {
                    var who = all ? "Owner OR 1 = 1" : owner;
                    return connection.{|SAPI4001:Query<Order>($"SELECT * FROM Orders WHERE Owner = {who}")|};
                }

                public IEnumerable<Order> EscapedByHand(string name) =>
                    connection.{|SAPI4001:Query<Order>($"SELECT * FROM Orders WHERE Customer = '{name.Replace("'", "''")}'")|};

                public IEnumerable<Order> Joined(int id, string[] conditions) =>
                    connection.{|SAPI4001:Query<Order>(string.Join(" AND ", conditions))|};

                public IEnumerable<Order> Formatted(string where) =>
                    connection.{|SAPI4001:Query<Order>(string.Format("SELECT * FROM Orders {0}", where))|};

                public IEnumerable<Order> Concatenated(string where) =>
                    connection.{|SAPI4001:Query<Order>(string.Concat("SELECT * FROM Orders WHERE ", where))|};
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_when_one_hole_of_several_is_a_fragment()
    {
        const string source = OrdersModel + """
            public sealed class Orders(IDbConnection connection)
            {
                public IEnumerable<Order> Sorted(int id, string customer, string sort) =>
                    connection.{|SAPI4001:Query<Order>($"SELECT * FROM Orders WHERE Id = {id} AND Customer = '{customer}' ORDER BY {sort}")|};

                public IEnumerable<Order> Compared(string column, string value) =>
                    connection.{|SAPI4001:Query<Order>($"SELECT * FROM Orders WHERE {column} = '{value}'")|};

                public IEnumerable<Order> Enum(OrderStatus status, int id) =>
                    connection.{|SAPI4001:Query<Order>($"SELECT * FROM Orders WHERE Id = {id} AND Status = '{status}'")|};
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Theory]
    [InlineData("$\"SELECT * FROM [{text}].[Orders] WHERE Id = {n}\"")]
    [InlineData("$\"SELECT * FROM {text}.Orders WHERE Id = {n}\"")]
    [InlineData("$\"SELECT * FROM Orders WHERE Id IN ({text})\"")]
    [InlineData("\"SELECT * FROM Orders WHERE Id IN (\" + string.Join(\",\", ids) + \")\"")]
    [InlineData("$\"SELECT * FROM Orders WHERE Customer IN ('{string.Join(\"','\", ids)}')\"")]
    [InlineData("$\"SELECT * FROM Orders WHERE Customer IN ('{text}', '{n}')\"")]
    [InlineData("$\"SELECT TOP {n} * FROM Orders\"")]
    [InlineData("$\"SELECT TOP ({n}) * FROM Orders\"")]
    [InlineData("$\"SELECT * FROM Orders LIMIT {n} OFFSET {n}\"")]
    [InlineData("$\"SELECT * FROM Orders ORDER BY Id OFFSET {n} ROWS FETCH NEXT 10 ROWS ONLY\"")]
    [InlineData("$\"SELECT {text} FROM Orders\"")]
    [InlineData("$\"SELECT * FROM Orders GROUP BY {text}\"")]
    [InlineData("$\"SELECT * FROM Orders o JOIN {text} c ON c.Id = o.CustomerId\"")]
    [InlineData("$\"SELECT * FROM Orders WHERE Id = {n} {text}\"")]
    [InlineData("$\"SELECT * FROM Orders WHERE Id = {n}{text}\"")]
    [InlineData("$\"SELECT * FROM Orders ORDER BY '{text}'\"")]
    [InlineData("$\"SELECT * FROM Orders WHERE Customer = '{text}''{n}'\"")]
    [InlineData("$\"SELECT * FROM Orders WHERE Customer = 'x{text}'\"")]
    [InlineData("$\"SELECT * FROM Orders WHERE Customer = E'{text}'\"")]
    [InlineData("$\"SELECT Id AS '{text}' FROM Orders\"")]
    [InlineData("$\"SELECT * FROM Orders WHERE Id = ({n})\"")]
    [InlineData("$\"SELECT * FROM Orders WHERE Id = {n}.5\"")]
    [InlineData("$\"INSERT INTO Orders (Id) VALUES (ABS({n}))\"")]
    [InlineData("$\"INSERT INTO Orders ({text}) VALUES (1)\"")]
    [InlineData("$\"SELECT * FROM Orders WHERE Total BETWEEN ABS({n}) AND {n}\"")]
    [InlineData("$\"SELECT * FROM Orders WHERE Id IS {text}\"")]
    public Task Not_offered_where_the_hole_is_not_a_value(string sql)
    {
        var source = OrdersModel + $$"""
            public static class Queries
            {
                public static IEnumerable<Order> List(IDbConnection connection, string text, int n, string[] ids) =>
                    connection.{|SAPI4001:Query<Order>({{sql}})|};
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }
}
