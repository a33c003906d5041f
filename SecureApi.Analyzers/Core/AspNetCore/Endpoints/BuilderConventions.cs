using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.AspNetCore.Endpoints;

/// <summary>
/// Conventions applied to an endpoint convention builder (what <c>MapGet</c>, <c>MapGroup</c> or
/// <c>MapControllers</c> returns): chained after it, past other conventions that return the same builder
/// (<c>WithName</c>, <c>WithTags</c>, ...), or later through the local or parameter that holds it
/// (<c>var mvc = app.MapControllers(); mvc.RequireAuthorization();</c>, <c>group.RequireAuthorization();</c> in a
/// module method). A call that does not bind, made on a convention builder (one endpoint, one group, controller
/// conventions), counts as applied: analyzers report what they know, not what a missing reference hides. On the app
/// itself (<c>WebApplication</c>, a plain <c>IEndpointRouteBuilder</c>) it does not: one unrestored
/// <c>app.UseGraphQL()</c> must not cover every endpoint of the app.
/// </summary>
internal static class BuilderConventions
{
    private const int MaxDepth = 6;

    /// <summary>
    /// Is a convention accepted by <paramref name="isConvention"/> applied to the builder <paramref name="builder"/> produces?
    /// <paramref name="unboundCounts"/>: whether a call that does not bind may be the convention (true when the
    /// convention prevents a finding, false when it causes one).
    /// </summary>
    public static bool AppliedAfter(IOperation builder, Func<IInvocationOperation, bool> isConvention, int depth = 0, bool unboundCounts = true)
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
            // typed) may be the convention, when it is made on one endpoint's or group's builder.
            if (parent is IInvalidOperation)
            {
                return unboundCounts && IsConventionBuilder(current.WalkDownConversions().Type);
            }

            // var endpoint = app.MapGet(...); endpoint.RequireAuthorization();
            return parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                   && AppliedThroughLocal(declarator.Symbol, current.GetRoot(), isConvention, depth + 1, unboundCounts);
        }

        return false;
    }

    /// <summary>
    /// An <c>IEndpointConventionBuilder</c>: the builder of one endpoint (<c>RouteHandlerBuilder</c>), of a group
    /// (<c>RouteGroupBuilder</c>) or of controller routes, whose conventions reach only what it maps. The app
    /// (<c>WebApplication</c>) and a plain <c>IEndpointRouteBuilder</c> are not.
    /// </summary>
    public static bool IsConventionBuilder(ITypeSymbol? type)
    {
        if (type is null || type.TypeKind == TypeKind.Error)
        {
            return false;
        }

        if (IsConventionBuilderInterface(type))
        {
            return true;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (IsConventionBuilderInterface(implemented))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsConventionBuilderInterface(ITypeSymbol type) =>
        type.Name == "IEndpointConventionBuilder" && type.IsInNamespace("Microsoft.AspNetCore.Builder");

    /// <summary>
    /// <c>TBuilder WithTags&lt;TBuilder&gt;(this TBuilder builder)</c> hands back the builder it was given.
    /// <c>RouteGroupBuilder MapGroup(this IEndpointRouteBuilder)</c> returns a new child group, even when it is
    /// called on a group: conventions on the child do not reach the parent.
    /// </summary>
    public static bool ReturnsItsReceiver(IMethodSymbol method)
    {
        var definition = method.OriginalDefinition;
        var receiver = definition.IsExtensionMethod || definition.IsStatic
            ? (definition.Parameters.Length > 0 ? definition.Parameters[0].Type : null)
            : definition.ContainingType;
        return receiver is not null && SymbolEqualityComparer.Default.Equals(definition.ReturnType, receiver);
    }

    /// <summary>Is a convention applied to a builder kept in <paramref name="local"/>, anywhere in <paramref name="root"/>?</summary>
    public static bool AppliedThroughLocal(ILocalSymbol local, IOperation root, Func<IInvocationOperation, bool> isConvention, int depth, bool unboundCounts = true) =>
        AppliedThroughSymbol(local, root, isConvention, depth, unboundCounts);

    /// <summary>
    /// Is a convention applied to the builder a parameter holds, anywhere in <paramref name="root"/> (the method body)?
    /// <c>static void MapLeases(RouteGroupBuilder group) { group.MapGet(...); group.RequireAuthorization(); }</c>:
    /// conventions run when the app starts, so the statement order does not matter.
    /// </summary>
    public static bool AppliedThroughParameter(IParameterSymbol parameter, IOperation root, Func<IInvocationOperation, bool> isConvention, int depth, bool unboundCounts = true) =>
        AppliedThroughSymbol(parameter, root, isConvention, depth, unboundCounts);

    private static bool AppliedThroughSymbol(ISymbol symbol, IOperation root, Func<IInvocationOperation, bool> isConvention, int depth, bool unboundCounts)
    {
        if (depth >= MaxDepth)
        {
            return false;
        }

        foreach (var operation in SymbolReferences.Of(symbol, root))
        {
            if (operation.WalkUpConversions().Parent is IArgumentOperation or IInvocationOperation or IInvalidOperation
                && AppliedAfter(operation, isConvention, depth, unboundCounts))
            {
                return true;
            }
        }

        return false;
    }
}
