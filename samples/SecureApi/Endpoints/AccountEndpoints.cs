using SecureApi.Infrastructure;

namespace SecureApi.Endpoints;

public sealed record SignInRequest(int OrderId, string Email);

public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        var account = routes.MapGroup("/api/account").AllowAnonymous();

        // Five guesses a minute (SignInLimits), so order numbers and addresses cannot be tried at full speed.
        account.MapPost("/login", (SignInRequest request, OrderStore store) =>
                store.Find(request.OrderId) is { } order && order.Customer == request.Email ? Results.Ok() : Results.Unauthorized())
            .RequireRateLimiting(SignInLimits.Policy);

        return routes;
    }
}
