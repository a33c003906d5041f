using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.AspNetCore.Endpoints;

/// <summary>
/// Conventions applied to an endpoint convention builder (what <c>MapGet</c>, <c>MapGroup</c> or
/// <c>MapControllers</c> returns): chained after it, past other conventions that return the same builder
/// (<c>WithName</c>, <c>WithTags</c>, ...), or later through the local it initializes
/// (<c>var mvc = app.MapControllers(); mvc.RequireAuthorization();</c>). A call on the builder that does not bind
/// counts as applied: analyzers report what they know, not what a missing reference hides.
/// </summary>
internal static class BuilderConventions
{
    private const int MaxDepth = 6;

    /// <summary>Is a convention accepted by <paramref name="isConvention"/> applied to the builder <paramref name="builder"/> produces?</summary>
    public static bool AppliedAfter(IOperation builder, Func<IInvocationOperation, bool> isConvention, int depth = 0)
    {
        for (var current = builder; depth < MaxDepth; )
        {
            var parent = current.WalkUpConversions().Parent;
            if (parent is IArgumentOperation { Parent: IInvocationOperation call } argument && call.Arguments.Length > 0 && call.Arguments[0] == argument
                || parent is IInvocationOperation { Instance: not null } instanceCall && (call = instanceCall) is not null)
            {
                if (isConvention(call))
                {
                    return true;
                }

                // WithName, WithTags, RequireCors...: same builder, keep walking up the chain.
                if (call.Type is not null && builder.Type is not null && SymbolEqualityComparer.Default.Equals(call.Type.OriginalDefinition, builder.Type.OriginalDefinition)
                    && ReturnsItsReceiver(call.TargetMethod))
                {
                    current = call;
                    continue;
                }

                return false;
            }

            // app.MapGet(...).RequireTenantAuth(): a call that does not bind (a package not restored, a name half
            // typed) may be the convention.
            if (parent is IInvalidOperation)
            {
                return true;
            }

            // var endpoint = app.MapGet(...); endpoint.RequireAuthorization();
            return parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                   && AppliedThroughLocal(declarator.Symbol, current.GetRoot(), isConvention, depth + 1);
        }

        return false;
    }

    /// <summary>
    /// <c>TBuilder WithTags&lt;TBuilder&gt;(this TBuilder builder)</c> hands back the builder it was given.
    /// <c>RouteGroupBuilder MapGroup(this IEndpointRouteBuilder)</c> returns a new child group, even when it is
    /// called on a group: conventions on the child do not reach the parent.
    /// </summary>
    private static bool ReturnsItsReceiver(IMethodSymbol method)
    {
        var definition = method.OriginalDefinition;
        var receiver = definition.IsExtensionMethod || definition.IsStatic
            ? (definition.Parameters.Length > 0 ? definition.Parameters[0].Type : null)
            : definition.ContainingType;
        return receiver is not null && SymbolEqualityComparer.Default.Equals(definition.ReturnType, receiver);
    }

    /// <summary>Is a convention applied to a builder kept in <paramref name="local"/>, anywhere in <paramref name="root"/>?</summary>
    public static bool AppliedThroughLocal(ILocalSymbol local, IOperation root, Func<IInvocationOperation, bool> isConvention, int depth)
    {
        if (depth >= MaxDepth)
        {
            return false;
        }

        foreach (var operation in root.Descendants())
        {
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && reference.WalkUpConversions().Parent is IArgumentOperation or IInvocationOperation or IInvalidOperation
                && AppliedAfter(reference, isConvention, depth))
            {
                return true;
            }
        }

        return false;
    }
}
