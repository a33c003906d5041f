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
    private readonly Func<IInvocationOperation, bool>? _conventionApplies;

    public EndpointMetadataKind(
        ImmutableHashSet<string> conventions,
        Func<ImmutableArray<AttributeData>, bool> hasAttribute,
        Func<ITypeSymbol, bool> isMetadataType,
        bool unboundCallsCount,
        Func<IInvocationOperation, bool>? conventionApplies = null)
    {
        _conventions = conventions;
        _hasAttribute = hasAttribute;
        _isMetadataType = isMetadataType;
        UnboundCallsCount = unboundCallsCount;
        _conventionApplies = conventionApplies;
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

    /// <summary>
    /// Authorization that decides more than "signed in" (SAPI2007): <c>RequireAuthorization("policy")</c> or with a policy
    /// object or builder, <c>AllowAnonymous()</c>, and attributes that name roles or a policy. <c>RequireAuthorization()</c>
    /// without a policy only authenticates.
    /// </summary>
    public static EndpointMetadataKind Restriction(AuthorizationMetadata metadata) => new(
        ImmutableHashSet.Create("RequireAuthorization", "AllowAnonymous"),
        attributes => attributes.Any(metadata.RestrictsAccess),
        type => !type.IsOrDerivesFrom(metadata.AuthorizeAttributeType) && metadata.IsAuthorizationType(type),
        unboundCallsCount: true,
        call => call.TargetMethod.Name != "RequireAuthorization" || NamesPolicy(call));

    /// <summary>A convention call that adds this metadata (<c>WithMetadata(new AuthorizeAttribute())</c> included).</summary>
    public bool IsConvention(IInvocationOperation call) =>
        _conventions.Contains(call.TargetMethod.Name) && (_conventionApplies is null || _conventionApplies(call)) || call.TargetMethod.Name switch
    {
        "WithMetadata" => call.Arguments.Any(a => a.Value.WalkDownConversions() switch
        {
            IArrayCreationOperation { Initializer: { } items } => items.ElementValues.Any(e => e.WalkDownConversions().Type is { } t && _isMetadataType(t)),
            { Type: { } type } => _isMetadataType(type),
            _ => false,
        }),
        _ => false,
    };

    /// <summary>
    /// <c>RequireAuthorization(...)</c> with a policy: a non-empty name, a policy object or builder lambda, or authorize
    /// data other than a bare <c>new AuthorizeAttribute()</c>. The parameterless overload passes an empty array.
    /// </summary>
    private static bool NamesPolicy(IInvocationOperation call) => call.Arguments.Any(argument =>
        argument.Parameter?.Ordinal > 0 || argument.Parameter is null
            ? argument.Value.WalkDownConversions() switch
            {
                IArrayCreationOperation { Initializer: { } items } => items.ElementValues.Any(NamesPolicyItem),
                IArrayCreationOperation => false,
                var value => NamesPolicyItem(value),
            }
            : false);

    private static bool NamesPolicyItem(IOperation item) => item.WalkDownConversions() switch
    {
        { ConstantValue: { HasValue: true, Value: var value } } => value is string { Length: > 0 },
        IObjectCreationOperation { Type.Name: "AuthorizeAttribute" } creation =>
            creation.Arguments.Length > 0
            || creation.Initializer?.Initializers.Any(i => i is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Roles" or "Policy" } }) == true,
        _ => true,
    };

    /// <summary>Do these attributes (of a handler, an action, a controller) carry this metadata?</summary>
    public bool HasAttribute(ImmutableArray<AttributeData> attributes) => _hasAttribute(attributes);
}
