using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace SecureApi.Analyzers.Core.Operations;

/// <summary>
/// Diagnostics stay on one line, the line where the call or creation is: a squiggle over a multi-line argument list
/// is hard to read, and line-based tools (reviews, SARIF viewers, the dev set) look at the first line only.
/// </summary>
internal static class SingleLineLocation
{
    /// <summary>The first candidate span, longest first, that fits on one line; else the last (shortest) one.</summary>
    public static Location FirstOnOneLine(SyntaxTree tree, params TextSpan[] candidates)
    {
        foreach (var span in candidates)
        {
            if (IsOneLine(tree, span))
            {
                return Location.Create(tree, span);
            }
        }

        return Location.Create(tree, candidates[candidates.Length - 1]);
    }

    public static bool IsOneLine(SyntaxTree tree, TextSpan span)
    {
        var lines = tree.GetLineSpan(span);
        return lines.StartLinePosition.Line == lines.EndLinePosition.Line;
    }
}
