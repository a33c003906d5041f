namespace SecureApi.Analyzers.Core.AspNetCore.Endpoints;

/// <summary>What an HTTP method says about a request (verbs upper case, as <see cref="ControllerRoutes.Verbs"/> gives them).</summary>
internal static class HttpVerbs
{
    /// <summary>POST, PUT, PATCH, DELETE: the methods that change state (GET, HEAD, OPTIONS and TRACE are safe ones).</summary>
    public static bool IsStateChanging(string verb) => verb is "POST" or "PUT" or "PATCH" or "DELETE";
}
