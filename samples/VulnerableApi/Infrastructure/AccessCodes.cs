namespace VulnerableApi.Infrastructure;

/// <summary>Keys and one-time codes handed out to customers.</summary>
public static class AccessCodes
{
    private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    public static string NewApiKey()
    {
        var random = new Random();
        var apiKey = new char[40];
        for (var i = 0; i < apiKey.Length; i++)
        {
            apiKey[i] = Alphabet[random.Next(Alphabet.Length)];
        }

        return new string(apiKey);
    }

    /// <summary>Six digits sent by SMS to confirm a delivery address.</summary>
    public static string NewConfirmationCode() => Random.Shared.Next(100_000, 1_000_000).ToString("D6");
}
