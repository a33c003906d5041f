using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.Strings;

/// <summary>
/// "Is this string an <c>http://</c> URL written in code?": a literal or constant, an interpolated string or a
/// concatenation whose constant start holds the scheme (<c>$"http://{host}/realms/x"</c>), or a local holding one.
/// URLs read from configuration have no constant start and are not.
/// </summary>
internal static class PlainHttpUrls
{
    public const string HttpScheme = "http://";
    public const string HttpsScheme = "https://";

    private const int MaxLocalHops = 3;

    public static bool StartsWithHttp(IOperation value)
    {
        for (var hop = 0; hop <= MaxLocalHops; hop++)
        {
            value = value.WalkDownConversions();
            if (value.TryGetConstantString(out var text))
            {
                return IsHttp(text);
            }

            switch (value)
            {
                case IInterpolatedStringOperation interpolated:
                    return interpolated.Parts.Length > 0
                           && interpolated.Parts[0] is IInterpolatedStringTextOperation { Text: var first }
                           && first.TryGetConstantString(out var start)
                           && IsHttp(start);

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } concatenation when concatenation.Type?.SpecialType == SpecialType.System_String:
                    value = concatenation.LeftOperand;
                    hop--;
                    continue;

                case ILocalReferenceOperation local when LocalValues.FindSingleValue(local.Local, value.GetRoot()) is { } initial:
                    value = initial;
                    continue;
            }

            return false;
        }

        return false;
    }

    private static bool IsHttp(string text) => text.StartsWith(HttpScheme, StringComparison.OrdinalIgnoreCase);
}
