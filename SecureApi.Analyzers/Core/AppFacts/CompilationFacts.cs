using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SecureApi.Analyzers.Core.AppFacts;

/// <summary>
/// Facts about the whole compilation that per-node actions need (a fallback policy, where JWT algorithms are
/// pinned, ...), computed lazily the first time a rule asks and then shared. No rule waits for a compilation-end
/// action, so findings still show live in the editor.
/// </summary>
internal static class CompilationFacts
{
    // One model per tree and compilation: a model caches what it has bound, and facts that ask about many names
    // (one per endpoint module, say) bind the same registration code again and again otherwise.
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, SemanticModel>> Models = new();

    /// <summary>
    /// The semantic models of the trees that mention <paramref name="identifier"/>: the only trees a fact about
    /// that identifier needs to bind.
    /// </summary>
    public static IEnumerable<SemanticModel> ModelsOfTreesMentioning(Compilation compilation, string identifier, CancellationToken cancellationToken)
    {
        foreach (var tree in compilation.SyntaxTrees)
        {
            if (TreeIdentifiers.Contains(tree, identifier, cancellationToken))
            {
                yield return SharedModel(compilation, tree);
            }
        }
    }

    /// <summary>Every simple name spelled <paramref name="identifier"/> in the compilation, with its tree's model.</summary>
    public static IEnumerable<(SemanticModel Model, SimpleNameSyntax Name)> NamesMentioning(Compilation compilation, string identifier, CancellationToken cancellationToken)
    {
        foreach (var model in ModelsOfTreesMentioning(compilation, identifier, cancellationToken))
        {
            foreach (var node in model.SyntaxTree.GetRoot(cancellationToken).DescendantNodes())
            {
                if (node is SimpleNameSyntax name && name.Identifier.ValueText == identifier)
                {
                    yield return (model, name);
                }
            }
        }
    }

    /// <summary>
    /// Does some invocation or assignment around an identifier named <paramref name="name"/> (the call or assignment
    /// the name is part of, through its arguments) satisfy <paramref name="test"/>? Binds only the trees that mention it.
    /// </summary>
    public static bool AnyOperationAround(Compilation compilation, string name, CancellationToken cancellationToken, Func<IOperation, bool> test)
    {
        foreach (var (model, identifier) in NamesMentioning(compilation, name, cancellationToken))
        {
            for (var node = identifier.Parent; node is ExpressionSyntax or ArgumentSyntax or ArgumentListSyntax or TypeArgumentListSyntax; node = node.Parent)
            {
                if (node is InvocationExpressionSyntax or AssignmentExpressionSyntax
                    && model.GetOperation(node, cancellationToken) is { } operation && test(operation))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A semantic model for another tree of the compilation, for facts that must bind code outside the node being
    /// analyzed (helper-method summaries); the site's own model when the tree is the same. Null when the tree is not
    /// part of the compilation: in a workspace (the IDE, secureapi scan) a project reference is a compilation reference,
    /// so a symbol of another project has source, but only its own compilation can bind it. Such code counts as
    /// metadata, as it does in a command-line build.
    /// </summary>
    public static SemanticModel? ModelOf(Compilation compilation, SyntaxTree tree, SemanticModel? site) =>
        site is not null && site.SyntaxTree == tree ? site
        : compilation.ContainsSyntaxTree(tree) ? SharedModel(compilation, tree)
        : null;

    private static SemanticModel SharedModel(Compilation compilation, SyntaxTree tree) =>
        Models.GetValue(compilation, static _ => new ConcurrentDictionary<SyntaxTree, SemanticModel>())
#pragma warning disable RS1030 // App-wide facts and helper summaries: one model per tree and compilation, only for the trees they need.
            .GetOrAdd(tree, t => compilation.GetSemanticModel(t));
#pragma warning restore RS1030

    /// <summary>
    /// A thread-safe lazily computed value, tolerant of cancellation (a cancelled computation is retried). One thread
    /// computes while the others wait: analyzers run concurrently, and a fact binds code, so computing it twice at
    /// the start of a build would double its cost.
    /// </summary>
    public sealed class LazyFact<T>
        where T : class
    {
        private readonly Func<CancellationToken, T> _compute;
        private readonly object _gate = new();
        private T? _value;

        public LazyFact(Func<CancellationToken, T> compute) => _compute = compute;

        public T Get(CancellationToken cancellationToken)
        {
            var value = Volatile.Read(ref _value);
            if (value is not null)
            {
                return value;
            }

            lock (_gate)
            {
                value = _value ?? _compute(cancellationToken);
                Volatile.Write(ref _value, value);
                return value;
            }
        }
    }
}
