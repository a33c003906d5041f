using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AspNetCore.Endpoints;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Csrf;

/// <summary>
/// The <c>.DisableAntiforgery()</c> that reaches a minimal-API endpoint, through <see cref="BuilderConventions"/>:
/// chained on the endpoint or applied to the local holding it; or on one of its route groups (inline, chained, kept in
/// a local, or a module method's group parameter, in the same method). Groups built by other methods are not followed.
/// </summary>
internal static class DisabledAntiforgery
{
    private const int MaxDepth = 8;

    /// <summary>The call, and whether it is on a route group (shared with other endpoints) rather than the endpoint.</summary>
    public static (IInvocationOperation Call, bool OnGroup)? Find(MinimalApiEndpoints.Site site)
    {
        IInvocationOperation? found = null;
        bool IsDisable(IInvocationOperation call)
        {
            if (IsDisableAntiforgery(call))
            {
                found = call;
                return true;
            }

            return false;
        }

        if (BuilderConventions.AppliedAfter(site.Invocation, IsDisable) && found is not null)
        {
            return (found, false);
        }

        var builder = site.Receiver;
        for (var depth = 0; builder is not null && depth < MaxDepth; depth++)
        {
            builder = builder.WalkDownConversions();
            switch (builder)
            {
                case IInvocationOperation call when IsDisableAntiforgery(call):
                    return (call, true);

                case IInvocationOperation { TargetMethod.Name: "MapGroup" } group:
                    if (BuilderConventions.AppliedAfter(group, IsDisable) && found is not null)
                    {
                        return (found, true);
                    }

                    builder = ReceiverOf(group);
                    break;

                case IInvocationOperation call when call.Type is not null && ReceiverOf(call) is { Type: { } receiverType } receiver
                                                   && SymbolEqualityComparer.Default.Equals(call.Type.OriginalDefinition, receiverType.OriginalDefinition):
                    // group.WithTags(...): the same group.
                    builder = receiver;
                    break;

                case ILocalReferenceOperation local:
                    var root = builder.GetRoot();
                    if (BuilderConventions.AppliedThroughLocal(local.Local, root, IsDisable, 1) && found is not null)
                    {
                        return (found, true);
                    }

                    builder = LocalValues.FindSingleValue(local.Local, root);
                    break;

                case IParameterReferenceOperation parameter:
                    return BuilderConventions.AppliedThroughParameter(parameter.Parameter, builder.GetRoot(), IsDisable, 1) && found is not null
                        ? (found, true)
                        : null;

                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary><c>RoutingEndpointConventionBuilderExtensions.DisableAntiforgery&lt;TBuilder&gt;(this TBuilder)</c>.</summary>
    public static bool IsDisableAntiforgery(IInvocationOperation call) =>
        call.TargetMethod.Name == "DisableAntiforgery" && call.TargetMethod.ContainingType.IsInNamespace("Microsoft.AspNetCore.Builder");

    private static IOperation? ReceiverOf(IInvocationOperation call) =>
        call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);
}
