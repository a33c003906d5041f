using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SecureApi.Analyzers.Core.AppFacts;

namespace SecureApi.Analyzers.Core.Strings;

/// <summary>
/// Where a name is used, for the constant folder: every simple name of a tree indexed by its spelling, built in one
/// pass the first time the tree is asked about and cached per tree object (an edit in the IDE rebuilds only the edited
/// tree's index). Trees that cannot mention the name are skipped by <see cref="TreeIdentifiers"/> without being parsed
/// further. So asking about many fields or methods costs one pass per tree, not one per question.
/// </summary>
internal static class NameSites
{
    private static readonly ConditionalWeakTable<SyntaxTree, Dictionary<string, List<SimpleNameSyntax>>> Index = new();

    /// <summary>The simple names spelled <paramref name="name"/> in <paramref name="tree"/>, optionally only inside <paramref name="within"/>.</summary>
    public static IEnumerable<SimpleNameSyntax> In(SyntaxTree tree, string name, TextSpan? within, CancellationToken cancellationToken)
    {
        if (!TreeIdentifiers.Contains(tree, name, cancellationToken))
        {
            yield break;
        }

        if (!Index.TryGetValue(tree, out var names))
        {
            var built = Build(tree, cancellationToken);
            names = Index.GetValue(tree, _ => built);
        }

        if (!names.TryGetValue(name, out var sites))
        {
            yield break;
        }

        foreach (var site in sites)
        {
            if (within is not { } span || span.Contains(site.Span))
            {
                yield return site;
            }
        }
    }

    /// <summary>How a name is used: read, written with a value, written in an unknown way, or an element of it written.</summary>
    public static (Use Use, ExpressionSyntax? Value) UseOf(SimpleNameSyntax name)
    {
        // The whole target: x, this.x, Type.x, obj.x, a?.x.
        SyntaxNode target = name;
        while (target.Parent is MemberAccessExpressionSyntax access && access.Name == target
               || target.Parent is MemberBindingExpressionSyntax
               || target.Parent is ConditionalAccessExpressionSyntax conditional && conditional.WhenNotNull == target)
        {
            target = target.Parent;
        }

        var kind = Use.Write;
        if (target.Parent is ElementAccessExpressionSyntax element && element.Expression == target)
        {
            target = element;
            kind = Use.ElementWrite;
        }

        while (target.Parent is ParenthesizedExpressionSyntax)
        {
            target = target.Parent;
        }

        switch (target.Parent)
        {
            case AssignmentExpressionSyntax assignment when assignment.Left == target:
                return (kind, assignment.Right);
            case ArgumentSyntax argument when !argument.RefKindKeyword.IsKind(SyntaxKind.None) && !argument.RefKindKeyword.IsKind(SyntaxKind.InKeyword):
            case ArgumentSyntax { Parent: TupleExpressionSyntax } when IsDeconstructionTarget(target):
            case RefExpressionSyntax:
            case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression }:
            case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression }:
                return (Use.UnknownWrite, null);
            default:
                return (Use.Read, null);
        }
    }

    private static bool IsDeconstructionTarget(SyntaxNode target)
    {
        for (var node = target.Parent; node is ArgumentSyntax or TupleExpressionSyntax; node = node.Parent)
        {
            if (node.Parent is AssignmentExpressionSyntax assignment && assignment.Left == node)
            {
                return true;
            }
        }

        return false;
    }

    private static Dictionary<string, List<SimpleNameSyntax>> Build(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var names = new Dictionary<string, List<SimpleNameSyntax>>(System.StringComparer.Ordinal);
        foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
        {
            if (node is SimpleNameSyntax name)
            {
                var text = name.Identifier.ValueText;
                if (!names.TryGetValue(text, out var list))
                {
                    names[text] = list = new List<SimpleNameSyntax>();
                }

                list.Add(name);
            }
        }

        return names;
    }

    public enum Use
    {
        Read,

        /// <summary>Assigned (<c>=</c>, <c>+=</c>, <c>??=</c>), with the assigned value.</summary>
        Write,

        /// <summary>An element of it is assigned (<c>x[i] = v</c>), with the assigned value.</summary>
        ElementWrite,

        /// <summary>Passed by <c>ref</c>/<c>out</c>, taken by <c>ref</c>, deconstructed into, incremented.</summary>
        UnknownWrite,
    }
}
