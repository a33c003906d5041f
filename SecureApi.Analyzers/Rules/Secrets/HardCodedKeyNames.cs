using System.Collections.Generic;
using SecureApi.Analyzers.Core.Naming;

namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>
/// Names that say a byte array is key material: the last word is key or secret (<c>V1UploadKey</c>, <c>_hmacSecret</c>),
/// or key/secret followed by bytes or material (<c>signingKeyBytes</c>). Keys that are not secrets are left out:
/// <c>publicKey</c>, cache, partition, idempotency and similar lookup keys.
/// </summary>
internal static class HardCodedKeyNames
{
    private static readonly HashSet<string> Secrets = new() { "key", "secret" };

    private static readonly HashSet<string> Suffixes = new() { "bytes", "material" };

    private static readonly HashSet<string> NotSecret = new()
    {
        "public", "cache", "partition", "object", "row", "sort", "lookup", "idempotency", "route", "primary", "foreign",
        "composite", "dictionary", "map", "storage", "blob", "s3", "redis", "lock",
    };

    public static bool IsKeyName(string? name)
    {
        var words = IdentifierWords.Split(name);
        var last = words.Length - 1;
        if (last >= 1 && Suffixes.Contains(words[last]))
        {
            last--;
        }

        return last >= 0 && Secrets.Contains(words[last]) && (last == 0 || !NotSecret.Contains(words[last - 1]));
    }
}
