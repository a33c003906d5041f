using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using SecureApi.Analyzers.Core.Naming;

namespace SecureApi.Analyzers.Core.Naming;

/// <summary>
/// Names of things that hold secrets (<c>verificationCode</c>, <c>apiKey</c>, <c>resetLink</c>,
/// <c>GeneratePassword</c>), judged by words (see <see cref="IdentifierWords"/>): the vocabulary is data, kept here.
/// </summary>
internal static class SecretNames
{
    /// <summary>A name ending in one of these is a secret: <c>resetToken</c>, <c>servicePin</c>, <c>NewSalt</c>.</summary>
    private static readonly HashSet<string> Nouns = Words(
        PasswordNames.Spellings, "token", "pin", "key", "salt", "otp", "code", "nonce", "secret", "iv", "apikey");

    /// <summary>A name containing one of these is a secret unless a metadata noun is part of it: <c>resetLink</c>, <c>tokenBytes</c>.</summary>
    private static readonly HashSet<string> StrongWords = Words(
        PasswordNames.Spellings, "token", "otp", "nonce", "salt", "secret", "apikey", "reset", "verification");

    /// <summary>What is said about a secret rather than the secret: <c>tokenLength</c>, <c>resetExpiry</c>, <c>passwordId</c>.</summary>
    private static readonly HashSet<string> MetadataNouns = Words(
        "length", "count", "size", "expiry", "expires", "expiration", "lifetime", "timeout", "delay", "attempts", "index", "id",
        "type", "kind", "name", "format", "version", "created", "at", "date", "time", "span", "seconds", "minutes", "hours", "ms",
        "max", "min", "limit");

    /// <summary>Codes that are not secrets: <c>statusCode</c>, <c>countryCode</c>, <c>hashCode</c>.</summary>
    private static readonly HashSet<string> PublicCodeQualifiers = Words(
        "status", "error", "exit", "color", "colour", "country", "currency", "language", "zip", "postal", "area", "http", "response",
        "result", "return", "hash");

    /// <summary>Keys that are not secrets: <c>cacheKey</c>, <c>partitionKey</c>, <c>idempotencyKey</c>.</summary>
    private static readonly HashSet<string> LookupKeyQualifiers = Words(
        "partition", "cache", "sort", "shard", "routing", "primary", "foreign", "lookup", "dictionary", "hot", "group", "bucket", "row",
        "map", "entry", "composite", "index", "idempotency", "correlation");

    /// <summary>Does the name say it holds a secret? A trailing <c>Async</c> (<c>CreateTokenAsync</c>) is ignored.</summary>
    public static bool IsSecret(string? name)
    {
        var words = IdentifierWords.Split(name);
        var count = words.Length;
        if (count > 1 && words[count - 1] == "async")
        {
            count--;
        }

        if (count == 0)
        {
            return false;
        }

        var last = words[count - 1];
        if (IsSecret(words, count, last))
        {
            return true;
        }

        // recoveryCodes, backupCodes: a collection of secrets, unless the name counts or bounds them (maxTokens).
        var singular = last.Length > 1 && last[last.Length - 1] == 's' ? last.Substring(0, last.Length - 1) : null;
        if (singular is null || !Nouns.Contains(singular))
        {
            return false;
        }

        for (var i = 0; i < count - 1; i++)
        {
            if (MetadataNouns.Contains(words[i]))
            {
                return false;
            }
        }

        return IsSecret(words, count, singular);
    }

    private static bool IsSecret(ImmutableArray<string> words, int count, string last)
    {
        var qualifier = count > 1 ? words[count - 2] : null;
        if (Nouns.Contains(last))
        {
            return qualifier is null
                   || !(last == "code" && PublicCodeQualifiers.Contains(qualifier))
                   && !(last == "key" && LookupKeyQualifiers.Contains(qualifier));
        }

        // A strong word makes a secret of the whole name, unless the name measures it: passwordAttemptsBeforeCaptcha.
        var strong = false;
        for (var i = 0; i < count; i++)
        {
            if (MetadataNouns.Contains(words[i]))
            {
                return false;
            }

            strong |= StrongWords.Contains(words[i]);
        }

        return strong;
    }

    /// <summary>
    /// The name says what is measured about something rather than what it holds (<c>length</c>, <c>tokenLength</c>,
    /// <c>millisecondsDelay</c>). An index is not a measure: it picks the content (<c>Substring(startIndex, 4)</c>).
    /// </summary>
    public static bool IsMeasure(string? name)
    {
        var last = IdentifierWords.Last(name);
        return last is not null && last != "index" && MetadataNouns.Contains(last);
    }

    /// <summary>The name is nothing but <paramref name="word"/> (<c>key</c>, <c>Code</c>), which says little on its own.</summary>
    public static bool IsOnly(string? name, string word)
    {
        var words = IdentifierWords.Split(name);
        return words.Length == 1 && words[0] == word;
    }

    private static HashSet<string> Words(params string[] words) => new(words, StringComparer.Ordinal);

    private static HashSet<string> Words(ImmutableArray<string> shared, params string[] words)
    {
        var set = Words(words);
        set.UnionWith(shared);
        return set;
    }
}
