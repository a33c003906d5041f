using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace SecureApi.Analyzers.Core.Naming;

/// <summary>
/// Members a response must not carry (SAPI5004), judged by the last words of the name as the other credential names are.
/// Always: what a stored credential is made of (a password, its hash or salt, the security stamp, two-factor and
/// authenticator secrets, recovery codes) and national or payment identifiers (SSN, national id, passport number,
/// card number, CVV, IBAN and bank account, tax identifier; not a masked or partial one). For stored records (EF Core entities, Identity users) also the credentials of
/// <see cref="CredentialNames"/> (tokens, API keys, secrets): a response type that is not an entity often hands out a
/// token on purpose (a login answer, a provisioned device key), while an entity's stored refresh token sent back is a leak.
/// Paging tokens (<c>ContinuationToken</c>, <c>NextPageToken</c>), <c>ConcurrencyStamp</c>, <c>ETag</c> and a bare
/// <c>Key</c> are not secrets.
/// </summary>
internal static class SensitiveMemberNames
{
    /// <summary>Last words that, after a password word, name what is stored instead of it: <c>PasswordHash</c>, <c>PinSalt</c>.</summary>
    private static readonly HashSet<string> DerivedWords = new(StringComparer.Ordinal) { "hash", "salt", "digest", "hashed" };

    /// <summary>Words that make a secret, key, seed or URI a second factor: <c>TwoFactorSecret</c>, <c>AuthenticatorKey</c>, <c>TotpSeed</c>.</summary>
    private static readonly HashSet<string> SecondFactorWords = new(StringComparer.Ordinal) { "authenticator", "totp", "otp", "mfa", "2fa", "factor" };

    private static readonly HashSet<string> SecondFactorNouns = new(StringComparer.Ordinal) { "secret", "key", "seed", "uri" };

    /// <summary>Tokens that page or resume a listing, not credentials.</summary>
    private static readonly HashSet<string> PagingQualifiers = new(StringComparer.Ordinal)
    {
        "continuation", "page", "next", "cursor", "pagination", "paging", "sync", "resume", "cancellation", "change", "delta",
    };

    /// <summary>Identifiers named by their last two words: <c>NationalId</c>, <c>PassportNumber</c>, <c>CreditCardNumber</c>.</summary>
    private static readonly Dictionary<string, string> IdentifierPairs = new(StringComparer.Ordinal)
    {
        ["national id"] = "national identifier", ["national identifier"] = "national identifier", ["national number"] = "national identifier",
        ["security number"] = "social security number", ["passport number"] = "passport number", ["passport no"] = "passport number",
        ["card number"] = "card number", ["card no"] = "card number", ["tax id"] = "tax identifier",
        ["tax identifier"] = "tax identifier", ["tax number"] = "tax identifier", ["bank account"] = "bank account number",
    };

    /// <summary>Identifiers named by their last three words: <c>BankAccountNumber</c>, <c>NationalIdNumber</c>.</summary>
    private static readonly Dictionary<string, string> IdentifierTriples = new(StringComparer.Ordinal)
    {
        ["bank account number"] = "bank account number", ["bank account no"] = "bank account number",
        ["national id number"] = "national identifier", ["tax id number"] = "tax identifier",
        ["national identification number"] = "national identifier", ["tax identification number"] = "tax identifier",
    };

    private static readonly Dictionary<string, string> IdentifierWords = new(StringComparer.Ordinal)
    {
        ["ssn"] = "social security number", ["cvv"] = "card security code", ["cvc"] = "card security code", ["cvv2"] = "card security code",
        ["iban"] = "bank account number (IBAN)",
    };

    /// <summary>Words that make an identifier a part of one, safe to show: <c>MaskedCardNumber</c>, <c>PartialIban</c>.</summary>
    private static readonly HashSet<string> PartialWords = new(StringComparer.Ordinal)
    {
        "masked", "partial", "truncated", "redacted", "obfuscated", "last", "suffix", "prefix",
    };

    /// <summary>
    /// What the member holds, for messages (<c>password hash</c>, <c>social security number</c>, <c>token</c>), or null
    /// when the name is not sensitive. <paramref name="storedRecord"/>: the member belongs to an entity or an Identity user,
    /// so tokens, API keys and secrets count too.
    /// </summary>
    public static string? Describe(string? name, bool storedRecord)
    {
        var words = CredentialNames.Significant(name);
        if (words.IsEmpty)
        {
            return null;
        }

        if (StoredCredential(name, words) is { } stored)
        {
            return stored;
        }

        var count = words.Length;
        var last = words[count - 1];
        if (Identifier(words) is { } identifier)
        {
            return identifier;
        }

        if (!storedRecord || count == 1 && last == "key" || count > 1 && last == "token" && PagingQualifiers.Contains(words[count - 2]))
        {
            return null;
        }

        return CredentialNames.Describe(name);
    }

    /// <summary>
    /// What an issued token's claim must not carry (SAPI1008): what a stored record must not hand out, except tokens,
    /// which the client already holds (a refresh token, an upstream access token) and which say nothing about the person.
    /// </summary>
    public static string? DescribeTokenClaim(string? name) =>
        Describe(name, storedRecord: true) is { } what && what != "token" && what != "Authorization header" ? what : null;

    /// <summary>
    /// The national or payment identifier the last words name (<c>Ssn</c>, <c>NationalId</c>, <c>BankAccountNumber</c>),
    /// unless a word before it says only part of it is kept (<c>MaskedCardNumber</c>, <c>PartialIban</c>).
    /// </summary>
    private static string? Identifier(ImmutableArray<string> words)
    {
        var count = words.Length;
        var last = words[count - 1];
        int start;
        if (IdentifierWords.TryGetValue(last, out var identifier))
        {
            start = count - 1;
        }
        else if (count > 1 && IdentifierPairs.TryGetValue(words[count - 2] + " " + last, out identifier))
        {
            start = count - 2;
        }
        else if (count > 2 && IdentifierTriples.TryGetValue(words[count - 3] + " " + words[count - 2] + " " + last, out identifier))
        {
            start = count - 3;
        }
        else
        {
            return null;
        }

        for (var i = 0; i < start; i++)
        {
            if (PartialWords.Contains(words[i]))
            {
                return null;
            }
        }

        return identifier;
    }

    private static string? StoredCredential(string? name, ImmutableArray<string> words)
    {
        if (PasswordNames.IsPasswordLike(name))
        {
            return "password";
        }

        var count = words.Length;
        var last = words[count - 1];
        if (count > 1 && DerivedWords.Contains(last) && IsPasswordWord(words[count - 2]))
        {
            return "password " + (last == "salt" ? "salt" : "hash");
        }

        if (count > 1 && last == "stamp" && words[count - 2] == "security")
        {
            return "security stamp";
        }

        if (count > 1 && last is "code" or "codes" && words[count - 2] is "recovery" or "backup")
        {
            return "recovery codes";
        }

        if (count > 1 && SecondFactorNouns.Contains(last))
        {
            for (var i = 0; i < count - 1; i++)
            {
                if (SecondFactorWords.Contains(words[i]))
                {
                    return "two-factor secret";
                }
            }
        }

        return null;
    }

    private static bool IsPasswordWord(string word) => word == "pin" || PasswordNames.Spellings.Contains(word);
}
