using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.Strings;

/// <summary>
/// One <see cref="StringFlow"/> per operation root, shared by every operation callback of that body (the analyzer
/// driver hands all of them the same tree), so a body's locals are collected once.
/// </summary>
internal static class StringFlows
{
    private static readonly ConditionalWeakTable<IOperation, StringFlow> Cache = new();

    public static StringFlow For(IOperation operation, ISymbol? owner, KnownTypes types)
    {
        var root = operation.GetRoot();
        return Cache.GetValue(root, r => new StringFlow(r, owner, types));
    }
}
