using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SecureApi.Analyzers.Core.Operations;

/// <summary>
/// The references to each local and parameter of an operation tree, in tree order. One walk per tree answers every
/// symbol of it: the endpoint model asks about the same group local once per endpoint mapped on it (hundreds in one
/// method), which walking per question made quadratic. Cached per tree object, like the semantic model's operations.
/// </summary>
internal static class SymbolReferences
{
    private static readonly ConditionalWeakTable<IOperation, Dictionary<ISymbol, List<IOperation>>> s_byRoot = new();

    private static readonly ConditionalWeakTable<IOperation, Dictionary<ISymbol, List<IOperation>>>.CreateValueCallback s_compute = Compute;

    /// <summary>The <see cref="ILocalReferenceOperation"/>s or <see cref="IParameterReferenceOperation"/>s of <paramref name="symbol"/> in <paramref name="root"/>.</summary>
    public static IReadOnlyList<IOperation> Of(ISymbol symbol, IOperation root) =>
        s_byRoot.GetValue(root, s_compute).TryGetValue(symbol, out var references) ? references : System.Array.Empty<IOperation>();

    private static Dictionary<ISymbol, List<IOperation>> Compute(IOperation root)
    {
        var references = new Dictionary<ISymbol, List<IOperation>>(SymbolEqualityComparer.Default);
        foreach (var operation in root.Descendants())
        {
            ISymbol? symbol = operation switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                _ => null,
            };
            if (symbol is null)
            {
                continue;
            }

            if (!references.TryGetValue(symbol, out var list))
            {
                references[symbol] = list = new List<IOperation>();
            }

            list.Add(operation);
        }

        return references;
    }
}
