using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SecureApi.Analyzers.Core.Operations;

internal static class LocalValues
{
    /// <summary>
    /// The value a local is initialized with, when it is never assigned again in <paramref name="root"/> (so the
    /// initializer is what every later read sees). Null otherwise.
    /// </summary>
    public static IOperation? FindSingleValue(ILocalSymbol local, IOperation root)
    {
        IOperation? value = null;
        foreach (var operation in root.Descendants())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                    value = declarator.Initializer?.Value;
                    break;
                case IAssignmentOperation assignment when assignment.Target is ILocalReferenceOperation target
                                                          && SymbolEqualityComparer.Default.Equals(target.Local, local):
                    return null;
            }
        }

        return value;
    }
}
