using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>
/// The iteration count and hash of a PBKDF2 call when the code fixes them: literals, constants, and locals whose
/// only value is one (a count read from configuration or a parameter is unknown, and never reported).
/// </summary>
internal sealed class Pbkdf2Parameters
{
    private const int MaxLocalHops = 4;

    private readonly INamedTypeSymbol? _hashAlgorithmName;
    private readonly INamedTypeSymbol? _keyDerivationPrf;

    public Pbkdf2Parameters(KnownTypes types)
    {
        _hashAlgorithmName = types.HashAlgorithmName;
        _keyDerivationPrf = types.KeyDerivationPrf;
    }

    public static int? ConstantCount(IOperation value, int hops = 0)
    {
        value = value.WalkDownConversions();
        if (value.ConstantValue is { HasValue: true, Value: int count })
        {
            return count;
        }

        return value is ILocalReferenceOperation local && hops < MaxLocalHops
               && LocalValues.FindSingleValue(local.Local, value.GetRoot()) is { } initial
            ? ConstantCount(initial, hops + 1)
            : null;
    }

    /// <summary>
    /// The hash as <c>HashAlgorithmName</c> names it ("SHA256"): <c>HashAlgorithmName.SHA256</c>,
    /// <c>new HashAlgorithmName("SHA256")</c>, <c>KeyDerivationPrf.HMACSHA256</c>, through locals assigned once.
    /// </summary>
    public string? HashName(IOperation value, int hops = 0)
    {
        value = value.WalkDownConversions();
        switch (value)
        {
            case IPropertyReferenceOperation { Property: { IsStatic: true } property } when property.ContainingType.Is(_hashAlgorithmName):
                return property.Name;

            case IObjectCreationOperation { Arguments.Length: 1 } creation when creation.Type.Is(_hashAlgorithmName)
                                                                             && creation.Arguments[0].Value.TryGetConstantString(out var name):
                return name;

            case { ConstantValue: { HasValue: true, Value: { } prf } } when value.Type.Is(_keyDerivationPrf):
                // KeyDerivationPrf.HMACSHA256 -> "SHA256"
                var member = _keyDerivationPrf!.GetMembers().OfType<IFieldSymbol>()
                    .FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, prf));
                return member is { Name: var prfName } && prfName.StartsWith("HMAC", System.StringComparison.Ordinal) ? prfName.Substring(4) : null;

            case ILocalReferenceOperation local when hops < MaxLocalHops:
                return LocalValues.FindSingleValue(local.Local, value.GetRoot()) is { } initial ? HashName(initial, hops + 1) : null;

            default:
                return null;
        }
    }
}
