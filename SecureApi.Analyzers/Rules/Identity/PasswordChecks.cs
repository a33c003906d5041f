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
/// The password checks SAPI2006 follows, and the conditions in which a check reads as "failed":
/// <list type="bullet">
/// <item><c>UserManager.CheckPasswordAsync</c> and <c>Verify</c>-named checks of a password or hash (<c>BCrypt.Verify</c>,
/// <c>EnhancedVerify</c>, an app's <c>VerifyPassword</c>) returning <c>bool</c>: failed when the value is false;</item>
/// <item>the <c>SignInResult</c> of <c>SignInManager.PasswordSignInAsync</c>/<c>CheckPasswordSignInAsync</c>: failed when
/// <c>Succeeded</c> is false;</item>
/// <item><c>IPasswordHasher.VerifyHashedPassword</c>: failed when the result equals <c>PasswordVerificationResult.Failed</c>
/// (or differs from <c>Success</c>).</item>
/// </list>
/// The value is read where it is produced (<c>if (!await users.CheckPasswordAsync(...))</c>) or through the local that
/// holds it (<c>var result = await signIn.CheckPasswordSignInAsync(...); if (!result.Succeeded)</c>).
/// </summary>
internal sealed class PasswordChecks
{
    /// <summary>Words that put a <c>Verify</c>-named check (its name, its type's or an argument's) in password territory.</summary>
    private static readonly HashSet<string> PasswordWords = new(PasswordNames.Spellings, StringComparer.Ordinal)
    {
        "pin", "hash", "hashed", "hasher", "crypt", "bcrypt", "scrypt", "argon2", "pbkdf2", "credential", "credentials", "secret",
    };

    private readonly KnownTypes _types;

    public PasswordChecks(KnownTypes types) => _types = types;

    public enum Kind
    {
        /// <summary>true when the password is right.</summary>
        Bool,

        /// <summary>An Identity <c>SignInResult</c>: <c>Succeeded</c>.</summary>
        SignInResult,

        /// <summary>A <c>PasswordVerificationResult</c>: <c>Failed</c>, <c>Success</c>, <c>SuccessRehashNeeded</c>.</summary>
        VerificationResult,
    }

    /// <summary>Cheap name test before any symbol is read (asked of every invocation).</summary>
    public static bool MayBeCheck(string name) =>
        name is "CheckPasswordAsync" or "PasswordSignInAsync" or "CheckPasswordSignInAsync"
        || name.IndexOf("Verify", StringComparison.Ordinal) >= 0;

    /// <summary>The kind of password check this call is, or null.</summary>
    public Kind? Recognise(IInvocationOperation call)
    {
        var method = call.TargetMethod;
        var owner = method.ContainingType?.OriginalDefinition;
        switch (method.Name)
        {
            case "CheckPasswordAsync":
                return owner.IsOrDerivesFrom(_types.UserManager) ? Kind.Bool : null;
            case "PasswordSignInAsync" or "CheckPasswordSignInAsync":
                return owner.IsOrDerivesFrom(_types.SignInManager) ? Kind.SignInResult : null;
            case "VerifyHashedPassword" when method.ReturnType.Is(_types.PasswordVerificationResult):
                return Kind.VerificationResult;
        }

        // UserManager's token checks (VerifyTwoFactorTokenAsync, VerifyUserTokenAsync) check codes, not passwords.
        if (owner.IsOrDerivesFrom(_types.UserManager) || owner.IsOrDerivesFrom(_types.SignInManager)
            || !IdentifierWords.Split(method.Name).Contains("verify") || !ReturnsBool(method.ReturnType))
        {
            return null;
        }

        return IsAboutPasswords(method.Name) || IsAboutPasswords(method.ContainingType?.Name) || ArgumentsNamePasswords(call) ? Kind.Bool : null;
    }

    /// <summary>
    /// The condition operations that say the check failed, each with the value that means "failed": the check's own value
    /// (<paramref name="value"/>, the call or its <c>await</c>) or a local it was stored in, read as the kind requires.
    /// </summary>
    public bool? FailedWhen(IOperation candidate, Kind kind, IOperation value, ILocalSymbol? holder)
    {
        switch (kind)
        {
            case Kind.Bool:
                return IsValue(candidate, value, holder) ? false : null;
            case Kind.SignInResult:
                return candidate is IPropertyReferenceOperation { Property.Name: "Succeeded", Instance: { } instance }
                       && IsValue(instance, value, holder) ? false : null;
            default:
                if (candidate is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison)
                {
                    return null;
                }

                var field = IsValue(comparison.LeftOperand, value, holder) ? comparison.RightOperand
                    : IsValue(comparison.RightOperand, value, holder) ? comparison.LeftOperand : null;
                if (field?.WalkDownConversions() is not IFieldReferenceOperation { Field: { } member } || !member.ContainingType.Is(_types.PasswordVerificationResult))
                {
                    return null;
                }

                // == Failed and != Success are true on failure; == Success (or SuccessRehashNeeded) and != Failed are false.
                var equals = comparison.OperatorKind == BinaryOperatorKind.Equals;
                return member.Name == "Failed" ? equals : !equals;
        }
    }

    private static bool IsValue(IOperation candidate, IOperation value, ILocalSymbol? holder)
    {
        var operation = candidate.WalkDownConversions();
        return operation == value || holder is not null && operation is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, holder);
    }

    private static bool ReturnsBool(ITypeSymbol type) =>
        type.SpecialType == SpecialType.System_Boolean
        || type is INamedTypeSymbol { Name: "Task" or "ValueTask", TypeArguments: { Length: 1 } arguments } && arguments[0].SpecialType == SpecialType.System_Boolean;

    private static bool IsAboutPasswords(string? name)
    {
        if (name is null)
        {
            return false;
        }

        // BCrypt splits as "b crypt".
        if (name.IndexOf("crypt", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return true;
        }

        foreach (var word in IdentifierWords.Split(name))
        {
            if (PasswordWords.Contains(word))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>Verify(request.Password, user.PasswordHash)</c>: an argument names a password or its hash.</summary>
    private static bool ArgumentsNamePasswords(IInvocationOperation call)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue && IsAboutPasswords(argument.Value.GetReferencedSymbol()?.Name))
            {
                return true;
            }
        }

        return false;
    }
}
