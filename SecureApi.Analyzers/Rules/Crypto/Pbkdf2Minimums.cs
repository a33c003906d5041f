using System;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>
/// The least PBKDF2 iteration count per hash, scaled from the HMAC-SHA256 minimum (the option) by OWASP's ratios:
/// HMAC-SHA512 and HMAC-SHA384 35% of it (210,000 for 600,000), HMAC-SHA1 13/6 of it (1,300,000).
/// </summary>
internal readonly struct Pbkdf2Minimums
{
    public const string Sha1 = "SHA1";
    public const string Sha256 = "SHA256";

    private Pbkdf2Minimums(int sha256)
    {
        ForSha256 = sha256;
        ForSha512 = Scale(sha256, 35, 100);
        ForSha1 = Scale(sha256, 13, 6);
    }

    public int ForSha256 { get; }

    /// <summary>Also HMAC-SHA384, and the least of all: the minimum for a hash the analyzer cannot tell.</summary>
    public int ForSha512 { get; }

    public int ForSha1 { get; }

    public static Pbkdf2Minimums From(int sha256) => new(sha256);

    /// <summary>The minimum for a hash named as in <c>HashAlgorithmName</c> (SHA-3 like its SHA-2 sibling); the smallest when unknown.</summary>
    public int For(string? hash) => hash switch
    {
        Sha1 => ForSha1,
        Sha256 or "SHA3_256" => ForSha256,
        _ => ForSha512,
    };

    /// <summary>Whether the hash is one the minimums are defined for (anything else is treated as unknown).</summary>
    public static bool IsKnown(string? hash) => hash is Sha1 or Sha256 or "SHA384" or "SHA512" or "SHA3_256" or "SHA3_384" or "SHA3_512";

    /// <summary>"HMAC-SHA256", "HMAC-SHA3-256".</summary>
    public static string Display(string hash) => "HMAC-" + hash.Replace('_', '-');

    /// <summary>
    /// <paramref name="value"/> × <paramref name="numerator"/> / <paramref name="denominator"/>, rounded up to a whole
    /// thousand when it is not whole (so a custom option gives readable minimums).
    /// </summary>
    private static int Scale(int value, int numerator, int denominator)
    {
        var product = (long)value * numerator;
        var scaled = product % denominator == 0
            ? product / denominator
            : value >= 10_000
                ? (product + (1000L * denominator) - 1) / (1000L * denominator) * 1000
                : (product + denominator - 1) / denominator;
        return (int)Math.Min(scaled, int.MaxValue);
    }
}
