using Microsoft.CodeAnalysis.Text;

namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>A string value of a JSON configuration file: its configuration path, its text and where it is written.</summary>
internal readonly struct JsonStringValue
{
    public JsonStringValue(string path, string name, string? parentName, string value, TextSpan span)
    {
        Path = path;
        Name = name;
        ParentName = parentName;
        Value = value;
        Span = span;
    }

    /// <summary>The configuration key, as ASP.NET Core builds it: <c>Crm:ClientSecret</c>, <c>Cors:Origins:0</c>.</summary>
    public string Path { get; }

    /// <summary>The last property name on the path (for an array item, the array's name).</summary>
    public string Name { get; }

    /// <summary>The property name before <see cref="Name"/> (<c>Jwt</c> for <c>Jwt:Key</c>), if any.</summary>
    public string? ParentName { get; }

    /// <summary>The unescaped text.</summary>
    public string Value { get; }

    /// <summary>The string token in the file, quotes included.</summary>
    public TextSpan Span { get; }
}
