using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.AppFacts;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.AspNetCore.Endpoints;

/// <summary>
/// App-wide rate-limiting facts: a global limiter (<c>RateLimiterOptions.GlobalLimiter = ...</c>) limits every
/// endpoint; <c>MapControllers().RequireRateLimiting(...)</c> limits every action; without <c>UseRateLimiter()</c>
/// no limit runs at all. Found lazily once per compilation, binding only the trees that mention these names.
/// </summary>
internal sealed class RateLimitingFacts
{
    /// <summary>The <c>RateLimiterOptionsExtensions</c> and <c>RateLimiterOptions</c> methods that register a named policy.</summary>
    private static readonly string[] PolicyRegistrations =
    {
        "AddFixedWindowLimiter", "AddSlidingWindowLimiter", "AddTokenBucketLimiter", "AddConcurrencyLimiter", "AddPolicy",
    };

    private RateLimitingFacts(bool globalLimiter, bool controllersLimited, bool usesRateLimiter)
    {
        HasGlobalLimiter = globalLimiter;
        ControllersLimited = controllersLimited;
        UsesRateLimiter = usesRateLimiter;
    }

    public bool HasGlobalLimiter { get; }

    /// <summary><c>MapControllers().RequireRateLimiting(...)</c>: every action has a policy.</summary>
    public bool ControllersLimited { get; }

    /// <summary>Some code of the compilation calls <c>UseRateLimiter()</c> (a call that does not bind counts).</summary>
    public bool UsesRateLimiter { get; }

    public static RateLimitingFacts Compute(Compilation compilation, KnownTypes types, CancellationToken cancellationToken)
    {
        var global = CompilationFacts.AnyOperationAround(compilation, "GlobalLimiter", cancellationToken, o => IsGlobalLimiter(o, types));

        var controllers = false;
        foreach (var mapper in ControllerConventions.RouteMappers)
        {
            controllers = controllers || CompilationFacts.AnyOperationAround(compilation, mapper, cancellationToken, o =>
                o is IInvocationOperation call
                && call.TargetMethod.ContainingType.Is(types.ControllerEndpointRouteBuilderExtensions)
                && BuilderConventions.AppliedAfter(call, static c => c.TargetMethod.Name == "RequireRateLimiting"));
        }

        var uses = WebApplications.CallsAnywhere(compilation, "UseRateLimiter", WebApplications.IsFrameworkBuilderExtension, cancellationToken);
        return new RateLimitingFacts(global, controllers, uses);
    }

    /// <summary><c>options.GlobalLimiter = PartitionedRateLimiter.Create(...)</c> (not <c>= null</c>).</summary>
    public static bool IsGlobalLimiter(IOperation operation, KnownTypes types) =>
        operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: var property } } assignment
        && property.IsMember(types.RateLimiterOptions, "GlobalLimiter")
        && assignment.Value.WalkDownConversions().ConstantValue is not { HasValue: true, Value: null };

    /// <summary>
    /// The names of the rate-limiter policies the compilation registers (<c>AddFixedWindowLimiter("auth", ...)</c>,
    /// <c>AddPolicy("api", ...)</c>, a constant for the name), or null when one of them is not a constant.
    /// </summary>
    public static ImmutableArray<string>? PolicyNames(Compilation compilation, KnownTypes types, CancellationToken cancellationToken)
    {
        var names = new SortedSet<string>(System.StringComparer.Ordinal);
        foreach (var registration in PolicyRegistrations)
        {
            foreach (var (model, name) in CompilationFacts.NamesMentioning(compilation, registration, cancellationToken))
            {
                if (name.Parent?.Parent is not Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax syntax
                    || model.GetOperation(syntax, cancellationToken) is not IInvocationOperation call
                    || !IsPolicyRegistration(call.TargetMethod, types))
                {
                    continue;
                }

                if (call.Arguments.FirstOrDefault(a => a.Parameter?.Name == "policyName")?.Value.ConstantValue is not { HasValue: true, Value: string policy })
                {
                    return null;
                }

                names.Add(policy);
            }
        }

        return names.ToImmutableArray();
    }

    private static bool IsPolicyRegistration(IMethodSymbol method, KnownTypes types)
    {
        var original = (method.ReducedFrom ?? method).OriginalDefinition;
        return original.ContainingType.Is(types.RateLimiterOptions)
               || original.IsExtensionMethod && original.Parameters.Length > 0 && original.Parameters[0].Type.Is(types.RateLimiterOptions);
    }
}
