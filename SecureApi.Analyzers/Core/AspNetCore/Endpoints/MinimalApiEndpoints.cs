using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.AppFacts;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.AspNetCore.Endpoints;

/// <summary>
/// Minimal-API endpoints (<c>Map</c>, <c>MapGet</c>, <c>MapPost</c>, <c>MapPut</c>, <c>MapDelete</c>,
/// <c>MapPatch</c>, <c>MapMethods</c>) and the authorization metadata that reaches them: attributes on the handler
/// (lambda or method group), conventions chained on the endpoint or applied later through a local
/// (<c>RequireAuthorization</c>, <c>AllowAnonymous</c>, <c>WithMetadata(new AuthorizeAttribute())</c>), and the
/// same on its route group, parent groups (kept in locals or inline), and — for module methods that map
/// endpoints on an <c>IEndpointRouteBuilder</c> parameter — on what every caller passes in.
/// </summary>
internal sealed class MinimalApiEndpoints
{
    private const int MaxDepth = 6;

    /// <summary>The "ordinal" of an extension block's receiver parameter: passed as the call's instance, not an argument.</summary>
    private const int ReceiverOrdinal = -1;

    private static readonly HashSet<string> MapMethods = new(System.StringComparer.Ordinal)
    {
        "Map", "MapGet", "MapPost", "MapPut", "MapDelete", "MapPatch", "MapMethods",
    };

    private readonly Compilation _compilation;
    private readonly AuthorizationMetadata _metadata;
    private readonly INamedTypeSymbol? _extensions;
    private readonly System.Func<IInvocationOperation, bool> _isConvention;
    private readonly ConcurrentDictionary<(IMethodSymbol Method, int Ordinal), bool> _modules = new();

    // Modules being computed on this thread (recursive modules). Kept per thread, not in _modules: another thread
    // must wait for the real answer, not read "in progress" as "not covered" (a race that reported covered endpoints).
    [System.ThreadStatic]
    private static HashSet<(IMethodSymbol Method, int Ordinal)>? t_visiting;

    public MinimalApiEndpoints(Compilation compilation, KnownTypes types, AuthorizationMetadata metadata)
    {
        _compilation = compilation;
        _metadata = metadata;
        _extensions = types.EndpointRouteBuilderExtensions;
        _isConvention = IsAuthorizationConvention;
    }

    public bool IsAvailable => _extensions is not null;

    /// <summary>Cheap name test for the hot path.</summary>
    public static bool MayBeEndpoint(string methodName) => MapMethods.Contains(methodName);

    public bool IsEndpoint(IInvocationOperation invocation) =>
        MapMethods.Contains(invocation.TargetMethod.Name) && invocation.TargetMethod.ContainingType.Is(_extensions)
        && invocation.TargetMethod.Parameters.Any(p => p.Name is "handler" or "requestDelegate");

    /// <summary>"GET /api/items" for messages (the pattern when it is a constant).</summary>
    public static string Describe(IInvocationOperation endpoint)
    {
        var verb = endpoint.TargetMethod.Name switch
        {
            "MapGet" => "GET",
            "MapPost" => "POST",
            "MapPut" => "PUT",
            "MapDelete" => "DELETE",
            "MapPatch" => "PATCH",
            _ => "MAP",
        };
        var pattern = endpoint.Arguments.FirstOrDefault(a => a.Parameter?.Name == "pattern")?.Value.ConstantValue;
        return pattern is { HasValue: true, Value: string text } ? verb + " " + text : verb;
    }

    /// <summary>Does authorization metadata (required or explicitly anonymous) reach this endpoint?</summary>
    public bool IsCovered(IInvocationOperation endpoint, CancellationToken cancellationToken)
    {
        if (Handler(endpoint) is { } handler && _metadata.HasAuthorization(handler.GetAttributes()))
        {
            return true;
        }

        return BuilderConventions.AppliedAfter(endpoint, _isConvention) || endpoint.Arguments.Length > 0 && Covers(Receiver(endpoint), 0, cancellationToken);
    }

    /// <summary>The handler's method: a lambda's or a method group's.</summary>
    private static IMethodSymbol? Handler(IInvocationOperation endpoint)
    {
        foreach (var argument in endpoint.Arguments)
        {
            if (argument.Parameter?.Name is "handler" or "requestDelegate")
            {
                return argument.Value.WalkDownConversions() switch
                {
                    IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => lambda.Symbol,
                    IDelegateCreationOperation { Target: IMethodReferenceOperation reference } => reference.Method,
                    _ => null,
                };
            }
        }

        return null;
    }

    /// <summary>The builder an extension call works on (its <c>this</c> argument), or the instance.</summary>
    private static IOperation? Receiver(IInvocationOperation call) =>
        call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);

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
            case IInvocationOperation call when IsAuthorizationConvention(call):
                return true;

            case IInvocationOperation { TargetMethod.Name: "MapGroup" } group:
                return Covers(Receiver(group), depth + 1, cancellationToken);

            case IInvocationOperation call when call.Type is not null && Receiver(call) is { Type: { } receiverType } receiver
                                               && SymbolEqualityComparer.Default.Equals(call.Type.OriginalDefinition, receiverType.OriginalDefinition):
                // group.WithTags(...), group.RequireCors(...): the same group.
                return Covers(receiver, depth + 1, cancellationToken);

            case ILocalReferenceOperation local:
                var root = builder.GetRoot();
                return BuilderConventions.AppliedThroughLocal(local.Local, root, _isConvention, depth + 1)
                       || Covers(LocalValues.FindSingleValue(local.Local, root), depth + 1, cancellationToken);

            case IParameterReferenceOperation { Parameter: { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Ordinary } module } parameter }:
                return ModuleCovered(module, parameter.Ordinal, depth + 1, cancellationToken);

            case IParameterReferenceOperation { Parameter.ContainingSymbol: INamedTypeSymbol extension } receiver:
                // C# 14: extension(IEndpointRouteBuilder routes) { public void MapOrders() { routes.MapGet(...); } }
                return ExtensionMember(receiver, extension) is { } member && ModuleCovered(member, ReceiverOrdinal, depth + 1, cancellationToken);

            case IInvocationOperation { TargetMethod: { MethodKind: MethodKind.Ordinary } helper } when !helper.ReturnsVoid:
                // var api = CreateApiGroup(app): a helper of this compilation whose every return is covered.
                return HelperReturnsCovered(helper, depth + 1, cancellationToken);

            default:
                return false;
        }
    }

    /// <summary>
    /// A module method (<c>MapAlerts(this IEndpointRouteBuilder app)</c>): its endpoints are covered when every call
    /// passes a covered builder (and there is at least one call). Cached per compilation.
    /// </summary>
    private bool ModuleCovered(IMethodSymbol module, int ordinal, int depth, CancellationToken cancellationToken)
    {
        var key = (module.OriginalDefinition, ordinal);
        if (_modules.TryGetValue(key, out var known))
        {
            return known;
        }

        // Recursive modules: not covered on this path.
        var visiting = t_visiting ??= new HashSet<(IMethodSymbol Method, int Ordinal)>();
        if (!visiting.Add(key))
        {
            return false;
        }

        try
        {
            return _modules.GetOrAdd(key, ComputeModuleCovered(module, ordinal, depth, cancellationToken));
        }
        finally
        {
            visiting.Remove(key);
        }
    }

    private bool ComputeModuleCovered(IMethodSymbol module, int ordinal, int depth, CancellationToken cancellationToken)
    {
        var calls = 0;
        var covered = true;
        foreach (var (model, name) in CompilationFacts.NamesMentioning(_compilation, module.Name, cancellationToken))
        {
            if (name.Parent?.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } syntax
                || model.GetOperation(syntax, cancellationToken) is not IInvocationOperation call)
            {
                continue;
            }

            IOperation? argument;
            if (SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, module.OriginalDefinition))
            {
                argument = ordinal == ReceiverOrdinal ? call.Instance : call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == ordinal)?.Value;
            }
            else if (ordinal == ReceiverOrdinal && IsStaticFormOf(call.TargetMethod, module))
            {
                argument = call.Arguments.FirstOrDefault()?.Value;
            }
            else
            {
                continue;
            }

            calls++;
            covered &= argument is not null && Covers(argument, depth + 1, cancellationToken);
        }

        return calls > 0 && covered;
    }

    /// <summary>
    /// <c>OrderModule.MapOrders(app)</c>: the static form of an extension block member binds to the block's generated
    /// implementation method, with the receiver as its first parameter.
    /// </summary>
    private static bool IsStaticFormOf(IMethodSymbol target, IMethodSymbol member) =>
        target.IsStatic && !member.IsStatic && target.Name == member.Name
        && target.Parameters.Length == member.Parameters.Length + 1
        && SymbolEqualityComparer.Default.Equals(target.ContainingType, member.ContainingType.ContainingType);

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
        var returns = 0;
        foreach (var reference in helper.OriginalDefinition.DeclaringSyntaxReferences)
        {
            var syntax = reference.GetSyntax(cancellationToken);
            var body = syntax switch
            {
                MethodDeclarationSyntax { Body: { } block } => (SyntaxNode)block,
                MethodDeclarationSyntax { ExpressionBody: { } arrow } => arrow,
                LocalFunctionStatementSyntax { Body: { } block } => block,
                LocalFunctionStatementSyntax { ExpressionBody: { } arrow } => arrow,
                _ => null,
            };
            if (body is null)
            {
                continue;
            }

            if (CompilationFacts.ModelOf(_compilation, syntax.SyntaxTree, null) is not { } model
                || model.GetOperation(body, cancellationToken) is not { } root)
            {
                continue;
            }

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
        }

        return returns > 0;
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

    private bool IsAuthorizationConvention(IInvocationOperation call) => call.TargetMethod.Name switch
    {
        "RequireAuthorization" or "AllowAnonymous" => true,
        "WithMetadata" => call.Arguments.Any(a => a.Value.WalkDownConversions() switch
        {
            IArrayCreationOperation { Initializer: { } items } => items.ElementValues.Any(e => e.WalkDownConversions().Type is { } t && _metadata.IsAuthorizationType(t)),
            { Type: { } type } => _metadata.IsAuthorizationType(type),
            _ => false,
        }),
        _ => false,
    };
}
