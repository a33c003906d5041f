using System.Collections.Immutable;

namespace SecureApi.Analyzers.Rules.Logging;

/// <summary>A named hole of a message template: <c>{Password}</c>, <c>{@Request}</c> (destructured), <c>{Amount:C}</c>.</summary>
internal readonly struct LogPlaceholder
{
    public LogPlaceholder(string name, bool destructured)
    {
        Name = name;
        Destructured = destructured;
    }

    public string Name { get; }

    /// <summary><c>{@Request}</c>: structured-logging providers (Serilog, NLog) write every member of the object.</summary>
    public bool Destructured { get; }
}

/// <summary>
/// The placeholders of a Microsoft.Extensions.Logging message template, in order: the i-th one names the i-th
/// argument (<c>LogInformation("Login {User} with {Password}", user, password)</c>). <c>{{</c> and <c>}}</c> are text.
/// </summary>
internal static class LogTemplates
{
    public static ImmutableArray<LogPlaceholder> Placeholders(string? template)
    {
        if (string.IsNullOrEmpty(template))
        {
            return ImmutableArray<LogPlaceholder>.Empty;
        }

        var placeholders = ImmutableArray.CreateBuilder<LogPlaceholder>();
        var text = template!;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '{')
            {
                continue;
            }

            if (i + 1 < text.Length && text[i + 1] == '{')
            {
                i++;
                continue;
            }

            var end = text.IndexOf('}', i + 1);
            if (end < 0)
            {
                break;
            }

            var hole = text.Substring(i + 1, end - i - 1);
            var cut = hole.IndexOfAny(new[] { ',', ':' });
            var name = (cut >= 0 ? hole.Substring(0, cut) : hole).Trim();
            var destructured = name.Length > 0 && name[0] == '@';
            if (name.Length > 0 && name[0] is '@' or '$')
            {
                name = name.Substring(1);
            }

            placeholders.Add(new LogPlaceholder(name, destructured));
            i = end;
        }

        return placeholders.ToImmutable();
    }

    /// <summary>The placeholder of the template named <paramref name="name"/> (the generator matches them ignoring case).</summary>
    public static LogPlaceholder? Named(ImmutableArray<LogPlaceholder> placeholders, string name)
    {
        foreach (var placeholder in placeholders)
        {
            if (string.Equals(placeholder.Name, name, System.StringComparison.OrdinalIgnoreCase))
            {
                return placeholder;
            }
        }

        return null;
    }
}
