using System;
using Microsoft.CodeAnalysis;

namespace SecureApi.Analyzers.Core;

/// <summary>Source text quoted in a diagnostic message: on one line, and short enough to read in an error list.</summary>
internal static class DisplayText
{
    /// <summary>The node's text with its white space folded, cut to 60 characters.</summary>
    public static string Of(SyntaxNode node)
    {
        var text = string.Join(" ", node.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }
}
