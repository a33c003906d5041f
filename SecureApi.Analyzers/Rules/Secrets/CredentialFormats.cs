using System;
using System.Text;
using System.Text.RegularExpressions;

namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>
/// Credentials recognisable by their shape alone, wherever they are written (SAPI7001, SAPI7003): cloud access keys,
/// GitHub/GitLab/Slack/Stripe tokens, Google API keys, Azure storage and shared access keys, PEM private keys and
/// signed JWTs (the public Azurite development key excepted, <see cref="PublicCredentials"/>). Each
/// format has a cheap prefix test before its pattern runs, so ordinary strings cost an <c>IndexOf</c> or two.
/// </summary>
internal static class CredentialFormats
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);

    private static readonly Format[] Formats =
    {
        new("AKIA", "An AWS access key id", @"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"),
        new("ASIA", "An AWS access key id", @"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"),
        new("gh", "A GitHub token", @"\bgh[pousr]_[A-Za-z0-9]{36}\b"),
        new("github_pat_", "A GitHub token", @"\bgithub_pat_[A-Za-z0-9_]{22,}"),
        new("glpat-", "A GitLab token", @"\bglpat-[A-Za-z0-9_\-]{20,}"),
        new("xox", "A Slack token", @"\bxox[abposr]-[A-Za-z0-9\-]{10,}"),
        new("_live_", "A Stripe live key", @"\b(?:sk|rk)_live_[A-Za-z0-9]{16,}"),
        new("AIza", "A Google API key", @"\bAIza[0-9A-Za-z_\-]{35}"),
        new("AccountKey", "An Azure storage account key", @"AccountKey\s*=\s*[A-Za-z0-9+/]{20,}={0,2}"),
        new("SharedAccessKey", "An Azure shared access key", @"\bSharedAccessKey\s*=\s*[A-Za-z0-9+/]{20,}={0,2}"),
        new("PRIVATE KEY-----", "A private key", @"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----"),
    };

    private static readonly Regex Jwt = new(
        @"\beyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{16,}",
        RegexOptions.CultureInvariant,
        Timeout);

    /// <summary>What the value holds ("A GitHub token", "A signed JWT", ...), or null when no format matches.</summary>
    public static string? Match(string? value)
    {
        if (value is null || value.Length < 20 || PublicCredentials.IsPublic(value))
        {
            return null;
        }

        foreach (var format in Formats)
        {
            if (value.IndexOf(format.Anchor, StringComparison.Ordinal) >= 0 && format.Matches(value))
            {
                return format.Description;
            }
        }

        return value.IndexOf("eyJ", StringComparison.Ordinal) >= 0 && IsSignedJwt(value) ? "A signed JWT" : null;
    }

    /// <summary>Three base64url parts whose header is JSON with an <c>alg</c> other than <c>none</c>.</summary>
    private static bool IsSignedJwt(string value)
    {
        try
        {
            for (var match = Jwt.Match(value); match.Success; match = match.NextMatch())
            {
                var header = Decode(match.Value.Substring(0, match.Value.IndexOf('.')));
                if (header is not null && header.TrimStart().StartsWith("{", StringComparison.Ordinal)
                    && header.IndexOf("\"alg\"", StringComparison.Ordinal) >= 0
                    && header.IndexOf("\"none\"", StringComparison.OrdinalIgnoreCase) < 0)
                {
                    return true;
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
        }

        return false;
    }

    private static string? Decode(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        text = text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private sealed class Format
    {
        private readonly Regex _pattern;

        public Format(string anchor, string description, string pattern)
        {
            Anchor = anchor;
            Description = description;
            _pattern = new Regex(pattern, RegexOptions.CultureInvariant, Timeout);
        }

        public string Anchor { get; }

        public string Description { get; }

        public bool Matches(string value)
        {
            try
            {
                var match = _pattern.Match(value);
                return match.Success && !Placeholders.IsPlaceholder(match.Value);
            }
            catch (RegexMatchTimeoutException)
            {
                return false;
            }
        }
    }
}
