using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;

namespace SecureApi.CodeFixes.Core;

/// <summary>
/// The common shape of a fix that rewrites the node each diagnostic points at: find it again in the current
/// document (it may be gone after an earlier fix), rewrite each node once even when several diagnostics point at
/// it, and let one editor apply them all, so a single fix and Fix All share the code.
/// </summary>
internal static class NodeEdits
{
    public static async Task<Document> ReplaceEachAsync<TNode>(
        Document document,
        ImmutableArray<Diagnostic> diagnostics,
        Func<SyntaxNode, Diagnostic, TNode?> find,
        Func<TNode, Diagnostic, SyntaxNode> rewrite,
        CancellationToken cancellationToken)
        where TNode : SyntaxNode
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var handled = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (find(editor.OriginalRoot, diagnostic) is { } node && handled.Add(node))
            {
                editor.ReplaceNode(node, rewrite(node, diagnostic));
            }
        }

        return editor.GetChangedDocument();
    }

    /// <summary>The innermost node of <paramref name="root"/> at the diagnostic's span, when the diagnostic is in that tree.</summary>
    public static SyntaxNode? At(SyntaxNode root, Diagnostic diagnostic) =>
        diagnostic.Location.IsInSource && diagnostic.Location.SourceTree == root.SyntaxTree && root.FullSpan.Contains(diagnostic.Location.SourceSpan)
            ? root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)
            : null;
}
