namespace SecureApi.Infrastructure;

/// <summary>Carriers push parcel scan events to /carrier-events with the API key they were given, in a header.</summary>
public sealed class CarrierEventKeys(RequestDelegate next, IConfiguration configuration)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // A header stays out of access logs, proxies and browser history; the query string does not.
        var presented = context.Request.Headers["X-Api-Key"].ToString();
        if (context.Request.Path.StartsWithSegments("/carrier-events") && presented != configuration["Carriers:ApiKey"])
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        await next(context);
    }
}
