using System;
using System.Collections.Generic;
using SecureApi.Analyzers.Core.Naming;

namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>
/// Values that stand for a secret without being one (SAPI7001, SAPI7003): <c>&lt;your-key&gt;</c>, <c>YOUR_API_KEY</c>,
/// <c>xxx</c>, <c>${JWT_KEY}</c>, <c>REPLACE_ME</c>; and values that name where a secret lives (<c>Jwt:Key</c>,
/// <c>ARCHIVE_SECRET_ACCESS_KEY</c>, <c>X-Gateway-Key</c>). A single credential or placeholder word in capitals
/// (<c>SECRET</c>, <c>TOKEN</c>, <c>CHANGEME</c>) is a placeholder too. A real-looking default (<c>changeme</c>,
/// <c>admin123</c>) is not a placeholder: it is what ships when nobody changes it.
/// </summary>
internal static class Placeholders
{
    /// <summary>Words that mark a placeholder wherever they appear in the value (<c>your-key-here</c>, <c>TODO</c>).</summary>
    private static readonly HashSet<string> MarkerWords = new(StringComparer.Ordinal)
    {
        "your", "todo", "fixme", "tbd", "replace", "replaceme", "placeholder", "example", "redacted", "insert", "here",
        "xxx", "xxxx", "dummy", "sample", "undefined", "null", "none", "notset", "unset", "enter",
    };

    /// <summary>
    /// Words that mark a placeholder only when written in capitals as the whole value (<c>CHANGEME</c>); in lower case
    /// they are a real-looking default that ships (<c>changeme</c>).
    /// </summary>
    private static readonly HashSet<string> CapitalMarkerWords = new(StringComparer.Ordinal)
    {
        "changeme", "changeit", "setme", "fillme",
    };

    /// <summary>Wrappers of template or variable syntax: <c>&lt;...&gt;</c>, <c>${...}</c>, <c>{{...}}</c>, <c>%...%</c>, <c>$(...)</c>, <c>#{...}</c>, <c>#{...}#</c> (Octopus), <c>__...__</c>.</summary>
    private static readonly (string Open, string Close)[] Wrappers =
    {
        ("<", ">"), ("${", "}"), ("{{", "}}"), ("{", "}"), ("%", "%"), ("$(", ")"), ("#{", "}"), ("#{", "}#"), ("__", "__"), ("[", "]"), ("@@", "@@"),
    };

    /// <summary>Is the value empty, blank, masked or a template placeholder?</summary>
    public static bool IsPlaceholder(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text) || text!.Length < 3 || IsOneRepeatedCharacter(text))
        {
            return true;
        }

        foreach (var (open, close) in Wrappers)
        {
            if (text.Length > open.Length + close.Length
                && text.StartsWith(open, StringComparison.Ordinal)
                && text.EndsWith(close, StringComparison.Ordinal))
            {
                return true;
            }
        }

        // Masked or elided runs: sk_live_xxxxxxxx, ****, ghp_...
        if (text.IndexOf("xxxx", StringComparison.OrdinalIgnoreCase) >= 0 || text.IndexOf("***", StringComparison.Ordinal) >= 0
            || text.IndexOf("...", StringComparison.Ordinal) >= 0 || text.IndexOf("${", StringComparison.Ordinal) >= 0
            || text.IndexOf("{{", StringComparison.Ordinal) >= 0)
        {
            return true;
        }

        foreach (var word in IdentifierWords.Split(text))
        {
            if (MarkerWords.Contains(word))
            {
                return true;
            }
        }

        return IsCapitalWord(text);
    }

    /// <summary>
    /// <c>SECRET</c>, <c>TOKEN</c>, <c>PASSWORD</c>, <c>CHANGEME</c>: one word in capitals that is itself a credential
    /// word or a placeholder word, the way templates mark a value to fill in. <c>ADMIN</c> and <c>Secret</c> are not.
    /// </summary>
    private static bool IsCapitalWord(string text)
    {
        foreach (var c in text)
        {
            if (c is not (>= 'A' and <= 'Z'))
            {
                return false;
            }
        }

        var word = text.ToLowerInvariant();
        return CapitalMarkerWords.Contains(word) || MarkerWords.Contains(word) || CredentialNames.IsSecretName(word);
    }

    /// <summary>
    /// Does the value name a secret rather than hold it? A configuration key (<c>Jwt:Key</c>, <c>Auth:SigningKey</c>:
    /// identifier segments joined by <c>:</c> or <c>__</c>), an environment-variable name of two words or more
    /// (<c>ARCHIVE_SECRET_ACCESS_KEY</c>), an HTTP header name (<c>X-Gateway-Key</c>) or an App Service Key Vault
    /// reference (<c>@Microsoft.KeyVault(SecretUri=...)</c>), which the platform resolves at startup.
    /// </summary>
    public static bool IsKeyReference(string? value)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        return IsConfigurationKey(text!) || IsVariableName(text!) || IsHeaderName(text!)
            || text!.StartsWith("@Microsoft.KeyVault(", StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsConfigurationKey(string text)
    {
        var segments = text.Split(':');
        if (segments.Length < 2)
        {
            return false;
        }

        foreach (var segment in segments)
        {
            if (!IsIdentifier(segment, allowDigitsFirst: true))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>UPPER_SNAKE letters (digits after the first letter): a variable name, not a password.</summary>
    private static bool IsVariableName(string text)
    {
        if (text.IndexOf('_') <= 0 || !char.IsUpper(text[0]))
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(c is >= 'A' and <= 'Z' || c is >= '0' and <= '9' || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsHeaderName(string text)
    {
        if (!text.StartsWith("X-", StringComparison.OrdinalIgnoreCase) || text.Length < 4)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsLetter(c) || c == '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsIdentifier(string segment, bool allowDigitsFirst)
    {
        if (segment.Length == 0 || !allowDigitsFirst && char.IsDigit(segment[0]))
        {
            return false;
        }

        var letters = 0;
        foreach (var c in segment)
        {
            if (char.IsLetter(c))
            {
                letters++;
            }
            else if (!(char.IsDigit(c) || c is '_' or '-' or '.'))
            {
                return false;
            }
        }

        return letters > 0;
    }

    private static bool IsOneRepeatedCharacter(string text)
    {
        foreach (var c in text)
        {
            if (c != text[0])
            {
                return false;
            }
        }

        return true;
    }
}
