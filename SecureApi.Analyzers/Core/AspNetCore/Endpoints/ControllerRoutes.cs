using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SecureApi.Analyzers.Core.AspNetCore.Endpoints;

/// <summary>
/// What an action's attributes say about its requests, for the name heuristics of the authorization rules: the HTTP
/// verbs (<c>[HttpPost]</c>, <c>[AcceptVerbs("PUT")]</c>) and the route (<c>[Route("api/[controller]")]</c> on the
/// controller or a base, then the action's template; the conventional <c>controller/action</c> without any).
/// </summary>
internal static class ControllerRoutes
{
    private const string Suffix = "Controller";

    /// <summary>The verbs the action's attributes (also on the method it overrides) accept, upper case; empty when none says.</summary>
    public static IReadOnlyList<string> Verbs(IMethodSymbol action)
    {
        var verbs = new List<string>();
        for (var current = action; current is not null; current = current.OverriddenMethod)
        {
            foreach (var attribute in current.GetAttributes())
            {
                if (attribute.AttributeClass is not { } type || !type.IsInNamespace("Microsoft.AspNetCore.Mvc"))
                {
                    continue;
                }

                if (type.Name == "AcceptVerbsAttribute")
                {
                    foreach (var argument in attribute.ConstructorArguments)
                    {
                        if (argument.Kind == TypedConstantKind.Array)
                        {
                            verbs.AddRange(argument.Values.Select(v => v.Value).OfType<string>().Select(v => v.ToUpperInvariant()));
                        }
                        else if (argument.Value is string verb)
                        {
                            verbs.Add(verb.ToUpperInvariant());
                        }
                    }
                }
                else if (type.Name.StartsWith("Http", System.StringComparison.Ordinal) && type.Name.EndsWith("Attribute", System.StringComparison.Ordinal)
                         && type.Name.Length > "HttpAttribute".Length && type.Name != "HttpMethodAttribute")
                {
                    verbs.Add(type.Name.Substring(4, type.Name.Length - 4 - "Attribute".Length).ToUpperInvariant());
                }
            }
        }

        return verbs.Distinct().ToList();
    }

    /// <summary>
    /// Does <paramref name="test"/> accept one of the texts the action's route is made from (the controller's and the
    /// action's names, then their templates)? A name heuristic asks this of every action before building its route.
    /// </summary>
    public static bool AnyRouteText(INamedTypeSymbol controller, IMethodSymbol action, System.Func<string?, bool> test) =>
        test(controller.Name) || test(action.Name) || test(ClassTemplate(controller)) || test(ActionTemplate(action));

    /// <summary>The action's route with <c>[controller]</c>/<c>[action]</c> replaced, or the conventional <c>controller/action</c>.</summary>
    public static string? Route(INamedTypeSymbol controller, IMethodSymbol action)
    {
        var controllerName = controller.Name.EndsWith(Suffix, System.StringComparison.OrdinalIgnoreCase)
            ? controller.Name.Substring(0, controller.Name.Length - Suffix.Length)
            : controller.Name;

        var classTemplate = ClassTemplate(controller);
        var actionTemplate = ActionTemplate(action);

        string?[] parts = actionTemplate is not null && (actionTemplate.StartsWith("/", System.StringComparison.Ordinal) || actionTemplate.StartsWith("~/", System.StringComparison.Ordinal))
            ? new[] { actionTemplate }
            : classTemplate is null && actionTemplate is null
                ? new[] { controllerName, action.Name }
                : new[] { classTemplate, actionTemplate };
        return EndpointRoute.Join(parts.Select(p => p?
            .Replace("[controller]", controllerName)
            .Replace("[action]", action.Name)
            .Replace("[area]", "")));
    }

    /// <summary>
    /// Every route template of the controller (and its bases) and of the action (and the method it overrides): an action
    /// with several routes binds a parameter from the route when any of them names it, as ASP.NET Core's inference does.
    /// </summary>
    public static IEnumerable<string> Templates(INamedTypeSymbol controller, IMethodSymbol action)
    {
        for (var current = controller; current is not null; current = current.BaseType)
        {
            foreach (var template in current.GetAttributes().Select(Template))
            {
                if (template is not null)
                {
                    yield return template;
                }
            }
        }

        for (var current = action; current is not null; current = current.OverriddenMethod)
        {
            foreach (var template in current.GetAttributes().Select(Template))
            {
                if (template is not null)
                {
                    yield return template;
                }
            }
        }
    }

    /// <summary>The controller's template: its own <c>[Route]</c> or a base class's.</summary>
    private static string? ClassTemplate(INamedTypeSymbol controller)
    {
        for (var current = controller; current is not null; current = current.BaseType)
        {
            if (current.GetAttributes().Select(Template).FirstOrDefault(t => t is not null) is { } template)
            {
                return template;
            }
        }

        return null;
    }

    /// <summary>The action's template: its own route or verb attribute's, or the one of the method it overrides.</summary>
    private static string? ActionTemplate(IMethodSymbol action)
    {
        for (var current = action; current is not null; current = current.OverriddenMethod)
        {
            if (current.GetAttributes().Select(Template).FirstOrDefault(t => t is not null) is { } template)
            {
                return template;
            }
        }

        return null;
    }

    /// <summary>The template of a <c>[Route]</c> or <c>[HttpGet("...")]</c>-like attribute (the framework's route attributes).</summary>
    private static string? Template(AttributeData attribute)
    {
        if (attribute.AttributeClass is not { } type || !type.IsInNamespace("Microsoft.AspNetCore.Mvc")
            || !(type.Name == "RouteAttribute" || type.Name.StartsWith("Http", System.StringComparison.Ordinal)))
        {
            return null;
        }

        return attribute.ConstructorArguments.FirstOrDefault(a => a.Kind == TypedConstantKind.Primitive && a.Value is string).Value as string
               ?? attribute.NamedArguments.FirstOrDefault(a => a.Key == "Template").Value.Value as string;
    }
}
