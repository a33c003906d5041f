using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AspNetCore.Responses;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Exposure;

/// <summary>
/// What a returned expression of an action or handler serializes into the response body: the value itself (also
/// through <c>ActionResult&lt;T&gt;</c>'s implicit conversion and <c>await</c>), the body argument of a result helper
/// (<c>Ok(x)</c>, <c>Created(uri, x)</c>, <c>CreatedAtAction(..., x)</c>, <c>Json(x)</c>, <c>Results.Ok(x)</c>,
/// <c>TypedResults.Created(uri, x)</c>) or result object (<c>new ObjectResult(x)</c>), each branch of a conditional,
/// coalesce or switch expression. A view's model is rendered by Razor, not serialized, and is not a body here.
/// </summary>
internal sealed class ResponseBodies
{
    private const int MaxDepth = 4;

    private readonly ResponseSinks _sinks;
    private readonly INamedTypeSymbol? _asyncEnumerable;
    private readonly ConcurrentDictionary<ITypeSymbol, ITypeSymbol?> _serialized = new(SymbolEqualityComparer.Default);

    public ResponseBodies(KnownTypes types, ResponseSinks sinks)
    {
        _sinks = sinks;
        _asyncEnumerable = types.Get("System.Collections.Generic.IAsyncEnumerable`1");
    }

    /// <summary>The expressions whose values are written to the body, with the type written (the element type of a collection).</summary>
    public IEnumerable<(IOperation Value, ITypeSymbol Type)> Sent(IOperation returned)
    {
        var found = new List<(IOperation, ITypeSymbol)>();
        Collect(returned, found, 0);
        return found;
    }

    private void Collect(IOperation operation, List<(IOperation, ITypeSymbol)> found, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        var value = operation.WalkDownConversions();
        switch (value)
        {
            case IConditionalOperation conditional:
                Collect(conditional.WhenTrue, found, depth + 1);
                if (conditional.WhenFalse is { } whenFalse)
                {
                    Collect(whenFalse, found, depth + 1);
                }

                return;
            case ICoalesceOperation coalesce:
                Collect(coalesce.Value, found, depth + 1);
                Collect(coalesce.WhenNull, found, depth + 1);
                return;
            case ISwitchExpressionOperation switchExpression:
                foreach (var arm in switchExpression.Arms)
                {
                    Collect(arm.Value, found, depth + 1);
                }

                return;
            case IInvocationOperation call when _sinks.IsResult(call.Type):
                foreach (var body in _sinks.ValuesWritten(call))
                {
                    if (!_sinks.IsViewValue(body))
                    {
                        Collect(body, found, depth + 1);
                    }
                }

                return;
            case IObjectCreationOperation creation when _sinks.IsResult(creation.Type):
                foreach (var body in _sinks.ValuesWritten(creation))
                {
                    Collect(body, found, depth + 1);
                }

                return;
        }

        if (value.Type is { } type && !_sinks.IsResult(type) && Serialized(type) is { } written)
        {
            found.Add((value, written));
        }
    }

    /// <summary>The type a serializer writes member by member: the element of a task, array or collection; null for anonymous and framework value types.</summary>
    private ITypeSymbol? Serialized(ITypeSymbol type)
    {
        // An anonymous object (each one its own type) has no members an app declared sensitive, and wraps nothing.
        if (type is INamedTypeSymbol { IsAnonymousType: true })
        {
            return null;
        }

        // Asked for every value every action returns; unwrapping reads AllInterfaces, which allocates.
        if (_serialized.TryGetValue(type, out var known))
        {
            return known;
        }

        return _serialized.GetOrAdd(type, ComputeSerialized(type));
    }

    private ITypeSymbol? ComputeSerialized(ITypeSymbol type)
    {
        for (var i = 0; i < MaxDepth; i++)
        {
            var inner = Unwrapped(type);
            if (inner is null)
            {
                break;
            }

            type = inner;
        }

        return type is INamedTypeSymbol { IsAnonymousType: false, SpecialType: SpecialType.None, TypeKind: TypeKind.Class or TypeKind.Struct }
               && !_sinks.IsResult(type) ? type : null;
    }

    /// <summary><c>Task&lt;T&gt;</c>, <c>ValueTask&lt;T&gt;</c>, <c>T[]</c>, <c>IEnumerable&lt;T&gt;</c> and its implementations, <c>IAsyncEnumerable&lt;T&gt;</c>: T.</summary>
    private ITypeSymbol? Unwrapped(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType;
        }

        if (type is not INamedTypeSymbol named || named.SpecialType == SpecialType.System_String)
        {
            return null;
        }

        if (named is { Name: "Task" or "ValueTask", TypeArguments.Length: 1 } && named.IsInNamespace("System.Threading.Tasks"))
        {
            return named.TypeArguments[0];
        }

        foreach (var candidate in Self(named))
        {
            if ((candidate.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T || candidate.Is(_asyncEnumerable)) && candidate.TypeArguments.Length == 1)
            {
                return candidate.TypeArguments[0];
            }
        }

        return null;
    }

    private static IEnumerable<INamedTypeSymbol> Self(INamedTypeSymbol type)
    {
        yield return type;
        foreach (var contract in type.AllInterfaces)
        {
            yield return contract;
        }
    }

    /// <summary>The element type of an array or generic collection (a parameter bound as a list of entities), else the type.</summary>
    public static ITypeSymbol ElementType(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => array.ElementType,
        INamedTypeSymbol { TypeArguments.Length: 1, SpecialType: SpecialType.None } named
            when named.OriginalDefinition.AllInterfaces.Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                 || named.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T => named.TypeArguments[0],
        _ => type,
    };
}
