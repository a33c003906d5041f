using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;

namespace VulnerableApi.Infrastructure;

public sealed record CourierAccount(string Id, string Name, string? PayoutIban);

/// <summary>Tokens of the courier app. The app shows where the payout goes without a second request.</summary>
public sealed class CourierTokens(IConfiguration configuration)
{
    public string Issue(CourierAccount courier)
    {
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, courier.Id), new(JwtRegisteredClaimNames.Name, courier.Name) };
        if (courier.PayoutIban is not null)
        {
            claims.Add(new Claim("payout_iban", courier.PayoutIban));
        }

        var key = new SymmetricSecurityKey(Convert.FromBase64String(configuration["Jwt:SigningKey"]!));
        var descriptor = new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity(claims),
            Issuer = configuration["Jwt:Issuer"],
            Audience = "courier-app",
            Expires = DateTime.UtcNow.AddMinutes(15),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        };
        var handler = new JwtSecurityTokenHandler();
        return handler.WriteToken(handler.CreateToken(descriptor));
    }
}
