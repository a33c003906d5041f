using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.AppFacts;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.AspNetCore.Endpoints;

/// <summary>
/// App-wide authorization facts: a fallback policy (<c>AuthorizationOptions.FallbackPolicy = ...</c>,
/// <c>AddAuthorizationBuilder().SetFallbackPolicy(...)</c>) covers every endpoint; a global
/// <c>AuthorizeFilter</c> (<c>MvcOptions.Filters.Add(new AuthorizeFilter(...))</c>, <c>Filters.Add&lt;AuthorizeFilter&gt;()</c>)
/// and <c>MapControllers().RequireAuthorization(...)</c> cover controller actions. Found lazily, binding only
/// the trees that mention these names.
/// </summary>
internal sealed class AuthorizationFacts
{
    private AuthorizationFacts(bool fallbackPolicy, bool controllersAuthorized)
    {
        HasFallbackPolicy = fallbackPolicy;
        ControllersAuthorized = controllersAuthorized;
    }

    public bool HasFallbackPolicy { get; }

    /// <summary>A global AuthorizeFilter or MapControllers().RequireAuthorization(): every action is covered.</summary>
    public bool ControllersAuthorized { get; }

    public static AuthorizationFacts Compute(Compilation compilation, KnownTypes types, CancellationToken cancellationToken)
    {
        var fallback = CompilationFacts.AnyOperationAround(compilation, "FallbackPolicy", cancellationToken, o =>
                   o is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: var property } } assignment
                   && property.IsMember(types.AuthorizationOptions, "FallbackPolicy")
                   && !IsNull(assignment.Value))
               || CompilationFacts.AnyOperationAround(compilation, "SetFallbackPolicy", cancellationToken, o =>
                   o is IInvocationOperation { TargetMethod.Name: "SetFallbackPolicy" } call
                   && call.TargetMethod.ContainingType.Is(types.AuthorizationBuilder)
                   && call.Arguments.Any(a => a.Parameter?.Name == "policy" && !IsNull(a.Value)));

        var globalFilter = GlobalFilters.IsAdded(compilation, "AuthorizeFilter", types.AuthorizeFilter, cancellationToken);

        // Searched from the (few) controller route mappings, not from every RequireAuthorization: minimal-API modules
        // call RequireAuthorization hundreds of times, and binding them all here would re-bind most endpoint code.
        var mapControllers = false;
        foreach (var mapper in ControllerConventions.RouteMappers)
        {
            mapControllers = mapControllers || CompilationFacts.AnyOperationAround(compilation, mapper, cancellationToken, o =>
                o is IInvocationOperation call
                && call.TargetMethod.ContainingType.Is(types.ControllerEndpointRouteBuilderExtensions)
                && BuilderConventions.AppliedAfter(call, static c => c.TargetMethod.Name == "RequireAuthorization"));
        }

        return new AuthorizationFacts(fallback, fallback || globalFilter || mapControllers);
    }

    /// <summary>
    /// Does the app require authorization anywhere: a <c>RequireAuthorization(...)</c> call, an <c>[Authorize]</c>
    /// attribute (or any attribute implementing <c>IAuthorizeData</c> without <c>IAllowAnonymous</c>), a global
    /// <c>AuthorizeFilter</c>, or an authorization attribute or filter of its own? Then an endpoint without metadata that
    /// changes state stands out as a likely hole. Binds only the trees that mention these names; asked only for such
    /// endpoints.
    /// </summary>
    public static bool RequiresAuthorizationSomewhere(Compilation compilation, KnownTypes types, CancellationToken cancellationToken)
    {
        foreach (var (model, name) in CompilationFacts.NamesMentioning(compilation, "RequireAuthorization", cancellationToken))
        {
            if (name.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax } or InvocationExpressionSyntax
                && model.GetSymbolInfo(name, cancellationToken).Symbol is IMethodSymbol)
            {
                return true;
            }
        }

        foreach (var attributeName in new[] { "Authorize", "AuthorizeAttribute" })
        {
            foreach (var (model, name) in CompilationFacts.NamesMentioning(compilation, attributeName, cancellationToken))
            {
                if (name.FirstAncestorOrSelf<AttributeSyntax>() is { } attribute
                    && model.GetSymbolInfo(attribute, cancellationToken).Symbol is IMethodSymbol { ContainingType: var type }
                    && type.AllInterfaces.Any(i => i.Is(types.IAuthorizeData)) && !type.AllInterfaces.Any(i => i.Is(types.IAllowAnonymous)))
                {
                    return true;
                }

                // class RequireAdminAttribute : AuthorizeAttribute
                if (name.FirstAncestorOrSelf<BaseTypeSyntax>() is not null)
                {
                    return true;
                }
            }
        }

        // A global or [TypeFilter] AuthorizeFilter, or the app's own authorization attribute or filter.
        foreach (var typeName in new[] { "AuthorizeFilter", "IAuthorizeData", "IAuthorizationFilter", "IAsyncAuthorizationFilter" })
        {
            foreach (var (model, name) in CompilationFacts.NamesMentioning(compilation, typeName, cancellationToken))
            {
                if (model.GetSymbolInfo(name, cancellationToken).Symbol is INamedTypeSymbol { TypeKind: not TypeKind.Error })
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsNull(IOperation value) => value.WalkDownConversions().ConstantValue is { HasValue: true, Value: null };
}
