using Dapper;
using Microsoft.Data.Sqlite;
using SecureApi.Models;

namespace SecureApi.Infrastructure;

public sealed class OrderRepository(IConfiguration configuration)
{
    public IEnumerable<Order> ByCustomer(string customer)
    {
        using var connection = Open();
        return connection.Query<Order>("SELECT id, customer, total, status FROM orders WHERE customer = @customer", new { customer });
    }

    public int UpdateStatus(int id, string status)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE orders SET status = @status WHERE id = @id";
        command.Parameters.AddWithValue("@status", status);
        command.Parameters.AddWithValue("@id", id);
        return command.ExecuteNonQuery();
    }

    public int ArchiveBefore(DateOnly day)
    {
        using var connection = Open();
        return connection.Execute("DELETE FROM orders WHERE created_at < @day", new { day = day.ToString("yyyy-MM-dd") });
    }

    public int Vacuum() => Run("VACUUM");

    // Maintenance statements, written by the callers as constants.
    private int Run(string sql)
    {
        using var connection = Open();
        return connection.Execute(sql);
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(configuration.GetConnectionString("Orders"));
        connection.Open();
        return connection;
    }
}
