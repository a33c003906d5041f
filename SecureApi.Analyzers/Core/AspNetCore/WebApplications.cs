using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.AppFacts;

namespace SecureApi.Analyzers.Core.AspNetCore;

/// <summary>
/// Where a web application builds its request pipeline, for the app-level rules ("the app never calls
/// <c>UseHsts()</c>", "limits declared but <c>UseRateLimiter()</c> never called"). Such a rule reports at one stable
/// place that exists only in an app: the <c>Build()</c> of a <c>WebApplicationBuilder</c>
/// (<c>WebApplication.CreateBuilder</c>/<c>CreateSlimBuilder</c>/<c>CreateEmptyBuilder</c>), or the
/// <c>Configure(IApplicationBuilder ...)</c> method of a Startup class. Class libraries, workers and test projects
/// have neither (test projects are left out even when they build an app in memory), so they stay silent without
/// a second look. What the app calls is answered for the whole compilation (<see cref="CallsAnywhere"/>): a pipeline
/// is often assembled across extension methods.
/// </summary>
internal static class WebApplications
{
    private const string BuilderNamespace = "Microsoft.AspNetCore.Builder";

    /// <summary>Can this compilation hold a web application at all? Cheap, once per compilation.</summary>
    public static bool MayHoldApp(Compilation compilation, KnownTypes types) =>
        (types.WebApplicationBuilder is not null || types.IApplicationBuilder is not null) && !TestProjects.Is(compilation);

    // "Create" (WebApplication.Create(args): the app without a builder) last: the name is common, so its trees are bound
    // only when no other factory is called.
    private static readonly string[] BuilderFactories = { "CreateBuilder", "CreateSlimBuilder", "CreateEmptyBuilder", "Create" };

    /// <summary>
    /// Does this compilation start a web app itself (<c>WebApplication.CreateBuilder/CreateSlimBuilder/CreateEmptyBuilder/Create</c>,
    /// or a host with <c>UseStartup&lt;T&gt;()</c>)? A class library of controllers or endpoint modules does not: its host,
    /// another project, decides the pipeline (global limiters, <c>UseRateLimiter()</c>), so app-level questions have no
    /// answer there. Callers cache the answer per compilation.
    /// </summary>
    public static bool StartsApp(Compilation compilation, KnownTypes types, CancellationToken cancellationToken)
    {
        if (!MayHoldApp(compilation, types))
        {
            return false;
        }

        foreach (var factory in BuilderFactories)
        {
            if (CallsAnywhere(compilation, factory, IsOfWebApplication, cancellationToken))
            {
                return true;
            }
        }

        return CallsAnywhere(compilation, "UseStartup", m => m.ContainingType.IsInNamespace("Microsoft.AspNetCore.Hosting"), cancellationToken);
    }

    /// <summary>
    /// <c>builder.Build()</c> on a <c>WebApplicationBuilder</c>, or <c>WebApplication.Create(args)</c> (the app without a
    /// builder): where an app-level rule reports for a minimal-hosting app.
    /// </summary>
    public static bool IsAppBuild(IInvocationOperation invocation, KnownTypes types) =>
        invocation.TargetMethod is { Name: "Build", Parameters.Length: 0 } method
        && types.WebApplicationBuilder is { } builder
        && method.ContainingType.Is(builder)
        || invocation.TargetMethod is { Name: "Create", IsStatic: true } create && IsOfWebApplication(create);

    /// <summary>A member of <c>Microsoft.AspNetCore.Builder.WebApplication</c> (its factories).</summary>
    private static bool IsOfWebApplication(IMethodSymbol method) =>
        method.ContainingType is { Name: "WebApplication" } type && type.IsInNamespace(BuilderNamespace);

    /// <summary>
    /// A Startup class's pipeline method: <c>public void Configure(IApplicationBuilder app, ...)</c> of a class the
    /// host instantiates (not an extension method of a static class, which only adds to someone else's pipeline).
    /// </summary>
    public static bool IsStartupConfigure(IMethodSymbol method, KnownTypes types) =>
        method is { MethodKind: MethodKind.Ordinary, Name: "Configure", DeclaredAccessibility: Accessibility.Public, IsExtensionMethod: false }
        && method.ContainingType is { TypeKind: TypeKind.Class, IsStatic: false }
        && types.IApplicationBuilder is { } applicationBuilder
        && method.Parameters.Any(p => p.Type.Is(applicationBuilder));

    /// <summary>
    /// The location to report an app-level finding for a Startup pipeline: the name of its <c>Configure</c> method.
    /// </summary>
    public static Location? StartupLocation(IMethodSymbol configure) => configure.Locations.FirstOrDefault(l => l.IsInSource);

    /// <summary>The location to report an app-level finding for <c>builder.Build()</c>: the <c>Build</c> name.</summary>
    public static Location BuildLocation(IInvocationOperation build) => Endpoints.EndpointLocations.MapName(build);

    /// <summary>
    /// Does any code of the compilation call a method named <paramref name="methodName"/> that <paramref name="accept"/>
    /// accepts (<c>UseHsts</c> of <c>HstsBuilderExtensions</c>, say)? A call that does not bind counts: a missing
    /// reference must not turn into a finding. Binds only the trees that mention the name; callers cache the answer
    /// per compilation (<see cref="CompilationFacts.LazyFact{T}"/>).
    /// </summary>
    public static bool CallsAnywhere(Compilation compilation, string methodName, Func<IMethodSymbol, bool> accept, CancellationToken cancellationToken) =>
        CallsAnywhere(compilation, methodName, accept, static _ => true, cancellationToken);

    /// <summary>
    /// As above, counting only the calls whose operation <paramref name="where"/> accepts (a call that is not
    /// development-only, say: <c>EnvironmentChecks.IsDevelopmentOnly</c> walks up from it).
    /// </summary>
    public static bool CallsAnywhere(
        Compilation compilation, string methodName, Func<IMethodSymbol, bool> accept, Func<IOperation, bool> where, CancellationToken cancellationToken)
    {
        foreach (var (model, name) in CompilationFacts.NamesMentioning(compilation, methodName, cancellationToken))
        {
            var invocation = name.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax call } access && access.Name == name ? call
                : name.Parent as InvocationExpressionSyntax;
            if (invocation is null)
            {
                continue;
            }

            var info = model.GetSymbolInfo(name, cancellationToken);
            if ((info.Symbol is IMethodSymbol method ? accept(method.ReducedFrom ?? method) : info.CandidateSymbols.IsEmpty || info.CandidateSymbols.OfType<IMethodSymbol>().Any(m => accept(m.ReducedFrom ?? m)))
                && (model.GetOperation(invocation, cancellationToken) is not { } operation || where(operation)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Does the app hand its pipeline to another project of the solution: a call of a public extension method on
    /// <c>IApplicationBuilder</c> (or <c>WebApplication</c>) declared in a project the compilation references
    /// (<c>app.UseSharedPipeline()</c>)? Such a method may call anything, and its code is not part of this
    /// compilation (a build sees it as metadata), so an app-level rule cannot tell what the pipeline lacks.
    /// Packages and the framework are not the solution's own code: <c>app.UseSwagger()</c> hides nothing of the
    /// app's; nor do <c>Map*</c> methods, which map endpoints rather than add middleware. Asked only when a rule is about to report; callers cache the answer per compilation.
    /// </summary>
    public static bool CallsPipelineOfOtherProject(Compilation compilation, KnownTypes types, CancellationToken cancellationToken)
    {
        if (types.IApplicationBuilder is not { } applicationBuilder)
        {
            return false;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reference in compilation.References)
        {
            if (compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol { MightContainExtensionMethods: true } assembly
                && !assembly.Equals(compilation.Assembly, SymbolEqualityComparer.Default)
                && SolutionAssemblies.IsOwn(assembly, compilation))
            {
                CollectPipelineExtensions(assembly.GlobalNamespace, applicationBuilder, names, cancellationToken);
            }
        }

        foreach (var methodName in names)
        {
            foreach (var (model, name) in CompilationFacts.NamesMentioning(compilation, methodName, cancellationToken))
            {
                if (model.GetSymbolInfo(name, cancellationToken).Symbol is IMethodSymbol { ReducedFrom: { } extension }
                    && !extension.IsDeclaredIn(compilation)
                    && IsPipelineExtension(extension, applicationBuilder))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static void CollectPipelineExtensions(INamespaceSymbol ns, INamedTypeSymbol applicationBuilder, HashSet<string> names, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        foreach (var member in ns.GetMembers())
        {
            if (member is INamespaceSymbol inner)
            {
                CollectPipelineExtensions(inner, applicationBuilder, names, cancellationToken);
            }
            else if (member is INamedTypeSymbol { IsStatic: true, MightContainExtensionMethods: true, DeclaredAccessibility: Accessibility.Public } type)
            {
                foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
                {
                    // Map* methods map endpoints (eShop's MapDefaultEndpoints on WebApplication), by the framework's convention.
                    if (method.DeclaredAccessibility == Accessibility.Public && !method.Name.StartsWith("Map", StringComparison.Ordinal)
                        && IsPipelineExtension(method, applicationBuilder))
                    {
                        names.Add(method.Name);
                    }
                }
            }
        }
    }

    private static bool IsPipelineExtension(IMethodSymbol method, INamedTypeSymbol applicationBuilder) =>
        method.IsExtensionMethod && method.Parameters.Length > 0 && method.Parameters[0].Type is var receiver
        && (receiver.Is(applicationBuilder) || receiver.AllInterfaces.Any(i => i.Is(applicationBuilder)));

    /// <summary>A framework extension method of <c>Microsoft.AspNetCore.Builder</c> (<c>UseHsts</c>, <c>UseRateLimiter</c>, ...).</summary>
    public static bool IsFrameworkBuilderExtension(IMethodSymbol method) =>
        method.IsExtensionMethod && method.ContainingType.IsInNamespace(BuilderNamespace) && method.ContainingAssembly is { } assembly
        && assembly.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal);
}
