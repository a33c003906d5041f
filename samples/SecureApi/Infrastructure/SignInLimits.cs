using Microsoft.AspNetCore.RateLimiting;

namespace SecureApi.Infrastructure;

/// <summary>The rate-limiter policy for sign-in: five attempts a minute.</summary>
public static class SignInLimits
{
    public const string Policy = "sign-in";

    public static IServiceCollection AddSignInLimits(this IServiceCollection services) =>
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddFixedWindowLimiter(Policy, limiter =>
            {
                limiter.PermitLimit = 5;
                limiter.Window = TimeSpan.FromMinutes(1);
            });
        });
}
