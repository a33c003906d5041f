using System;
using System.Collections.Generic;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>Algorithm names: the CryptoConfig names that create MD5, SHA-1 or HMAC-MD5, and display names of hash types.</summary>
internal static class WeakHashNames
{
    public const string Md5 = "MD5";
    public const string Sha1 = "SHA-1";
    public const string HmacMd5 = "HMAC-MD5";

    /// <summary>
    /// The names <c>CryptoConfig.CreateFromName</c> (and the <c>Create(string)</c> factories built on it) maps to
    /// MD5, SHA-1 or HMAC-MD5 on .NET and .NET Framework, compared ignoring case like CryptoConfig does.
    /// </summary>
    private static readonly Dictionary<string, string> CryptoConfigNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["MD5"] = Md5,
        ["System.Security.Cryptography.MD5"] = Md5,
        ["MD5CryptoServiceProvider"] = Md5,
        ["System.Security.Cryptography.MD5CryptoServiceProvider"] = Md5,
        ["MD5Cng"] = Md5,
        ["System.Security.Cryptography.MD5Cng"] = Md5,
        ["MD5Managed"] = Md5,
        ["System.Security.Cryptography.MD5Managed"] = Md5,
        ["http://www.w3.org/2001/04/xmldsig-more#md5"] = Md5,

        ["SHA"] = Sha1,
        ["SHA1"] = Sha1,
        ["System.Security.Cryptography.SHA1"] = Sha1,

        // The default hash algorithm of CryptoConfig (what HashAlgorithm.Create() used to return).
        ["System.Security.Cryptography.HashAlgorithm"] = Sha1,
        ["SHA1CryptoServiceProvider"] = Sha1,
        ["System.Security.Cryptography.SHA1CryptoServiceProvider"] = Sha1,
        ["SHA1Managed"] = Sha1,
        ["System.Security.Cryptography.SHA1Managed"] = Sha1,
        ["SHA1Cng"] = Sha1,
        ["System.Security.Cryptography.SHA1Cng"] = Sha1,
        ["http://www.w3.org/2000/09/xmldsig#sha1"] = Sha1,

        ["HMACMD5"] = HmacMd5,
        ["System.Security.Cryptography.HMACMD5"] = HmacMd5,
        ["http://www.w3.org/2001/04/xmldsig-more#hmac-md5"] = HmacMd5,
    };

    /// <summary>MD5, SHA-1 or HMAC-MD5 for a CryptoConfig name that creates one; null otherwise.</summary>
    public static string? FromCryptoConfigName(string name) =>
        CryptoConfigNames.TryGetValue(name.Trim(), out var algorithm) ? algorithm : null;

    /// <summary>
    /// How a hash type or <c>HashAlgorithmName</c> member is written in messages: MD5, SHA-1, SHA-256, SHA3-256,
    /// HMAC-SHA256, HMAC-MD5. Null for anything else (<c>HashAlgorithm</c>, <c>HMAC</c>, <c>SHA256Managed</c>).
    /// </summary>
    public static string? Display(string name) => name switch
    {
        "MD5" => Md5,
        "SHA1" => Sha1,
        "SHA256" or "SHA384" or "SHA512" => "SHA-" + name.Substring(3),
        "SHA3_256" or "SHA3_384" or "SHA3_512" => name.Replace('_', '-'),
        _ when name.StartsWith("HMAC", StringComparison.Ordinal) && name.Length > 4 && Display(name.Substring(4)) is not null =>
            "HMAC-" + name.Substring(4).Replace('_', '-'),
        _ => null,
    };
}
