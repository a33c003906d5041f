using VulnerableApi.Infrastructure;

namespace VulnerableApi.Endpoints;

public static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapStatusEndpoints(this IEndpointRouteBuilder routes)
    {
        var status = routes.MapGroup("/status").RequireCors("StatusBadge");

        status.MapGet("/{id:int}", (int id, OrderStore store) =>
            store.Find(id) is { } order ? Results.Ok(new { order.Id, order.Status }) : Results.NotFound())
            .AllowAnonymous();

        status.MapGet("/health", () => Results.Ok("healthy")).AllowAnonymous();

        return routes;
    }
}
