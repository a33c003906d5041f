using System;
using System.Collections.Generic;

namespace SecureApi.Analyzers.Core.Naming;

/// <summary>
/// Names of types whose instances are the accounts people sign in with: the last word says what the type is
/// (<c>ApplicationUser</c>, <c>StaffUser</c>, <c>Member</c>, <c>CustomerAccount</c>, <c>Operator</c>).
/// <c>UserSettings</c>, <c>AccountBalance</c> and <c>MemberCard</c> are something else.
/// </summary>
internal static class UserTypeNames
{
    private static readonly HashSet<string> AccountWords = new(StringComparer.Ordinal)
    {
        "user", "member", "account", "customer", "staff", "operator", "employee", "admin", "administrator", "login",
        "subscriber", "player", "student", "patient", "client", "person", "principal", "agent", "owner",
    };

    /// <summary>Is the type named like an account (its last word, <c>ApplicationUser</c>, <c>AppUser</c>, <c>StaffMember</c>)?</summary>
    public static bool IsUserLike(string? typeName) => IdentifierWords.Last(typeName) is { } last && AccountWords.Contains(last);
}
