using System;
using System.Collections.Generic;
using System.Linq;
using SecureApi.Analyzers.Core.Naming;
using SecureApi.Analyzers.Rules.Secrets;

namespace SecureApi.CodeFixes.Rules.Secrets;

/// <summary>
/// The configuration key and environment variable a secret is read from: the key the code already names, else
/// <c>Section:Name</c> with the section from the class (<c>PaymentGatewayClient</c> → <c>PaymentGateway</c>; top-level
/// statements and <c>Program</c> → <c>Secrets</c>) and the name from the member in PascalCase; the variable is the
/// same words in upper snake case (<c>PAYMENT_GATEWAY_API_KEY</c>), configuration sections joined by <c>__</c> as the
/// environment configuration provider reads them.
/// </summary>
internal static class SecretReplacementNames
{
    private const string DefaultSection = "Secrets";
    private const string ConnectionStringsSection = "ConnectionStrings";
    private const string DefaultConnectionName = "DefaultConnection";

    private static readonly HashSet<string> GenericConnectionNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Value", "Text", "Password", "Pwd", "Secret", "Connection", "Conn", "Url", "Uri", "Dsn", "Server", "Address",
    };

    private static readonly string[] TypeSuffixes =
    {
        "Options", "Settings", "Configuration", "Config", "Service", "Client", "Controller", "Provider", "Factory",
    };

    public static string ConfigurationKey(string? configurationKey, string? typeName, string? secretName)
    {
        if (!string.IsNullOrWhiteSpace(configurationKey))
        {
            return configurationKey!;
        }

        var section = Section(typeName);
        var name = Pascal(IdentifierWords.Split(StripPrefix(secretName)));
        if (name.Length == 0)
        {
            name = "Secret";
        }

        // JwtOptions.JwtKey is "Jwt:Key", not "Jwt:JwtKey".
        if (name.Length > section.Length && name.StartsWith(section, StringComparison.Ordinal) && char.IsUpper(name[section.Length]))
        {
            name = name.Substring(section.Length);
        }

        return section + ":" + name;
    }

    /// <summary>
    /// The name to pass to <c>GetConnectionString</c> when the secret is a connection string (a value with a password,
    /// a member named <c>*ConnectionString</c>, a <c>ConnectionStrings:Name</c> key), else null. The name is the key's
    /// last segment, else the member without its <c>ConnectionString</c> suffix (<c>ArchiveConnectionString</c> →
    /// <c>Archive</c>; <c>DefaultConnection</c> stays), else the class as <see cref="ConfigurationKey"/> names its section,
    /// else <c>DefaultConnection</c> (the templates' name) for top-level statements and <c>Program</c>. A key the code
    /// names outside <c>ConnectionStrings</c> is kept as it is (null).
    /// </summary>
    public static string? ConnectionStringName(string? configurationKey, string? typeName, string? secretName, string? value)
    {
        if (!string.IsNullOrWhiteSpace(configurationKey))
        {
            return configurationKey!.StartsWith(ConnectionStringsSection + ":", StringComparison.OrdinalIgnoreCase)
                   && configurationKey.Length > ConnectionStringsSection.Length + 1
                   && configurationKey.IndexOf(':', ConnectionStringsSection.Length + 1) < 0
                ? configurationKey.Substring(ConnectionStringsSection.Length + 1)
                : null;
        }

        var words = IdentifierWords.Split(StripPrefix(secretName));
        var at = ConnectionStringWordsAt(words);
        var named = at >= 0;
        if (!named && !ConnectionStrings.HasPassword(value))
        {
            return null;
        }

        var name = Pascal(named ? words.Take(at) : words);
        if (name.Length > 0 && (named || !IsGenericName(name)))
        {
            return name;
        }

        var section = Section(typeName);
        return section == DefaultSection ? DefaultConnectionName : section;
    }

    /// <summary>
    /// <c>Jwt:SigningKey</c> → <c>JWT_SIGNING_KEY</c> for a derived key (one section, one name); a key the code named
    /// keeps <c>__</c> between its sections (<c>Payments:Stripe:ApiKey</c> → <c>PAYMENTS__STRIPE__API_KEY</c>).
    /// </summary>
    public static string EnvironmentVariable(string configurationKey, bool derived) =>
        string.Join(derived ? "_" : "__", configurationKey.Split(new[] { ':' }, StringSplitOptions.RemoveEmptyEntries).Select(UpperSnake));

    /// <summary>Digits stay with the word before them: <c>V1UploadKey</c> → <c>V1_UPLOAD_KEY</c>.</summary>
    private static string UpperSnake(string segment)
    {
        var text = new System.Text.StringBuilder();
        foreach (var word in IdentifierWords.Split(segment))
        {
            if (text.Length > 0 && !char.IsDigit(word[0]))
            {
                text.Append('_');
            }

            text.Append(word.ToUpperInvariant());
        }

        return text.ToString();
    }

    private static string Section(string? typeName)
    {
        if (string.IsNullOrEmpty(typeName) || typeName == "Program")
        {
            return DefaultSection;
        }

        var section = typeName!;
        for (var stripped = true; stripped;)
        {
            stripped = false;
            foreach (var suffix in TypeSuffixes)
            {
                if (section.Length > suffix.Length && section.EndsWith(suffix, StringComparison.Ordinal))
                {
                    section = section.Substring(0, section.Length - suffix.Length);
                    stripped = true;
                }
            }
        }

        var pascal = Pascal(IdentifierWords.Split(section));
        return pascal.Length == 0 ? DefaultSection : pascal;
    }

    /// <summary>Where "connection string" (or "conn str") starts among the words, when they end the name; else -1.</summary>
    private static int ConnectionStringWordsAt(IReadOnlyList<string> words)
    {
        var n = words.Count;
        if (n >= 2
            && (words[n - 2].Equals("connection", StringComparison.OrdinalIgnoreCase) || words[n - 2].Equals("conn", StringComparison.OrdinalIgnoreCase))
            && (words[n - 1].Equals("string", StringComparison.OrdinalIgnoreCase) || words[n - 1].Equals("str", StringComparison.OrdinalIgnoreCase)))
        {
            return n - 2;
        }

        return -1;
    }

    /// <summary>A parameter or member name that says what the value is, not which connection it is.</summary>
    private static bool IsGenericName(string name) =>
        GenericConnectionNames.Contains(name);

    private static string? StripPrefix(string? name) =>
        name is not null && (name.StartsWith("s_", StringComparison.Ordinal) || name.StartsWith("m_", StringComparison.Ordinal)) ? name.Substring(2) : name;

    private static string Pascal(IEnumerable<string> words) =>
        string.Concat(words.Where(w => w.Length > 0).Select(w => char.ToUpperInvariant(w[0]) + w.Substring(1)));
}
