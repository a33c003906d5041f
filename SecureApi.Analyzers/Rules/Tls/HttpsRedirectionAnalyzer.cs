using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AppFacts;
using SecureApi.Analyzers.Core.AspNetCore;

namespace SecureApi.Analyzers.Rules.Tls;

/// <summary>
/// SAPI8003: a web application that never redirects plain HTTP to HTTPS (<c>UseHttpsRedirection()</c>) or never
/// sends HSTS (<c>UseHsts()</c>) outside Development. One finding per app, on <c>builder.Build()</c> or on a Startup
/// class's <c>Configure</c>; what the app calls is decided once for the whole compilation, since pipelines are often
/// assembled in extension methods. Class libraries, workers and test projects have no such place and stay silent.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HttpsRedirectionAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property naming what the fix inserts: <see cref="MissingRedirect"/>, <see cref="MissingHsts"/> or both.</summary>
    public const string MissingProperty = "Missing";
    public const string MissingRedirect = "HttpsRedirection";
    public const string MissingHsts = "Hsts";
    public const string MissingBoth = "Both";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.HttpsNotEnforced);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var compilation = start.Compilation;
            var types = KnownTypes.For(compilation);
            if (!WebApplications.MayHoldApp(compilation, types))
            {
                return;
            }

            var facts = new CompilationFacts.LazyFact<HttpsEnforcement>(ct => HttpsEnforcement.Compute(compilation, types, ct));
            if (types.WebApplicationBuilder is not null)
            {
                start.RegisterOperationAction(
                    context =>
                    {
                        var invocation = (IInvocationOperation)context.Operation;
                        if (WebApplications.IsAppBuild(invocation, types))
                        {
                            Report(context.ReportDiagnostic, WebApplications.BuildLocation(invocation), facts.Get(context.CancellationToken));
                        }
                    },
                    OperationKind.Invocation);
            }

            if (types.IApplicationBuilder is not null)
            {
                start.RegisterSymbolAction(
                    context =>
                    {
                        var method = (IMethodSymbol)context.Symbol;
                        if (WebApplications.IsStartupConfigure(method, types) && WebApplications.StartupLocation(method) is { } location)
                        {
                            Report(context.ReportDiagnostic, location, facts.Get(context.CancellationToken));
                        }
                    },
                    SymbolKind.Method);
            }
        });
    }

    private static void Report(System.Action<Diagnostic> report, Location location, HttpsEnforcement facts)
    {
        if (facts.Complete || facts.PipelineElsewhere)
        {
            return;
        }

        var redirectMissing = facts.Redirect != Presence.Present;
        var hstsMissing = facts.Hsts != Presence.Present;
        var missing = redirectMissing && hstsMissing ? MissingBoth : redirectMissing ? MissingRedirect : MissingHsts;
        var seen = (redirectMissing, hstsMissing) switch
        {
            (true, true) when facts.Redirect == Presence.Absent && facts.Hsts == Presence.Absent => "never calls UseHttpsRedirection() or UseHsts()",
            (true, true) => Describe(facts.Redirect, "UseHttpsRedirection()") + " and " + Describe(facts.Hsts, "UseHsts()"),
            (true, false) => Describe(facts.Redirect, "UseHttpsRedirection()"),
            _ => Describe(facts.Hsts, "UseHsts()"),
        };
        var consequence = (redirectMissing, hstsMissing) switch
        {
            (true, true) => "requests over plain HTTP are served as they are, and browsers are never told to use HTTPS only",
            (true, false) => "requests over plain HTTP are served as they are, credentials and tokens included",
            _ => "browsers are never told to use HTTPS only, so a first plain-HTTP request can be intercepted and downgraded",
        };

        var properties = ImmutableDictionary<string, string?>.Empty.Add(MissingProperty, missing);
        report(Diagnostic.Create(Descriptors.HttpsNotEnforced, location, properties, seen, consequence));
    }

    private static string Describe(Presence presence, string call) =>
        presence == Presence.OnlyInDevelopment ? "calls " + call + " only in Development" : "never calls " + call;
}
