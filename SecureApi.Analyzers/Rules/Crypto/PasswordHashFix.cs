using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>What SAPI6002's fix rewrites: the call that turns the hash into a string, and the password string to hash instead.</summary>
internal sealed class PasswordHashFix
{
    private PasswordHashFix(SyntaxNode conversion, SyntaxNode password)
    {
        Conversion = conversion;
        Password = password;
    }

    /// <summary><c>Convert.ToBase64String(SHA256.HashData(...))</c>, <c>BitConverter.ToString(...).Replace("-", "")</c>.</summary>
    public SyntaxNode Conversion { get; }

    /// <summary>The string expression with the password (without a salt concatenated to it).</summary>
    public SyntaxNode Password { get; }

    /// <summary>
    /// The shape <c>new PasswordHasher&lt;object&gt;().HashPassword(null!, password)</c> can replace: a hash of
    /// <c>Encoding.X.GetBytes(string)</c> turned straight into a string by <c>Convert.ToBase64String</c>,
    /// <c>Convert.ToHexString</c>, <c>Convert.ToHexStringLower</c> or <c>BitConverter.ToString</c> (with or without
    /// <c>.Replace("-", "")</c>), and not changed further (<c>.ToLowerInvariant()</c> would corrupt a password hash).
    /// </summary>
    public static PasswordHashFix? Find(PasswordHash hash, WeakHashTypes types)
    {
        if (hash.Sink is not IInvocationOperation { TargetMethod.Name: "HashData" or "ComputeHash" } call
            || call.WalkUpConversions().Parent is not IArgumentOperation { Parent: IInvocationOperation conversion }
            || conversion.Arguments.Length != 1
            || !IsToString(conversion.TargetMethod, types))
        {
            return null;
        }

        IOperation whole = conversion;
        if (conversion.Parent is IInvocationOperation { TargetMethod.Name: "Replace", Arguments.Length: 2 } replace && replace.Instance == conversion
            && replace.Arguments[0].Value.TryGetConstantString(out var dash) && dash == "-"
            && replace.Arguments[1].Value.TryGetConstantString(out var nothing) && nothing.Length == 0)
        {
            whole = replace;
        }

        var used = whole.WalkUpConversions();
        if (used.Parent is IInvocationOperation next && next.Instance == used
            || used.Parent is IPropertyReferenceOperation member && member.Instance == used
            || PasswordValues.FindPasswordString(hash.Input, types) is not { } password)
        {
            return null;
        }

        return new PasswordHashFix(whole.Syntax, password.Syntax);
    }

    private static bool IsToString(IMethodSymbol method, WeakHashTypes types) =>
        (method.ContainingType.Is(types.Convert) && method.Name is "ToBase64String" or "ToHexString" or "ToHexStringLower")
        || (method.ContainingType.Is(types.BitConverter) && method.Name == "ToString");
}
