using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Cryptography;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>What a key is used for: the words of the message and the name the fix gives the secret when the code gives none.</summary>
internal sealed class KeyUse
{
    public static readonly KeyUse Named = new("key", string.Empty, "Key");

    public KeyUse(string kind, string typeName, string defaultName)
    {
        Kind = kind;
        TypeName = typeName;
        DefaultName = defaultName;
    }

    /// <summary>"signing key", "HMAC key", "encryption key".</summary>
    public string Kind { get; }

    /// <summary>The type that takes the key (<c>SymmetricSecurityKey</c>, <c>HMACSHA256</c>); empty for a key known only by its name.</summary>
    public string TypeName { get; }

    public string DefaultName { get; }
}

/// <summary>
/// Where bytes become a key: <c>new SymmetricSecurityKey(key)</c>, HMAC constructors and <c>HMACxxx.HashData(key, ...)</c>
/// (and their Try/Async forms), <c>IncrementalHash.CreateHMAC</c>, <c>KeyedHashAlgorithm.Key</c>, cipher keys
/// (<see cref="CipherInputs"/>: <c>SymmetricAlgorithm.Key</c>, <c>CreateEncryptor(key, iv)</c>, AES-GCM/CCM and
/// ChaCha20-Poly1305 constructors).
/// </summary>
internal sealed class HardCodedKeySinks
{
    private readonly INamedTypeSymbol? _symmetricSecurityKey;
    private readonly INamedTypeSymbol? _hmac;
    private readonly INamedTypeSymbol? _keyedHashAlgorithm;
    private readonly INamedTypeSymbol? _incrementalHash;
    private readonly CipherInputs _ciphers;

    public HardCodedKeySinks(KnownTypes types)
    {
        _symmetricSecurityKey = types.SymmetricSecurityKey;
        _hmac = types.Hmac;
        _keyedHashAlgorithm = types.KeyedHashAlgorithm;
        _incrementalHash = types.IncrementalHash;
        _ciphers = new CipherInputs(types);
    }

    /// <summary>The key use <paramref name="value"/> (a byte expression or a reference to one) goes straight into; null for any other use.</summary>
    public KeyUse? Of(IOperation value)
    {
        var use = value.WalkUpConversions();
        switch (use.Parent)
        {
            case IArgumentOperation { Parameter: { } parameter } argument:
                return argument.Parent switch
                {
                    IObjectCreationOperation { Constructor: { } constructor } => OfParameter(constructor, parameter),
                    IInvocationOperation invocation => OfParameter(invocation.TargetMethod, parameter),
                    _ => null,
                };

            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: var property } target } assignment when assignment.Value == use:
                // aes.Key = ...: named after the receiver (Aes), not the declaring SymmetricAlgorithm.
                var typeName = target.Instance?.Type?.Name is { Length: > 0 } receiver ? receiver : property.ContainingType.Name;
                return property.Name != "Key" ? null
                    : property.ContainingType.IsOrDerivesFrom(_keyedHashAlgorithm) ? new KeyUse("HMAC key", typeName, "HmacKey")
                    : _ciphers.OfProperty(property) == CipherInput.Key ? new KeyUse("encryption key", typeName, "EncryptionKey")
                    : null;

            default:
                return null;
        }
    }

    private KeyUse? OfParameter(IMethodSymbol method, IParameterSymbol parameter)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return null;
        }

        if (method.MethodKind == MethodKind.Constructor && type.Is(_symmetricSecurityKey))
        {
            return new KeyUse("signing key", type.Name, "SigningKey");
        }

        if (parameter.Name == "key" && (type.IsOrDerivesFrom(_hmac) || type.IsOrDerivesFrom(_keyedHashAlgorithm))
            && (method.MethodKind == MethodKind.Constructor || method.Name.StartsWith("HashData", System.StringComparison.Ordinal)
                || method.Name.StartsWith("TryHashData", System.StringComparison.Ordinal) || method.Name.StartsWith("Verify", System.StringComparison.Ordinal)))
        {
            return new KeyUse("HMAC key", type.Name, "HmacKey");
        }

        if (parameter.Name == "key" && method.Name == "CreateHMAC" && type.Is(_incrementalHash))
        {
            return new KeyUse("HMAC key", type.Name, "HmacKey");
        }

        return _ciphers.OfParameter(method, parameter) == CipherInput.Key ? new KeyUse("encryption key", type.Name, "EncryptionKey") : null;
    }
}
