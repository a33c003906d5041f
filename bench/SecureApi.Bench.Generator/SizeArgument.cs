using System.Globalization;

namespace SecureApi.Bench.Generator;

/// <summary>Parses sizes written as <c>150000</c>, <c>150k</c> or <c>1m</c>.</summary>
public static class SizeArgument
{
    public static bool TryParse(string text, out int size)
    {
        size = 0;
        var trimmed = text.Trim().ToLowerInvariant().Replace("_", "", StringComparison.Ordinal);
        var multiplier = 1;
        if (trimmed.EndsWith('k'))
        {
            multiplier = 1_000;
            trimmed = trimmed[..^1];
        }
        else if (trimmed.EndsWith('m'))
        {
            multiplier = 1_000_000;
            trimmed = trimmed[..^1];
        }

        if (!decimal.TryParse(trimmed, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        var value = number * multiplier;
        if (value <= 0 || value > int.MaxValue)
        {
            return false;
        }

        size = (int)value;
        return true;
    }
}
