using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Cors;

/// <summary>
/// One pass over the method, lambda or top-level program that holds a permissive origin call, answering "does
/// the same policy allow credentials?". The builder may be used in one fluent chain or across statements, kept
/// in locals, or be a <c>CorsPolicy</c> whose <c>SupportsCredentials</c> is set in its initializer or later.
/// </summary>
internal sealed class CorsPolicyScope
{
    private const int MaxAliasHops = 8;

    private readonly INamedTypeSymbol? _builder;
    private readonly INamedTypeSymbol? _policy;
    private readonly Dictionary<ILocalSymbol, IOperation> _localValues = new(SymbolEqualityComparer.Default);
    private readonly HashSet<ILocalSymbol> _reassignedLocals = new(SymbolEqualityComparer.Default);
    private readonly List<(IOperation Site, CorsPolicyIdentity Policy, bool Allows)> _credentialSites = new();

    public CorsPolicyScope(IOperation root, KnownTypes types)
    {
        _builder = types.CorsPolicyBuilder;
        _policy = types.CorsPolicy;
        var candidates = new List<(IOperation Site, IOperation Instance, bool Allows)>();
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation { Initializer.Value: { } value } declarator when IsPolicyType(declarator.Symbol.Type):
                    _localValues[declarator.Symbol] = value;
                    break;

                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } when IsPolicyType(local.Local.Type):
                    _reassignedLocals.Add(local.Local);
                    break;

                case IInvocationOperation { Instance: { } instance } invocation
                    when invocation.TargetMethod.ContainingType.Is(_builder)
                         && invocation.TargetMethod.Name is "AllowCredentials" or "DisallowCredentials":
                    candidates.Add((invocation, instance, invocation.TargetMethod.Name == "AllowCredentials"));
                    break;

                // SupportsCredentials = <not a constant>: unknown, neither allows nor withdraws.
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: { } instance } property } assignment
                    when property.Property.IsMember(_policy, "SupportsCredentials")
                         && (assignment.Value.IsConstantTrue() || assignment.Value.IsConstantFalse()):
                    candidates.Add((assignment, instance, assignment.Value.IsConstantTrue()));
                    break;
            }
        }

        foreach (var (site, instance, allows) in candidates)
        {
            _credentialSites.Add((site, Identify(instance), allows));
        }
    }

    /// <summary>
    /// The calls or assignments that allow credentials on <paramref name="policy"/>, minus those that a later
    /// <c>DisallowCredentials()</c> / <c>SupportsCredentials = false</c> surely withdraws.
    /// </summary>
    public List<IOperation> CredentialSites(CorsPolicyIdentity policy)
    {
        var mine = _credentialSites.Where(c => c.Policy.Equals(policy)).ToList();
        var withdrawals = mine.Where(c => !c.Allows).Select(c => c.Site).ToList();
        return mine
            .Where(c => c.Allows && !withdrawals.Any(w => Withdraws(w, c.Site)))
            .Select(c => c.Site)
            .ToList();
    }

    /// <summary>
    /// <paramref name="withdrawal"/> runs after <paramref name="allow"/> (fluent calls run left to right, statements
    /// top to bottom: the source position orders both) and is not in a branch, loop or callback that the allowing
    /// call is outside of.
    /// </summary>
    private static bool Withdraws(IOperation withdrawal, IOperation allow)
    {
        if (withdrawal.GetMemberNameLocation().SourceSpan.Start <= allow.GetMemberNameLocation().SourceSpan.Start)
        {
            return false;
        }

        for (var current = withdrawal.Parent; current is not null; current = current.Parent)
        {
            if (current.Syntax.Span.Contains(allow.Syntax.Span))
            {
                return true;
            }

            if (current is IConditionalOperation or ISwitchCaseOperation or ILoopOperation or ICatchClauseOperation
                or IConditionalAccessOperation or ICoalesceOperation or IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The policy an instance expression (the receiver of a builder call or <c>CorsPolicy</c> member) configures.</summary>
    public CorsPolicyIdentity Identify(IOperation instance)
    {
        for (var hop = 0; hop < MaxAliasHops; hop++)
        {
            instance = instance.WalkDownConversions();
            switch (instance)
            {
                case IInvocationOperation { Instance: { } receiver } chained when chained.TargetMethod.ContainingType.Is(_builder):
                    instance = receiver;
                    continue;

                case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } implicitReceiver
                    when implicitReceiver.FindInitializedObject() is { } created:
                    instance = created;
                    continue;

                case ILocalReferenceOperation local when !_reassignedLocals.Contains(local.Local)
                                                         && _localValues.TryGetValue(local.Local, out var value):
                    instance = value;
                    continue;

                case IObjectCreationOperation creation:
                    return CorsPolicyIdentity.Of(creation.Syntax);
            }

            return instance.GetReferencedSymbol() is { } symbol
                ? CorsPolicyIdentity.Of(symbol)
                : CorsPolicyIdentity.Of(instance.Syntax);
        }

        return CorsPolicyIdentity.Of(instance.Syntax);
    }

    private bool IsPolicyType(ITypeSymbol type) => type.Is(_builder) || type.Is(_policy);

}
