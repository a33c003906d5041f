using System;
using System.Text.RegularExpressions;
using SecureApi.Analyzers.Core.Naming;

namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>
/// Values that name something rather than hold a secret, even under a credential name (SAPI7001, SAPI7003):
/// <list type="bullet">
/// <item>claim types and other schema URIs (<c>http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name</c>,
/// <c>urn:ietf:params:oauth:token-type:jwt</c>), and dotted claim or permission names (<c>app.api.token</c>);</item>
/// <item>feature-flag keys: a ticket prefix and lower-case kebab words ending in a credential word
/// (<c>pm-1234-device-auth-key</c>);</item>
/// <item>field names about a credential: lower-case snake-case words with a credential word that do not end in one
/// (<c>password_hash_b64</c>);</item>
/// <item>validation patterns: a value that parses as a regular expression and uses at least two regex constructs
/// (<c>^(?=.*[A-Z])(?=.*\d).{8,}$</c>).</item>
/// </list>
/// A value with a random-looking part is never an identifier. Everything here is a cheap character scan, except the
/// final regex parse of a value that already looks like a pattern.
/// </summary>
internal static class IdentifierValues
{
    /// <summary>Most capitals in the last segment of a claim URI (<c>tenantId</c>); a random letter run has more.</summary>
    private const int MaxCapitalsInUriName = 3;

    /// <summary>Letters of a ticket prefix (<c>pm</c>, <c>PROJ</c>) and digits of its number.</summary>
    private const int MaxTicketLetters = 8;

    private const int MaxTicketDigits = 7;

    /// <summary>Regex constructs a pattern must use, so that a password with a bracket or a dollar is not taken for one.</summary>
    private const int MinPatternConstructs = 2;

    public static bool IsIdentifier(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        return IsNameUri(text!) || IsDottedName(text!) || IsFeatureFlagKey(text!) || IsFieldName(text!) || IsPattern(text!);
    }

    /// <summary>
    /// <c>http(s)://host/path/name</c> or <c>urn:a:b:name</c> without user info, query or fragment, whose segments are
    /// not random-looking and whose last segment is a word.
    /// </summary>
    private static bool IsNameUri(string text)
    {
        int start;
        if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            start = "http://".Length;
        }
        else if (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            start = "https://".Length;
        }
        else if (text.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
        {
            start = "urn:".Length;
        }
        else
        {
            return false;
        }

        var segments = text.Substring(start).Split(new[] { '/', ':' }, StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length < 2)
        {
            return false;
        }

        foreach (var segment in segments)
        {
            if (!IsUriSegment(segment) || SecretEntropy.LooksRandom(segment))
            {
                return false;
            }
        }

        var last = segments[segments.Length - 1];
        if (!char.IsLetter(last[0]))
        {
            return false;
        }

        var capitals = 0;
        foreach (var c in last)
        {
            if (!(char.IsLetter(c) || c is '-' or '_' or '.'))
            {
                return false;
            }

            capitals += char.IsUpper(c) ? 1 : 0;
        }

        return capitals <= MaxCapitalsInUriName;
    }

    private static bool IsUriSegment(string segment)
    {
        foreach (var c in segment)
        {
            if (!(char.IsLetterOrDigit(c) || c is '-' or '_' or '.' or '~'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>app.api.token</c>, <c>scope.read_secrets</c>: two or more lower-case segments that start with a letter.</summary>
    private static bool IsDottedName(string text)
    {
        var segments = text.Split('.');
        if (segments.Length < 2)
        {
            return false;
        }

        foreach (var segment in segments)
        {
            if (!IsLowerWord(segment, allowInnerSeparators: true) || SecretEntropy.LooksRandom(segment))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// <c>pm-1234-device-auth-key</c>, <c>PM-1234-device-auth-key</c>: a ticket prefix (letters, then a number) and
    /// lower-case words ending in a credential word. Without the prefix (<c>super-secret-key</c>) the value is a
    /// real-looking secret.
    /// </summary>
    private static bool IsFeatureFlagKey(string text)
    {
        var parts = text.Split('-');
        if (parts.Length < 3 || parts[0].Length is 0 or > MaxTicketLetters || parts[1].Length is 0 or > MaxTicketDigits)
        {
            return false;
        }

        foreach (var c in parts[0])
        {
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z'))
            {
                return false;
            }
        }

        foreach (var c in parts[1])
        {
            if (c is not (>= '0' and <= '9'))
            {
                return false;
            }
        }

        for (var i = 2; i < parts.Length; i++)
        {
            if (!IsLowerWord(parts[i], allowInnerSeparators: false))
            {
                return false;
            }
        }

        var last = parts[parts.Length - 1];
        foreach (var c in last)
        {
            if (c is not (>= 'a' and <= 'z'))
            {
                return false;
            }
        }

        return CredentialNames.IsSecretName(text);
    }

    /// <summary>
    /// <c>password_hash_b64</c>, <c>api_key_header</c>: lower-case snake-case words, one of which is a credential word,
    /// that end in something else: the name of a field about a credential.
    /// </summary>
    private static bool IsFieldName(string text)
    {
        var parts = text.Split('_');
        if (parts.Length < 2)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (!IsLowerWord(part, allowInnerSeparators: false))
            {
                return false;
            }
        }

        if (CredentialNames.IsSecretName(text))
        {
            return false;
        }

        foreach (var word in IdentifierWords.Split(text))
        {
            if (CredentialNames.IsSecretName(word))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A lower-case word that starts with a letter (digits after it; with <c>_</c> and <c>-</c> inside when allowed).</summary>
    private static bool IsLowerWord(string word, bool allowInnerSeparators)
    {
        if (word.Length == 0 || word[0] is not (>= 'a' and <= 'z'))
        {
            return false;
        }

        foreach (var c in word)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' || allowInnerSeparators && c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A validation pattern: at least <see cref="MinPatternConstructs"/> of anchors at both ends, a group construct
    /// (<c>(?=</c>, <c>(?!</c>, <c>(?:</c>, <c>(?&lt;</c>), a character class with a range (<c>[A-Z]</c>), a class escape
    /// (<c>\d</c>, <c>\w</c>, <c>\s</c>), a counted quantifier (<c>{8,}</c>) and a wildcard run (<c>.*</c>, <c>.+</c>),
    /// and .NET parses it.
    /// </summary>
    private static bool IsPattern(string text)
    {
        if (text.Length < 4)
        {
            return false;
        }

        var constructs = 0;
        constructs += text[0] == '^' && text[text.Length - 1] == '$' ? 1 : 0;
        constructs += text.IndexOf("(?=", StringComparison.Ordinal) >= 0 || text.IndexOf("(?!", StringComparison.Ordinal) >= 0
                      || text.IndexOf("(?:", StringComparison.Ordinal) >= 0 || text.IndexOf("(?<", StringComparison.Ordinal) >= 0 ? 1 : 0;
        constructs += HasRangeClass(text) ? 1 : 0;
        constructs += HasClassEscape(text) ? 1 : 0;
        constructs += HasCountedQuantifier(text) ? 1 : 0;
        constructs += text.IndexOf(".*", StringComparison.Ordinal) >= 0 || text.IndexOf(".+", StringComparison.Ordinal) >= 0 ? 1 : 0;
        if (constructs < MinPatternConstructs)
        {
            return false;
        }

        try
        {
            _ = new Regex(text, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary><c>[A-Z]</c>, <c>[a-z0-9_]</c>: a bracket holding a range between two letters or digits.</summary>
    private static bool HasRangeClass(string text)
    {
        for (var open = text.IndexOf('['); open >= 0; open = text.IndexOf('[', open + 1))
        {
            var close = text.IndexOf(']', open + 1);
            if (close < 0)
            {
                return false;
            }

            for (var i = open + 2; i < close - 1; i++)
            {
                if (text[i] == '-' && char.IsLetterOrDigit(text[i - 1]) && char.IsLetterOrDigit(text[i + 1]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool HasClassEscape(string text)
    {
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (text[i] == '\\' && text[i + 1] is 'd' or 'D' or 'w' or 'W' or 's' or 'S' or 'b')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>{8}</c>, <c>{8,}</c>, <c>{8,64}</c>.</summary>
    private static bool HasCountedQuantifier(string text)
    {
        for (var open = text.IndexOf('{'); open >= 0; open = text.IndexOf('{', open + 1))
        {
            var i = open + 1;
            var digits = 0;
            while (i < text.Length && char.IsDigit(text[i]))
            {
                i++;
                digits++;
            }

            if (digits == 0 || i >= text.Length)
            {
                continue;
            }

            if (text[i] == ',')
            {
                i++;
                while (i < text.Length && char.IsDigit(text[i]))
                {
                    i++;
                }
            }

            if (i < text.Length && text[i] == '}')
            {
                return true;
            }
        }

        return false;
    }
}
