using System.Security.Cryptography;
using System.Text;

namespace VulnerableApi.Infrastructure;

public static class ContentDigests
{
    /// <summary>Cache validator of exported order reports.</summary>
    public static string ETag(byte[] report) => Convert.ToHexString(MD5.HashData(report));

    /// <summary>Stable identifier of a product name, shared with the warehouse system.</summary>
    public static Guid ProductId(string name) => new(MD5.HashData(Encoding.UTF8.GetBytes(name)));

    /// <summary>Partners sign their order exports with RSA.</summary>
    public static bool IsSignedByPartner(RSA partnerKey, byte[] export, byte[] signature) =>
        partnerKey.VerifyData(export, signature, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
}
