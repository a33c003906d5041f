namespace SecureApi.Infrastructure;

public static class CorsSetup
{
    public const string Partners = "Partners";

    public static IServiceCollection AddPartnerCors(this IServiceCollection services, IConfiguration configuration)
    {
        var partnerHosts = new HashSet<string>(
            configuration.GetSection("Cors:PartnerHosts").Get<string[]>() ?? [],
            StringComparer.OrdinalIgnoreCase);

        return services.AddCors(options =>
        {
            // Each partner portal is registered by host name; subdomains must end in ".partner-portal.example".
            options.AddPolicy(Partners, policy => policy
                .SetIsOriginAllowed(origin => Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                    && uri.Scheme == Uri.UriSchemeHttps
                    && (partnerHosts.Contains(uri.Host) || uri.Host.EndsWith(".partner-portal.example", StringComparison.OrdinalIgnoreCase)))
                .AllowAnyHeader()
                .AllowCredentials());
        });
    }
}
