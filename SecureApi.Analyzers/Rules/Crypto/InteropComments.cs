using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>
/// "The bank requires 3DES", "legacy partner format", "kept for interop/compat": a comment near a crypto call saying
/// that another system needs the algorithm. The behaviour-changing crypto fixes are not offered there. Near means on
/// the lines of the statement (or member) holding the call, on the line above it, and on the comment lines right
/// above those.
/// </summary>
internal static class InteropComments
{
    private const int MaxCommentLinesAbove = 8;

    private static readonly string[] Words = { "require", "partner", "legacy", "interop", "compat" };

    public static bool Near(SyntaxNode node)
    {
        var tree = node.SyntaxTree;
        var text = tree.GetText();
        var root = tree.GetRoot();

        // The lines of the call and the line above it; and the first line of its statement and the line above that.
        var lines = text.Lines;
        var start = lines.GetLineFromPosition(node.SpanStart).LineNumber;
        var end = lines.GetLineFromPosition(node.Span.End).LineNumber;
        var holder = lines.GetLineFromPosition(Holder(node).SpanStart).LineNumber;
        return Says(root, lines, start, end) || (holder < start && Says(root, lines, holder, holder));
    }

    private static bool Says(SyntaxNode root, TextLineCollection lines, int first, int last)
    {
        var top = first;
        if (top > 0)
        {
            // The line above, whatever it is, then any comment lines above it.
            top--;
            for (var line = top - 1; line >= 0 && first - line <= MaxCommentLinesAbove && IsCommentLine(lines[line]); line--)
            {
                top = line;
            }
        }

        var span = TextSpan.FromBounds(lines[top].Start, lines[last].End);
        foreach (var trivia in root.DescendantTrivia(span, descendIntoTrivia: false))
        {
            if ((trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia)
                 || trivia.IsKind(SyntaxKind.SingleLineDocumentationCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineDocumentationCommentTrivia))
                && span.IntersectsWith(trivia.Span) && SaysInterop(trivia.ToFullString()))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SaysInterop(string comment)
    {
        foreach (var word in Words)
        {
            if (comment.IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The statement, member or top-level statement the call is in: its first line is where a comment about it goes.</summary>
    private static SyntaxNode Holder(SyntaxNode node)
    {
        foreach (var ancestor in node.AncestorsAndSelf())
        {
            if (ancestor is StatementSyntax or MemberDeclarationSyntax)
            {
                return ancestor;
            }
        }

        return node;
    }

    private static bool IsCommentLine(TextLine line)
    {
        var content = line.ToString().TrimStart();
        return content.StartsWith("//", StringComparison.Ordinal) || content.StartsWith("/*", StringComparison.Ordinal)
               || content.StartsWith("*", StringComparison.Ordinal);
    }
}
