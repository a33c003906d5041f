using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace VulnerableApi.Infrastructure;

public sealed class TokenIssuer(IConfiguration configuration)
{
    private SymmetricSecurityKey SigningKey => new(Convert.FromBase64String(configuration["Jwt:SigningKey"]!));

    public string IssueAccessToken(string customer)
    {
        // Customers complained about signing in every morning.
        var token = new JwtSecurityToken(
            configuration["Jwt:Issuer"],
            "orders-api",
            [new Claim("sub", customer)],
            expires: DateTime.UtcNow.AddDays(7),
            signingCredentials: new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    /// <summary>Partners sign their webhook tokens with a key we generate for them (it fits their HSM slot).</summary>
    public static SymmetricSecurityKey NewPartnerKey() => new(RandomNumberGenerator.GetBytes(16));
}
