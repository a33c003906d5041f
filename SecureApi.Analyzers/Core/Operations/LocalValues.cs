using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SecureApi.Analyzers.Core.Operations;

internal static class LocalValues
{
    // One walk per operation tree answers every local of it: rules ask about the locals of the same method once per
    // endpoint, sink or call (hundreds of Map* calls on one group local), which walking per question made quadratic.
    private static readonly ConditionalWeakTable<IOperation, Dictionary<ILocalSymbol, IOperation?>> s_singleValues = new();

    private static readonly ConditionalWeakTable<IOperation, Dictionary<ILocalSymbol, IOperation?>>.CreateValueCallback s_compute = Compute;

    /// <summary>
    /// The value a local is initialized with, when it is never assigned again in <paramref name="root"/> (so the
    /// initializer is what every later read sees). Null otherwise.
    /// </summary>
    public static IOperation? FindSingleValue(ILocalSymbol local, IOperation root) =>
        s_singleValues.GetValue(root, s_compute).TryGetValue(local, out var value) ? value : null;

    private static Dictionary<ILocalSymbol, IOperation?> Compute(IOperation root)
    {
        var values = new Dictionary<ILocalSymbol, IOperation?>(SymbolEqualityComparer.Default);
        HashSet<ILocalSymbol>? assigned = null;
        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator:
                    values[declarator.Symbol] = declarator.Initializer?.Value;
                    break;
                case IAssignmentOperation { Target: ILocalReferenceOperation target }:
                    (assigned ??= new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default)).Add(target.Local);
                    break;
            }
        }

        if (assigned is not null)
        {
            foreach (var local in assigned)
            {
                values[local] = null;
            }
        }

        return values;
    }
}
