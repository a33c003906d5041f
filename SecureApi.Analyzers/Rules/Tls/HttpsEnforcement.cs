using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AppFacts;
using SecureApi.Analyzers.Core.AspNetCore;

namespace SecureApi.Analyzers.Rules.Tls;

/// <summary>Is a piece of HTTPS enforcement in the app, and does it reach environments other than Development?</summary>
internal enum Presence
{
    Absent,
    OnlyInDevelopment,
    Present,
}

/// <summary>
/// SAPI8003's facts about the whole compilation, found once: does the app redirect plain HTTP to HTTPS
/// (<c>UseHttpsRedirection()</c>, or the URL rewriter's <c>AddRedirectToHttps()</c>), and does it send HSTS
/// (<c>UseHsts()</c>, or a <c>Strict-Transport-Security</c> header it writes itself) outside Development? A call
/// that only runs in Development never protects a deployed app, so it counts as missing (and the message says so).
/// </summary>
internal sealed class HttpsEnforcement
{
    private const string HstsHeader = "Strict-Transport-Security";

    private static readonly string[] RedirectMethods = { "UseHttpsRedirection", "AddRedirectToHttps", "AddRedirectToHttpsPermanent" };

    private HttpsEnforcement(Presence redirect, Presence hsts, bool pipelineElsewhere)
    {
        Redirect = redirect;
        Hsts = hsts;
        PipelineElsewhere = pipelineElsewhere;
    }

    public Presence Redirect { get; }

    public Presence Hsts { get; }

    /// <summary>The app calls a pipeline extension of another project of the solution, where the calls may be.</summary>
    public bool PipelineElsewhere { get; }

    public bool Complete => Redirect == Presence.Present && Hsts == Presence.Present;

    public static HttpsEnforcement Compute(Compilation compilation, KnownTypes types, CancellationToken cancellationToken)
    {
        Func<IOperation, bool> deployed = operation => !EnvironmentChecks.IsDevelopmentOnly(operation, types);

        var redirect = Find(compilation, RedirectMethods, deployed, cancellationToken);
        var hsts = Find(compilation, new[] { "UseHsts" }, deployed, cancellationToken);
        if (hsts != Presence.Present && WritesHstsHeader(compilation, deployed, cancellationToken))
        {
            hsts = Presence.Present;
        }

        var elsewhere = (redirect != Presence.Present || hsts != Presence.Present)
                        && WebApplications.CallsPipelineOfOtherProject(compilation, types, cancellationToken);
        return new HttpsEnforcement(redirect, hsts, elsewhere);
    }

    /// <summary>Any method of these names counts, whoever declares it (NWebsec has its own <c>UseHsts</c>).</summary>
    private static Presence Find(Compilation compilation, string[] methodNames, Func<IOperation, bool> deployed, CancellationToken cancellationToken)
    {
        foreach (var name in methodNames)
        {
            if (WebApplications.CallsAnywhere(compilation, name, static _ => true, deployed, cancellationToken))
            {
                return Presence.Present;
            }
        }

        foreach (var name in methodNames)
        {
            if (WebApplications.CallsAnywhere(compilation, name, static _ => true, cancellationToken))
            {
                return Presence.OnlyInDevelopment;
            }
        }

        return Presence.Absent;
    }

    /// <summary>
    /// A security-headers middleware of the app's own: <c>Headers.StrictTransportSecurity = ...</c>,
    /// <c>HeaderNames.StrictTransportSecurity</c>, or the header's name as a literal.
    /// </summary>
    private static bool WritesHstsHeader(Compilation compilation, Func<IOperation, bool> deployed, CancellationToken cancellationToken)
    {
        foreach (var (model, name) in CompilationFacts.NamesMentioning(compilation, "StrictTransportSecurity", cancellationToken))
        {
            SyntaxNode node = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            if (model.GetSymbolInfo(name, cancellationToken).Symbol is IPropertySymbol or IFieldSymbol
                && (model.GetOperation(node, cancellationToken) is not { } operation || deployed(operation)))
            {
                return true;
            }
        }

        foreach (var tree in compilation.SyntaxTrees)
        {
            foreach (var token in tree.GetRoot(cancellationToken).DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.StringLiteralToken) && string.Equals(token.ValueText, HstsHeader, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
