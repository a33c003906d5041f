using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace VulnerableApi.Infrastructure;

/// <summary>Proxy, upload and cookie settings for running behind the load balancer.</summary>
public static class EdgeSettings
{
    public static IServiceCollection AddEdgeSettings(this IServiceCollection services)
    {
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The load balancer's addresses change on every deployment.
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
        });

        // Delivery notes are scanned at full resolution.
        services.Configure<FormOptions>(options => options.MultipartBodyLengthLimit = 512L * 1024 * 1024);
        services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = null);

        services.Configure<CookiePolicyOptions>(options =>
        {
            // The tracking widget on customer sites needs the session cookie.
            options.MinimumSameSitePolicy = SameSiteMode.None;
        });
        return services;
    }
}

/// <summary>Cookies of the order-tracking web front end.</summary>
public static class SessionCookies
{
    public static void IssueRefreshToken(HttpResponse response, string refreshToken)
    {
        response.Cookies.Append("orders_refresh_token", refreshToken);
    }

    public static void RememberDevice(HttpResponse response, string deviceId)
    {
        // Read by the front end's script to skip the second factor on this device.
        response.Cookies.Append("orders.device", deviceId, new CookieOptions { HttpOnly = false, Secure = true, SameSite = SameSiteMode.Strict });
    }
}
