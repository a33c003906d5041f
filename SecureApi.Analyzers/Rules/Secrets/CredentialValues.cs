using System;
using System.Collections.Generic;
using SecureApi.Analyzers.Core.Naming;

namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>
/// Is a value stored under a credential name (<see cref="CredentialNames"/>) a credential (SAPI7001, SAPI7003)? Any
/// real-looking value under a password, secret or API-key name is (<c>changeme</c>, <c>admin123</c>); a bare
/// <c>key</c> name only with a random-looking value (<see cref="SecretEntropy.LooksRandom"/>), a <c>token</c> or
/// <c>bearer</c> name only with a digit or a random-looking value (<c>TokenType = "Bearer"</c>,
/// <c>Token = "access_token"</c> name things). Placeholders, configuration keys, variable names, Key Vault references,
/// public development credentials, a value that spells the name itself or names the same kind of credential (a
/// vocabulary: <c>["passwd"] = "password"</c>), identifiers (<see cref="IdentifierValues"/>: claim types, feature-flag
/// keys, field names, validation patterns) and words for people (a description such as
/// <c>["app secret"] = "client secret"</c>, a sentence such as <c>"The password is too short."</c>) are not. What receives
/// the value may change that (<see cref="SecretContext"/>).
/// </summary>
internal static class CredentialValues
{
    /// <summary>Short words that make a phrase a sentence (a passphrase of nouns has none).</summary>
    private static readonly HashSet<string> FunctionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "is", "are", "was", "be", "been", "not", "no", "of", "to", "in", "on", "at", "by", "for", "from",
        "with", "and", "or", "so", "if", "it", "its", "this", "that", "your", "you", "we", "our", "must", "can", "cannot",
        "should", "will", "has", "have", "does", "do",
    };

    /// <summary>Longest value a <see cref="SecretContext.OtherApi"/> token parameter may take as a code rather than a credential.</summary>
    private const int MaxCodeLength = 16;

    public static bool IsSecretValue(string? name, string value, SecretContext context = SecretContext.Plain)
    {
        var kind = CredentialNames.Describe(name);
        if (kind is null || Placeholders.IsPlaceholder(value) || Placeholders.IsKeyReference(value) || PublicCredentials.IsPublic(value)
            || IdentifierValues.IsIdentifier(value) || IsProse(value))
        {
            return false;
        }

        // A credential API's password parameter takes the password even when it spells the name: new NetworkCredential("user", "password").
        if (context != SecretContext.CredentialApi && (SpellsName(name!, value) || NamesSameKind(kind, value)))
        {
            return false;
        }

        if (context == SecretContext.OtherApi && kind == "token" && IsShortCode(value))
        {
            return false;
        }

        return kind switch
        {
            "key" or "credential" => SecretEntropy.LooksRandom(value),
            "token" => HasDigit(value) || SecretEntropy.LooksRandom(value),
            _ => true,
        };
    }

    /// <summary>
    /// A short word-like code (<c>h2</c>, <c>ISO8601</c>, <c>E1001</c>): at most <see cref="MaxCodeLength"/> letters, digits,
    /// <c>_</c>, <c>-</c> or <c>.</c>, not random-looking.
    /// </summary>
    private static bool IsShortCode(string value)
    {
        var text = value.Trim();
        if (text.Length > MaxCodeLength || SecretEntropy.LooksRandom(text))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '_' or '-' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>const string Password = "password"</c>, <c>ApiKey = "api_key"</c>: a form field or header name.</summary>
    private static bool SpellsName(string name, string value) =>
        string.Equals(Letters(name), Letters(value), StringComparison.OrdinalIgnoreCase)
        || string.Equals(Letters(value), string.Concat(CredentialNames.Significant(name)), StringComparison.OrdinalIgnoreCase);

    /// <summary><c>["passwd"] = "password"</c>, <c>["api secret"] = "secret"</c>: the value is a word for the same kind of credential.</summary>
    private static bool NamesSameKind(string kind, string value) => IsPlainWord(value) && CredentialNames.Describe(value) == kind;

    /// <summary>
    /// Words for people rather than a secret: two or more words of letters only (an apostrophe or hyphen inside, a
    /// punctuation mark after) that either name a credential (<c>client secret</c>, <c>Invalid API key</c>: a label or
    /// a message about one) or make a sentence of three words or more: one with a function word (<c>the</c>, <c>is</c>,
    /// <c>with</c>) or a final full stop, exclamation or question mark. A passphrase of plain words
    /// (<c>correct horse battery staple</c>) is neither, and stays a secret; so does anything with a digit or a symbol.
    /// </summary>
    private static bool IsProse(string value)
    {
        var words = value.Trim().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 2)
        {
            return false;
        }

        var namesCredential = false;
        var functionWords = false;
        foreach (var raw in words)
        {
            var word = raw.TrimEnd('.', ',', ';', ':', '!', '?', ')').TrimStart('(');
            if (!IsPlainWord(word))
            {
                return false;
            }

            if (word.EndsWith("'s", StringComparison.OrdinalIgnoreCase))
            {
                word = word.Substring(0, word.Length - 2);
            }

            namesCredential |= CredentialNames.Describe(word) is not null;
            functionWords |= FunctionWords.Contains(word);
        }

        var last = value.TrimEnd();
        return namesCredential || words.Length >= 3 && (functionWords || last[last.Length - 1] is '.' or '!' or '?');
    }

    private static bool IsPlainWord(string word)
    {
        if (word.Length == 0 || !char.IsLetter(word[0]) || !char.IsLetter(word[word.Length - 1]))
        {
            return false;
        }

        foreach (var c in word)
        {
            if (!(char.IsLetter(c) || c is '\'' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Letters(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool HasDigit(string value)
    {
        foreach (var c in value)
        {
            if (c is >= '0' and <= '9')
            {
                return true;
            }
        }

        return false;
    }
}
