using System.Security.Cryptography;
using System.Text;

namespace SecureApi.Infrastructure;

public static class ContentDigests
{
    /// <summary>Cache validator of exported order reports.</summary>
    public static string ETag(byte[] report) => Convert.ToHexString(SHA256.HashData(report));

    /// <summary>Only the hash of an API key is stored; keys are 256-bit random values, so SHA-256 is enough.</summary>
    public static byte[] ApiKeyHash(string apiKey) => SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));

    /// <summary>Partners sign their order exports with RSA-PSS over SHA-256; SHA-1 signatures are refused.</summary>
    public static bool IsSignedByPartner(RSA partnerKey, byte[] export, byte[] signature, HashAlgorithmName algorithm) =>
        algorithm != HashAlgorithmName.SHA1
        && partnerKey.VerifyData(export, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

    /// <summary>Webhook deliveries carry an HMAC-SHA256 of the body.</summary>
    public static bool IsGenuineWebhook(byte[] secret, byte[] body, byte[] signature) =>
        CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(secret, body), signature);
}
