using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SecureApi.CodeFixes.Core;

namespace SecureApi.CodeFixes.Rules.Crypto;

/// <summary>
/// Whether an edit keeps the code compiling: the edit is applied to a copy of the document and the compiler errors of
/// the enclosing member (the whole file for top-level statements or when a using is added) are compared, by id, with
/// those before. <c>MD5 md5 = MD5.Create();</c> cannot become <c>SHA256.Create()</c>; half-typed code keeps the errors
/// it already had.
/// </summary>
internal static class WeakHashCompileCheck
{
    public static async Task<bool> KeepsCompilingAsync(Document document, SyntaxNode root, WeakHashEdit edit, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null)
        {
            return false;
        }

        var scope = (edit.RequiredNamespace is null ? Member(edit.Node) : null) ?? root;
        var annotation = new SyntaxAnnotation();
        var changedScope = scope.ReplaceNode(edit.Node, edit.Build(edit.Node)).WithAdditionalAnnotations(annotation);
        var changedRoot = scope == root ? changedScope : root.ReplaceNode(scope, changedScope);
        if (edit.RequiredNamespace is not null)
        {
            changedRoot = Imports.AddUsings(changedRoot, new[] { edit.RequiredNamespace });
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

    /// <summary>The member holding the node; null (the whole file) for top-level statements, whose locals every statement shares.</summary>
    private static SyntaxNode? Member(SyntaxNode node)
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
