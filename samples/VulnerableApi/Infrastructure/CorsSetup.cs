namespace VulnerableApi.Infrastructure;

public static class CorsSetup
{
    public const string Partners = "Partners";

    public static IServiceCollection AddPartnerCors(this IServiceCollection services, IConfiguration configuration)
    {
        return services.AddCors(options =>
        {
            // Partner portals are all hosted under partner-portal.example.
            options.AddPolicy(Partners, policy => policy
                .SetIsOriginAllowed(origin => new Uri(origin).Host.EndsWith("partner-portal.example"))
                .AllowAnyHeader()
                .AllowCredentials());
        });
    }
}
