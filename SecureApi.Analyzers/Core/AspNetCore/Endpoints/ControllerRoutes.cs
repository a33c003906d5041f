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

    /// <summary>The action's route with <c>[controller]</c>/<c>[action]</c> replaced, or the conventional <c>controller/action</c>.</summary>
    public static string? Route(INamedTypeSymbol controller, IMethodSymbol action)
    {
        var controllerName = controller.Name.EndsWith(Suffix, System.StringComparison.OrdinalIgnoreCase)
            ? controller.Name.Substring(0, controller.Name.Length - Suffix.Length)
            : controller.Name;

        string? classTemplate = null;
        for (var current = controller; current is not null && classTemplate is null; current = current.BaseType)
        {
            classTemplate = current.GetAttributes().Select(Template).FirstOrDefault(t => t is not null);
        }

        string? actionTemplate = null;
        for (var current = action; current is not null && actionTemplate is null; current = current.OverriddenMethod)
        {
            actionTemplate = current.GetAttributes().Select(Template).FirstOrDefault(t => t is not null);
        }

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
