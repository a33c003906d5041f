using System;

namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>
/// Connection strings that carry a password (SAPI7001, SAPI7003): a <c>Password=</c> or <c>Pwd=</c> pair with a real
/// value (<c>Server=db;User Id=app;Password=S3cret!;</c>), or a URL with one in its user info
/// (<c>amqp://app:S3cret!@mq:5672</c>). <c>Trusted_Connection</c>, <c>Integrated Security</c>, an empty password and
/// placeholders (<c>Password={0}</c>, <c>Pwd=&lt;from-vault&gt;</c>) carry none.
/// </summary>
internal static class ConnectionStrings
{
    public static bool HasPassword(string? value)
    {
        if (value is null || value.Length < 8)
        {
            return false;
        }

        return HasPasswordPair(value) || HasUrlPassword(value);
    }

    private static bool HasPasswordPair(string value)
    {
        if (value.IndexOf('=') < 0
            || value.IndexOf("password", StringComparison.OrdinalIgnoreCase) < 0 && value.IndexOf("pwd", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return false;
        }

        foreach (var pair in value.Split(';'))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                continue;
            }

            var key = pair.Substring(0, equals).Trim();
            if (key.Equals("password", StringComparison.OrdinalIgnoreCase) || key.Equals("pwd", StringComparison.OrdinalIgnoreCase))
            {
                var password = pair.Substring(equals + 1).Trim().Trim('\'', '"');
                return password.Length > 0 && !Placeholders.IsPlaceholder(password) && !IsFormatItem(password);
            }
        }

        return false;
    }

    /// <summary><c>scheme://user:password@host</c>.</summary>
    private static bool HasUrlPassword(string value)
    {
        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme <= 0)
        {
            return false;
        }

        var start = scheme + 3;
        var at = value.IndexOf('@', start);
        if (at < 0)
        {
            return false;
        }

        var userInfo = value.Substring(start, at - start);
        var colon = userInfo.IndexOf(':');
        if (colon <= 0 || userInfo.IndexOfAny(new[] { '/', ' ', '?', '#' }) >= 0)
        {
            return false;
        }

        var password = userInfo.Substring(colon + 1);
        return password.Length > 0 && !Placeholders.IsPlaceholder(password) && !IsFormatItem(password);
    }

    /// <summary><c>{0}</c>, <c>{password}</c>: filled in by string.Format or a template.</summary>
    private static bool IsFormatItem(string password) => password.IndexOf('{') >= 0 && password.IndexOf('}') > password.IndexOf('{');
}
