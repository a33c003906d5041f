using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using SecureApi.Analyzers.Core.AppFacts;

namespace SecureApi.Analyzers.Core.AspNetCore;

/// <summary>
/// Does the app sign users in with cookies, so that browsers attach credentials to requests other sites trigger?
/// The evidence is a call of a real ASP.NET Core method that registers a cookie scheme (bound, not just named):
/// <c>AddCookie</c>, <c>AddIdentity</c>, <c>AddDefaultIdentity</c>, <c>AddIdentityCookies</c> (what
/// <c>AddIdentityCore(...)</c> apps add for cookies), <c>AddIdentityApiEndpoints</c> (bearer and cookies),
/// <c>AddMicrosoftIdentityWebApp</c> (OpenID Connect with a cookie session). Searched in this compilation and, in a
/// workspace (the IDE, <c>secureapi scan</c>), in the projects it references: Identity is often registered by an
/// Infrastructure project. A command-line build sees other projects as metadata only; there a reference to
/// Microsoft.AspNetCore.Identity.UI (the cookie-based Identity pages) still counts. <c>AddJwtBearer</c> alone, or
/// <c>AddIdentityCore</c> without cookies, is a bearer-only API: no evidence.
/// </summary>
internal static class CookieAuthentication
{
    /// <summary>The registration methods and the assemblies that declare them.</summary>
    private static readonly (string Method, string Assembly)[] Registrations =
    [
        ("AddCookie", "Microsoft.AspNetCore.Authentication.Cookies"),
        ("AddIdentity", "Microsoft.AspNetCore.Identity"),
        ("AddDefaultIdentity", "Microsoft.AspNetCore.Identity.UI"),
        ("AddIdentityCookies", "Microsoft.AspNetCore.Identity"),
        ("AddIdentityApiEndpoints", "Microsoft.AspNetCore.Identity"),
        ("AddMicrosoftIdentityWebApp", "Microsoft.Identity.Web"),
        ("AddMicrosoftIdentityWebAppAuthentication", "Microsoft.Identity.Web"),
    ];

    private const string IdentityUi = "Microsoft.AspNetCore.Identity.UI";

    /// <summary>How the app signs users in with cookies (<c>"AddIdentity"</c>, <c>"AddCookie in Clinic.Infrastructure"</c>), or null.</summary>
    public static string? Evidence(Compilation compilation, CancellationToken cancellationToken)
    {
        if (Registration(compilation, cancellationToken) is { } own)
        {
            return own;
        }

        var seen = new HashSet<Compilation> { compilation };
        foreach (var reference in compilation.References)
        {
            if (reference is CompilationReference { Compilation: var referenced } && seen.Add(referenced)
                && Registration(referenced, cancellationToken) is { } method)
            {
                return method + " in " + referenced.AssemblyName;
            }
        }

        foreach (var assembly in compilation.ReferencedAssemblyNames)
        {
            if (assembly.Name == IdentityUi)
            {
                return IdentityUi + " is referenced";
            }
        }

        return null;
    }

    private static string? Registration(Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var (method, assembly) in Registrations)
        {
            foreach (var (model, name) in CompilationFacts.NamesMentioning(compilation, method, cancellationToken))
            {
                if (model.GetSymbolInfo(name, cancellationToken).Symbol is IMethodSymbol symbol
                    && symbol.ContainingAssembly?.Name == assembly)
                {
                    return method;
                }
            }
        }

        return null;
    }
}
