using System;

namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>
/// Does a value look machine-generated (a key, a token) rather than like a word, a name or a sentence? Used where
/// the name alone is a weak signal (<c>UploadKey</c>, <c>Token</c>). The thresholds are documented on the SAPI7001
/// page: at least <see cref="MinLength"/> characters, no whitespace, at least two character classes among lower
/// case, upper case, digits and symbols, a digit or else all four classes, and a Shannon entropy of at least
/// <see cref="MinBitsPerCharacter"/> bits per character.
/// </summary>
internal static class SecretEntropy
{
    public const int MinLength = 16;

    public const double MinBitsPerCharacter = 3.0;

    public static bool LooksRandom(string? value)
    {
        var text = value?.Trim();
        if (text is null || text.Length < MinLength)
        {
            return false;
        }

        bool lower = false, upper = false, digit = false, symbol = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                return false;
            }

            lower |= c is >= 'a' and <= 'z';
            upper |= c is >= 'A' and <= 'Z';
            digit |= c is >= '0' and <= '9';
            symbol |= !char.IsLetterOrDigit(c);
        }

        var classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
        return classes >= 2 && (digit || classes == 4) && BitsPerCharacter(text) >= MinBitsPerCharacter;
    }

    /// <summary>Shannon entropy of the character distribution, in bits per character.</summary>
    public static double BitsPerCharacter(string text)
    {
        if (text.Length == 0)
        {
            return 0;
        }

        var counts = new System.Collections.Generic.Dictionary<char, int>();
        foreach (var c in text)
        {
            counts.TryGetValue(c, out var n);
            counts[c] = n + 1;
        }

        var bits = 0.0;
        foreach (var n in counts.Values)
        {
            var p = (double)n / text.Length;
            bits -= p * Math.Log(p, 2);
        }

        return bits;
    }
}
