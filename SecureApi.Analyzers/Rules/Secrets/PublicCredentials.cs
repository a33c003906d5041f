using System;

namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>
/// Credentials published on purpose, which protect nothing (SAPI7001, SAPI7003): the Azurite / Storage Emulator
/// development account (<c>devstoreaccount1</c>) and its documented key, found in every local-development
/// connection string; Stripe publishable keys (<c>pk_live_...</c>, <c>pk_test_...</c>), which web pages embed by design
/// (the secret keys, <c>sk_live_...</c> and <c>rk_live_...</c>, stay findings).
/// </summary>
internal static class PublicCredentials
{
    private const string AzuriteAccount = "devstoreaccount1";

    private const string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly string[] StripePublishablePrefixes = { "pk_live_", "pk_test_" };

    /// <summary>Does the value use the Azurite development account or key, or is it a Stripe publishable key?</summary>
    public static bool IsPublic(string? value) =>
        value is not null
        && (value.IndexOf(AzuriteAccount, StringComparison.OrdinalIgnoreCase) >= 0 || value.IndexOf(AzuriteKey, StringComparison.Ordinal) >= 0
            || IsStripePublishableKey(value.Trim()));

    /// <summary>The whole value is <c>pk_live_</c> or <c>pk_test_</c> followed by letters and digits.</summary>
    private static bool IsStripePublishableKey(string text)
    {
        foreach (var prefix in StripePublishablePrefixes)
        {
            if (text.Length > prefix.Length && text.StartsWith(prefix, StringComparison.Ordinal))
            {
                for (var i = prefix.Length; i < text.Length; i++)
                {
                    if (!(text[i] is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9'))
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        return false;
    }
}
