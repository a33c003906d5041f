using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AspNetCore;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Redirects;

/// <summary>
/// SAPI4004: a redirect whose destination the client chooses (request input decides the scheme or host) and that no
/// <c>Url.IsLocalUrl</c>, relative-URI or allow-list check in the same method guards. Sinks: <c>Redirect</c>,
/// <c>RedirectPermanent</c>, <c>RedirectPreserveMethod</c>, <c>RedirectPermanentPreserveMethod</c> of controllers and
/// Razor pages, <c>new RedirectResult(url)</c>, <c>Results.Redirect</c>, <c>TypedResults.Redirect</c> and
/// <c>HttpResponse.Redirect</c>. Reported on the URL argument.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class OpenRedirectAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: how the fix makes the redirect local (absent: no fix, <c>HttpResponse.Redirect</c>).</summary>
    public const string FixProperty = "Fix";

    /// <summary><see cref="FixProperty"/>: rename the method (<c>Redirect</c> to <c>LocalRedirect</c>).</summary>
    public const string RenameMethod = "RenameMethod";

    /// <summary><see cref="FixProperty"/>: <c>new RedirectResult(...)</c> to <c>new LocalRedirectResult(...)</c>.</summary>
    public const string ReplaceType = "ReplaceType";

    private static readonly HashSet<string> ResultMethods = new(System.StringComparer.Ordinal)
    {
        "Redirect", "RedirectPermanent", "RedirectPreserveMethod", "RedirectPermanentPreserveMethod",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.OpenRedirect);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.HttpRequest is null)
            {
                return;
            }

            var rule = new Rule(types);
            start.RegisterOperationAction(rule.AnalyzeInvocation, OperationKind.Invocation);
            if (types.RedirectResult is not null)
            {
                start.RegisterOperationAction(rule.AnalyzeCreation, OperationKind.ObjectCreation);
            }
        });
    }

    private sealed class Rule
    {
        private readonly RequestInputs _inputs;
        private readonly INamedTypeSymbol? _controllerBase;
        private readonly INamedTypeSymbol? _pageModel;
        private readonly INamedTypeSymbol? _results;
        private readonly INamedTypeSymbol? _typedResults;
        private readonly INamedTypeSymbol? _httpResponse;
        private readonly INamedTypeSymbol? _redirectResult;

        public Rule(KnownTypes types)
        {
            _inputs = new RequestInputs(types);
            _controllerBase = types.ControllerBase;
            _pageModel = types.PageModel;
            _results = types.Results;
            _typedResults = types.TypedResults;
            _httpResponse = types.HttpResponse;
            _redirectResult = types.RedirectResult;
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var call = (IInvocationOperation)context.Operation;
            var method = call.TargetMethod;
            if (!ResultMethods.Contains(method.Name))
            {
                return;
            }

            var type = method.ContainingType;
            var (sink, fix) = method.Name == "Redirect" && (type.Is(_results) || type.Is(_typedResults)) ? ($"{type.Name}.Redirect", RenameMethod)
                : !method.IsStatic && (type.Is(_controllerBase) || type.Is(_pageModel)) ? (method.Name, RenameMethod)
                : method.Name == "Redirect" && !method.IsStatic && type.Is(_httpResponse) ? ("Response.Redirect", null)
                : ((string?)null, (string?)null);
            if (sink is not null && Url(call.Arguments) is { } url)
            {
                Check(context, sink, url, fix);
            }
        }

        public void AnalyzeCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (creation.Type.Is(_redirectResult) && Url(creation.Arguments) is { } url)
            {
                Check(context, "new RedirectResult", url, creation.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.ObjectCreationExpressionSyntax ? ReplaceType : null);
            }
        }

        /// <summary>The URL argument (<c>url</c>, <c>location</c>: the first parameter of every sink).</summary>
        private static IArgumentOperation? Url(ImmutableArray<IArgumentOperation> arguments) =>
            arguments.FirstOrDefault(a => a.Parameter is { Ordinal: 0, Type.SpecialType: SpecialType.System_String } && a.ArgumentKind == ArgumentKind.Explicit);

        private void Check(OperationAnalysisContext context, string sink, IArgumentOperation argument, string? fix)
        {
            var url = argument.Value;
            if (url.WalkDownConversions().ConstantValue.HasValue)
            {
                return;
            }

            var targets = new RedirectTargets(_inputs, context.CancellationToken);
            if (targets.Controlled(url) is not { } controlled || RedirectGuards.IsGuarded(url, targets))
            {
                return;
            }

            var properties = fix is null ? ImmutableDictionary<string, string?>.Empty : ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix);
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.OpenRedirect,
                // The whole argument as written (with its '!'), which the value's own syntax leaves out.
                (url.Syntax.FirstAncestorOrSelf<Microsoft.CodeAnalysis.CSharp.Syntax.ArgumentSyntax>()?.Expression ?? url.Syntax).GetLocation(),
                properties,
                sink,
                controlled.Origin ?? "the request"));
        }
    }
}
