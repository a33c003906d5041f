using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>
/// The uses of a method, property or field in the source of one compilation: calls, reads, method groups. Names are
/// found from syntax alone and kept per compilation and name (computed lazily, once, when a fix asks), then bound
/// only in trees of that compilation. Used by <see cref="CryptoOutputUses"/> to follow a returned value to callers.
/// </summary>
internal sealed class CryptoReferences
{
    private static readonly ConditionalWeakTable<Compilation, CryptoReferences> Cache = new();

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<string, ImmutableArray<(SyntaxTree Tree, TextSpan Span)>> _names = new(System.StringComparer.Ordinal);
    private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new();

    private CryptoReferences(Compilation compilation) => _compilation = compilation;

    public static CryptoReferences For(Compilation compilation) => Cache.GetValue(compilation, static c => new CryptoReferences(c));

    /// <summary>A semantic model for a tree of this compilation; null for any other tree.</summary>
    public SemanticModel? Model(SyntaxTree? tree)
    {
        if (tree is null || !_compilation.ContainsSyntaxTree(tree))
        {
            return null;
        }

#pragma warning disable RS1030 // Only when a fix is computed: one model per tree of this compilation, for the trees that name the member.
        return _models.GetOrAdd(tree, t => _compilation.GetSemanticModel(t));
#pragma warning restore RS1030
    }

    /// <summary>
    /// The operations that use <paramref name="symbol"/> (or a member it implements or overrides): the invocation for a
    /// call, the member reference otherwise (a property read, a method group).
    /// </summary>
    public IEnumerable<IOperation> Uses(ISymbol symbol, CancellationToken cancellationToken)
    {
        var targets = Targets(symbol);
        var names = new HashSet<string>(System.StringComparer.Ordinal);
        foreach (var target in targets)
        {
            names.Add(target.Name);
        }

        foreach (var name in names)
        {
            foreach (var (tree, span) in Names(name, cancellationToken))
            {
                if (Model(tree) is not { } model
                    || tree.GetRoot(cancellationToken).FindNode(span, getInnermostNodeForTie: true) is not SimpleNameSyntax simple
                    || !Matches(model.GetSymbolInfo(simple, cancellationToken), targets))
                {
                    continue;
                }
                SyntaxNode expression = simple.Parent is MemberAccessExpressionSyntax access && access.Name == simple ? access
                    : simple.Parent is MemberBindingExpressionSyntax binding && binding.Name == simple ? binding
                    : simple;
                var used = expression.Parent is InvocationExpressionSyntax invocation && invocation.Expression == expression ? invocation : expression;
                if (model.GetOperation(used, cancellationToken) is { } operation)
                {
                    yield return operation;
                }
            }
        }
    }

    /// <summary>Every simple name spelled <paramref name="name"/> in the compilation's trees.</summary>
    private ImmutableArray<(SyntaxTree Tree, TextSpan Span)> Names(string name, CancellationToken cancellationToken) =>
        _names.GetOrAdd(name, n =>
        {
            var found = ImmutableArray.CreateBuilder<(SyntaxTree, TextSpan)>();
            foreach (var tree in _compilation.SyntaxTrees)
            {
                foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
                {
                    if (node is SimpleNameSyntax simple && simple.Identifier.ValueText == n)
                    {
                        found.Add((tree, simple.Span));
                    }
                }
            }

            return found.ToImmutable();
        });

    /// <summary>The symbol and the interface members it implements and the members it overrides: calls through any of them reach it.</summary>
    private static List<ISymbol> Targets(ISymbol symbol)
    {
        var targets = new List<ISymbol> { symbol.OriginalDefinition };
        for (var overridden = Overridden(symbol); overridden is not null; overridden = Overridden(overridden))
        {
            targets.Add(overridden.OriginalDefinition);
        }

        if (symbol.ContainingType is { } type)
        {
            foreach (var contract in type.AllInterfaces)
            {
                foreach (var member in contract.GetMembers())
                {
                    if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), symbol))
                    {
                        targets.Add(member.OriginalDefinition);
                    }
                }
            }
        }

        return targets;
    }

    private static ISymbol? Overridden(ISymbol symbol) => symbol switch
    {
        IMethodSymbol method => method.OverriddenMethod,
        IPropertySymbol property => property.OverriddenProperty,
        _ => null,
    };

    /// <summary>The bound symbol, or a candidate (a method group given to a <c>Delegate</c> parameter binds as a candidate).</summary>
    private static bool Matches(SymbolInfo info, List<ISymbol> targets)
    {
        if (info.Symbol is { } symbol)
        {
            return Matches(symbol, targets);
        }

        foreach (var candidate in info.CandidateSymbols)
        {
            if (Matches(candidate, targets))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(ISymbol found, List<ISymbol> targets)
    {
        if (found is IMethodSymbol { ReducedFrom: { } reduced })
        {
            found = reduced;
        }

        foreach (var target in targets)
        {
            if (SymbolEqualityComparer.Default.Equals(found.OriginalDefinition, target))
            {
                return true;
            }
        }

        return false;
    }
}
