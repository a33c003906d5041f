using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.AppFacts;

namespace SecureApi.Analyzers.Core.Strings;

/// <summary>
/// Which string parameters of a method of this compilation reach a sink, directly or through other helpers
/// (<c>Task&lt;int&gt; Run(string sql) =&gt; _db.ExecuteAsync(sql);</c>). Computed the first time a call passes a
/// constructed string to the method, then cached for the compilation; recursion is cut by a depth limit and a
/// visited set.
/// </summary>
internal sealed class SinkSummaries
{
    private const int MaxDepth = 3;

    private readonly Compilation _compilation;
    private readonly KnownTypes _types;
    private readonly Func<IOperation, ImmutableArray<StringSink>> _sinkAt;
    private readonly ConcurrentDictionary<IMethodSymbol, Location?[]> _cache = new(SymbolEqualityComparer.Default);

    public SinkSummaries(Compilation compilation, KnownTypes types, Func<IOperation, ImmutableArray<StringSink>> sinkAt)
    {
        _compilation = compilation;
        _types = types;
        _sinkAt = sinkAt;
    }

    /// <summary>Does parameter <paramref name="ordinal"/> of <paramref name="method"/> reach a sink? Gives the sink's location.</summary>
    public bool TryGetSink(IMethodSymbol method, int ordinal, SemanticModel? site, CancellationToken cancellationToken, out Location location)
    {
        var summary = Get(method.OriginalDefinition, 0, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), site, cancellationToken);
        location = ordinal < summary.Length ? summary[ordinal]! : null!;
        return location is not null;
    }

    /// <summary>Methods whose body can be summarized: declared in this compilation's source, with a body.</summary>
    public static bool IsSummarizable(IMethodSymbol method, Compilation compilation) =>
        method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction or MethodKind.Constructor
        && method.IsDeclaredIn(compilation)
        && !method.IsAbstract && !method.IsExtern;

    private Location?[] Get(IMethodSymbol method, int depth, HashSet<IMethodSymbol> visiting, SemanticModel? site, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(method, out var known))
        {
            return known;
        }

        if (!visiting.Add(method))
        {
            // Recursion: contributes nothing on this path.
            return Array.Empty<Location?>();
        }

        var summary = Compute(method, depth, visiting, site, cancellationToken);
        visiting.Remove(method);
        return _cache.GetOrAdd(method, summary);
    }

    private Location?[] Compute(IMethodSymbol method, int depth, HashSet<IMethodSymbol> visiting, SemanticModel? site, CancellationToken cancellationToken)
    {
        var summary = new Location?[method.Parameters.Length];
        if (!method.Parameters.Any(p => p.Type.SpecialType == SpecialType.System_String)
            || method.DeclaringSyntaxReferences.FirstOrDefault() is not { } reference)
        {
            return summary;
        }

        var declaration = reference.GetSyntax(cancellationToken);
        if (CompilationFacts.ModelOf(_compilation, declaration.SyntaxTree, site) is not { } model
            || model.GetOperation(declaration, cancellationToken) is not { } body)
        {
            return summary;
        }

        var flow = new StringFlow(body, method, _types);
        foreach (var operation in body.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var sinks = _sinkAt(operation);
            if (!sinks.IsDefaultOrEmpty)
            {
                foreach (var sink in sinks)
                {
                    Mark(summary, flow.Evaluate(sink.Value).Parameters, sink.Location);
                }
            }
            else if (depth < MaxDepth && operation is IInvocationOperation call && IsSummarizable(call.TargetMethod, _compilation))
            {
                var callee = Get(call.TargetMethod.OriginalDefinition, depth + 1, visiting, model, cancellationToken);
                foreach (var argument in call.Arguments)
                {
                    if (argument.Parameter is { } parameter && parameter.Ordinal < callee.Length && callee[parameter.Ordinal] is { } reached)
                    {
                        Mark(summary, flow.Evaluate(argument.Value).Parameters, reached);
                    }
                }
            }
        }

        return summary;
    }

    private static void Mark(Location?[] summary, ulong parameters, Location sink)
    {
        for (var i = 0; i < summary.Length && i < 64; i++)
        {
            if ((parameters & (1UL << i)) != 0)
            {
                summary[i] ??= sink;
            }
        }
    }
}
