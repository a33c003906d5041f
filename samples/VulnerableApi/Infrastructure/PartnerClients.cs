using System.Net;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace VulnerableApi.Infrastructure;

/// <summary>Clients of the partners' APIs, configured when the shop went live.</summary>
public sealed class PartnerClients(IConfiguration configuration)
{
    public string WarehouseUser => configuration["Warehouse:User"] ?? "orders";

    public string WarehousePassword { get; init; } = "Wareh0use!2021";

    public NetworkCredential FtpCredential => new("orders-ftp", "Ftp!Orders-2021");

    /// <summary>Partners' webhook tokens are signed with this key.</summary>
    public static SymmetricSecurityKey WebhookKey { get; } = new(Encoding.UTF8.GetBytes("partner-webhooks-signing-key-2021-07!"));
}
