using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace VulnerableApi.Infrastructure;

/// <summary>The warehouse's scanners and their single sign-on, wired when the shop went live.</summary>
public static class WarehouseGateway
{
    public static IServiceCollection AddWarehouseGateway(this IServiceCollection services)
    {
        services.AddHttpClient("warehouse")
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
            {
                // The scanner gateway ships with a self-signed certificate.
                ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
            });

        // The warehouse staff sign in through the on-site identity server.
        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
            options.MetadataAddress = "http://sso.warehouse.internal/.well-known/openid-configuration");
        return services;
    }

    /// <summary>The first scanner generation cannot negotiate anything newer.</summary>
    public static SslClientAuthenticationOptions ScannerTls(string host) => new()
    {
        TargetHost = host,
        EnabledSslProtocols = SslProtocols.Tls11 | SslProtocols.Tls12,
    };
}
