using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace SecureApi.Analyzers.Core.Naming;

/// <summary>
/// Names under which a credential is stored (SAPI7001, SAPI7003): the last word, or the last two, say what the value
/// is (<c>adminPassword</c>, <c>ClientSecret</c>, <c>SlackBotToken</c>, <c>StatusPageApiKey</c>, <c>signing_key</c>).
/// A name that ends in anything else is about the secret, not the secret: <c>TokenType</c>, <c>passwordMinLength</c>,
/// <c>PasswordResetUrl</c>, <c>ApiKeyHeaderName</c>, <c>SigningKeyConfigKey</c>, <c>AccessKeyId</c>.
/// </summary>
internal static class CredentialNames
{
    /// <summary>Last words that name a credential on their own, with what to call it in a message.</summary>
    private static readonly Dictionary<string, string> LastWords = WithPasswordSpellings(new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["secret"] = "secret", ["apikey"] = "API key", ["accesskey"] = "access key",
        ["privatekey"] = "private key", ["signingkey"] = "signing key", ["jwtkey"] = "JWT key", ["token"] = "token",
        ["bearer"] = "token", ["pat"] = "token", ["credential"] = "credential", ["credentials"] = "credential",
    });

    /// <summary>Two last words that name a credential (<c>api key</c>, <c>client secret</c>).</summary>
    private static readonly Dictionary<string, string> LastTwoWords = new(StringComparer.Ordinal)
    {
        ["api key"] = "API key", ["access key"] = "access key", ["private key"] = "private key", ["signing key"] = "signing key",
        ["jwt key"] = "JWT key", ["secret key"] = "secret key", ["client secret"] = "client secret", ["app secret"] = "client secret",
        ["subscription key"] = "API key", ["master key"] = "key", ["account key"] = "access key", ["shared key"] = "key",
        ["encryption key"] = "key", ["hmac key"] = "key", ["auth key"] = "key", ["security key"] = "key",
        ["access token"] = "token", ["refresh token"] = "token", ["bearer token"] = "token", ["auth token"] = "token",
        ["api token"] = "token", ["api secret"] = "secret", ["authorization header"] = "Authorization header",
        ["auth header"] = "Authorization header",
    };

    /// <summary>
    /// Keys that are not credentials: <c>cacheKey</c>, <c>SigningKeyConfigKey</c>, <c>headerKey</c>,
    /// <c>objectKey</c> (a storage path), <c>InstrumentationKey</c> (Application Insights) and <c>SiteKey</c>
    /// (reCAPTCHA), which are public identifiers.
    /// </summary>
    private static readonly HashSet<string> LookupKeyQualifiers = new(StringComparer.Ordinal)
    {
        "config", "configuration", "setting", "settings", "section", "option", "options", "header", "cache", "lookup",
        "partition", "sort", "shard", "routing", "route", "primary", "foreign", "dictionary", "map", "entry", "row",
        "composite", "index", "idempotency", "correlation", "resource", "localization", "translation", "feature", "flag",
        "env", "environment", "claim", "policy", "item", "object", "blob", "file", "query", "storage", "session", "state",
        "registry", "group", "bucket", "hot", "message", "event", "tenant", "dedup", "deduplication", "lock", "menu",
        "sku", "product", "order", "user", "customer", "account", "json", "xml", "property", "field", "column", "table",
        "public", "instrumentation", "site",
    };

    /// <summary>
    /// Tokens that are not credentials: <c>cancellationToken</c>, the paging and change-tracking tokens an API hands
    /// to every caller (<c>continuationToken</c>, <c>nextPageToken</c>, <c>syncToken</c>, <c>deltaToken</c>,
    /// <c>skipToken</c>), and correlation and concurrency tokens (<c>idempotencyToken</c>, <c>concurrencyToken</c>).
    /// </summary>
    private static readonly HashSet<string> NonCredentialTokenQualifiers = new(StringComparer.Ordinal)
    {
        "cancellation", "continuation", "page", "paging", "pagination", "next", "cursor", "change", "sync", "resume",
        "delta", "skip", "idempotency", "correlation", "concurrency",
    };

    /// <summary>
    /// Words of the one-time links a site mails to its users (confirm an address, reset a password, unsubscribe, accept
    /// an invitation, a magic sign-in link) and of signed download links: their token is made to travel in a URL, once
    /// or for minutes.
    /// </summary>
    private static readonly HashSet<string> OneTimeLinkWords = new(StringComparer.Ordinal)
    {
        "confirm", "confirmation", "verify", "verification", "reset", "unsubscribe", "invite", "invitation", "activate",
        "activation", "magic", "download",
    };

    /// <summary>Last words of a name that says whose account a value is about (<c>email</c>, <c>userId</c>, <c>userName</c>).</summary>
    private static readonly HashSet<string> UserIdentityWords = new(StringComparer.Ordinal) { "email", "user", "userid", "username" };

    /// <summary>Words that say how the value is carried, skipped at the end of a name (<c>passwordValue</c>, <c>Password2</c>).</summary>
    private static readonly HashSet<string> CarrierWords = new(StringComparer.Ordinal)
    {
        "value", "text", "string", "str", "raw", "plain", "plaintext", "literal",
    };

    /// <summary>Does the name (a member, variable, parameter or configuration key segment) name a credential?</summary>
    public static bool IsSecretName(string? name) => Describe(name) is not null;

    /// <summary>
    /// What the name holds, for messages (<c>password</c>, <c>client secret</c>, <c>API key</c>, <c>token</c>,
    /// <c>key</c>), or null when it is not a credential name.
    /// </summary>
    public static string? Describe(string? name)
    {
        var words = Significant(name);
        var count = words.Length;
        if (count == 0)
        {
            return null;
        }

        var last = words[count - 1];
        if (count > 1 && LastTwoWords.TryGetValue(words[count - 2] + " " + last, out var pair))
        {
            return pair;
        }

        if (last == "token" && count > 1 && NonCredentialTokenQualifiers.Contains(words[count - 2]))
        {
            return null;
        }

        if (LastWords.TryGetValue(last, out var single))
        {
            return single;
        }

        // "key" alone, or after a qualifier that does not make it a lookup key: GatewayKey, V1UploadKey.
        return last == "key" && (count == 1 || !LookupKeyQualifiers.Contains(words[count - 2])) ? "key" : null;
    }

    /// <summary>
    /// Is the name a key that only its last word makes a credential (<c>key</c>, <c>licenseKey</c>, <c>searchKey</c>),
    /// rather than a known kind of key (<c>apiKey</c>, <c>secretKey</c>, <c>encryptionKey</c>)? Such a name is a credential
    /// only where the code around it checks credentials.
    /// </summary>
    public static bool IsGenericKey(string? name)
    {
        var words = Significant(name);
        var count = words.Length;
        return count > 0 && words[count - 1] == "key" && (count == 1 || !LastTwoWords.ContainsKey(words[count - 2] + " key"));
    }

    /// <summary>Does the name (a method, a route segment, a parameter) say it belongs to a one-time link a user is mailed (<c>ConfirmEmail</c>, <c>/invitations</c>, <c>inviteToken</c>)?</summary>
    public static bool NamesOneTimeLink(string? name)
    {
        foreach (var word in IdentifierWords.Split(name))
        {
            if (OneTimeLinkWords.Contains(word) || word.Length > 1 && word[word.Length - 1] == 's' && OneTimeLinkWords.Contains(word.Substring(0, word.Length - 1)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Does the name say whose account it is about (<c>email</c>, <c>userId</c>, <c>organizationUserId</c>,
    /// <c>user_name</c>)? A token sent with one is that user's one-time token (a mailed link), not the caller's credential.
    /// </summary>
    public static bool NamesUserIdentity(string? name)
    {
        var words = Significant(name);
        var count = words.Length;
        if (count == 0)
        {
            return false;
        }

        var last = words[count - 1];
        return UserIdentityWords.Contains(last) || count > 1 && words[count - 2] == "user" && last is "id" or "name";
    }

    /// <summary>
    /// Does some word of the name name a credential, wherever it stands (<c>passwordHash</c>, <c>tokenLength</c>,
    /// <c>apiKeyId</c>)? Such a name that is not itself a credential name says something about a credential.
    /// </summary>
    public static bool Mentions(string? name)
    {
        var words = IdentifierWords.Split(name);
        for (var i = 0; i < words.Length; i++)
        {
            if (LastWords.ContainsKey(words[i]) || i > 0 && LastTwoWords.ContainsKey(words[i - 1] + " " + words[i]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The words of the name without trailing counters and carriers: <c>Password2</c>, <c>apiKeyValue</c>.</summary>
    public static ImmutableArray<string> Significant(string? name)
    {
        var words = IdentifierWords.Split(name);
        var count = words.Length;
        while (count > 1 && (IsDigits(words[count - 1]) || CarrierWords.Contains(words[count - 1])))
        {
            count--;
        }

        return count == words.Length ? words : words.RemoveRange(count, words.Length - count);
    }

    /// <summary>Every spelling of password (<see cref="PasswordNames.Spellings"/>) is called a password.</summary>
    private static Dictionary<string, string> WithPasswordSpellings(Dictionary<string, string> words)
    {
        foreach (var spelling in PasswordNames.Spellings)
        {
            words[spelling] = "password";
        }

        return words;
    }

    private static bool IsDigits(string word)
    {
        foreach (var c in word)
        {
            if (!char.IsDigit(c))
            {
                return false;
            }
        }

        return word.Length > 0;
    }
}
