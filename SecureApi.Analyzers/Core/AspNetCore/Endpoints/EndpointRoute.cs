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
