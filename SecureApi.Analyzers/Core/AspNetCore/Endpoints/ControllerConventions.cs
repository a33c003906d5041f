using System.Linq;
using Microsoft.CodeAnalysis;

namespace SecureApi.Analyzers.Core.AspNetCore.Endpoints;

/// <summary>
/// ASP.NET Core's own rules for what is a controller and what is an action (ControllerFeatureProvider and
/// DefaultApplicationModelProvider): a public, non-abstract, non-generic class that derives from a class with
/// <c>[Controller]</c> (ControllerBase, Controller, <c>[ApiController]</c> types) or whose name ends in
/// "Controller", unless it (or a base) has <c>[NonController]</c>; its actions are the public, non-static,
/// non-generic ordinary methods that are not <c>[NonAction]</c> (also through an overridden method) and are not
/// declared by <c>object</c> or the framework's controller base classes.
/// </summary>
internal sealed class ControllerConventions
{
    private readonly INamedTypeSymbol? _controllerAttribute;
    private readonly INamedTypeSymbol? _nonControllerAttribute;
    private readonly INamedTypeSymbol? _nonActionAttribute;
    private readonly INamedTypeSymbol? _controllerBase;
    private readonly INamedTypeSymbol? _controller;

    public ControllerConventions(KnownTypes types)
    {
        _controllerAttribute = types.ControllerAttribute;
        _nonControllerAttribute = types.NonControllerAttribute;
        _nonActionAttribute = types.NonActionAttribute;
        _controllerBase = types.ControllerBase;
        _controller = types.Controller;
    }

    /// <summary>MVC is referenced: controllers can exist.</summary>
    public bool IsAvailable => _controllerAttribute is not null;

    public bool IsController(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsGenericType || type.IsStatic
            || type.DeclaredAccessibility != Accessibility.Public || !IsPubliclyVisible(type))
        {
            return false;
        }

        return (type.Name.EndsWith("Controller", System.StringComparison.Ordinal) || HasAttribute(type, _controllerAttribute))
               && !HasAttribute(type, _nonControllerAttribute);
    }

    public bool IsAction(IMethodSymbol method)
    {
        if (method.MethodKind != MethodKind.Ordinary || method.IsStatic || method.IsAbstract || method.IsGenericMethod
            || method.DeclaredAccessibility != Accessibility.Public || method.ContainingType is null)
        {
            return false;
        }

        // Dispose and the like are not actions; neither are the framework's own controller methods.
        if (method.Name == "Dispose" && method.Parameters.Length == 0)
        {
            return false;
        }

        for (var current = method; current is not null; current = current.OverriddenMethod)
        {
            var declaring = current.ContainingType;
            if (declaring.SpecialType == SpecialType.System_Object || declaring.Is(_controllerBase) || declaring.Is(_controller)
                || current.GetAttributes().Any(a => a.AttributeClass.IsOrDerivesFrom(_nonActionAttribute)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The attribute on the type or any base type (ASP.NET Core reads these with inherit: true).</summary>
    private static bool HasAttribute(INamedTypeSymbol type, INamedTypeSymbol? attribute)
    {
        if (attribute is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.GetAttributes().Any(a => a.AttributeClass.IsOrDerivesFrom(attribute)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsPubliclyVisible(INamedTypeSymbol type)
    {
        for (var current = type.ContainingType; current is not null; current = current.ContainingType)
        {
            if (current.DeclaredAccessibility != Accessibility.Public)
            {
                return false;
            }
        }

        return true;
    }
}
