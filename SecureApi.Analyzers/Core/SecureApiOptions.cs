using System.Collections.Immutable;
using System.Globalization;

namespace SecureApi.Analyzers.Core;

/// <summary>Every <c>secureapi.*</c> option, declared once with its default (documented in docs/configuration.md).</summary>
public static class SecureApiOptions
{
    public static readonly SecureApiOption<string> CorsOriginsConfigurationKey = new(
        "cors_origins_configuration_key",
        "Cors:AllowedOrigins",
        ParseConfigurationKey,
        "Configuration key from which the SAPI3001/SAPI3002 code fix reads the allowed CORS origins.");

    public static ImmutableArray<SecureApiOption> All { get; } = ImmutableArray.Create<SecureApiOption>(
        CorsOriginsConfigurationKey);

    public static bool ParseInt(string text, out int value) =>
        int.TryParse(text.Replace("_", string.Empty), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    public static bool ParseBool(string text, out bool value) => bool.TryParse(text, out value);

    private static bool ParseConfigurationKey(string text, out string value)
    {
        value = text;
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            // The key is written into a C# string literal by the code fix.
            if (c == '"' || c == '\\' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
