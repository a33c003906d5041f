using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace SecureApi.Analyzers.Core.Strings;

/// <summary>
/// Where a name is used, for the constant folder: every simple name of a tree indexed by its spelling (and, apart, the
/// names that are written), built in one pass the first time the tree is asked about and cached per tree object (an
/// edit in the IDE rebuilds only the edited tree's index). So asking about many fields or methods costs one pass per
/// tree, not one per question.
/// </summary>
internal static class NameSites
{
    private static readonly ConditionalWeakTable<SyntaxTree, TreeIndex> Index = new();

    /// <summary>The simple names spelled <paramref name="name"/> in <paramref name="tree"/> inside <paramref name="within"/>.</summary>
    public static IEnumerable<SimpleNameSyntax> In(SyntaxTree tree, string name, TextSpan within, CancellationToken cancellationToken)
    {
        if (IndexOf(tree, cancellationToken) is not { } index || !index.Names.TryGetValue(name, out var sites))
        {
            yield break;
        }

        // Sites are in document order: find the first one inside the span by binary search, so that asking about
        // one type's members in a large file costs the type's size, not the file's.
        int low = 0, high = sites.Count;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (sites[middle].SpanStart < within.Start)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        for (var i = low; i < sites.Count && sites[i].SpanStart < within.End; i++)
        {
            yield return sites[i];
        }
    }

    /// <summary>The simple names spelled <paramref name="name"/> in <paramref name="tree"/> that are written (assigned, passed by ref...).</summary>
    public static IReadOnlyList<SimpleNameSyntax> WritesIn(SyntaxTree tree, string name, CancellationToken cancellationToken) =>
        IndexOf(tree, cancellationToken) is { } index && index.Writes.TryGetValue(name, out var sites) ? sites : System.Array.Empty<SimpleNameSyntax>();

    private static TreeIndex? IndexOf(SyntaxTree tree, CancellationToken cancellationToken)
    {
        if (Index.TryGetValue(tree, out var index))
        {
            return index;
        }

        var built = Build(tree, cancellationToken);
        return Index.GetValue(tree, _ => built);
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

    private static TreeIndex Build(SyntaxTree tree, CancellationToken cancellationToken)
    {
        var index = new TreeIndex();
        static void Add(Dictionary<string, List<SimpleNameSyntax>> map, string text, SimpleNameSyntax name)
        {
            if (!map.TryGetValue(text, out var list))
            {
                map[text] = list = new List<SimpleNameSyntax>();
            }

            list.Add(name);
        }

        foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
        {
            if (node is SimpleNameSyntax name)
            {
                var text = name.Identifier.ValueText;
                Add(index.Names, text, name);
                if (UseOf(name).Use != Use.Read)
                {
                    Add(index.Writes, text, name);
                }
            }
        }

        return index;
    }

    private sealed class TreeIndex
    {
        public Dictionary<string, List<SimpleNameSyntax>> Names { get; } = new(System.StringComparer.Ordinal);

        public Dictionary<string, List<SimpleNameSyntax>> Writes { get; } = new(System.StringComparer.Ordinal);
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
