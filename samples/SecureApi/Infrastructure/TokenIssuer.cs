using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace SecureApi.Infrastructure;

public sealed class TokenIssuer(IConfiguration configuration)
{
    public const string Audience = "orders-api";

    private SymmetricSecurityKey SigningKey => new(Convert.FromBase64String(configuration["Jwt:SigningKey"]!));

    public string IssueAccessToken(string customer)
    {
        // Short-lived access token; clients renew it with their refresh token.
        var token = new JwtSecurityToken(
            configuration["Jwt:Issuer"],
            Audience,
            [new Claim("sub", customer)],
            expires: DateTime.UtcNow.AddMinutes(15),
            signingCredentials: new SigningCredentials(SigningKey, SecurityAlgorithms.HmacSha256));
        return new JwtSecurityTokenHandler().WriteToken(token);
    }

    /// <summary>Partners sign their webhook tokens with a 256-bit key we generate for them.</summary>
    public static SymmetricSecurityKey NewPartnerKey() => new(RandomNumberGenerator.GetBytes(32));
}
