using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace SecureApi.CodeFixes.Core;

/// <summary>
/// Whether an edit keeps the code compiling, for fixes whose result depends on the surrounding code (<c>MD5 md5 =
/// MD5.Create();</c> cannot become <c>SHA256.Create()</c>): the edit is applied to a copy of the document and the
/// compiler errors of the enclosing member (the whole file for top-level statements, whose locals every statement
/// shares, or when a using is added) are compared by id with those before. Half-typed code keeps the errors it had.
/// </summary>
internal static class CompileCheck
{
    public static Task<bool> KeepsCompilingAsync(
        Document document,
        SyntaxNode root,
        SyntaxNode node,
        SyntaxNode replacement,
        string? requiredNamespace,
        CancellationToken cancellationToken) =>
        KeepsCompilingAsync(document, root, node, replacement, requiredNamespace is null ? new string[0] : new[] { requiredNamespace }, cancellationToken);

    /// <param name="requiredNamespaces">Usings the edit adds when they are missing.</param>
    public static async Task<bool> KeepsCompilingAsync(
        Document document,
        SyntaxNode root,
        SyntaxNode node,
        SyntaxNode replacement,
        IReadOnlyCollection<string> requiredNamespaces,
        CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return false;
        }

        var scope = (requiredNamespaces.Count == 0 ? Member(node) : null) ?? root;
        var annotation = new SyntaxAnnotation();
        var changedScope = scope.ReplaceNode(node, replacement).WithAdditionalAnnotations(annotation);
        var changedRoot = scope == root ? changedScope : root.ReplaceNode(scope, changedScope);
        if (requiredNamespaces.Count > 0)
        {
            changedRoot = Imports.AddUsings(changedRoot, requiredNamespaces);
        }

        var changed = document.WithSyntaxRoot(changedRoot);
        var changedModel = await changed.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var newRoot = await changed.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var newScope = scope == root ? newRoot : newRoot?.GetAnnotatedNodes(annotation).FirstOrDefault();
        if (changedModel is null || newScope is null)
        {
            return false;
        }

        var before = Errors(model, scope.FullSpan, cancellationToken);
        foreach (var error in Errors(changedModel, newScope.FullSpan, cancellationToken))
        {
            if (!before.TryGetValue(error.Key, out var count) || error.Value > count)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The member holding the node; null (the whole file) for top-level statements.</summary>
    public static SyntaxNode? Member(SyntaxNode node)
    {
        foreach (var ancestor in node.AncestorsAndSelf())
        {
            switch (ancestor)
            {
                case GlobalStatementSyntax:
                    return null;
                case MemberDeclarationSyntax and not BaseTypeDeclarationSyntax and not BaseNamespaceDeclarationSyntax:
                    return ancestor;
            }
        }

        return null;
    }

    private static Dictionary<string, int> Errors(SemanticModel model, TextSpan span, CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>();
        foreach (var diagnostic in model.GetDiagnostics(span, cancellationToken))
        {
            if (diagnostic.Severity == DiagnosticSeverity.Error)
            {
                counts[diagnostic.Id] = counts.TryGetValue(diagnostic.Id, out var count) ? count + 1 : 1;
            }
        }

        return counts;
    }
}
