using System;
using System.Collections.Generic;
using System.Collections.Immutable;

namespace SecureApi.Analyzers.Core.Naming;

/// <summary>
/// Who a record belongs to (SAPI2007). An owner member is named <c>&lt;X&gt;</c> or <c>&lt;X&gt;Id</c> where X is one of
/// <see cref="OwnerWords"/> (<c>UserId</c>, <c>Owner</c>, <c>CustomerId</c>, <c>TenantId</c>, <c>OrgId</c>...), or
/// <c>CreatedBy</c>/<c>CreatedById</c>. A service or member that gives the caller's identity says so in its name:
/// <c>ICurrentUser</c>, <c>CurrentMemberId</c>, <c>IUserContext</c>, <c>ITenantProvider</c>, <c>CallerId</c>.
/// </summary>
internal static class OwnerNames
{
    /// <summary>The owner words, as documented on docs/rules/SAPI2007.md.</summary>
    public static readonly ImmutableArray<string> OwnerWords = ImmutableArray.Create(
        "user", "owner", "customer", "account", "tenant", "organization", "org", "member", "patient", "client",
        "employee", "profile", "author", "creator", "subscriber");

    private static readonly HashSet<string> Owners = new(OwnerWords, StringComparer.Ordinal);

    /// <summary>After an owner word (or "user"), what makes a type or member the caller's: <c>UserContext</c>, <c>TenantProvider</c>.</summary>
    private static readonly HashSet<string> CallerNouns = new(StringComparer.Ordinal)
    {
        "context", "accessor", "provider", "principal", "claims", "session",
    };

    /// <summary>A member named like an owner: <c>UserId</c>, <c>Owner</c>, <c>OrgId</c>, <c>CreatedBy</c>, <c>CreatedById</c>.</summary>
    public static bool IsOwnerMember(string name)
    {
        var words = IdentifierWords.Split(name);
        var count = words.Length > 1 && words[words.Length - 1] == "id" ? words.Length - 1 : words.Length;
        return count switch
        {
            1 => Owners.Contains(words[0]),
            2 => words[0] == "created" && words[1] == "by",
            _ => false,
        };
    }

    /// <summary>
    /// Does a type or member name say it gives the caller's identity: "current" before an owner word, "user", "caller"
    /// or "principal" (<c>ICurrentUserService</c>, <c>CurrentMemberId</c>); "caller"; or an owner word followed by
    /// context, accessor, provider... (<c>IUserContext</c>, <c>ITenantProvider</c>)? <c>TenantDbContext</c> is not.
    /// </summary>
    public static bool SaysCallerIdentity(string name)
    {
        var words = IdentifierWords.Split(name);
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            if (word == "caller")
            {
                return true;
            }

            if (i + 1 < words.Length)
            {
                var next = words[i + 1];
                if (word == "current" && (Owners.Contains(next) || next is "principal" or "identity")
                    || Owners.Contains(word) && CallerNouns.Contains(next))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
