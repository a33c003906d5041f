using System.Collections.Generic;
using System.Collections.Immutable;

namespace SecureApi.Analyzers.Core.Naming;

/// <summary>
/// Splits identifiers into lower-case words (camelCase, PascalCase, ACRONYMWord, snake_case, kebab-case, digits), so
/// name heuristics match words rather than substrings: <c>servicePin</c> is "service pin", <c>pinned</c> is not a pin.
/// </summary>
internal static class IdentifierWords
{
    public static ImmutableArray<string> Split(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return ImmutableArray<string>.Empty;
        }

        var words = ImmutableArray.CreateBuilder<string>();
        var start = -1;
        for (var i = 0; i < name!.Length; i++)
        {
            var c = name[i];
            if (!char.IsLetterOrDigit(c))
            {
                Flush(name, ref start, i, words);
                continue;
            }

            if (start >= 0 && StartsWord(name, i))
            {
                Flush(name, ref start, i, words);
            }

            if (start < 0)
            {
                start = i;
            }
        }

        Flush(name, ref start, name.Length, words);
        return words.ToImmutable();
    }

    /// <summary>The last word: what the name is (<c>passwordResetToken</c> is a token, <c>passwordLength</c> a length).</summary>
    public static string? Last(string? name)
    {
        var words = Split(name);
        return words.IsEmpty ? null : words[words.Length - 1];
    }

    public static bool ContainsAny(ImmutableArray<string> words, ISet<string> candidates)
    {
        foreach (var word in words)
        {
            if (candidates.Contains(word))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Does a word of <see cref="Split"/> start at <paramref name="i"/>?</summary>
    public static bool IsWordStart(string name, int i) =>
        i == 0 || !char.IsLetterOrDigit(name[i - 1]) || char.IsLetterOrDigit(name[i]) && StartsWord(name, i);

    private static bool StartsWord(string name, int i)
    {
        var previous = name[i - 1];
        var c = name[i];
        if (char.IsDigit(c) != char.IsDigit(previous))
        {
            return true;
        }

        if (char.IsUpper(c) && char.IsLower(previous))
        {
            return true;
        }

        // The last capital of an acronym starts the next word: "OTPCode" is "otp code".
        return char.IsUpper(c) && char.IsUpper(previous) && i + 1 < name.Length && char.IsLower(name[i + 1]);
    }

    private static void Flush(string name, ref int start, int end, ImmutableArray<string>.Builder words)
    {
        if (start >= 0 && end > start)
        {
            words.Add(name.Substring(start, end - start).ToLowerInvariant());
        }

        start = -1;
    }
}
