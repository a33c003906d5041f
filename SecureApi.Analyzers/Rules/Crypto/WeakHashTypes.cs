using Microsoft.CodeAnalysis;
using SecureApi.Analyzers.Core;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>The framework types SAPI6001/SAPI6002 look at, resolved once per compilation.</summary>
internal sealed class WeakHashTypes
{
    public WeakHashTypes(KnownTypes types)
    {
        HashAlgorithm = types.HashAlgorithm;
        KeyedHashAlgorithm = types.KeyedHashAlgorithm;
        Hmac = types.Hmac;
        Md5 = types.Md5;
        Sha1 = types.Sha1;
        Sha256 = types.Sha256;
        HmacMd5 = types.HmacMd5;
        HmacSha256 = types.Get("System.Security.Cryptography.HMACSHA256");
        HashAlgorithmName = types.HashAlgorithmName;
        IncrementalHash = types.IncrementalHash;
        CryptoConfig = types.CryptoConfig;
        CryptographicOperations = types.CryptographicOperations;
        RsaEncryptionPadding = types.Get("System.Security.Cryptography.RSAEncryptionPadding");
        AsymmetricAlgorithm = types.AsymmetricAlgorithm;
        Encoding = types.Encoding;
        Convert = types.Convert;
        BitConverter = types.Get("System.BitConverter");
        Guid = types.Get("System.Guid");
        MemoryExtensions = types.Get("System.MemoryExtensions");
        MemoryMarshal = types.Get("System.Runtime.InteropServices.MemoryMarshal");
        Enumerable = types.Get("System.Linq.Enumerable");
        Rfc2898DeriveBytes = types.Rfc2898DeriveBytes;
        Buffer = types.Get("System.Buffer");
        Array = types.Compilation.GetSpecialType(SpecialType.System_Array);
        Stream = types.Get("System.IO.Stream");
    }

    public INamedTypeSymbol? Rfc2898DeriveBytes { get; }

    public INamedTypeSymbol? Buffer { get; }

    public INamedTypeSymbol? Array { get; }

    public INamedTypeSymbol? Stream { get; }

    public INamedTypeSymbol? HashAlgorithm { get; }

    public INamedTypeSymbol? KeyedHashAlgorithm { get; }

    public INamedTypeSymbol? Hmac { get; }

    public INamedTypeSymbol? Md5 { get; }

    public INamedTypeSymbol? Sha1 { get; }

    public INamedTypeSymbol? Sha256 { get; }

    public INamedTypeSymbol? HmacMd5 { get; }

    public INamedTypeSymbol? HmacSha256 { get; }

    public INamedTypeSymbol? HashAlgorithmName { get; }

    public INamedTypeSymbol? IncrementalHash { get; }

    public INamedTypeSymbol? CryptoConfig { get; }

    public INamedTypeSymbol? CryptographicOperations { get; }

    public INamedTypeSymbol? RsaEncryptionPadding { get; }

    public INamedTypeSymbol? AsymmetricAlgorithm { get; }

    public INamedTypeSymbol? Encoding { get; }

    public INamedTypeSymbol? Convert { get; }

    public INamedTypeSymbol? BitConverter { get; }

    public INamedTypeSymbol? Guid { get; }

    public INamedTypeSymbol? MemoryExtensions { get; }

    public INamedTypeSymbol? MemoryMarshal { get; }

    public INamedTypeSymbol? Enumerable { get; }

    /// <summary>The algorithm of a hash type, from the nearest framework algorithm it is or derives from (SHA256Managed: SHA-256).</summary>
    public string? AlgorithmOf(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.IsInNamespace("System.Security.Cryptography") && WeakHashNames.Display(current.Name) is { } name)
            {
                return name;
            }

            if (current.Is(HashAlgorithm))
            {
                break;
            }
        }

        return null;
    }
}
