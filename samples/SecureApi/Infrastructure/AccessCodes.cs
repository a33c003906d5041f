using System.Security.Cryptography;

namespace SecureApi.Infrastructure;

/// <summary>Keys and one-time codes handed out to customers.</summary>
public static class AccessCodes
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public static string NewApiKey() => RandomNumberGenerator.GetString(Alphabet, 40);

    /// <summary>Six digits sent by SMS to confirm a delivery address.</summary>
    public static string NewConfirmationCode() => RandomNumberGenerator.GetInt32(100_000, 1_000_000).ToString("D6");

    /// <summary>Spread the nightly export of each partner over ten minutes.</summary>
    public static TimeSpan ExportDelay() => TimeSpan.FromSeconds(Random.Shared.Next(0, 600));
}
