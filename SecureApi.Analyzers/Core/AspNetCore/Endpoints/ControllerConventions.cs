using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using SecureApi.Analyzers.Core.AppFacts;

namespace SecureApi.Analyzers.Core.AspNetCore.Endpoints;

/// <summary>
/// ASP.NET Core's own rules for what is a controller and what is an action (ControllerFeatureProvider and
/// DefaultApplicationModelProvider): a public, top-level (ASP.NET Core's <c>TypeInfo.IsPublic</c> is false for every
/// nested class), non-abstract, non-static, non-generic class that has <c>[Controller]</c> on it or a base class
/// (ControllerBase, Controller, <c>[ApiController]</c> types) or whose name ends in "Controller" (any case), unless it
/// (or a base) has <c>[NonController]</c>. A class that is a controller only by its name (a POCO controller) is
/// discovered only when the app registers MVC: it counts when this compilation calls <c>AddControllers</c>,
/// <c>AddMvc</c>, <c>MapControllers</c>, ...; a class library's <c>*Controller</c> helper class does not. Actions
/// are the public, non-static, non-generic ordinary methods that are not <c>[NonAction]</c> (also through an
/// overridden method) and are not declared by <c>object</c> or the framework's controller base classes.
/// </summary>
internal sealed class ControllerConventions
{
    /// <summary>Calls that register MVC's controller discovery (AddMvcCore and everything built on it) or map controllers.</summary>
    private static readonly string[] MvcRegistrations =
    {
        "AddControllers", "AddControllersWithViews", "AddMvc", "AddMvcCore", "AddRazorPages",
        "MapControllers", "MapControllerRoute", "MapDefaultControllerRoute", "MapAreaControllerRoute", "UseMvc", "UseMvcWithDefaultRoute",
    };

    /// <summary>MapControllers(), MapControllerRoute(...), ...: the calls whose result a convention (<c>RequireAuthorization</c>, <c>RequireRateLimiting</c>) covers every action with.</summary>
    public static readonly string[] RouteMappers =
    {
        "MapControllers", "MapControllerRoute", "MapDefaultControllerRoute", "MapAreaControllerRoute",
    };

    private readonly INamedTypeSymbol? _controllerAttribute;
    private readonly INamedTypeSymbol? _nonControllerAttribute;
    private readonly INamedTypeSymbol? _nonActionAttribute;
    private readonly INamedTypeSymbol? _controllerBase;
    private readonly INamedTypeSymbol? _controller;
    private readonly INamedTypeSymbol? _apiBehaviorMetadata;
    private readonly CompilationFacts.LazyFact<StrongBox<bool>> _registersMvc;

    private readonly ConcurrentDictionary<INamedTypeSymbol, Kind> _kinds = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _actions = new(SymbolEqualityComparer.Default);

    private ControllerConventions(KnownTypes types)
    {
        _controllerAttribute = types.ControllerAttribute;
        _nonControllerAttribute = types.NonControllerAttribute;
        _nonActionAttribute = types.NonActionAttribute;
        _controllerBase = types.ControllerBase;
        _controller = types.Controller;
        _apiBehaviorMetadata = types.IApiBehaviorMetadata;
        var compilation = types.Compilation;
        _registersMvc = new CompilationFacts.LazyFact<StrongBox<bool>>(ct => new StrongBox<bool>(RegistersMvc(compilation, ct)));
    }

    private enum Kind
    {
        None,
        ByName,
        ByAttribute,
    }

    /// <summary>The compilation's conventions, shared by every rule (what is a controller is cached per type).</summary>
    public static ControllerConventions For(KnownTypes types) => types.Shared(static t => new ControllerConventions(t));

    /// <summary>MVC is referenced: controllers can exist.</summary>
    public bool IsAvailable => _controllerAttribute is not null;

    public bool IsController(INamedTypeSymbol type, CancellationToken cancellationToken)
    {
        // Asked for the containing type of every return and action of the compilation: the attribute walk over the
        // base types is done once per type.
        if (!_kinds.TryGetValue(type, out var kind))
        {
            kind = _kinds.GetOrAdd(type, ComputeKind(type));
        }

        // A POCO controller: only its name says so, and only an app that registers MVC discovers it.
        return kind == Kind.ByAttribute || kind == Kind.ByName && _registersMvc.Get(cancellationToken).Value;
    }

    private Kind ComputeKind(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsGenericType || type.IsStatic
            || type.DeclaredAccessibility != Accessibility.Public || type.ContainingType is not null)
        {
            return Kind.None;
        }

        var byAttribute = HasAttribute(type, _controllerAttribute);
        if (!byAttribute && !type.Name.EndsWith("Controller", System.StringComparison.OrdinalIgnoreCase)
            || HasAttribute(type, _nonControllerAttribute))
        {
            return Kind.None;
        }

        return byAttribute ? Kind.ByAttribute : Kind.ByName;
    }

    /// <summary>
    /// An API controller: <c>[ApiController]</c> (any attribute implementing <c>IApiBehaviorMetadata</c>) on the class, a
    /// base class or the assembly (<c>[assembly: ApiController]</c>), as ASP.NET Core's ApiBehaviorApplicationModelProvider reads it.
    /// </summary>
    public bool IsApiController(INamedTypeSymbol type)
    {
        if (_apiBehaviorMetadata is null)
        {
            return false;
        }

        bool IsApiBehavior(AttributeData a) => a.AttributeClass is { } c && c.AllInterfaces.Any(i => i.Is(_apiBehaviorMetadata));
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.GetAttributes().Any(IsApiBehavior))
            {
                return true;
            }
        }

        return type.ContainingAssembly?.GetAttributes().Any(IsApiBehavior) == true;
    }

    public bool IsAction(IMethodSymbol method)
    {
        // Asked for the method of every return of every controller (several rules): the override walk is done once.
        if (method.MethodKind != MethodKind.Ordinary)
        {
            return false;
        }

        return _actions.TryGetValue(method, out var isAction) ? isAction : _actions.GetOrAdd(method, ComputeIsAction(method));
    }

    private bool ComputeIsAction(IMethodSymbol method)
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

    /// <summary>
    /// The controller's actions, its own and inherited ones (each once, the most derived override). Base classes of
    /// other assemblies (the framework, other projects) are not this compilation's to fix and are not read.
    /// </summary>
    public IEnumerable<IMethodSymbol> ActionsOf(INamedTypeSymbol type, Compilation compilation)
    {
        var overridden = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (!current.IsDeclaredIn(compilation))
            {
                yield break;
            }

            foreach (var member in current.GetMembers())
            {
                if (member is not IMethodSymbol method || overridden.Contains(method.OriginalDefinition))
                {
                    continue;
                }

                for (var baseMethod = method.OverriddenMethod; baseMethod is not null; baseMethod = baseMethod.OverriddenMethod)
                {
                    overridden.Add(baseMethod.OriginalDefinition);
                }

                // A method hidden with 'new' in a derived class is still an action of its own; keep it simple and
                // let each declared method stand for itself.
                if (IsAction(method))
                {
                    yield return method;
                }
            }
        }
    }

    /// <summary>The attribute on the type or any base type (ASP.NET Core reads these with inherit: true).</summary>
    public static bool HasAttribute(INamedTypeSymbol type, INamedTypeSymbol? attribute)
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

    /// <summary>Does any file of the compilation call one of <see cref="MvcRegistrations"/> (a name in code, not in a comment)?</summary>
    private static bool RegistersMvc(Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var name in MvcRegistrations)
        {
            foreach (var _ in CompilationFacts.NamesMentioning(compilation, name, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }
}
