using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace SecureApi.Infrastructure;

/// <summary>Proxy, upload and cookie settings for running behind the load balancer.</summary>
public static class EdgeSettings
{
    public static IServiceCollection AddEdgeSettings(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the load balancer's subnet may set X-Forwarded-*.
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(configuration["Proxy:Subnet"] ?? "10.20.0.0/16"));
            options.ForwardLimit = 1;
        });

        // Scanned delivery notes are limited to 20 MB.
        services.Configure<FormOptions>(options => options.MultipartBodyLengthLimit = 20L * 1024 * 1024);
        services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = 20L * 1024 * 1024);

        services.Configure<CookiePolicyOptions>(options =>
        {
            options.MinimumSameSitePolicy = SameSiteMode.Lax;
            options.Secure = CookieSecurePolicy.Always;
        });
        return services;
    }
}

/// <summary>Cookies of the order-tracking web front end.</summary>
public static class SessionCookies
{
    public static void IssueRefreshToken(HttpResponse response, string refreshToken)
    {
        response.Cookies.Append("orders_refresh_token", refreshToken, new CookieOptions
        {
            HttpOnly = true,
            Secure = true,
            SameSite = SameSiteMode.Strict,
            Path = "/api/auth",
        });
    }

    public static void RememberDevice(HttpResponse response, string deviceId)
    {
        response.Cookies.Append("orders.device", deviceId, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict });
    }
}
