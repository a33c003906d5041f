using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Naming;

namespace SecureApi.Analyzers.Rules.Authorization;

/// <summary>
/// Does a handler use the caller's identity anywhere (SAPI2007)? <c>User</c>, <c>HttpContext.User</c>, any
/// <c>ClaimsPrincipal</c>/<c>ClaimsIdentity</c> value or parameter, <c>IAuthorizationService.AuthorizeAsync</c>, a service
/// or member named for the current user or tenant (<c>ICurrentUser</c>, <c>IUserContext</c>, <c>CurrentMemberId</c>),
/// or a member of the controller whose own code reads the user (<c>private string TenantId =&gt; User.FindFirstValue("tid")</c>).
/// Where it is used is not checked: seeing it at all silences the rule (precision first).
/// </summary>
internal sealed class CallerIdentity
{
    // Words a member's code spells when it reads the caller (for members of the controller one level deep).
    private static readonly ImmutableHashSet<string> IdentityWords = ImmutableHashSet.Create("User", "ClaimsPrincipal", "FindFirst", "FindFirstValue", "Claims");

    private readonly INamedTypeSymbol? _claimsPrincipal;
    private readonly INamedTypeSymbol? _claimsIdentity;
    private readonly INamedTypeSymbol? _authorizationService;
    private readonly INamedTypeSymbol? _authorizationServiceExtensions;
    private readonly ConcurrentDictionary<ISymbol, bool> _ownMembers = new(SymbolEqualityComparer.Default);

    public CallerIdentity(KnownTypes types)
    {
        _claimsPrincipal = types.ClaimsPrincipal;
        _claimsIdentity = types.ClaimsIdentity;
        _authorizationService = types.IAuthorizationService;
        _authorizationServiceExtensions = types.AuthorizationServiceExtensions;
    }

    public bool IsUsed(IOperation root, ImmutableArray<IParameterSymbol> parameters, INamedTypeSymbol? container, CancellationToken cancellationToken)
    {
        if (parameters.Any(p => IsIdentity(p.Type) || OwnerNames.SaysCallerIdentity(p.Type.Name)))
        {
            return true;
        }

        foreach (var operation in root.DescendantsAndSelf())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation.Type is { } type && (IsIdentity(type) || type.TypeKind is TypeKind.Interface or TypeKind.Class && OwnerNames.SaysCallerIdentity(type.Name)))
            {
                return true;
            }

            var member = operation switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IMemberReferenceOperation reference => reference.Member,
                _ => null,
            };
            if (member is null)
            {
                continue;
            }

            if (member.Name == "AuthorizeAsync" && (member.ContainingType.Is(_authorizationService) || member.ContainingType.Is(_authorizationServiceExtensions))
                || OwnerNames.SaysCallerIdentity(member.Name) || OwnerNames.SaysCallerIdentity(member.ContainingType?.Name ?? "")
                || IsOwnMemberReadingIdentity(member, container, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsIdentity(ITypeSymbol type) => type.IsOrDerivesFrom(_claimsPrincipal) || type.IsOrDerivesFrom(_claimsIdentity);

    /// <summary>A property or method of the handler's class (or a base class in source) whose code reads the caller.</summary>
    private bool IsOwnMemberReadingIdentity(ISymbol member, INamedTypeSymbol? container, CancellationToken cancellationToken)
    {
        if (container is null || member is not (IPropertySymbol or IMethodSymbol) || member.DeclaringSyntaxReferences.IsEmpty
            || !container.IsOrDerivesFrom(member.ContainingType?.OriginalDefinition))
        {
            return false;
        }

        return _ownMembers.GetOrAdd(member.OriginalDefinition, m => m.DeclaringSyntaxReferences.Any(r =>
            r.GetSyntax(cancellationToken).DescendantTokens().Any(t => IdentityWords.Contains(t.ValueText))));
    }
}
