using System.Security.Cryptography;
using System.Text;

namespace VulnerableApi.Infrastructure;

/// <summary>Passwords of the customer sign-in page, hashed before they are stored.</summary>
public static class CustomerPasswords
{
    public static string Hash(string password) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(password)));

    /// <summary>Accounts imported from the old shop keep their salted digest until the next sign-in.</summary>
    public static bool MatchesImported(string password, string salt, byte[] storedDigest)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(salt + password));
        return CryptographicOperations.FixedTimeEquals(digest, storedDigest);
    }
}
