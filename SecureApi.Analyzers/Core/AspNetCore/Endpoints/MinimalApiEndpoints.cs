using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.AppFacts;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.AspNetCore.Endpoints;

/// <summary>
/// Minimal-API endpoints (<c>Map</c>, <c>MapGet</c>, <c>MapPost</c>, <c>MapPut</c>, <c>MapDelete</c>,
/// <c>MapPatch</c>, <c>MapMethods</c>) and the metadata of one <see cref="EndpointMetadataKind"/> (authorization,
/// rate limiting) that reaches them: attributes on the handler (lambda or method group), conventions chained on the
/// endpoint or applied later through a local (<c>RequireAuthorization</c>, <c>AllowAnonymous</c>,
/// <c>WithMetadata(new AuthorizeAttribute())</c>, <c>RequireRateLimiting</c>, or a helper of this compilation that
/// applies one to its builder), and the same on its route group, parent groups (kept in
/// locals, parameters or inline), and across methods of this compilation:
/// <list type="bullet">
/// <item>a module method that maps endpoints on a builder parameter: covered when every call passes a covered builder;</item>
/// <item>a method that returns the group or endpoint it maps (<c>MapOrdersApiV1()</c> returning its group): covered
/// when every call protects what it returns (<c>app.MapOrdersApiV1().RequireAuthorization()</c>) or passes a covered builder;</item>
/// <item>an endpoint-mapping wrapper of the app (<c>RouteHandlerBuilder MapGet(this IEndpointRouteBuilder b, Delegate handler)</c>
/// forwarding to the framework): each call of the wrapper is an endpoint, covered or reported where it is made.</item>
/// </list>
/// Methods of other projects count as metadata: only this compilation's source is read.
/// </summary>
internal sealed class MinimalApiEndpoints
{
    private const int MaxDepth = 8;

    /// <summary>The "ordinal" of an extension block's receiver parameter: passed as the call's instance, not an argument.</summary>
    private const int ReceiverOrdinal = -1;

    private const int None = -2;

    private static readonly HashSet<string> MapMethods = new(System.StringComparer.Ordinal)
    {
        "Map", "MapGet", "MapPost", "MapPut", "MapDelete", "MapPatch", "MapMethods",
    };

    private readonly Compilation _compilation;
    private readonly EndpointMetadataKind _kind;
    private readonly INamedTypeSymbol? _extensions;
    private readonly System.Func<IInvocationOperation, bool> _isConvention;

    private readonly ConcurrentDictionary<IMethodSymbol, ImmutableArray<Call>> _calls = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<(IMethodSymbol Method, int Root, int Handler, bool IsValue), bool> _protectedByCallers = new();
    private readonly ConcurrentDictionary<IParameterSymbol, bool> _parameterConventions = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ILocalSymbol, bool> _localConventions = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<ILocalSymbol, ImmutableArray<string?>> _localPrefixes = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IParameterSymbol, bool> _returnedParameters = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _conventionHelpers = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, Wrapper?> _wrappers = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<IMethodSymbol, bool> _wrapperInnerCovered = new(SymbolEqualityComparer.Default);

    // Keys being computed on this thread (recursive modules, wrappers, helpers). Kept per thread, not in the caches:
    // another thread must wait for the real answer, not read "in progress" as "not covered".
    [System.ThreadStatic]
    private static HashSet<object>? t_visiting;

    public MinimalApiEndpoints(Compilation compilation, KnownTypes types, EndpointMetadataKind kind)
    {
        _compilation = compilation;
        _kind = kind;
        _extensions = types.EndpointRouteBuilderExtensions;
        _isConvention = IsConvention;
    }

    public bool IsAvailable => _extensions is not null;

    /// <summary>Cheap name test for the hot path: a framework endpoint.</summary>
    public static bool MayBeEndpoint(string methodName) => MapMethods.Contains(methodName);

    /// <summary>The handler argument of <c>app.MapGet(pattern, handler)</c> and the other Map methods: what it returns is the response.</summary>
    public static bool IsHandlerArgument(IArgumentOperation argument) =>
        argument.Parent is IInvocationOperation call
        && MayBeEndpoint(call.TargetMethod.Name)
        && argument.Parameter?.Name is "handler" or "requestDelegate"
        && call.TargetMethod.ContainingType.IsInNamespace("Microsoft.AspNetCore.Builder");

    /// <summary>Is this lambda the handler of a Map call (passed as is, or through its delegate conversion)?</summary>
    public static bool IsHandlerLambda(IAnonymousFunctionOperation lambda) =>
        (lambda.Parent is IDelegateCreationOperation created ? created : (IOperation)lambda).WalkUpConversions().Parent is IArgumentOperation argument
        && IsHandlerArgument(argument);

    /// <summary>
    /// Is <paramref name="method"/> passed as a handler (a method group, <c>app.MapGet("/", Orders.List)</c>) to a framework
    /// <c>Map*</c> call of this compilation? Binds only the trees that spell its name.
    /// </summary>
    public static bool IsHandlerMethod(IMethodSymbol method, Compilation compilation, CancellationToken cancellationToken) =>
        method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction
        && method.IsDeclaredIn(compilation)
        && CompilationFacts.AnyOperationAround(compilation, method.Name, cancellationToken, operation =>
            operation is IInvocationOperation call
            && MayBeEndpoint(call.TargetMethod.Name)
            && call.Arguments.Any(a => IsHandlerArgument(a)
                                       && SymbolEqualityComparer.Default.Equals(HandlerMethod(a.Value)?.OriginalDefinition, method.OriginalDefinition)));

    public bool IsEndpoint(IInvocationOperation invocation) =>
        MapMethods.Contains(invocation.TargetMethod.Name) && invocation.TargetMethod.ContainingType.Is(_extensions)
        && invocation.TargetMethod.Parameters.Any(p => p.Name is "handler" or "requestDelegate");

    /// <summary>
    /// The endpoint this invocation maps: a framework <c>Map*</c> call, or a call of an endpoint-mapping wrapper of this
    /// compilation (cheap to reject: a wrapper returns a <c>RouteHandlerBuilder</c> and is declared here). Null otherwise.
    /// </summary>
    public Site? SiteOf(IInvocationOperation invocation, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        if (MayBeEndpoint(method.Name) && IsEndpoint(invocation))
        {
            return Site.ForEndpoint(invocation);
        }

        // Declared here first: most calls are to framework methods, and ReturnType wraps a symbol on every call.
        if (!method.IsDeclaredIn(_compilation) || !IsRouteHandlerBuilder(method.ReturnType)
            || WrapperOf(method, cancellationToken) is not { } wrapper)
        {
            return null;
        }

        return Site.ForWrapperCall(invocation, wrapper, ArgumentFor(invocation, method, wrapper.Root), ArgumentFor(invocation, method, wrapper.Handler));
    }

    /// <summary>
    /// Is this endpoint reported where its value goes instead? The framework call in a wrapper (or a wrapper call in a
    /// wrapper of a wrapper) returns the endpoint to its callers: each call of the wrapper is reported on its own.
    /// </summary>
    public bool IsReportedAtCallers(Site site, CancellationToken cancellationToken) =>
        FlowsToReturn(site.Invocation, 0) is { } method
        && IsRouteHandlerBuilder(method.ReturnType)
        && WrapperOf(method, cancellationToken) is { } wrapper && wrapper.Inner.Invocation.Syntax == site.Invocation.Syntax
        && CallsOf(method, cancellationToken).Length > 0;

    /// <summary>Does metadata of this kind (for authorization: required or explicitly anonymous) reach this endpoint?</summary>
    public bool IsCovered(Site site, CancellationToken cancellationToken) =>
        CoveredLocally(site, 0, cancellationToken)
        || FlowsToProtectedReturn(site.Invocation, site.Receiver, site.Handler, 0, cancellationToken);

    /// <summary>
    /// The convention call of this kind that reaches the endpoint from its own method, for fixes and messages: chained on
    /// the endpoint or applied to the local holding it (not on a group), or on one of its route groups (inline, chained,
    /// kept in a local, the module's group parameter). Null when the metadata comes from elsewhere (a caller's group, an
    /// attribute, a helper, a wrapper): <see cref="IsCovered"/> decides whether it reaches.
    /// </summary>
    public (IInvocationOperation Call, bool OnGroup)? LocalConvention(Site site)
    {
        IInvocationOperation? found = null;
        bool Record(IInvocationOperation call)
        {
            if (_kind.IsConvention(call))
            {
                found = call;
                return true;
            }

            return false;
        }

        if (site.Wrapper is not null)
        {
            return null;
        }

        if (BuilderConventions.AppliedAfter(site.Invocation, Record, unboundCounts: false) && found is not null)
        {
            return (found, false);
        }

        foreach (var builder in BuilderChain(site.Receiver))
        {
            var onGroup = builder switch
            {
                IInvocationOperation call when _kind.IsConvention(call) => true,
                IInvocationOperation { TargetMethod.Name: "MapGroup" } group => BuilderConventions.AppliedAfter(group, Record, unboundCounts: false),
                ILocalReferenceOperation local => BuilderConventions.AppliedThroughLocal(local.Local, local.GetRoot(), Record, 1, unboundCounts: false),
                IParameterReferenceOperation parameter => BuilderConventions.AppliedThroughParameter(parameter.Parameter, parameter.GetRoot(), Record, 1, unboundCounts: false),
                _ => false,
            };
            if (onGroup)
            {
                return builder is IInvocationOperation direct && _kind.IsConvention(direct) ? (direct, true) : found is not null ? (found, true) : null;
            }
        }

        return null;
    }

    /// <summary>"GET /api/v1/orders/{id}" for messages: the verb, and the route when its pattern is a constant.</summary>
    public string Describe(Site site, CancellationToken cancellationToken) => EndpointRoute.Describe(Verb(site), Route(site, cancellationToken));

    /// <summary>GET, POST, PUT, DELETE, PATCH, or MAP (Map, MapMethods).</summary>
    public static string Verb(Site site) => site.Wrapper is { } wrapper
        ? Verb(wrapper.Inner)
        : site.Invocation.TargetMethod.Name switch
        {
            "MapGet" => "GET",
            "MapPost" => "POST",
            "MapPut" => "PUT",
            "MapDelete" => "DELETE",
            "MapPatch" => "PATCH",
            _ => "MAP",
        };

    /// <summary>The full route (group prefixes that are constants, then the pattern), or null when the pattern is not a constant.</summary>
    public string? Route(Site site, CancellationToken cancellationToken)
    {
        var parts = new List<string?>();
        return RouteParts(site, null, parts, 0, cancellationToken) ? EndpointRoute.Join(parts) : null;
    }

    /// <summary>
    /// The endpoint's own pattern when it is a constant (also through a wrapper's parameters), without its groups'
    /// prefixes: a cheap first look for name heuristics, before <see cref="Route"/>.
    /// </summary>
    public static string? Pattern(Site site)
    {
        Scope? scope = null;
        var depth = 0;
        for (; site.Wrapper is { } wrapper && depth <= MaxDepth; depth++)
        {
            scope = new Scope(wrapper.Method, site.Invocation, scope);
            site = wrapper.Inner;
        }

        return site.Invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "pattern")?.Value is { } pattern ? Constant(pattern, scope, depth) : null;
    }

    /// <summary>The handler method's name (a method group; a lambda has none), for the name heuristics.</summary>
    public static string? HandlerName(Site site) => Handler(site) is { MethodKind: MethodKind.Ordinary } method ? method.Name : null;

    /// <summary>The handler's method (a lambda's or a method group's), for its attributes.</summary>
    public static IMethodSymbol? Handler(Site site) => HandlerMethod(site.Handler);

    // ---------------------------------------------------------------- coverage

    private bool CoveredLocally(Site site, int depth, CancellationToken cancellationToken)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        if (HasMetadataAttribute(site.Handler) || BuilderConventions.AppliedAfter(site.Invocation, _isConvention, unboundCounts: _kind.UnboundCallsCount))
        {
            return true;
        }

        if (site.Wrapper is { } wrapper && WrapperCoveredInside(wrapper, cancellationToken))
        {
            return true;
        }

        return site.Receiver is not null && Covers(site.Receiver, depth + 1, cancellationToken);
    }

    /// <summary>The endpoint inside the wrapper carries the metadata itself (<c>return b.MapGet(p, h).RequireAuthorization();</c>).</summary>
    private bool WrapperCoveredInside(Wrapper wrapper, CancellationToken cancellationToken) =>
        Cached(_wrapperInnerCovered, wrapper.Method, () => CoveredLocally(wrapper.Inner, 0, cancellationToken));

    /// <summary>Does metadata reach endpoints mapped on this builder expression (a group, a local, a module parameter)?</summary>
    private bool Covers(IOperation? builder, int depth, CancellationToken cancellationToken)
    {
        if (builder is null || depth > MaxDepth)
        {
            return false;
        }

        builder = builder.WalkDownConversions();
        switch (builder)
        {
            case IInvocationOperation call when IsConvention(call):
                return true;

            case IInvocationOperation { TargetMethod.Name: "MapGroup" } group:
                return Covers(Receiver(group), depth + 1, cancellationToken);

            case IInvocationOperation call when call.Type is not null && Receiver(call) is { Type: { } receiverType } receiver
                                               && SymbolEqualityComparer.Default.Equals(call.Type.OriginalDefinition, receiverType.OriginalDefinition):
                // group.WithTags(...), group.RequireCors(...): the same group.
                return Covers(receiver, depth + 1, cancellationToken);

            case ILocalReferenceOperation local:
                var root = builder.GetRoot();
                var value = LocalValues.FindSingleValue(local.Local, root);
                return LocalHasConvention(local.Local, root)
                       || Covers(value, depth + 1, cancellationToken)
                       || LocalReturnedToProtectingCallers(local.Local, value, root, depth + 1, cancellationToken);

            case IParameterReferenceOperation { Parameter: { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction } module } parameter }:
                // group.RequireAuthorization() as a statement of the module, before or after the Map* calls.
                return ParameterHasConvention(parameter, builder.GetRoot())
                       || ProtectedByCallers(module, parameter.Ordinal, None, IsReturned(parameter, builder.GetRoot()), cancellationToken);

            case IParameterReferenceOperation { Parameter: { ContainingSymbol: INamedTypeSymbol extension } parameter } receiver:
                // C# 14: extension(IEndpointRouteBuilder routes) { public void MapOrders() { routes.MapGet(...); } }
                return ParameterHasConvention(parameter, builder.GetRoot())
                       || ExtensionMember(receiver, extension) is { } member && ProtectedByCallers(member, ReceiverOrdinal, None, false, cancellationToken);

            case IInvocationOperation { TargetMethod: { MethodKind: MethodKind.Ordinary } helper } when !helper.ReturnsVoid:
                // var api = CreateApiGroup(app): a helper of this compilation whose every return is covered.
                return HelperReturnsCovered(helper, depth + 1, cancellationToken);

            default:
                return false;
        }
    }

    /// <summary>A convention applied to the group a local holds, anywhere in the method (cached per local: every endpoint mapped on it asks).</summary>
    private bool LocalHasConvention(ILocalSymbol local, IOperation root) =>
        Cached(_localConventions, local, () => BuilderConventions.AppliedThroughLocal(local, root, _isConvention, 1, _kind.UnboundCallsCount));

    /// <summary>A convention applied to the builder a parameter holds, anywhere in the method (cached per parameter).</summary>
    private bool ParameterHasConvention(IParameterSymbol parameter, IOperation root) =>
        Cached(_parameterConventions, parameter, () => BuilderConventions.AppliedThroughParameter(parameter, root, _isConvention, 1, _kind.UnboundCallsCount));

    /// <summary>
    /// A group kept in a local and returned (<c>var api = app.MapGroup(...); api.MapGet(...); return api;</c>): covered
    /// when every caller protects what the method returns or passes a covered builder.
    /// </summary>
    private bool LocalReturnedToProtectingCallers(ILocalSymbol local, IOperation? value, IOperation root, int depth, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            return false;
        }

        foreach (var reference in SymbolReferences.Of(local, root))
        {
            if (FlowsToReturn(reference, depth) is { } method)
            {
                return ProtectedByCallers(method, RootParameter(value, method) ?? None, None, true, cancellationToken);
            }
        }

        return false;
    }

    /// <summary>
    /// The value (an endpoint, a wrapper call) is returned by its method: covered when every caller protects the returned
    /// builder, passes a covered builder, or returns it in turn to callers that do.
    /// </summary>
    private bool FlowsToProtectedReturn(IOperation value, IOperation? receiver, IOperation? handler, int depth, CancellationToken cancellationToken) =>
        FlowsToReturn(value, depth) is { } method
        && ProtectedByCallers(method, RootParameter(receiver, method) ?? None, HandlerParameter(handler, method) ?? None, true, cancellationToken);

    /// <summary>
    /// Every call of <paramref name="method"/> (at least one; or one, when <see cref="EndpointMetadataKind.EveryCallerMustApply"/> is false) covers what the method maps: the argument for its builder
    /// parameter <paramref name="root"/> is covered, its handler argument carries the attribute, or — when the method
    /// returns the builder (<paramref name="isValue"/>) — the call's result gets a convention or is returned to callers
    /// that protect it. Cached per compilation.
    /// </summary>
    private bool ProtectedByCallers(IMethodSymbol method, int root, int handler, bool isValue, CancellationToken cancellationToken)
    {
        if (root == None && handler == None && !isValue)
        {
            return false;
        }

        var key = (method.OriginalDefinition, root, handler, isValue);
        return Cached(_protectedByCallers, key, () =>
        {
            var calls = CallsOf(method, cancellationToken);
            if (calls.IsEmpty)
            {
                return false;
            }

            foreach (var call in calls)
            {
                var receiver = ArgumentFor(call, root);
                var handlerArgument = ArgumentFor(call, handler);
                var covered = isValue && BuilderConventions.AppliedAfter(call.Invocation, _isConvention, unboundCounts: _kind.UnboundCallsCount)
                              || receiver is not null && Covers(receiver, 1, cancellationToken)
                              || HasMetadataAttribute(handlerArgument)
                              || isValue && FlowsToProtectedReturn(call.Invocation, receiver, handlerArgument, 1, cancellationToken);
                if (covered != _kind.EveryCallerMustApply)
                {
                    return covered;
                }
            }

            return _kind.EveryCallerMustApply;
        });
    }

    /// <summary>The calls of a method of this compilation (also the static form of a C# 14 extension block member).</summary>
    private ImmutableArray<Call> CallsOf(IMethodSymbol method, CancellationToken cancellationToken)
    {
        method = method.OriginalDefinition;
        if (_calls.TryGetValue(method, out var known))
        {
            return known;
        }

        var calls = ImmutableArray.CreateBuilder<Call>();
        if (!method.IsImplicitlyDeclared && SyntaxFacts.IsValidIdentifier(method.Name) && method.IsDeclaredIn(_compilation))
        {
            foreach (var (model, name) in CompilationFacts.NamesMentioning(_compilation, method.Name, cancellationToken))
            {
                if (name.Parent?.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } syntax
                    || model.GetOperation(syntax, cancellationToken) is not IInvocationOperation call)
                {
                    continue;
                }

                if (SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, method))
                {
                    calls.Add(new Call(call, staticForm: false));
                }
                else if (IsStaticFormOf(call.TargetMethod, method))
                {
                    calls.Add(new Call(call, staticForm: true));
                }
            }
        }

        return _calls.GetOrAdd(method, calls.ToImmutable());
    }

    /// <summary>The argument a call passes for the parameter at <paramref name="ordinal"/> (the receiver for <see cref="ReceiverOrdinal"/>).</summary>
    private static IOperation? ArgumentFor(Call call, int ordinal)
    {
        if (ordinal == None)
        {
            return null;
        }

        var invocation = call.Invocation;
        if (ordinal == ReceiverOrdinal)
        {
            return call.StaticForm ? invocation.Arguments.FirstOrDefault()?.Value : invocation.Instance;
        }

        var target = call.StaticForm ? ordinal + 1 : ordinal;
        return invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == target)?.Value;
    }

    private static IOperation? ArgumentFor(IInvocationOperation invocation, IMethodSymbol method, int ordinal) =>
        ArgumentFor(new Call(invocation, IsStaticFormOf(invocation.TargetMethod, method)), ordinal);

    /// <summary>
    /// <c>OrderModule.MapOrders(app)</c>: the static form of an extension block member binds to the block's generated
    /// implementation method, with the receiver as its first parameter.
    /// </summary>
    private static bool IsStaticFormOf(IMethodSymbol target, IMethodSymbol member) =>
        target.IsStatic && !member.IsStatic && target.Name == member.Name
        && target.Parameters.Length == member.Parameters.Length + 1
        && member.ContainingType is { } type
        && SymbolEqualityComparer.Default.Equals(target.ContainingType, type.ContainingType);

    /// <summary>The member of a C# 14 extension block whose code holds this use of the block's receiver parameter.</summary>
    private static IMethodSymbol? ExtensionMember(IOperation use, INamedTypeSymbol extension)
    {
        for (var symbol = use.SemanticModel?.GetEnclosingSymbol(use.Syntax.SpanStart); symbol is not null; symbol = symbol.ContainingSymbol)
        {
            if (symbol is IMethodSymbol { MethodKind: MethodKind.Ordinary } method && SymbolEqualityComparer.Default.Equals(method.ContainingType, extension))
            {
                return method;
            }
        }

        return null;
    }

    /// <summary>A source method whose every returned builder is covered (at least one return).</summary>
    private bool HelperReturnsCovered(IMethodSymbol helper, int depth, CancellationToken cancellationToken)
    {
        if (BodyOf(helper, cancellationToken) is not { } root)
        {
            return false;
        }

        var returns = 0;
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation is IReturnOperation { ReturnedValue: { } value } && !IsInNestedFunction(operation, root))
            {
                returns++;
                if (!Covers(value, depth, cancellationToken))
                {
                    return false;
                }
            }
        }

        return returns > 0;
    }

    /// <summary>The operation tree of a method or local function of this compilation (null for metadata and other projects).</summary>
    private IOperation? BodyOf(IMethodSymbol method, CancellationToken cancellationToken)
    {
        method = method.OriginalDefinition;
        if (!method.IsDeclaredIn(_compilation))
        {
            return null;
        }

        foreach (var reference in method.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            if (syntax is not (MethodDeclarationSyntax { Body: not null } or MethodDeclarationSyntax { ExpressionBody: not null }
                or LocalFunctionStatementSyntax { Body: not null } or LocalFunctionStatementSyntax { ExpressionBody: not null }))
            {
                continue;
            }

            if (CompilationFacts.ModelOf(_compilation, syntax.SyntaxTree, null) is { } model
                && model.GetOperation(syntax, cancellationToken) is { } root)
            {
                return root;
            }
        }

        return null;
    }

    private static bool IsInNestedFunction(IOperation operation, IOperation root)
    {
        for (var current = operation.Parent; current is not null && current != root; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    // ---------------------------------------------------------------- conventions

    /// <summary>A convention that carries the metadata, or a helper of this compilation that applies one to its builder.</summary>
    private bool IsConvention(IInvocationOperation call) => _kind.IsConvention(call) || AppliesConventionToItsBuilder(call);

    /// <summary>
    /// <c>static RouteGroupBuilder WithDefaults(this RouteGroupBuilder g) { g.RequireAuthorization("Api"); return g; }</c>:
    /// a method of this compilation that applies a convention to the builder it is given (its first parameter).
    /// </summary>
    private bool AppliesConventionToItsBuilder(IInvocationOperation call)
    {
        // Only a convention builder (a group, an endpoint) can be given a convention: a module method called on the
        // app (MapOrders(this IEndpointRouteBuilder)) is not read here.
        var method = call.TargetMethod.OriginalDefinition;
        if (call.Instance is not null || method.Parameters.Length == 0 || method.MethodKind != MethodKind.Ordinary
            || !method.IsDeclaredIn(_compilation) || !BuilderConventions.IsConventionBuilder(method.Parameters[0].Type))
        {
            return false;
        }

        return Cached(_conventionHelpers, method, () =>
            BodyOf(method, CancellationToken.None) is { } root
            && BuilderConventions.AppliedThroughParameter(method.Parameters[0], root, _isConvention, 1, _kind.UnboundCallsCount));
    }

    // ---------------------------------------------------------------- wrappers

    /// <summary>
    /// An endpoint-mapping wrapper: a method of this compilation that returns the endpoint it maps (a framework
    /// <c>Map*</c> call or a call of another wrapper), through a chain of same-builder conventions or a local.
    /// </summary>
    private Wrapper? WrapperOf(IMethodSymbol method, CancellationToken cancellationToken)
    {
        method = method.OriginalDefinition;
        if (_wrappers.TryGetValue(method, out var known))
        {
            return known;
        }

        var visiting = t_visiting ??= new HashSet<object>();
        var key = ("wrapper", method);
        if (!visiting.Add(key))
        {
            return null;
        }

        try
        {
            return _wrappers.GetOrAdd(method, ComputeWrapper(method, cancellationToken));
        }
        finally
        {
            visiting.Remove(key);
        }
    }

    private Wrapper? ComputeWrapper(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (BodyOf(method, cancellationToken) is not { } root)
        {
            return null;
        }

        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation is IReturnOperation { ReturnedValue: { } value } && !IsInNestedFunction(operation, root)
                && ReturnedEndpoint(value, root, cancellationToken) is { } inner)
            {
                return new Wrapper(
                    method,
                    inner,
                    RootParameter(inner.Receiver, method) ?? None,
                    HandlerParameter(inner.Handler, method) ?? None);
            }
        }

        return null;
    }

    /// <summary>The endpoint a returned value is: a Map* call or wrapper call, past same-builder conventions and a local.</summary>
    private Site? ReturnedEndpoint(IOperation value, IOperation root, CancellationToken cancellationToken)
    {
        for (var depth = 0; depth < MaxDepth; depth++)
        {
            value = value.WalkDownConversions();
            switch (value)
            {
                case IInvocationOperation call when SiteOf(call, cancellationToken) is { } site:
                    return site;
                case IInvocationOperation call when Receiver(call) is { Type: { } type } receiver && call.Type is not null
                                                   && SymbolEqualityComparer.Default.Equals(call.Type.OriginalDefinition, type.OriginalDefinition)
                                                   && BuilderConventions.ReturnsItsReceiver(call.TargetMethod):
                    value = receiver;
                    continue;
                case ILocalReferenceOperation local when LocalValues.FindSingleValue(local.Local, root) is { } initial:
                    value = initial;
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }

    // ---------------------------------------------------------------- values across methods

    /// <summary>
    /// The method (or local function) that returns this value: directly, past same-builder conventions
    /// (<c>return b.MapGet(p, h).WithName(n);</c>), or through the local it initializes. Null otherwise.
    /// </summary>
    private static IMethodSymbol? FlowsToReturn(IOperation value, int depth)
    {
        var current = value;
        for (; depth < MaxDepth; depth++)
        {
            var up = current.WalkUpConversions();
            switch (up.Parent)
            {
                case IReturnOperation returned:
                    return EnclosingMethod(returned);

                case IArgumentOperation { Parent: IInvocationOperation call } argument when call.Arguments.Length > 0 && call.Arguments[0] == argument && IsSameBuilder(call, current):
                    current = call;
                    continue;

                case IInvocationOperation call when call.Instance == up && IsSameBuilder(call, current):
                    current = call;
                    continue;

                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                    var root = current.GetRoot();
                    if (LocalValues.FindSingleValue(declarator.Symbol, root) is null)
                    {
                        return null;
                    }

                    foreach (var reference in SymbolReferences.Of(declarator.Symbol, root))
                    {
                        if (reference.WalkUpConversions().Parent is IReturnOperation or IArgumentOperation or IInvocationOperation
                            && FlowsToReturn(reference, depth + 1) is { } method)
                        {
                            return method;
                        }
                    }

                    return null;

                default:
                    return null;
            }
        }

        return null;
    }

    private static bool IsSameBuilder(IInvocationOperation call, IOperation builder) =>
        call.Type is not null && builder.Type is not null
        && SymbolEqualityComparer.Default.Equals(call.Type.OriginalDefinition, builder.Type.OriginalDefinition)
        && BuilderConventions.ReturnsItsReceiver(call.TargetMethod);

    private static IMethodSymbol? EnclosingMethod(IOperation operation) =>
        operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart) is IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction } method
        && !method.IsImplicitlyDeclared
            ? method
            : null;

    /// <summary>Is a parameter returned by its method (<c>MapLeases(this RouteGroupBuilder group) { ...; return group; }</c>)? Cached per parameter.</summary>
    private bool IsReturned(IParameterSymbol parameter, IOperation root) =>
        Cached(_returnedParameters, parameter, () => ComputeIsReturned(parameter, root));

    private static bool ComputeIsReturned(IParameterSymbol parameter, IOperation root)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter, parameter)
                && FlowsToReturn(reference, 0) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The parameter of <paramref name="method"/> a builder expression is made from (itself, a group of it, a local holding either).</summary>
    private static int? RootParameter(IOperation? builder, IMethodSymbol method) =>
        BuilderChain(builder).LastOrDefault() is IParameterReferenceOperation { Parameter: var parameter } && IsParameterOf(parameter, method)
            ? parameter.Ordinal
            : null;

    /// <summary>
    /// The builder expressions a builder is made from, innermost first: itself, then the builder a <c>MapGroup</c> or a
    /// call that returns its receiver (<c>WithTags</c>) is called on, or the single value of a local. Ends at anything
    /// else (a parameter, a helper's result, the app).
    /// </summary>
    private static IEnumerable<IOperation> BuilderChain(IOperation? builder)
    {
        for (var depth = 0; builder is not null && depth < MaxDepth; depth++)
        {
            builder = builder.WalkDownConversions();
            yield return builder;
            builder = builder switch
            {
                IInvocationOperation { TargetMethod.Name: "MapGroup" } group => Receiver(group),
                IInvocationOperation call when Receiver(call) is { } receiver && IsSameBuilder(call, receiver) => receiver,
                ILocalReferenceOperation local => LocalValues.FindSingleValue(local.Local, local.GetRoot()),
                _ => null,
            };
        }
    }

    private static int? HandlerParameter(IOperation? handler, IMethodSymbol method) =>
        handler?.WalkDownConversions() is IParameterReferenceOperation { Parameter: var parameter } && IsParameterOf(parameter, method)
            ? parameter.Ordinal
            : null;

    private static bool IsParameterOf(IParameterSymbol parameter, IMethodSymbol method) =>
        parameter.ContainingSymbol is IMethodSymbol owner && SymbolEqualityComparer.Default.Equals(owner.OriginalDefinition, method.OriginalDefinition);

    // ---------------------------------------------------------------- routes

    /// <summary>
    /// The route's parts, outermost first: the constant prefixes of the groups the endpoint is mapped on, then its pattern.
    /// Inside a wrapper, the wrapper's parameters stand for what its call passes (<paramref name="scope"/>). False when
    /// the pattern is not a constant.
    /// </summary>
    private bool RouteParts(Site site, Scope? scope, List<string?> parts, int depth, CancellationToken cancellationToken)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        if (site.Wrapper is { } wrapper)
        {
            return RouteParts(wrapper.Inner, new Scope(wrapper.Method, site.Invocation, scope), parts, depth + 1, cancellationToken);
        }

        var pattern = site.Invocation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "pattern")?.Value;
        if (pattern is null || Constant(pattern, scope, depth) is not { } text)
        {
            return false;
        }

        Prefixes(site.Receiver, scope, parts, depth + 1);
        parts.Add(text);
        return true;
    }

    /// <summary>The constant prefixes of the groups a builder expression is made from, outermost first.</summary>
    private void Prefixes(IOperation? builder, Scope? scope, List<string?> parts, int depth)
    {
        if (builder is null || depth > MaxDepth)
        {
            return;
        }

        builder = builder.WalkDownConversions();
        switch (builder)
        {
            case IInvocationOperation { TargetMethod.Name: "MapGroup" } group:
                Prefixes(Receiver(group), scope, parts, depth + 1);
                if (group.Arguments.FirstOrDefault(a => a.Parameter?.Name == "prefix")?.Value is { } prefix && Constant(prefix, scope, depth) is { } text)
                {
                    parts.Add(text);
                }

                break;

            case IInvocationOperation call when Receiver(call) is { } receiver && IsSameBuilder(call, receiver):
                Prefixes(receiver, scope, parts, depth + 1);
                break;

            case ILocalReferenceOperation local when scope is null:
                // Every endpoint mapped on a group local asks: its prefixes are read once.
                parts.AddRange(_localPrefixes.GetOrAdd(local.Local, _ =>
                {
                    var own = new List<string?>();
                    Prefixes(LocalValues.FindSingleValue(local.Local, local.GetRoot()), null, own, depth + 1);
                    return own.ToImmutableArray();
                }));
                break;

            case ILocalReferenceOperation local:
                Prefixes(LocalValues.FindSingleValue(local.Local, builder.GetRoot()), scope, parts, depth + 1);
                break;

            case IParameterReferenceOperation { Parameter: var parameter } when scope is not null && IsParameterOf(parameter, scope.Method):
                Prefixes(ArgumentFor(scope.Call, scope.Method, parameter.Ordinal), scope.Outer, parts, depth + 1);
                break;
        }
    }

    /// <summary>A string constant, also through a wrapper's parameter (the argument or default value of its call).</summary>
    private static string? Constant(IOperation value, Scope? scope, int depth)
    {
        for (; depth <= MaxDepth; depth++)
        {
            value = value.WalkDownConversions();
            if (value.ConstantValue is { HasValue: true, Value: string text })
            {
                return text;
            }

            if (value is IParameterReferenceOperation { Parameter: var parameter } && scope is not null && IsParameterOf(parameter, scope.Method)
                && ArgumentFor(scope.Call, scope.Method, parameter.Ordinal) is { } argument)
            {
                value = argument;
                scope = scope.Outer;
                continue;
            }

            return null;
        }

        return null;
    }

    // ---------------------------------------------------------------- handlers

    private bool HasMetadataAttribute(IOperation? handler) =>
        HandlerMethod(handler) is { } method && _kind.HasAttribute(method.GetAttributes());

    /// <summary>The handler's method: a lambda's or a method group's.</summary>
    private static IMethodSymbol? HandlerMethod(IOperation? handler) => handler?.WalkDownConversions() switch
    {
        IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => lambda.Symbol,
        IDelegateCreationOperation { Target: IMethodReferenceOperation reference } => reference.Method,
        IAnonymousFunctionOperation lambda => lambda.Symbol,
        IMethodReferenceOperation reference => reference.Method,
        _ => null,
    };

    /// <summary>The builder an extension call works on (its <c>this</c> argument), or the instance.</summary>
    private static IOperation? Receiver(IInvocationOperation call) =>
        call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);

    private static bool IsRouteHandlerBuilder(ITypeSymbol? type) =>
        type is { Name: "RouteHandlerBuilder" } && type.IsInNamespace("Microsoft.AspNetCore.Builder");

    /// <summary>Cached per compilation; a key being computed on this thread (recursion) answers false on that path.</summary>
    private static bool Cached<TKey>(ConcurrentDictionary<TKey, bool> cache, TKey key, System.Func<bool> compute)
        where TKey : notnull
    {
        if (cache.TryGetValue(key, out var known))
        {
            return known;
        }

        var visiting = t_visiting ??= new HashSet<object>();
        var marker = (cache, key);
        if (!visiting.Add(marker))
        {
            return false;
        }

        try
        {
            return cache.GetOrAdd(key, compute());
        }
        finally
        {
            visiting.Remove(marker);
        }
    }

    /// <summary>One call of a method: <see cref="StaticForm"/> for <c>Module.MapOrders(app)</c> of an extension block member.</summary>
    private readonly struct Call
    {
        public Call(IInvocationOperation invocation, bool staticForm)
        {
            Invocation = invocation;
            StaticForm = staticForm;
        }

        public IInvocationOperation Invocation { get; }

        public bool StaticForm { get; }
    }

    /// <summary>A wrapper whose parameters stand for its call's arguments (for routes).</summary>
    private sealed class Scope
    {
        public Scope(IMethodSymbol method, IInvocationOperation call, Scope? outer)
        {
            Method = method;
            Call = call;
            Outer = outer;
        }

        public IMethodSymbol Method { get; }

        public IInvocationOperation Call { get; }

        public Scope? Outer { get; }
    }

    /// <summary>An endpoint-mapping wrapper: the endpoint it returns and which of its parameters are the builder and the handler.</summary>
    public sealed class Wrapper
    {
        public Wrapper(IMethodSymbol method, Site inner, int root, int handler)
        {
            Method = method;
            Inner = inner;
            Root = root;
            Handler = handler;
        }

        public IMethodSymbol Method { get; }

        public Site Inner { get; }

        public int Root { get; }

        public int Handler { get; }
    }

    /// <summary>
    /// An endpoint: a framework <c>Map*</c> call (receiver and handler are its arguments) or a call of a wrapper (the
    /// arguments it passes for the wrapper's builder and handler parameters).
    /// </summary>
    public sealed class Site
    {
        private Site(IInvocationOperation invocation, IOperation? receiver, IOperation? handler, Wrapper? wrapper)
        {
            Invocation = invocation;
            Receiver = receiver;
            Handler = handler;
            Wrapper = wrapper;
        }

        public IInvocationOperation Invocation { get; }

        public IOperation? Receiver { get; }

        public IOperation? Handler { get; }

        public Wrapper? Wrapper { get; }

        public static Site ForEndpoint(IInvocationOperation endpoint) => new(
            endpoint,
            endpoint.Arguments.Length > 0 ? MinimalApiEndpoints.Receiver(endpoint) : null,
            endpoint.Arguments.FirstOrDefault(a => a.Parameter?.Name is "handler" or "requestDelegate")?.Value,
            null);

        public static Site ForWrapperCall(IInvocationOperation call, Wrapper wrapper, IOperation? receiver, IOperation? handler) =>
            new(call, receiver, handler, wrapper);
    }
}
