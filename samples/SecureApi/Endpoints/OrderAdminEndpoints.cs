using SecureApi.Infrastructure;

namespace SecureApi.Endpoints;

public static class OrderAdminEndpoints
{
    // Mapped by Program.cs on a group that requires the Admin policy: every endpoint here inherits it.
    public static RouteGroupBuilder MapOrderAdmin(this RouteGroupBuilder admin)
    {
        admin.MapPost("/orders/{id:int}/cancel", (int id, OrderStore store) =>
            store.Find(id) is { } order ? Results.Ok(order with { Status = "Cancelled" }) : Results.NotFound());

        admin.MapGroup("/exports").MapGet("/orders.csv", (OrderStore store) =>
            Results.Text(string.Join('\n', store.All().Select(o => $"{o.Id};{o.Customer};{o.Total}")), "text/csv"));

        return admin;
    }
}
