using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.AspNetCore.Endpoints;

/// <summary>
/// Which endpoint metadata the endpoint model (<see cref="MinimalApiEndpoints"/>) looks for: the conventions that add it
/// (<c>RequireAuthorization</c>, <c>RequireRateLimiting</c>), the handler attributes that carry it (<c>[Authorize]</c>,
/// <c>[EnableRateLimiting]</c>), and the metadata objects <c>WithMetadata(...)</c> may add. Authorization
/// (SAPI2001/2002) and rate limiting (SAPI2004) walk the same endpoints, groups and modules with different kinds.
/// </summary>
internal sealed class EndpointMetadataKind
{
    private readonly ImmutableHashSet<string> _conventions;
    private readonly Func<ImmutableArray<AttributeData>, bool> _hasAttribute;
    private readonly Func<ITypeSymbol, bool> _isMetadataType;

    public EndpointMetadataKind(
        ImmutableHashSet<string> conventions,
        Func<ImmutableArray<AttributeData>, bool> hasAttribute,
        Func<ITypeSymbol, bool> isMetadataType,
        bool unboundCallsCount)
    {
        _conventions = conventions;
        _hasAttribute = hasAttribute;
        _isMetadataType = isMetadataType;
        UnboundCallsCount = unboundCallsCount;
    }

    /// <summary>
    /// May a call that does not bind, made on an endpoint's or group's builder, be this metadata? True when the
    /// metadata keeps an endpoint from being reported (not knowing is not a finding); false when it causes one.
    /// </summary>
    public bool UnboundCallsCount { get; }

    /// <summary>
    /// For an endpoint mapped by a method its callers give a group: must every call cover it, or does one suffice? Metadata
    /// that keeps an endpoint from being reported needs every call (one unprotected caller exposes it); metadata that
    /// causes a finding needs one (the path through that caller is exposed).
    /// </summary>
    public bool EveryCallerMustApply => UnboundCallsCount;

    /// <summary>Authorization metadata: required or explicitly anonymous (SAPI2001/SAPI2002).</summary>
    public static EndpointMetadataKind Authorization(AuthorizationMetadata metadata) => new(
        ImmutableHashSet.Create("RequireAuthorization", "AllowAnonymous"),
        metadata.HasAuthorization,
        metadata.IsAuthorizationType,
        unboundCallsCount: true);

    /// <summary>No metadata: for rules that read only endpoints' routes and handlers.</summary>
    public static EndpointMetadataKind RoutesOnly { get; } = new(
        ImmutableHashSet<string>.Empty,
        static _ => false,
        static _ => false,
        unboundCallsCount: false);

    /// <summary>A convention call that adds this metadata (<c>WithMetadata(new AuthorizeAttribute())</c> included).</summary>
    public bool IsConvention(IInvocationOperation call) => _conventions.Contains(call.TargetMethod.Name) || call.TargetMethod.Name switch
    {
        "WithMetadata" => call.Arguments.Any(a => a.Value.WalkDownConversions() switch
        {
            IArrayCreationOperation { Initializer: { } items } => items.ElementValues.Any(e => e.WalkDownConversions().Type is { } t && _isMetadataType(t)),
            { Type: { } type } => _isMetadataType(type),
            _ => false,
        }),
        _ => false,
    };

    /// <summary>Do these attributes (of a handler, an action, a controller) carry this metadata?</summary>
    public bool HasAttribute(ImmutableArray<AttributeData> attributes) => _hasAttribute(attributes);
}
