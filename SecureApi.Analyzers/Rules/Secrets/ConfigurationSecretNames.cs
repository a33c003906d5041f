using System;
using System.Collections.Generic;
using System.Text;
using SecureApi.Analyzers.Core.Naming;

namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>
/// The name a JSON configuration value is judged by (<see cref="CredentialNames"/>), where JSON says more than the
/// property name: a bare <c>Key</c> or <c>Secret</c> is qualified by its section (<c>"Jwt": { "Key": ... }</c> is a
/// JWT key, <c>"Caching": { "Key": ... }</c> a lookup key), without the word that only says the section holds settings
/// (<c>JwtSettings:Key</c> and <c>JwtOptions:Key</c> are JWT keys, <c>AuthOptions:Secret</c> a secret); an array item is
/// judged by the singular of the array's name (<c>"ApiKeys": [ ... ]</c> holds API keys).
/// </summary>
internal static class ConfigurationSecretNames
{
    /// <summary>Last words of a section name that say it holds settings, not what they are about (<c>JwtSettings</c>, <c>AuthOptions</c>).</summary>
    private static readonly HashSet<string> SettingsWords = new(StringComparer.Ordinal)
    {
        "settings", "setting", "options", "option", "configuration", "config", "conf", "cfg", "section",
    };

    public static string NameOf(JsonStringValue value)
    {
        var name = IsArrayItem(value.Path) ? Singular(value.Name) : value.Name;
        return value.ParentName is { } parent
               && (string.Equals(name, "Key", StringComparison.OrdinalIgnoreCase) || string.Equals(name, "Secret", StringComparison.OrdinalIgnoreCase))
            ? WithoutSettingsSuffix(parent) + name
            : name;
    }

    /// <summary><c>JwtSettings</c> and <c>jwt_options</c> are <c>jwt_</c>; <c>Settings</c> alone is nothing.</summary>
    private static string WithoutSettingsSuffix(string section)
    {
        var words = IdentifierWords.Split(section);
        if (words.IsEmpty || !SettingsWords.Contains(words[words.Length - 1]))
        {
            return section;
        }

        var builder = new StringBuilder();
        for (var i = 0; i < words.Length - 1; i++)
        {
            builder.Append(words[i]).Append('_');
        }

        return builder.ToString();
    }

    /// <summary><c>Integrations:ApiKeys:0</c>: the last segment of an array item's path is its index.</summary>
    private static bool IsArrayItem(string path)
    {
        var last = path.Length - 1;
        while (last >= 0 && char.IsDigit(path[last]))
        {
            last--;
        }

        return last < path.Length - 1 && (last < 0 || path[last] == ':');
    }

    /// <summary><c>ApiKeys</c> is <c>ApiKey</c>, <c>Passwords</c> is <c>Password</c>; <c>Credentials</c> is a credential name already.</summary>
    private static string Singular(string name) =>
        name.Length > 1 && name.EndsWith("s", StringComparison.Ordinal) && !name.EndsWith("ss", StringComparison.Ordinal)
            ? name.Substring(0, name.Length - 1)
            : name;
}
