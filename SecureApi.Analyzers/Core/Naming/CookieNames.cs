using System;
using System.Collections.Generic;

namespace SecureApi.Analyzers.Core.Naming;

/// <summary>
/// Cookie names that say the cookie authenticates its bearer (SAPI8004): a session (<c>kiosk_session</c>,
/// <c>ASP.NET_SessionId</c>, <c>sid</c>), a sign-in (<c>.AspNetCore.Auth</c>, <c>remember_me</c>) or a credential
/// (<c>hd_refresh_token</c>, <c>access_token</c>, <c>jwt</c>, the <see cref="CredentialNames"/> vocabulary).
/// Anti-forgery cookies (<c>XSRF-TOKEN</c>) are not: script must read them.
/// </summary>
internal static class CookieNames
{
    /// <summary>Words of a cookie that keeps a browser signed in: SameSite=Lax keeps it on links from other sites.</summary>
    private static readonly HashSet<string> SessionWords = new(StringComparer.Ordinal)
    {
        "session", "sessionid", "sess", "sid", "auth", "authentication", "identity", "login", "signin", "remember", "rememberme", "sso",
    };

    /// <summary>Words of a credential cookie that need not be sent on cross-site navigation.</summary>
    private static readonly HashSet<string> TokenWords = new(StringComparer.Ordinal)
    {
        "token", "jwt", "bearer", "refresh", "credential", "credentials",
    };

    /// <summary>Anti-forgery cookies are meant to be read by script; a name with one of these words is not a session.</summary>
    private static readonly HashSet<string> AntiforgeryWords = new(StringComparer.Ordinal)
    {
        "xsrf", "csrf", "antiforgery",
    };

    /// <summary>Said about the session, not the session: <c>session_expiry</c>, <c>auth_hint</c>, <c>token_type</c>.</summary>
    private static readonly HashSet<string> MetadataWords = new(StringComparer.Ordinal)
    {
        "expiry", "expires", "expiration", "type", "hint", "name", "lang", "language", "culture", "theme", "consent", "provider", "return", "state",
    };

    /// <summary>Is the cookie named like a session, sign-in or token cookie?</summary>
    public static bool IsAuthenticationCookie(string? name) => Kind(name) is not null;

    /// <summary>Does the named cookie keep a browser signed in (it needs top-level navigation from other sites)?</summary>
    public static bool IsSessionCookie(string? name) => Kind(name) == Session;

    /// <summary>Is the cookie an anti-forgery token cookie, which script reads by design?</summary>
    public static bool IsAntiforgeryCookie(string? name)
    {
        foreach (var word in IdentifierWords.Split(name))
        {
            if (AntiforgeryWords.Contains(word))
            {
                return true;
            }
        }

        return false;
    }

    private const string Session = "session";
    private const string Token = "token";

    private static string? Kind(string? name)
    {
        var words = CredentialNames.Significant(name);
        if (words.IsEmpty || MetadataWords.Contains(words[words.Length - 1]) || IsAntiforgeryCookie(name))
        {
            return null;
        }

        foreach (var word in words)
        {
            if (SessionWords.Contains(word))
            {
                return Session;
            }
        }

        foreach (var word in words)
        {
            if (TokenWords.Contains(word))
            {
                return Token;
            }
        }

        return CredentialNames.IsSecretName(name) ? Token : null;
    }
}
