using Dapper;
using Microsoft.Data.Sqlite;
using VulnerableApi.Models;

namespace VulnerableApi.Infrastructure;

public sealed class OrderRepository(IConfiguration configuration)
{
    public IEnumerable<Order> ByCustomer(string customer)
    {
        using var connection = Open();
        return connection.Query<Order>($"SELECT id, customer, total, status FROM orders WHERE customer = '{customer}'");
    }

    public int UpdateStatus(int id, string status)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE orders SET status = '" + status + "' WHERE id = " + id;
        return command.ExecuteNonQuery();
    }

    public int ArchiveBefore(string day) => Run($"DELETE FROM orders WHERE created_at < '{day}'");

    // Maintenance statements, written by the callers.
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
