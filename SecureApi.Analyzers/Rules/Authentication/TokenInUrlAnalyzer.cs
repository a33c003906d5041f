using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AspNetCore.Endpoints;
using SecureApi.Analyzers.Core.Naming;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Authentication;

/// <summary>
/// SAPI1007: an API key, access token, password or secret taken from the query string. Parameters of controller actions,
/// Razor Pages handlers and minimal-API handlers bound from the query (<c>[FromQuery]</c>, or inferred: a simple value
/// that is not a route value, in minimal APIs and <c>[ApiController]</c> actions) whose name is a credential's
/// (<see cref="CredentialNames"/>), and <c>Query["..."]</c>/<c>Query.TryGetValue("...")</c> with such a key, also in a
/// JwtBearer <c>OnMessageReceived</c> handler unless a path check limits it to a hub (<see cref="QueryTokenPathGuards"/>).
/// Not flagged: paging and correlation tokens, tokens of mailed one-time links (confirm, verify, reset, unsubscribe,
/// invite), a bare <c>key</c> outside code that checks credentials, headers, bodies and route values.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TokenInUrlAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: how the fix moves an API key to a header (absent: no fix, the value is not an API key).</summary>
    public const string FixProperty = "Fix";

    /// <summary><see cref="FixProperty"/>: the parameter gets <c>[FromHeader(Name = "X-Api-Key")]</c> (in place of <c>[FromQuery]</c>).</summary>
    public const string FromHeader = "FromHeader";

    /// <summary><see cref="FixProperty"/>: <c>Request.Query["api_key"]</c> becomes <c>Request.Headers["X-Api-Key"]</c>.</summary>
    public const string ReadHeader = "ReadHeader";

    /// <summary>The header the fix moves API keys to.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    private const string ApiKey = "API key";
    private const string Token = "token";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.TokenInUrl);

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
            if (rule.HasControllersOrPages)
            {
                start.RegisterSymbolAction(rule.AnalyzeMethod, SymbolKind.Method);
            }

            start.RegisterOperationAction(rule.AnalyzeInvocation, OperationKind.Invocation);
            if (types.IQueryCollection is not null)
            {
                start.RegisterOperationAction(rule.AnalyzeIndexer, OperationKind.PropertyReference);
            }
        });
    }

    /// <summary>What the rule knows of the endpoint a parameter or a query read belongs to.</summary>
    private sealed class Endpoint
    {
        public Endpoint(string description, IEnumerable<string?> names, IReadOnlyList<string> templates, bool infersQuery)
        {
            Description = description;
            Names = names.Concat(templates.SelectMany(EndpointRoute.Segments).Where(s => !s.StartsWith("{", System.StringComparison.Ordinal))).ToList();
            Templates = templates;
            InfersQuery = infersQuery;
        }

        /// <summary>"of GET /orders", for messages.</summary>
        public string Description { get; }

        /// <summary>The method, class and handler names and the route's constant segments, for the name heuristics.</summary>
        public IReadOnlyList<string?> Names { get; }

        public IReadOnlyList<string> Templates { get; }

        /// <summary>Does the framework bind a simple parameter without attribute from the query (minimal APIs, <c>[ApiController]</c>)?</summary>
        public bool InfersQuery { get; }
    }

    private sealed class Rule
    {
        private readonly KnownTypes _types;
        private readonly ControllerConventions _controllers;
        private readonly MinimalApiEndpoints _endpoints;
        private readonly QueryTokenPathGuards? _guards;
        private readonly ConcurrentDictionary<INamedTypeSymbol, bool> _isController = new(SymbolEqualityComparer.Default);

        public Rule(KnownTypes types)
        {
            _types = types;
            _controllers = ControllerConventions.For(types);
            _endpoints = new MinimalApiEndpoints(types.Compilation, types, EndpointMetadataKind.RoutesOnly);
            _guards = types.PathString is { } pathString ? new QueryTokenPathGuards(pathString, types.JwtBearerMessageReceivedContext) : null;
        }

        public bool HasControllersOrPages => _controllers.IsAvailable || _types.PageModel is not null;

        // ------------------------------------------------------------ parameters

        /// <summary>Controller actions and Razor Pages handlers.</summary>
        public void AnalyzeMethod(SymbolAnalysisContext context)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (method.Parameters.IsEmpty || method.MethodKind != MethodKind.Ordinary || method.IsStatic
                || method.DeclaredAccessibility != Accessibility.Public || method.ContainingType is not { } type)
            {
                return;
            }

            if (method.Parameters.Any(MayBeCredential) && Action(type, method, context.CancellationToken) is { } endpoint)
            {
                CheckParameters(method, endpoint, context.ReportDiagnostic);
            }
        }

        /// <summary>Minimal-API handlers (lambdas and method groups), and <c>Query.TryGetValue("...")</c>.</summary>
        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var call = (IInvocationOperation)context.Operation;
            var name = call.TargetMethod.Name;
            if (name == "TryGetValue")
            {
                if (call.Arguments.Length > 0 && IsQuery(call.TargetMethod.ContainingType))
                {
                    CheckRead(context, call, call.Arguments[0].Value, call.Instance);
                }

                return;
            }

            if (!MinimalApiEndpoints.MayBeEndpoint(name) || !_endpoints.IsEndpoint(call))
            {
                return;
            }

            var site = MinimalApiEndpoints.Site.ForEndpoint(call);
            if (MinimalApiEndpoints.Handler(site) is { } handler && handler.Parameters.Any(MayBeCredential) && handler.IsDeclaredIn(context.Compilation))
            {
                CheckParameters(handler, Handler(site, context.CancellationToken), context.ReportDiagnostic);
            }
        }

        /// <summary><c>Query["..."]</c>.</summary>
        public void AnalyzeIndexer(OperationAnalysisContext context)
        {
            var property = (IPropertyReferenceOperation)context.Operation;
            if (property.Property.IsIndexer && property.Arguments.Length == 1 && IsQuery(property.Property.ContainingType))
            {
                CheckRead(context, property, property.Arguments[0].Value, property.Instance);
            }
        }

        /// <summary>Cheap first look, before the endpoint's route is built: does the parameter's name, or the name it binds under, name a credential?</summary>
        private static bool MayBeCredential(IParameterSymbol parameter) =>
            CredentialNames.Describe(parameter.Name) is not null
            || !parameter.GetAttributes().IsEmpty && ParameterSources.Explicit(parameter).Name is { } bound && CredentialNames.Describe(bound) is not null;

        private void CheckParameters(IMethodSymbol method, Endpoint endpoint, System.Action<Diagnostic> report)
        {
            foreach (var parameter in method.Parameters)
            {
                var (source, boundName) = ParameterSources.Explicit(parameter);
                var urlName = boundName ?? parameter.Name;
                var named = CredentialNames.Describe(urlName) is not null ? urlName : boundName is not null && CredentialNames.Describe(parameter.Name) is not null ? parameter.Name : null;
                if (named is null || CredentialNames.Describe(named) is not { } kind)
                {
                    continue;
                }

                var inferred = false;
                if (source == BindingSource.Unknown && endpoint.InfersQuery)
                {
                    source = ParameterSources.Inferred(parameter, endpoint.Templates);
                    inferred = true;
                }

                if (source != BindingSource.Query || !ParameterSources.IsSimple(parameter.Type) || IsExpected(kind, named, parameter.Name, endpoint.Names)
                    || kind == Token && method.Parameters.Any(other => IsUserInQuery(other, endpoint))
                    || parameter.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is not ParameterSyntax syntax)
                {
                    continue;
                }

                var what = urlName == parameter.Name ? $"'{urlName}'" : $"'{urlName}' (parameter '{parameter.Name}')";
                var where = inferred ? endpoint.Description + " (a simple parameter that is not a route value binds from there)" : endpoint.Description;
                report(Diagnostic.Create(Descriptors.TokenInUrl, syntax.GetLocation(), Fix(kind, FromHeader), what, where, Article(kind)));
            }
        }

        /// <summary>
        /// A parameter that says whose account the request is about (<c>email</c>, <c>userId</c>) and comes from the query
        /// too: the token beside it is that user's one-time token from a mailed link (<c>?email=...&amp;token=...</c>), which
        /// a caller's own credential never needs. A route value (<c>/calendar/{memberId}?token=</c>) does not count.
        /// </summary>
        private static bool IsUserInQuery(IParameterSymbol parameter, Endpoint endpoint)
        {
            if (!CredentialNames.NamesUserIdentity(parameter.Name))
            {
                return false;
            }

            var source = ParameterSources.Explicit(parameter).Source;
            return source == BindingSource.Query
                   || source == BindingSource.Unknown && endpoint.InfersQuery && ParameterSources.Inferred(parameter, endpoint.Templates) == BindingSource.Query;
        }

        // ------------------------------------------------------------ query reads

        private void CheckRead(OperationAnalysisContext context, IOperation read, IOperation key, IOperation? query)
        {
            if (!key.TryGetConstantString(out var name) || CredentialNames.Describe(name) is not { } kind)
            {
                return;
            }

            var function = EnclosingFunction(read);
            var lambda = function as IAnonymousFunctionOperation;
            var functionSymbol = lambda?.Symbol ?? context.ContainingSymbol as IMethodSymbol;
            // A SignalR hub's connection request can carry its token only in the query (WebSockets, server-sent events).
            if (kind == Token && context.ContainingSymbol.ContainingType.IsOrDerivesFrom(_types.SignalRHub))
            {
                return;
            }

            var messageReceived = _guards is not null && _guards.IsMessageReceived(functionSymbol);
            var endpoint = messageReceived ? null : EndpointAround(lambda, context.ContainingSymbol, context.CancellationToken);
            var names = endpoint?.Names ?? new[] { context.ContainingSymbol.Name, context.ContainingSymbol.ContainingType?.Name };
            if (IsExpected(kind, name, null, names)
                || kind == Token && _guards is not null && _guards.IsLimited(read, function))
            {
                return;
            }

            var where = messageReceived ? "in JwtBearerEvents.OnMessageReceived, for every request path"
                : endpoint is not null ? endpoint.Description
                : "in " + Member(context.ContainingSymbol);
            var fix = query?.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "Query" } request
                      && request.Property.ContainingType.Is(_types.HttpRequest) && request.Syntax is MemberAccessExpressionSyntax
                ? ReadHeader
                : null;
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.TokenInUrl, read.Syntax.GetLocation(), Fix(kind, fix), $"'{name}'", where, Article(kind)));
        }

        private bool IsQuery(INamedTypeSymbol? type) =>
            type is not null && (type.Is(_types.IQueryCollection) || type.AllInterfaces.Any(i => i.Is(_types.IQueryCollection)));

        /// <summary>The lambda or local function the operation is in, or the member body's root.</summary>
        private static IOperation EnclosingFunction(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return current;
                }
            }

            return operation.GetRoot();
        }

        /// <summary>The endpoint whose code reads the query: a minimal-API handler lambda, or a controller action.</summary>
        private Endpoint? EndpointAround(IAnonymousFunctionOperation? lambda, ISymbol member, CancellationToken cancellationToken)
        {
            if (lambda is not null && MinimalApiEndpoints.IsHandlerLambda(lambda)
                && (lambda.Parent is IDelegateCreationOperation created ? created : (IOperation)lambda).WalkUpConversions().Parent is IArgumentOperation { Parent: IInvocationOperation map })
            {
                return Handler(MinimalApiEndpoints.Site.ForEndpoint(map), cancellationToken);
            }

            // Code of an action, also in a lambda of its own (a LINQ predicate, a local callback).
            return member is IMethodSymbol { MethodKind: MethodKind.Ordinary, ContainingType: { } type } method ? Action(type, method, cancellationToken) : null;
        }

        // ------------------------------------------------------------ endpoints and names

        /// <summary>A controller action or a Razor Pages handler (the parameters of a page's handlers bind only from what their attributes say).</summary>
        private Endpoint? Action(INamedTypeSymbol type, IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (_controllers.IsAvailable && _isController.GetOrAdd(type, t => _controllers.IsController(t, cancellationToken)) && _controllers.IsAction(method))
            {
                var verbs = ControllerRoutes.Verbs(method);
                var description = "of " + EndpointRoute.Describe(verbs.Count == 1 ? verbs[0] : "MAP", ControllerRoutes.Route(type, method));
                return new Endpoint(description, new[] { method.Name, type.Name }, ControllerRoutes.Templates(type, method).ToList(), _controllers.IsApiController(type));
            }

            if (type.IsOrDerivesFrom(_types.PageModel) && method.Name.StartsWith("On", System.StringComparison.Ordinal))
            {
                return new Endpoint($"of the page handler '{type.Name}.{method.Name}'", new[] { method.Name, type.Name }, new string[0], infersQuery: false);
            }

            return null;
        }

        /// <summary>A minimal-API endpoint: the query is inferred only where its route is known (else a parameter may be a route value).</summary>
        private Endpoint Handler(MinimalApiEndpoints.Site site, CancellationToken cancellationToken)
        {
            var route = _endpoints.Route(site, cancellationToken);
            return new Endpoint(
                "of " + EndpointRoute.Describe(MinimalApiEndpoints.Verb(site), route),
                new[] { MinimalApiEndpoints.HandlerName(site) },
                route is null ? new string[0] : new[] { route },
                infersQuery: route is not null);
        }

        /// <summary>
        /// A credential name that belongs in a URL here: a bare or generic <c>key</c> where nothing checks credentials
        /// (<c>GetSetting(string key)</c>), or the token of a mailed one-time link (<c>ConfirmEmail(userId, token)</c>,
        /// <c>Accept(string inviteToken)</c>). <paramref name="names"/> are the endpoint's or the enclosing member's.
        /// </summary>
        private static bool IsExpected(string kind, string name, string? parameterName, IEnumerable<string?> names)
        {
            if (kind == "key" && CredentialNames.IsGenericKey(name))
            {
                return !names.Any(CredentialApis.IsCredentialCheck);
            }

            return kind == Token && (CredentialNames.NamesOneTimeLink(name) || CredentialNames.NamesOneTimeLink(parameterName) || names.Any(CredentialNames.NamesOneTimeLink));
        }

        private static ImmutableDictionary<string, string?> Fix(string kind, string? fix) =>
            kind == ApiKey && fix is not null ? ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix) : ImmutableDictionary<string, string?>.Empty;

        /// <summary>"an API key", "a token", "a client secret".</summary>
        private static string Article(string kind) => ("AEIOUaeiou".IndexOf(kind[0]) >= 0 ? "an " : "a ") + kind;

        private static string Member(ISymbol member) =>
            member.Name == WellKnownMemberNames.TopLevelStatementsEntryPointMethodName ? "the top-level statements"
            : member.ContainingType is { } type ? $"'{type.Name}.{member.Name}'"
            : $"'{member.Name}'";
    }
}
