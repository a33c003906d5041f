using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.AspNetCore.Endpoints;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.AspNetCore;

/// <summary>
/// Values the client of an HTTP request chooses: parameters of controller actions, Razor Pages handlers and
/// minimal-API handlers (lambdas and method groups) that model binding fills (not <c>[FromServices]</c>, not framework
/// or service types), properties bound with <c>[BindProperty]</c>/<c>[BindProperties]</c>/<c>[FromQuery]</c>..., and the
/// request's own collections and headers (<c>Request.Query</c>, <c>Form</c>, <c>Headers</c>, <c>Cookies</c>,
/// <c>RouteValues</c>, <c>Host</c>). Members read from a bound model are the caller's to say (a rule follows them).
/// </summary>
internal sealed class RequestInputs
{
    private readonly Compilation _compilation;
    private readonly ControllerConventions _controllers;
    private readonly INamedTypeSymbol? _httpRequest;
    private readonly INamedTypeSymbol? _pageModel;
    private readonly INamedTypeSymbol? _bindProperty;
    private readonly INamedTypeSymbol? _bindProperties;
    private readonly INamedTypeSymbol? _bindingSource;
    private readonly INamedTypeSymbol? _fromServices;
    private readonly INamedTypeSymbol? _uri;
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _handlerMethods = new(SymbolEqualityComparer.Default);

    public RequestInputs(KnownTypes types)
    {
        _compilation = types.Compilation;
        _controllers = ControllerConventions.For(types);
        _httpRequest = types.HttpRequest;
        _pageModel = types.PageModel;
        _bindProperty = types.BindPropertyAttribute;
        _bindProperties = types.BindPropertiesAttribute;
        _bindingSource = types.IBindingSourceMetadata;
        _fromServices = types.IFromServiceMetadata;
        _uri = types.Uri;
    }

    /// <summary>
    /// "the query string", "request headers", "the Host header", ... when <paramref name="property"/> is one of the
    /// request members whose content the client writes; null otherwise.
    /// </summary>
    public string? RequestMember(IPropertyReferenceOperation property) =>
        property.Property.ContainingType.Is(_httpRequest)
            ? property.Property.Name switch
            {
                "Query" => "the query string",
                "Form" => "the posted form",
                "Headers" => "request headers",
                "Cookies" => "request cookies",
                "RouteValues" => "route values",
                "Host" => "the Host header",
                _ => null,
            }
            : null;

    /// <summary>
    /// Is the parameter filled by model binding from the request? Its method is a controller action, a Razor Pages
    /// handler (<c>OnGet</c>, <c>OnPostAsync</c>, ...) or a minimal-API handler, it is not <c>[FromServices]</c>, and its
    /// type is one binding reads from the request: text, a simple value, or a model type of this compilation (framework
    /// and service types, such as <c>HttpContext</c> or <c>IConfiguration</c>, are injected).
    /// </summary>
    public bool IsBound(IParameterReferenceOperation reference, CancellationToken cancellationToken)
    {
        var parameter = reference.Parameter;
        if (parameter.ContainingSymbol is not IMethodSymbol method || !IsBindableType(parameter.Type)
            || parameter.GetAttributes().Any(IsFromServices))
        {
            return false;
        }

        if (method.MethodKind == MethodKind.AnonymousFunction)
        {
            return IsHandlerLambda(reference, method);
        }

        return IsHandler(method, cancellationToken);
    }

    /// <summary>A property model binding fills on a controller or page: <c>[BindProperty]</c>, <c>[FromQuery]</c>..., or <c>[BindProperties]</c> on its class.</summary>
    public bool IsBound(IPropertySymbol property) =>
        property.GetAttributes().Any(a => a.AttributeClass.IsOrDerivesFrom(_bindProperty) || ImplementsBindingSource(a))
        || property.ContainingType is { } type && ControllerConventions.HasAttribute(type, _bindProperties);

    /// <summary>A model type whose members the client writes: a class, record or struct of this compilation.</summary>
    public bool IsModel(ITypeSymbol? type) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, IsAbstract: false } named
        && named.SpecialType == SpecialType.None
        && named.IsDeclaredIn(_compilation);

    private bool IsHandler(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (method.MethodKind == MethodKind.Ordinary && method.ContainingType is { } type)
        {
            if (_controllers.IsAvailable && _controllers.IsController(type, cancellationToken) && _controllers.IsAction(method))
            {
                return true;
            }

            if (type.IsOrDerivesFrom(_pageModel) && method.DeclaredAccessibility == Accessibility.Public && !method.IsStatic
                && method.Name.StartsWith("On", System.StringComparison.Ordinal))
            {
                return true;
            }
        }

        return _handlerMethods.GetOrAdd(method, m => MinimalApiEndpoints.IsHandlerMethod(m, _compilation, cancellationToken));
    }

    private static bool IsHandlerLambda(IOperation reference, IMethodSymbol lambda)
    {
        for (var parent = reference.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation function && SymbolEqualityComparer.Default.Equals(function.Symbol, lambda))
            {
                return MinimalApiEndpoints.IsHandlerLambda(function);
            }
        }

        return false;
    }

    private bool IsBindableType(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type.SpecialType == SpecialType.System_String
               || type.Is(_uri)
               || type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_String }
               || type.Name == "StringValues" && type.IsInNamespace("Microsoft.Extensions.Primitives")
               || IsModel(type);
    }

    private bool IsFromServices(AttributeData attribute) =>
        attribute.AttributeClass is { } c
        && (c.Name is "FromServicesAttribute" or "FromKeyedServicesAttribute" || _fromServices is not null && c.AllInterfaces.Any(i => i.Is(_fromServices)));

    private bool ImplementsBindingSource(AttributeData attribute) =>
        _bindingSource is not null && attribute.AttributeClass is { } c && !IsFromServices(attribute) && c.AllInterfaces.Any(i => i.Is(_bindingSource));
}
