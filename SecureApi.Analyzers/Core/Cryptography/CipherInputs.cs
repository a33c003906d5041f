using Microsoft.CodeAnalysis;
using SecureApi.Analyzers.Core;

namespace SecureApi.Analyzers.Core.Cryptography;

/// <summary>What a cipher takes from the caller that must not be written in the source.</summary>
internal enum CipherInput
{
    Iv,
    Nonce,
    Key,
}

/// <summary>
/// Where IVs, nonces and keys enter a cipher: <c>SymmetricAlgorithm.IV/Key</c>, the <c>iv</c> of
/// <c>EncryptCbc/DecryptCbc/EncryptCfb/DecryptCfb</c> (and their Try forms), <c>CreateEncryptor/CreateDecryptor(key, iv)</c> (and their overrides, by position),
/// the key of <c>new AesGcm/AesCcm/ChaCha20Poly1305</c> and the nonce of their <c>Encrypt</c>. Shared by the constant
/// IV/nonce rule (SAPI6004) and the hard-coded key rule (SAPI7002).
/// </summary>
internal sealed class CipherInputs
{
    private readonly INamedTypeSymbol? _symmetricAlgorithm;
    private readonly INamedTypeSymbol? _aesGcm;
    private readonly INamedTypeSymbol? _aesCcm;
    private readonly INamedTypeSymbol? _chaCha20Poly1305;

    public CipherInputs(KnownTypes types)
    {
        _symmetricAlgorithm = types.SymmetricAlgorithm;
        _aesGcm = types.AesGcm;
        _aesCcm = types.AesCcm;
        _chaCha20Poly1305 = types.ChaCha20Poly1305;
    }

    public bool IsSymmetricAlgorithm(ITypeSymbol? type) => type.IsOrDerivesFrom(_symmetricAlgorithm);

    /// <summary>What <paramref name="parameter"/> of <paramref name="method"/> takes, when it is a reported input.</summary>
    public CipherInput? OfParameter(IMethodSymbol method, IParameterSymbol parameter)
    {
        var type = method.ContainingType;
        if (IsSymmetricAlgorithm(type))
        {
            return method.Name switch
            {
                "EncryptCbc" or "DecryptCbc" or "EncryptCfb" or "DecryptCfb"
                    or "TryEncryptCbc" or "TryDecryptCbc" or "TryEncryptCfb" or "TryDecryptCfb" when parameter.Name == "iv" => CipherInput.Iv,
                "CreateEncryptor" or "CreateDecryptor" => TransformInput(method, parameter, _symmetricAlgorithm),
                _ => null,
            };
        }

        if (AeadName(type) is null)
        {
            return null;
        }

        return method.MethodKind == MethodKind.Constructor && parameter.Name == "key" ? CipherInput.Key
            : method.Name == "Encrypt" && parameter.Name == "nonce" ? CipherInput.Nonce
            : null;
    }

    /// <summary>
    /// The key (first) or IV (second) of <c>SymmetricAlgorithm.CreateEncryptor/CreateDecryptor(byte[] rgbKey, byte[] rgbIV)</c>
    /// or an override of it, by position: overrides may name them otherwise (<c>key</c>, <c>iv</c>; <c>k</c>, <c>v</c>).
    /// </summary>
    public static CipherInput? TransformInput(IMethodSymbol method, IParameterSymbol parameter, INamedTypeSymbol? symmetricAlgorithm)
    {
        if (method.Name is not ("CreateEncryptor" or "CreateDecryptor"))
        {
            return null;
        }

        var definition = method.OriginalDefinition;
        for (var depth = 0; definition.OverriddenMethod is { } overridden && depth < 16; depth++)
        {
            definition = overridden.OriginalDefinition;
        }

        if (definition.Parameters.Length != 2 || !definition.ContainingType.Is(symmetricAlgorithm))
        {
            return null;
        }

        return parameter.Ordinal switch
        {
            0 => CipherInput.Key,
            1 => CipherInput.Iv,
            _ => null,
        };
    }

    /// <summary>A parameter that only reads the bytes passed to it: a reported input, or the nonce of an AEAD Decrypt.</summary>
    public bool OnlyReads(IMethodSymbol method, IParameterSymbol parameter) =>
        OfParameter(method, parameter) is not null
        || (method.Name == "Decrypt" && parameter.Name == "nonce" && AeadName(method.ContainingType) is not null);

    /// <summary><c>IV</c> and <c>Key</c> of a SymmetricAlgorithm.</summary>
    public CipherInput? OfProperty(IPropertySymbol property) =>
        !IsSymmetricAlgorithm(property.ContainingType) ? null
        : property.Name == "IV" ? CipherInput.Iv
        : property.Name == "Key" ? CipherInput.Key
        : null;

    /// <summary>"AES-GCM", "AES-CCM", "ChaCha20-Poly1305"; null for other types.</summary>
    public string? AeadName(ITypeSymbol? type) =>
        type.Is(_aesGcm) ? "AES-GCM"
        : type.Is(_aesCcm) ? "AES-CCM"
        : type.Is(_chaCha20Poly1305) ? "ChaCha20-Poly1305"
        : null;
}
