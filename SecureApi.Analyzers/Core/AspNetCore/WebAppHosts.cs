using System.Threading;
using Microsoft.CodeAnalysis;

namespace SecureApi.Analyzers.Core.AspNetCore;

/// <summary>
/// Does this compilation start a web app itself (<c>WebApplication.CreateBuilder/CreateSlimBuilder/CreateEmptyBuilder</c>,
/// or a host with <c>UseStartup&lt;T&gt;()</c>)? A class library of controllers or endpoint modules does not: its host,
/// another project, decides the pipeline (global limiters, <c>UseRateLimiter()</c>), so app-level questions have no
/// answer there. A small addition next to <see cref="WebApplications"/> (whose calls it uses); callers cache the answer
/// per compilation.
/// </summary>
internal static class WebAppHosts
{
    private static readonly string[] BuilderFactories = { "CreateBuilder", "CreateSlimBuilder", "CreateEmptyBuilder" };

    public static bool StartsApp(Compilation compilation, KnownTypes types, CancellationToken cancellationToken)
    {
        if (!WebApplications.MayHoldApp(compilation, types))
        {
            return false;
        }

        foreach (var factory in BuilderFactories)
        {
            if (WebApplications.CallsAnywhere(compilation, factory, m => m.ContainingType is { Name: "WebApplication" } type && type.IsInNamespace("Microsoft.AspNetCore.Builder"), cancellationToken))
            {
                return true;
            }
        }

        return WebApplications.CallsAnywhere(compilation, "UseStartup", m => m.ContainingType.IsInNamespace("Microsoft.AspNetCore.Hosting"), cancellationToken);
    }
}
