using VulnerableApi.Infrastructure;

namespace VulnerableApi.Endpoints;

public sealed record SignInRequest(int OrderId, string Email);

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        var account = routes.MapGroup("/api/account").AllowAnonymous();

        // Customers sign in with an order number and its e-mail address; nothing limits the guesses.
        account.MapPost("/login", (SignInRequest request, OrderStore store) =>
            store.Find(request.OrderId) is { } order && order.Customer == request.Email ? Results.Ok() : Results.Unauthorized());

        return routes;
    }
}
