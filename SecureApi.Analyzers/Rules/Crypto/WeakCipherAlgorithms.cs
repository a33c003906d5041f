using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using SecureApi.Analyzers.Core;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>DES, TripleDES and RC2: their types (and every type derived from them) and their CryptoConfig names.</summary>
internal sealed class WeakCipherAlgorithms
{
    public const string Des = "DES";
    public const string TripleDes = "TripleDES";
    public const string Rc2 = "RC2";

    private const string Namespace = "System.Security.Cryptography.";

    /// <summary>The names CryptoConfig maps to these algorithms (it compares them ignoring case).</summary>
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["DES"] = Des,
        [Namespace + "DES"] = Des,
        [Namespace + "DESCryptoServiceProvider"] = Des,
        ["3DES"] = TripleDes,
        ["TripleDES"] = TripleDes,
        ["Triple DES"] = TripleDes,
        [Namespace + "TripleDES"] = TripleDes,
        [Namespace + "TripleDESCryptoServiceProvider"] = TripleDes,
        ["RC2"] = Rc2,
        [Namespace + "RC2"] = Rc2,
        [Namespace + "RC2CryptoServiceProvider"] = Rc2,
    };

    private readonly INamedTypeSymbol? _des;
    private readonly INamedTypeSymbol? _tripleDes;
    private readonly INamedTypeSymbol? _rc2;

    public WeakCipherAlgorithms(KnownTypes types)
    {
        _des = types.Des;
        _tripleDes = types.TripleDes;
        _rc2 = types.Rc2;
    }

    /// <summary>The weak algorithm a type implements (DESCryptoServiceProvider: DES), or null.</summary>
    public string? OfType(ITypeSymbol? type) =>
        type.IsOrDerivesFrom(_des) ? Des
        : type.IsOrDerivesFrom(_tripleDes) ? TripleDes
        : type.IsOrDerivesFrom(_rc2) ? Rc2
        : null;

    /// <summary>Whether the type is one of the three abstract algorithm types (whose static Create() the fix rewrites).</summary>
    public bool IsAlgorithmType(ITypeSymbol? type) => type.Is(_des) || type.Is(_tripleDes) || type.Is(_rc2);

    public static string? OfName(string name) => Names.TryGetValue(name.Trim(), out var algorithm) ? algorithm : null;

    public static string Message(string algorithm)
    {
        var why = algorithm switch
        {
            Des => "DES is a broken cipher (56-bit keys)",
            TripleDes => "TripleDES is a weak cipher (64-bit blocks, open to Sweet32; withdrawn by NIST)",
            _ => "RC2 is a broken cipher (weak key schedule, 64-bit blocks)",
        };
        return why + ": use AES (Aes.Create(), or AesGcm for authenticated encryption)";
    }
}
