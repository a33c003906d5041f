using System.Threading;
using Microsoft.CodeAnalysis;
using SecureApi.Analyzers.Core.AppFacts;

namespace SecureApi.Analyzers.Core.AspNetCore;

/// <summary>
/// Does the app set up authentication anywhere (<c>AddAuthentication</c>, <c>AddJwtBearer</c>, Identity, Microsoft
/// Identity Web...)? Without it, <c>RequireAuthorization()</c> or <c>[Authorize]</c> compiles but every request to that
/// endpoint fails (no authorization middleware or no scheme to challenge with). A syntactic look at the compilation's
/// trees, cached per tree, plus its references: a solution often sets authentication up in another project
/// (CleanArchitecture's Infrastructure), whose packages then reach the web project. It orders the authorization
/// fixes, so a name in a comment letting a tree through costs nothing worse than the usual order.
/// </summary>
internal static class AuthenticationSetup
{
    private static readonly string[] SetupMethods =
    [
        "AddAuthentication", "AddJwtBearer", "AddCookie", "AddOpenIdConnect", "AddNegotiate", "AddCertificate",
        "AddIdentity", "AddIdentityCore", "AddDefaultIdentity", "AddIdentityApiEndpoints", "AddBearerToken",
        "AddMicrosoftIdentityWebApi", "AddMicrosoftIdentityWebApiAuthentication", "AddMicrosoftIdentityWebApp",
        "AddMicrosoftIdentityWebAppAuthentication",
    ];

    /// <summary>Packages that exist to authenticate users: referenced (also transitively), they are set up somewhere.</summary>
    private static readonly string[] AuthenticationAssemblies =
    [
        "Microsoft.AspNetCore.Authentication.JwtBearer", "Microsoft.AspNetCore.Authentication.OpenIdConnect",
        "Microsoft.AspNetCore.Authentication.Negotiate", "Microsoft.AspNetCore.Authentication.Certificate",
        "Microsoft.AspNetCore.Identity.EntityFrameworkCore", "Microsoft.AspNetCore.Identity.UI", "Microsoft.Identity.Web",
        "Duende.IdentityServer", "OpenIddict.Server.AspNetCore", "OpenIddict.Validation.AspNetCore",
    ];

    public static bool IsConfigured(Compilation compilation, CancellationToken cancellationToken)
    {
        foreach (var reference in compilation.ReferencedAssemblyNames)
        {
            if (System.Array.IndexOf(AuthenticationAssemblies, reference.Name) >= 0)
            {
                return true;
            }
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            foreach (var method in SetupMethods)
            {
                if (TreeIdentifiers.Contains(tree, method, cancellationToken))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
