using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.AppFacts;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.AspNetCore.Endpoints;

/// <summary>
/// MVC filters added for every action: <c>options.Filters.Add(new AuthorizeFilter())</c>, <c>Filters.Add&lt;T&gt;()</c>,
/// <c>Filters.Add(typeof(T))</c>, <c>Filters.AddService&lt;T&gt;()</c>, wherever the <c>MvcOptions</c> come from
/// (<c>AddControllers(o => ...)</c>, <c>AddMvc(...)</c>, <c>Configure&lt;MvcOptions&gt;(...)</c>).
/// </summary>
internal static class GlobalFilters
{
    /// <summary>Does the compilation add a filter of <paramref name="filter"/> (or a derived type) anywhere? Binds only trees mentioning <paramref name="typeName"/>.</summary>
    public static bool IsAdded(Compilation compilation, string typeName, INamedTypeSymbol? filter, CancellationToken cancellationToken) =>
        filter is not null && CompilationFacts.AnyOperationAround(compilation, typeName, cancellationToken, o => Adds(o, filter));

    /// <summary>Is <paramref name="operation"/> an <c>Add</c>/<c>AddService</c> of a filter of <paramref name="filter"/> (or a derived type)?</summary>
    public static bool Adds(IOperation operation, INamedTypeSymbol? filter) =>
        operation is IInvocationOperation { TargetMethod.Name: "Add" or "AddService" } call
        && (call.TargetMethod.TypeArguments.Any(t => t.IsOrDerivesFrom(filter))
            || call.Arguments.Any(a => a.Value.WalkDownConversions() is { Type: var type } value
                                       && (type.IsOrDerivesFrom(filter)
                                           || value is ITypeOfOperation { TypeOperand: var operand } && operand.IsOrDerivesFrom(filter))));
}
