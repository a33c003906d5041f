using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Diagnostics;

namespace VulnerableApi.Infrastructure;

public static class ErrorHandling
{
    public static IServiceCollection AddApiErrorDetails(this IServiceCollection services) =>
        // Lets client developers see why their token was rejected.
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options => options.IncludeErrorDetails = true);

    public static WebApplication UseApiErrorHandling(this WebApplication app)
    {
        // Left on after an incident on staging.
        app.UseDeveloperExceptionPage();

        app.UseExceptionHandler(errorApp => errorApp.Run(async context =>
        {
            var feature = context.Features.Get<IExceptionHandlerPathFeature>();
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsJsonAsync(new { error = feature?.Error.Message, path = feature?.Path });
        }));

        return app;
    }
}
