using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Naming;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Identity;

/// <summary>
/// The user lookups SAPI2006 follows, and the conditions that read as "no such user":
/// <list type="bullet">
/// <item><c>UserManager.FindByNameAsync/FindByEmailAsync/FindByIdAsync</c>;</item>
/// <item><c>FirstOrDefault(Async)</c>, <c>SingleOrDefault(Async)</c>, <c>Find(Async)</c> returning a user-like type (a
/// <c>DbSet</c> or query of <c>IdentityUser</c>-derived types, or of types named like accounts:
/// <see cref="UserTypeNames"/>), and an app's <c>Find*</c>/<c>Get*By*</c> repository methods returning one;</item>
/// </list>
/// stored in a local (<c>var user = await ...</c>) or declared by a pattern (<c>if (await ... is not { } user)</c>).
/// A lookup keyed by the caller's own identity (the argument reads a <c>ClaimsPrincipal</c>: <c>User</c>,
/// <c>HttpContext.User</c>, a principal parameter, directly or through a local) cannot tell anyone whether another
/// account exists and is not a lookup here.
/// </summary>
internal sealed class UserLookups
{
    private static readonly HashSet<string> IdentityLookups = new(StringComparer.Ordinal) { "FindByNameAsync", "FindByEmailAsync", "FindByIdAsync" };

    private static readonly HashSet<string> QueryLookups = new(StringComparer.Ordinal)
    {
        "FirstOrDefault", "FirstOrDefaultAsync", "SingleOrDefault", "SingleOrDefaultAsync", "Find", "FindAsync",
    };

    private readonly KnownTypes _types;

    public UserLookups(KnownTypes types) => _types = types;

    /// <summary>A lookup: the value that may be null (the call, or its <c>await</c>) and the local that holds it.</summary>
    public sealed class Lookup
    {
        public Lookup(IOperation value, ILocalSymbol user)
        {
            Value = value;
            User = user;
        }

        public IOperation Value { get; }

        public ILocalSymbol User { get; }
    }

    /// <summary>The lookup this call makes, or null.</summary>
    public Lookup? Recognise(IInvocationOperation call)
    {
        var method = call.TargetMethod;
        var name = method.Name;
        var isLookup = IdentityLookups.Contains(name) && method.ContainingType?.OriginalDefinition.IsOrDerivesFrom(_types.UserManager) == true
                       || (QueryLookups.Contains(name) || IsRepositoryLookup(method, call)) && IsUserLike(Unwrapped(method.ReturnType));
        if (!isLookup)
        {
            return null;
        }

        var value = call.WalkUpConversions();
        if (value.Parent is IAwaitOperation awaited)
        {
            value = awaited.WalkUpConversions();
        }

        if (Holder(value) is not { } user || ReadsCallerIdentity(call))
        {
            return null;
        }

        return new Lookup(value, user);
    }

    /// <summary>
    /// An app's repository method, <c>FindByEmailAsync</c>, <c>GetByUserNameAsync</c>, that takes the key (it may live in
    /// another project of the solution: the name and the returned type decide).
    /// </summary>
    private static bool IsRepositoryLookup(IMethodSymbol method, IInvocationOperation call) =>
        (method.Name.StartsWith("Find", StringComparison.Ordinal) || method.Name.StartsWith("Get", StringComparison.Ordinal) && method.Name.IndexOf("By", StringComparison.Ordinal) > 0)
        && call.Arguments.Length > 0;

    /// <summary>
    /// Does this condition operation say whether the user was found? True when it is true for a missing user
    /// (<c>user == null</c>, <c>user is null</c>, <c>user is not { }</c>), false when it is true for a found one
    /// (<c>user != null</c>, <c>user is { }</c>, <c>user is AppUser u</c>), null when it is not such a test.
    /// </summary>
    public static bool? MissingWhen(IOperation candidate, Lookup lookup)
    {
        switch (candidate)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                var tested = IsNull(comparison.RightOperand) ? comparison.LeftOperand : IsNull(comparison.LeftOperand) ? comparison.RightOperand : null;
                return tested is not null && IsUser(tested, lookup) ? comparison.OperatorKind == BinaryOperatorKind.Equals : null;
            case IIsPatternOperation test when IsUser(test.Value, lookup):
                return MissingWhenMatched(test.Pattern);
            default:
                return null;
        }
    }

    private static bool? MissingWhenMatched(IPatternOperation pattern) => pattern switch
    {
        IConstantPatternOperation constant => IsNull(constant.Value) ? true : null,
        INegatedPatternOperation negated => MissingWhenMatched(negated.Pattern) is { } inner ? !inner : null,

        // is { } / is AppUser u / is var-less type test: only a present user matches. A property pattern tests more than presence.
        IRecursivePatternOperation { PropertySubpatterns.Length: 0, DeconstructionSubpatterns.Length: 0 } => false,
        IDeclarationPatternOperation { MatchesNull: false } => false,
        ITypePatternOperation => false,
        _ => null,
    };

    private static bool IsNull(IOperation operation)
    {
        var value = operation.WalkDownConversions();
        return value is IDefaultValueOperation || value.ConstantValue is { HasValue: true, Value: null };
    }

    private static bool IsUser(IOperation operation, Lookup lookup)
    {
        var value = operation.WalkDownConversions();
        return value == lookup.Value.WalkDownConversions()
               || value is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, lookup.User);
    }

    /// <summary>The local the looked-up user is kept in: <c>var user = ...</c>, <c>user = ...</c>, <c>... is { } user</c>.</summary>
    private static ILocalSymbol? Holder(IOperation value) => value.Parent switch
    {
        IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
        ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == value => target.Local,
        IIsPatternOperation test when test.Value == value => Declared(test.Pattern),
        _ => null,
    };

    private static ILocalSymbol? Declared(IPatternOperation pattern) => pattern switch
    {
        INegatedPatternOperation negated => Declared(negated.Pattern),
        IRecursivePatternOperation { DeclaredSymbol: ILocalSymbol local } => local,
        IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol local } => local,
        _ => null,
    };

    private static ITypeSymbol Unwrapped(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "Task" or "ValueTask", TypeArguments.Length: 1 } task && task.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks"
            ? task.TypeArguments[0]
            : type;

    private bool IsUserLike(ITypeSymbol type) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct or TypeKind.Interface } named
        && (UserTypeNames.IsUserLike(named.Name) || named.IsOrDerivesFrom(_types.IdentityUser));

    /// <summary>The lookup's key comes from the signed-in caller (<c>FindByIdAsync(User.FindFirstValue(...))</c>).</summary>
    private bool ReadsCallerIdentity(IInvocationOperation call)
    {
        var principal = _types.ClaimsPrincipal;
        if (principal is null)
        {
            return false;
        }

        var root = call.GetRoot();
        foreach (var argument in call.Arguments)
        {
            foreach (var operation in argument.Value.DescendantsAndSelf())
            {
                if (operation.Type.IsOrDerivesFrom(principal)
                    || operation is ILocalReferenceOperation local
                    && LocalValues.FindSingleValue(local.Local, root) is { } value
                    && value.DescendantsAndSelf().Any(o => o.Type.IsOrDerivesFrom(principal)))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
