using VulnerableApi.Infrastructure;

namespace VulnerableApi.Endpoints;

public static class OrderAdminEndpoints
{
    public static IEndpointRouteBuilder MapOrderAdmin(this IEndpointRouteBuilder routes)
    {
        // Cancelling an order is an operator action, but this endpoint answers anyone.
        routes.MapPost("/admin/orders/{id:int}/cancel", (int id, OrderStore store) =>
            store.Find(id) is { } order ? Results.Ok(order with { Status = "Cancelled" }) : Results.NotFound());

        var exports = routes.MapGroup("/admin/exports").RequireAuthorization();
        exports.MapGet("/orders.csv", (OrderStore store) =>
            Results.Text(string.Join('\n', store.All().Select(o => $"{o.Id};{o.Customer};{o.Total}")), "text/csv"));

        return routes;
    }
}
