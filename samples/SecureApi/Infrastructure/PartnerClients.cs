using System.Net;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace SecureApi.Infrastructure;

/// <summary>Clients of the partners' APIs; their credentials come from user secrets or the vault.</summary>
public sealed class PartnerClients(IConfiguration configuration)
{
    public const string ApiKeyHeaderName = "X-Partner-Key";

    public string WarehousePassword { get; } = configuration["Warehouse:Password"]
        ?? throw new InvalidOperationException("Warehouse:Password is not configured");

    public NetworkCredential FtpCredential => new(
        configuration["Ftp:User"],
        configuration["Ftp:Password"] ?? throw new InvalidOperationException("Ftp:Password is not configured"));

    /// <summary>Partners' webhook tokens are signed with this key.</summary>
    public SymmetricSecurityKey WebhookKey => new(Encoding.UTF8.GetBytes(
        configuration["Partners:WebhookSigningKey"] ?? throw new InvalidOperationException("Partners:WebhookSigningKey is not configured")));
}
