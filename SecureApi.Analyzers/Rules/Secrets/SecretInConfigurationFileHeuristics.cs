using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;
using SecureApi.Analyzers.Core.Naming;

namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>
/// What makes a configuration value a secret: its key's name, a password in a connection string, a well-known
/// credential format; and what makes it a placeholder.
/// Minimal private versions, replaced by the shared SAPI7001 helpers (CredentialNames, CredentialFormats,
/// Placeholders, connection-string passwords) at merge.
/// </summary>
internal static class SecretInConfigurationFileHeuristics
{
    /// <summary>A key whose last word is one of these holds a secret: <c>ClientSecret</c>, <c>AdminPassword</c>, <c>RefreshToken</c>.</summary>
    private static readonly HashSet<string> SecretNouns = Words(
        "password", "passwd", "pwd", "passphrase", "secret", "clientsecret", "apikey", "accesskey", "privatekey", "signingkey",
        "jwtkey", "token", "bearer");

    /// <summary>A <c>Key</c> qualified by one of these is a secret (<c>SigningKey</c>, <c>Jwt:Key</c>); <c>LookupKey</c> is not.</summary>
    private static readonly HashSet<string> KeyQualifiers = Words(
        "api", "access", "private", "signing", "jwt", "encryption", "decryption", "secret", "client", "master", "account", "shared",
        "hmac", "symmetric", "subscription", "storage", "security", "auth", "webhook", "aes", "sas", "token");

    /// <summary>A value made of plain words only, one of them one of these, is a placeholder: <c>YOUR_API_KEY</c>, <c>replace-me</c>.</summary>
    private static readonly HashSet<string> PlaceholderWords = Words(
        "your", "placeholder", "replace", "todo", "tbd", "insert", "enter", "here", "example", "none", "null", "na");

    private static readonly Regex CredentialFormat = new(
        @"\bA(?:KIA|SIA)[0-9A-Z]{16}\b"
        + @"|\bgh[pousr]_[A-Za-z0-9]{36}\b|\bgithub_pat_[A-Za-z0-9_]{22,}"
        + @"|\bglpat-[A-Za-z0-9_\-]{20,}"
        + @"|\bxox[abposr]-[A-Za-z0-9\-]{10,}"
        + @"|\b[sr]k_live_[A-Za-z0-9]{20,}"
        + @"|\bAIza[0-9A-Za-z_\-]{35}"
        + @"|\b(?:AccountKey|SharedAccessKey)\s*=\s*[A-Za-z0-9+/]{20,}"
        + @"|-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----"
        + @"|\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{16,}",
        RegexOptions.CultureInvariant);

    /// <summary><c>scheme://user:password@host</c>.</summary>
    private static readonly Regex UriPassword = new(@"^[A-Za-z][A-Za-z0-9+.\-]*://[^/:@\s]*:(?<password>[^@/\s]+)@", RegexOptions.CultureInvariant);

    /// <summary>The key names a secret, judged by its last word and, for a bare <c>Key</c>, by its section (<c>Jwt:Key</c>).</summary>
    public static bool IsSecretName(string name, string? parentName)
    {
        var words = IdentifierWords.Split(name);
        if (words.IsEmpty)
        {
            return false;
        }

        var last = words[words.Length - 1];

        // Passwords, ApiKeys: an array of secrets.
        var singular = last.Length > 1 && last[last.Length - 1] == 's' ? last.Substring(0, last.Length - 1) : last;
        if (SecretNouns.Contains(last) || SecretNouns.Contains(singular))
        {
            return true;
        }

        if (singular != "key")
        {
            return false;
        }

        var qualifier = words.Length > 1 ? words[words.Length - 2] : IdentifierWords.Last(parentName);
        return qualifier is not null && KeyQualifiers.Contains(qualifier);
    }

    /// <summary>The value matches a well-known credential format (cloud keys, GitHub/GitLab/Slack/Stripe/Google tokens, PEM keys, signed JWTs).</summary>
    public static bool HasCredentialFormat(string value) =>
        CredentialFormat.IsMatch(value) && value.IndexOf("devstoreaccount1", StringComparison.OrdinalIgnoreCase) < 0;

    /// <summary>A connection string (<c>Password=</c>/<c>Pwd=</c>) or URI (<c>user:password@</c>) carrying a real password.</summary>
    public static bool HasConnectionPassword(string value)
    {
        if (UriPassword.Match(value) is { Success: true } uri && !IsPlaceholder(Uri.UnescapeDataString(uri.Groups["password"].Value)))
        {
            return true;
        }

        foreach (var part in value.Split(';'))
        {
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var key = part.Substring(0, equals).Trim();
            if ((key.Equals("password", StringComparison.OrdinalIgnoreCase) || key.Equals("pwd", StringComparison.OrdinalIgnoreCase))
                && !IsPlaceholder(part.Substring(equals + 1).Trim().Trim('\'', '"')))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Empty, or obviously not a real value: <c>&lt;from-vault&gt;</c>, <c>${DB_PASSWORD}</c>, <c>{{secret}}</c>,
    /// <c>%SECRET%</c>, <c>#{Secret}#</c>, <c>__Secret__</c>, <c>xxx</c>, <c>***</c>, <c>YOUR_API_KEY</c>, a Key Vault reference.
    /// A real-looking default (<c>changeme</c>, <c>admin123</c>) is not a placeholder.
    /// </summary>
    public static bool IsPlaceholder(string value)
    {
        var text = value.Trim();
        if (text.Length == 0
            || Wrapped(text, "<", ">")
            || Wrapped(text, "${", "}")
            || Wrapped(text, "$(", ")")
            || Wrapped(text, "{{", "}}")
            || Wrapped(text, "#{", "}#")
            || Wrapped(text, "__", "__")
            || text.Length > 2 && Wrapped(text, "%", "%")
            || text.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var filler = true;
        var plainWords = true;
        foreach (var c in text)
        {
            filler &= c is 'x' or 'X' or '*' or '.' or '-' or '#' or '?' or '_';
            plainWords &= char.IsLetterOrDigit(c) || c is '_' or '-' or '.' or ' ';
        }

        return filler || plainWords && IdentifierWords.ContainsAny(IdentifierWords.Split(text), PlaceholderWords);
    }

    private static bool Wrapped(string text, string open, string close) =>
        text.Length >= open.Length + close.Length
        && text.StartsWith(open, StringComparison.Ordinal)
        && text.EndsWith(close, StringComparison.Ordinal);

    private static HashSet<string> Words(params string[] words) => new(words, StringComparer.Ordinal);
}
