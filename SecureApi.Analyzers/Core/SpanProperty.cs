using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SecureApi.Analyzers.Core;

/// <summary>
/// A source span carried in <see cref="Diagnostic.Properties"/> ("start,length"), for a code fix that needs a node
/// other than the diagnostic's location (the SQL argument of a call, the amount of a lifetime).
/// </summary>
public static class SpanProperty
{
    public static string Encode(TextSpan span) =>
        span.Start.ToString(CultureInfo.InvariantCulture) + "," + span.Length.ToString(CultureInfo.InvariantCulture);

    /// <summary>The span stored under <paramref name="key"/>, when it is valid within <paramref name="root"/>.</summary>
    public static TextSpan? Decode(Diagnostic diagnostic, string key, SyntaxNode root)
    {
        var parts = diagnostic.Properties.TryGetValue(key, out var text) ? text?.Split(',') : null;
        return parts is { Length: 2 }
               && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start)
               && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var length)
               && start >= 0 && length > 0 && start + length <= root.FullSpan.End
            ? new TextSpan(start, length)
            : null;
    }
}
