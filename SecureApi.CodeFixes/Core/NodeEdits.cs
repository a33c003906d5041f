using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Editing;

namespace SecureApi.CodeFixes.Core;

/// <summary>
/// The common shape of a fix that edits the node each diagnostic points at: offer it only while that node is still
/// there, find it again in the document being fixed (it may be gone after an earlier fix), edit each node once even
/// when several diagnostics point at it, and let one editor apply them all, so a single fix and Fix All share the code.
/// </summary>
internal static class NodeEdits
{
    /// <summary>Registers the action <paramref name="create"/> makes for each diagnostic whose node <paramref name="find"/> still finds.</summary>
    public static Task RegisterEachAsync<TNode>(
        CodeFixContext context,
        Func<SyntaxNode, Diagnostic, TNode?> find,
        Func<Diagnostic, CodeAction?> create)
        where TNode : SyntaxNode =>
        RegisterEachAsync(context, (root, diagnostic) => find(root, diagnostic) is not null ? create(diagnostic) : null);

    /// <summary>As below, for fixes that read the semantic model to decide what they can do.</summary>
    public static async Task RegisterEachAsync(CodeFixContext context, Func<SyntaxNode, SemanticModel, Diagnostic, CodeAction?> create)
    {
        if (await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false) is not { } model)
        {
            return;
        }

        await RegisterEachAsync(context, (root, diagnostic) => create(root, model, diagnostic)).ConfigureAwait(false);
    }

    /// <summary>Registers the action <paramref name="create"/> makes from the document's root for each diagnostic (none when it gives null).</summary>
    public static async Task RegisterEachAsync(CodeFixContext context, Func<SyntaxNode, Diagnostic, CodeAction?> create)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (create(root, diagnostic) is { } action)
            {
                context.RegisterCodeFix(action, diagnostic);
            }
        }
    }

    public static Task<Document> ReplaceEachAsync<TNode>(
        Document document,
        ImmutableArray<Diagnostic> diagnostics,
        Func<SyntaxNode, Diagnostic, TNode?> find,
        Func<TNode, Diagnostic, SyntaxNode> rewrite,
        CancellationToken cancellationToken)
        where TNode : SyntaxNode =>
        EditEachAsync(document, diagnostics, find, (editor, node, diagnostic) => editor.ReplaceNode(node, rewrite(node, diagnostic)), cancellationToken);

    public static async Task<Document> EditEachAsync<TNode>(
        Document document,
        ImmutableArray<Diagnostic> diagnostics,
        Func<SyntaxNode, Diagnostic, TNode?> find,
        Action<DocumentEditor, TNode, Diagnostic> edit,
        CancellationToken cancellationToken)
        where TNode : SyntaxNode
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var handled = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (find(editor.OriginalRoot, diagnostic) is { } node && handled.Add(node))
            {
                edit(editor, node, diagnostic);
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
