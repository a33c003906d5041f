using System.Net.Security;
using System.Security.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace SecureApi.Infrastructure;

/// <summary>The warehouse's scanners and their single sign-on.</summary>
public static class WarehouseGateway
{
    public static IServiceCollection AddWarehouseGateway(this IServiceCollection services, IHostEnvironment environment)
    {
        // The scanner gateway's CA is trusted on the hosts; the platform validates its certificate.
        services.AddHttpClient("warehouse");

        services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
            options.MetadataAddress = "https://sso.warehouse.internal/.well-known/openid-configuration");
        if (environment.IsDevelopment())
        {
            // A local identity server without a certificate.
            services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, options =>
                options.MetadataAddress = "http://localhost:8080/.well-known/openid-configuration");
        }

        return services;
    }

    /// <summary>The operating system picks the protocol version (TLS 1.2 and 1.3 today).</summary>
    public static SslClientAuthenticationOptions ScannerTls(string host) => new()
    {
        TargetHost = host,
        EnabledSslProtocols = SslProtocols.None,
    };
}
