using System.Collections.Generic;
using System.Text;

namespace SecureApi.Analyzers.Core.AspNetCore.Endpoints;

/// <summary>
/// An endpoint's route as messages show it: the constant parts (group prefixes, controller and action templates)
/// joined with exactly one '/' and starting with one ("api/v1/" + "/orders" + "{id}" is <c>/api/v1/orders/{id}</c>).
/// </summary>
internal static class EndpointRoute
{
    /// <summary>The joined route, or null when no part is known (no double or trailing space in messages).</summary>
    public static string? Join(IEnumerable<string?> parts)
    {
        var text = new StringBuilder();
        var known = false;
        foreach (var part in parts)
        {
            if (part is null)
            {
                continue;
            }

            known = true;
            foreach (var segment in part.Split('/'))
            {
                var trimmed = segment.Trim();
                if (trimmed.Length > 0 && trimmed != "~")
                {
                    text.Append('/').Append(trimmed);
                }
            }
        }

        return !known ? null : text.Length == 0 ? "/" : text.ToString();
    }

    /// <summary>"GET /api/items", or "GET" when the route is not known; <c>Map</c>/<c>MapMethods</c> ("MAP") answer any method.</summary>
    public static string Describe(string verb, string? route)
    {
        var method = verb == "MAP" ? "(any method)" : verb;
        return route is null ? method : verb == "MAP" ? route + " " + method : verb + " " + route;
    }

    /// <summary>
    /// Does the route template have a parameter of this name (<c>{token}</c>, <c>{token:guid}</c>, <c>{token?}</c>,
    /// <c>{*token}</c>, <c>{token=x}</c>; case-insensitive, as route values bind)?
    /// </summary>
    public static bool HasParameter(string? template, string name)
    {
        if (template is null)
        {
            return false;
        }

        for (var open = template.IndexOf('{'); open >= 0 && open + 1 < template.Length; open = template.IndexOf('{', open + 1))
        {
            var start = open + 1;
            while (start < template.Length && template[start] == '*')
            {
                start++;
            }

            var end = start;
            while (end < template.Length && template[end] is not (':' or '?' or '=' or '}'))
            {
                end++;
            }

            if (end - start == name.Length && string.Compare(template, start, name, 0, name.Length, System.StringComparison.OrdinalIgnoreCase) == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The route's segments, for the name heuristics (<c>/api/auth/login</c> is api, auth, login).</summary>
    public static IEnumerable<string> Segments(string? route)
    {
        if (route is null)
        {
            yield break;
        }

        foreach (var segment in route.Split('/'))
        {
            if (segment.Length > 0)
            {
                yield return segment;
            }
        }
    }
}
