using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SecureApi.Analyzers.Core.Operations;

/// <summary>
/// Every value assigned to each local of one body (initializers, assignments, <c>??=</c>), flow-insensitively: a
/// read of the local may see any of them. Collected in one pass and cached per operation root, so several sinks of
/// the same method share it.
/// </summary>
internal sealed class LocalAssignments
{
    private static readonly ConditionalWeakTable<IOperation, LocalAssignments> Cache = new();

    private readonly Dictionary<ILocalSymbol, List<IOperation>> _values;

    private LocalAssignments(Dictionary<ILocalSymbol, List<IOperation>> values) => _values = values;

    public static LocalAssignments Of(IOperation root) => Cache.GetValue(root, static r => Collect(r));

    public IEnumerable<IOperation> ValuesOf(ILocalSymbol local) =>
        _values.TryGetValue(local, out var values) ? values : Enumerable.Empty<IOperation>();

    private static LocalAssignments Collect(IOperation root)
    {
        var values = new Dictionary<ILocalSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
        foreach (var operation in root.DescendantsAndSelf())
        {
            var (local, value) = operation switch
            {
                IVariableDeclaratorOperation { Initializer.Value: { } initial } declarator => (declarator.Symbol, initial),
                IAssignmentOperation { Target: ILocalReferenceOperation target } assignment => (target.Local, assignment.Value),
                _ => (null, null),
            };

            if (local is not null && value is not null)
            {
                if (!values.TryGetValue(local, out var list))
                {
                    values[local] = list = new List<IOperation>();
                }

                list.Add(value);
            }
        }

        return new LocalAssignments(values);
    }
}
