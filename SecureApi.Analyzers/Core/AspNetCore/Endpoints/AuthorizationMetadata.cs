using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SecureApi.Analyzers.Core.AspNetCore.Endpoints;

/// <summary>
/// Which attributes carry authorization metadata for ASP.NET Core: anything implementing <c>IAuthorizeData</c>
/// (<c>[Authorize]</c>, custom attributes) or <c>IAllowAnonymous</c>, attributes that are authorization filters
/// themselves, and <c>[TypeFilter]</c>/<c>[ServiceFilter]</c> over an authorization filter type. An attribute whose
/// type does not resolve counts too: it may be one of these.
/// </summary>
internal sealed class AuthorizationMetadata
{
    private readonly INamedTypeSymbol? _authorizeData;
    private readonly INamedTypeSymbol? _allowAnonymous;
    private readonly INamedTypeSymbol? _authorizationFilter;
    private readonly INamedTypeSymbol? _asyncAuthorizationFilter;
    private readonly INamedTypeSymbol? _typeFilter;
    private readonly INamedTypeSymbol? _serviceFilter;

    public AuthorizationMetadata(KnownTypes types)
    {
        _authorizeData = types.IAuthorizeData;
        _allowAnonymous = types.IAllowAnonymous;
        _authorizationFilter = types.IAuthorizationFilter;
        _asyncAuthorizationFilter = types.IAsyncAuthorizationFilter;
        _typeFilter = types.TypeFilterAttribute;
        _serviceFilter = types.ServiceFilterAttribute;
    }

    /// <summary>ASP.NET Core authorization is referenced at all.</summary>
    public bool IsAvailable => _authorizeData is not null;

    public bool HasAuthorization(ImmutableArray<AttributeData> attributes) => attributes.Any(IsAuthorization);

    /// <summary>An attribute that requires authorization, allows anonymous access, or authorizes as a filter.</summary>
    public bool IsAuthorization(AttributeData attribute)
    {
        // An attribute that does not bind (a package not restored, a name half typed) may well be the authorization:
        // not knowing is not a finding.
        if (attribute.AttributeClass is not { } type || type.HasUnresolvedAncestry())
        {
            return true;
        }

        if (IsAuthorizationType(type))
        {
            return true;
        }

        // [TypeFilter(typeof(ApiKeyFilter))], [ServiceFilter(typeof(ApiKeyFilter))]
        return (type.IsOrDerivesFrom(_typeFilter) || type.IsOrDerivesFrom(_serviceFilter))
               && attribute.ConstructorArguments.FirstOrDefault() is { Value: INamedTypeSymbol filter }
               && Implements(filter, _authorizationFilter, _asyncAuthorizationFilter);
    }

    /// <summary>A type whose instances carry authorization metadata (attribute or convention metadata object).</summary>
    public bool IsAuthorizationType(ITypeSymbol type) =>
        Implements(type, _authorizeData, _allowAnonymous, _authorizationFilter, _asyncAuthorizationFilter);

    private static bool Implements(ITypeSymbol type, params INamedTypeSymbol?[] interfaces) =>
        interfaces.Any(i => i is not null && (type.Is(i) || type.AllInterfaces.Any(t => t.Is(i))));
}
