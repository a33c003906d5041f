using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.Cryptography;

/// <summary>What the code fixes about a byte array at compile time.</summary>
internal enum ByteContent
{
    /// <summary>Computed at run time (only the length may be known).</summary>
    Unknown,

    /// <summary><c>new byte[n]</c>: all zero, until something fills it.</summary>
    ZeroFilled,

    /// <summary>Written in the source: literal elements, encoded or decoded literal text.</summary>
    Literal,

    /// <summary><c>RandomNumberGenerator.GetBytes(n)</c>.</summary>
    Random,
}

/// <summary>The content and length (null when unknown) of a byte-array expression.</summary>
internal readonly struct KnownBytes
{
    public KnownBytes(ByteContent content, int? length)
    {
        Content = content;
        Length = length;
    }

    public ByteContent Content { get; }

    public int? Length { get; }

    public bool IsConstant => Content is ByteContent.ZeroFilled or ByteContent.Literal;
}

/// <summary>
/// Byte-array expressions the code fixes at compile time: <c>new byte[16]</c>, <c>new byte[] { ... }</c>,
/// <c>[1, 2, 3]</c>, <c>Encoding.UTF8.GetBytes("...")</c>, <c>Convert.FromBase64String("...")</c>,
/// <c>Convert.FromHexString("...")</c>, <c>Base64UrlEncoder.DecodeBytes("...")</c>, <c>"..."u8</c>,
/// <c>"..."u8.ToArray()</c>, <c>RandomNumberGenerator.GetBytes(16)</c> (text arguments may be constants or locals
/// assigned once). Byte-array locals, fields and properties are not followed here: whether they can be filled
/// later is the caller's question.
/// </summary>
internal sealed class ConstantBytes
{
    private const int MaxLocalHops = 4;

    private readonly INamedTypeSymbol? _encoding;
    private readonly INamedTypeSymbol? _convert;
    private readonly INamedTypeSymbol? _randomNumberGenerator;
    private readonly INamedTypeSymbol? _base64UrlEncoder;

    public ConstantBytes(KnownTypes types)
    {
        _encoding = types.Encoding;
        _convert = types.Convert;
        _randomNumberGenerator = types.RandomNumberGenerator;
        _base64UrlEncoder = types.Get("Microsoft.IdentityModel.Tokens.Base64UrlEncoder");
    }

    /// <summary>What <paramref name="value"/> (conversions skipped) produces; null when it is none of the known forms.</summary>
    public KnownBytes? Describe(IOperation value)
    {
        value = value.WalkDownConversions();
        switch (value)
        {
            case IArrayCreationOperation { Initializer: { } initializer }:
                var literal = initializer.ElementValues.All(e => e.WalkDownConversions().ConstantValue.HasValue);
                return new KnownBytes(literal ? ByteContent.Literal : ByteContent.Unknown, initializer.ElementValues.Length);

            case IArrayCreationOperation { DimensionSizes.Length: 1 } array:
                return new KnownBytes(
                    ByteContent.ZeroFilled,
                    array.DimensionSizes[0].WalkDownConversions().ConstantValue is { HasValue: true, Value: int size } ? size : null);

            // byte[] key = [1, 2, 3]; (ICollectionExpressionOperation is newer than Roslyn 4.8)
            case { Syntax: CollectionExpressionSyntax collection }:
                if (!collection.Elements.All(e => e is ExpressionElementSyntax))
                {
                    return null;
                }

                var constant = value.SemanticModel is { } model
                               && collection.Elements.All(e => model.GetConstantValue(((ExpressionElementSyntax)e).Expression).HasValue);
                return new KnownBytes(constant ? ByteContent.Literal : ByteContent.Unknown, collection.Elements.Count);

            case IUtf8StringOperation utf8:
                return new KnownBytes(ByteContent.Literal, Encoding.UTF8.GetByteCount(utf8.Value));

            case IInvocationOperation invocation:
                return FromInvocation(invocation);

            default:
                return null;
        }
    }

    private KnownBytes? FromInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var arguments = invocation.Arguments;
        switch (method.Name)
        {
            // Encoding.UTF8.GetBytes("...")
            case "GetBytes" when arguments.Length == 1 && invocation.Instance is IPropertyReferenceOperation { Property: { IsStatic: true } encoding }
                                                       && encoding.ContainingType.Is(_encoding):
                return ConstantText(arguments[0].Value, 0) is { } text ? new KnownBytes(ByteContent.Literal, EncodedLength(encoding.Name, text)) : null;

            // RandomNumberGenerator.GetBytes(16)
            case "GetBytes" when arguments.Length == 1 && method.ContainingType.Is(_randomNumberGenerator):
                return new KnownBytes(ByteContent.Random, arguments[0].Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: int count } ? count : null);

            case "FromBase64String" when arguments.Length == 1 && method.ContainingType.Is(_convert):
                return ConstantText(arguments[0].Value, 0) is { } base64 ? new KnownBytes(ByteContent.Literal, Base64Length(base64, url: false)) : null;

            case "DecodeBytes" when arguments.Length == 1 && method.ContainingType.Is(_base64UrlEncoder):
                return ConstantText(arguments[0].Value, 0) is { } base64Url ? new KnownBytes(ByteContent.Literal, Base64Length(base64Url, url: true)) : null;

            case "FromHexString" when arguments.Length == 1 && method.ContainingType.Is(_convert):
                return ConstantText(arguments[0].Value, 0) is { } hex ? new KnownBytes(ByteContent.Literal, HexLength(hex)) : null;

            // "..."u8.ToArray()
            case "ToArray" when arguments.Length == 0 && invocation.Instance?.WalkDownConversions() is IUtf8StringOperation utf8:
                return new KnownBytes(ByteContent.Literal, Encoding.UTF8.GetByteCount(utf8.Value));

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
