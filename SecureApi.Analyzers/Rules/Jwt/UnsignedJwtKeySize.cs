using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Cryptography;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>
/// The length in bytes of key material, when the code fixes it at compile time (the forms of
/// <see cref="ConstantBytes"/>), directly or through locals assigned once. Null when the length depends on run-time
/// data (configuration, files, parameters).
/// </summary>
internal sealed class UnsignedJwtKeySize
{
    private const int MaxLocalHops = 4;

    private readonly ConstantBytes _bytes;

    public UnsignedJwtKeySize(KnownTypes types) => _bytes = new ConstantBytes(types);

    public int? ByteCount(IOperation value, int hops = 0)
    {
        value = value.WalkDownConversions();
        if (value is ILocalReferenceOperation local)
        {
            return hops < MaxLocalHops && LocalValues.FindSingleValue(local.Local, value.GetRoot()) is { } initial ? ByteCount(initial, hops + 1) : null;
        }

        return _bytes.Describe(value)?.Length;
    }
}
