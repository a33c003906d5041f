using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using Microsoft.IdentityModel.Tokens;

namespace SecureApi.Infrastructure;

public sealed record CourierAccount(string Id, string Name, string? PayoutIban);

/// <summary>Tokens of the courier app: the id only; the app reads the payout account from /me/payout.</summary>
public sealed class CourierTokens(IConfiguration configuration)
{
    public string Issue(CourierAccount courier)
    {
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, courier.Id), new(JwtRegisteredClaimNames.Name, courier.Name) };

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
