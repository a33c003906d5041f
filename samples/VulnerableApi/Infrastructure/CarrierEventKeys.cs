namespace VulnerableApi.Infrastructure;

/// <summary>Carriers push parcel scan events to /carrier-events with the API key they were given.</summary>
public sealed class CarrierEventKeys(RequestDelegate next, IConfiguration configuration)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // The carriers' webhook tool can only be configured with a URL.
        var presented = context.Request.Query["api_key"].ToString();
        if (context.Request.Path.StartsWithSegments("/carrier-events") && presented != configuration["Carriers:ApiKey"])
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        await next(context);
    }
}
