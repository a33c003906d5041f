using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>
/// The length in bytes of key material, when the code fixes it at compile time: <c>Encoding.UTF8.GetBytes("...")</c>,
/// <c>new byte[16]</c>, <c>new byte[] { ... }</c>, <c>RandomNumberGenerator.GetBytes(16)</c>,
/// <c>Convert.FromBase64String("...")</c>, <c>Convert.FromHexString("...")</c>, <c>"..."u8.ToArray()</c>, directly or
/// through locals assigned once. Null when the length depends on run-time data (configuration, files, parameters).
/// </summary>
internal sealed class UnsignedJwtKeySize
{
    private const int MaxLocalHops = 4;

    private readonly INamedTypeSymbol? _encoding;
    private readonly INamedTypeSymbol? _convert;
    private readonly INamedTypeSymbol? _randomNumberGenerator;
    private readonly INamedTypeSymbol? _base64UrlEncoder;

    public UnsignedJwtKeySize(KnownTypes types)
    {
        _encoding = types.Encoding;
        _convert = types.Convert;
        _randomNumberGenerator = types.RandomNumberGenerator;
        _base64UrlEncoder = types.Get("Microsoft.IdentityModel.Tokens.Base64UrlEncoder");
    }

    public int? ByteCount(IOperation value, int hops = 0)
    {
        value = value.WalkDownConversions();
        switch (value)
        {
            case ILocalReferenceOperation local when hops < MaxLocalHops:
                return LocalValues.FindSingleValue(local.Local, value.GetRoot()) is { } initial ? ByteCount(initial, hops + 1) : null;

            case IArrayCreationOperation { Initializer: { } initializer }:
                return initializer.ElementValues.Length;

            case IArrayCreationOperation { DimensionSizes.Length: 1 } array:
                return array.DimensionSizes[0].WalkDownConversions().ConstantValue is { HasValue: true, Value: int size } ? size : null;

            // byte[] key = [1, 2, 3]; (ICollectionExpressionOperation is newer than Roslyn 4.8)
            case { Syntax: CollectionExpressionSyntax collection }:
                return collection.Elements.All(e => e is ExpressionElementSyntax) ? collection.Elements.Count : null;

            case IInvocationOperation invocation:
                return FromInvocation(invocation, hops);

            default:
                return null;
        }
    }

    private int? FromInvocation(IInvocationOperation invocation, int hops)
    {
        var method = invocation.TargetMethod;
        var arguments = invocation.Arguments;
        switch (method.Name)
        {
            // Encoding.UTF8.GetBytes("...")
            case "GetBytes" when arguments.Length == 1 && invocation.Instance is IPropertyReferenceOperation { Property: { IsStatic: true } encoding }
                                                       && encoding.ContainingType.Is(_encoding):
                return ConstantText(arguments[0].Value, hops) is { } text ? EncodedLength(encoding.Name, text) : null;

            // RandomNumberGenerator.GetBytes(16)
            case "GetBytes" when arguments.Length == 1 && method.ContainingType.Is(_randomNumberGenerator):
                return arguments[0].Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: int count } ? count : null;

            case "FromBase64String" when arguments.Length == 1 && method.ContainingType.Is(_convert):
                return ConstantText(arguments[0].Value, hops) is { } base64 ? Base64Length(base64, url: false) : null;

            case "DecodeBytes" when arguments.Length == 1 && method.ContainingType.Is(_base64UrlEncoder):
                return ConstantText(arguments[0].Value, hops) is { } base64Url ? Base64Length(base64Url, url: true) : null;

            case "FromHexString" when arguments.Length == 1 && method.ContainingType.Is(_convert):
                return ConstantText(arguments[0].Value, hops) is { } hex ? HexLength(hex) : null;

            // "..."u8.ToArray()
            case "ToArray" when arguments.Length == 0 && invocation.Instance?.WalkDownConversions() is IUtf8StringOperation utf8:
                return Encoding.UTF8.GetByteCount(utf8.Value);

            default:
                return null;
        }
    }

    private static string? ConstantText(IOperation value, int hops)
    {
        if (value.TryGetConstantString(out var text))
        {
            return text;
        }

        return value.WalkDownConversions() is ILocalReferenceOperation local && hops < MaxLocalHops
               && LocalValues.FindSingleValue(local.Local, value.GetRoot()) is { } initial
            ? ConstantText(initial, hops + 1)
            : null;
    }

    /// <summary>What <c>Encoding.X.GetBytes(text)</c> returns. <c>Encoding.Default</c> is UTF-8 on .NET Core and later.</summary>
    private static int? EncodedLength(string encoding, string text) => encoding switch
    {
        "UTF8" or "Default" => Encoding.UTF8.GetByteCount(text),
        "ASCII" or "Latin1" => text.Length,
        "Unicode" or "BigEndianUnicode" => text.Length * 2,
        "UTF32" => Encoding.UTF32.GetByteCount(text),
        _ => null,
    };

    /// <summary>Decoded length of a valid base64 (or base64url) text; null when the text would not decode.</summary>
    private static int? Base64Length(string text, bool url)
    {
        var characters = 0;
        var padding = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                continue;
            }

            if (c == '=')
            {
                padding++;
                continue;
            }

            var valid = c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9')
                        || (url ? c is '-' or '_' : c is '+' or '/');
            if (!valid || padding > 0)
            {
                return null;
            }

            characters++;
        }

        if (padding > 2 || (!url && (characters + padding) % 4 != 0) || characters % 4 == 1)
        {
            return null;
        }

        return characters * 6 / 8;
    }

    private static int? HexLength(string text)
    {
        if (text.Length % 2 != 0)
        {
            return null;
        }

        foreach (var c in text)
        {
            if (!(c is (>= '0' and <= '9') or (>= 'a' and <= 'f') or (>= 'A' and <= 'F')))
            {
                return null;
            }
        }

        return text.Length / 2;
    }
}
