using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SecureApi.Analyzers.Core.AspNetCore.Endpoints;

/// <summary>
/// Rate-limiting endpoint metadata for the endpoint model: <c>[EnableRateLimiting]</c>/<c>RequireRateLimiting(...)</c>
/// turns a policy on, <c>[DisableRateLimiting]</c>/<c>DisableRateLimiting()</c> turns every limit off for the endpoint,
/// the global limiter too (RateLimitingMiddleware skips an endpoint with that metadata before anything else).
/// </summary>
internal static class RateLimitingMetadata
{
    /// <summary>A policy is required. An attribute that does not bind counts: it may be the one (not knowing is not a finding).</summary>
    public static EndpointMetadataKind Enabled(KnownTypes types)
    {
        var enable = types.EnableRateLimitingAttribute;
        return new EndpointMetadataKind(
            ImmutableHashSet.Create("RequireRateLimiting"),
            attributes => attributes.Any(a => a.AttributeClass is not { } type || type.HasUnresolvedAncestry() || type.IsOrDerivesFrom(enable)),
            type => type.IsOrDerivesFrom(enable),
            unboundCallsCount: true);
    }

    /// <summary>Every limit is off for the endpoint. Only what binds counts: this metadata causes a finding.</summary>
    public static EndpointMetadataKind Disabled(KnownTypes types)
    {
        var disable = types.DisableRateLimitingAttribute;
        return new EndpointMetadataKind(
            ImmutableHashSet.Create("DisableRateLimiting"),
            attributes => attributes.Any(a => a.AttributeClass.IsOrDerivesFrom(disable)),
            type => type.IsOrDerivesFrom(disable),
            unboundCallsCount: false);
    }

    /// <summary>Attributes of an action, of the methods it overrides, of its controller or a base class (MVC reads them inherited).</summary>
    public static bool OnActionOrController(EndpointMetadataKind kind, IMethodSymbol action, INamedTypeSymbol controller)
    {
        for (var method = action; method is not null; method = method.OverriddenMethod)
        {
            if (kind.HasAttribute(method.GetAttributes()))
            {
                return true;
            }
        }

        for (var type = controller; type is not null; type = type.BaseType)
        {
            if (kind.HasAttribute(type.GetAttributes()))
            {
                return true;
            }
        }

        return false;
    }
}
