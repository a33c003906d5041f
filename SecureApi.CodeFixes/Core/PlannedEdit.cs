using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace SecureApi.CodeFixes.Core;

/// <summary>
/// What a fix will do for one diagnostic, planned before it is offered (null when it cannot be done safely): its title,
/// the nodes it changes and the edit. <see cref="ApplyAllAsync"/> applies the plans of several diagnostics with one
/// editor, so a single fix and Fix All share the code; two plans that touch the same node are not both applied.
/// </summary>
internal sealed class PlannedEdit
{
    public delegate PlannedEdit? Planner(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken);

    public PlannedEdit(string title, SyntaxNode[] nodes, Action<DocumentEditor> apply, string? requiredNamespace = null)
    {
        Title = title;
        Nodes = nodes;
        Apply = apply;
        RequiredNamespace = requiredNamespace;
    }

    public string Title { get; }

    /// <summary>The nodes the edit changes.</summary>
    public SyntaxNode[] Nodes { get; }

    public Action<DocumentEditor> Apply { get; }

    /// <summary>A namespace the edited code needs (a using is added when it is not in scope).</summary>
    public string? RequiredNamespace { get; }

    public static async Task<Document> ApplyAllAsync(Document document, ImmutableArray<Diagnostic> diagnostics, Planner plan, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var touched = new HashSet<SyntaxNode>();
        var namespaces = new List<string>();
        foreach (var diagnostic in diagnostics)
        {
            if (plan(editor.OriginalRoot, editor.SemanticModel, diagnostic, cancellationToken) is not { } edit || !edit.Nodes.All(touched.Add))
            {
                continue;
            }

            edit.Apply(editor);
            if (edit.RequiredNamespace is { } required && !namespaces.Contains(required)
                && !Imports.IsInScope(editor.SemanticModel, edit.Nodes[0].SpanStart, required, cancellationToken))
            {
                namespaces.Add(required);
            }
        }

        var root = editor.GetChangedRoot();
        foreach (var required in namespaces)
        {
            if (root is CompilationUnitSyntax unit)
            {
                root = Imports.AddUsing(unit, required);
            }
        }

        return document.WithSyntaxRoot(root);
    }
}
