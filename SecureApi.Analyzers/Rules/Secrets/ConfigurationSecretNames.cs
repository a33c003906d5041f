using System;
using SecureApi.Analyzers.Core.Naming;

namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>
/// The name a JSON configuration value is judged by (<see cref="CredentialNames"/>), where JSON says more than the
/// property name: a bare <c>Key</c> is qualified by its section (<c>"Jwt": { "Key": ... }</c> is a JWT key,
/// <c>"Caching": { "Key": ... }</c> a lookup key), and an array item by the singular of the array's name
/// (<c>"ApiKeys": [ ... ]</c> holds API keys).
/// </summary>
internal static class ConfigurationSecretNames
{
    public static string NameOf(JsonStringValue value)
    {
        var name = IsArrayItem(value.Path) ? Singular(value.Name) : value.Name;
        return value.ParentName is { } parent && string.Equals(name, "Key", StringComparison.OrdinalIgnoreCase)
            ? parent + "Key"
            : name;
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
