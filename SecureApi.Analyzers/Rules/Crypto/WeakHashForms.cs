using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>
/// SAPI6001's forms: static members of MD5/SHA1 and their derived types (<c>HashData</c>, <c>HashDataAsync</c>,
/// <c>TryHashData</c>, <c>Create</c>) and of HMACMD5, object creation of MD5/SHA1-derived types and HMACMD5,
/// CryptoConfig names given to <c>CryptoConfig.CreateFromName</c> and the <c>Create(string)</c> factories, the
/// obsolete <c>HashAlgorithm.Create()</c> (SHA-1), and <c>HashAlgorithmName.MD5</c>/<c>SHA1</c> used as a value.
/// HMAC-SHA1 and RSA OAEP with SHA-1 are not broken and not reported; PBKDF2 with SHA-1 is SAPI6003's finding;
/// comparisons with a name are how code rejects it.
/// </summary>
internal static class WeakHashForms
{
    private const string Sha256 = "SHA256";
    private const string HmacSha256 = "HMACSHA256";
    private const string CryptographyNamespace = "System.Security.Cryptography";

    private static readonly HashSet<string> StaticMembers = new(StringComparer.Ordinal) { "HashData", "HashDataAsync", "TryHashData", "Create" };

    public static WeakHashUse? Of(IInvocationOperation call, WeakHashTypes types)
    {
        var method = call.TargetMethod;
        var type = method.ContainingType;
        if (call.Instance is not null || type is null)
        {
            return null;
        }

        var algorithm = !StaticMembers.Contains(method.Name) ? null
            : type.IsOrDerivesFrom(types.Md5) ? WeakHashNames.Md5
            : type.IsOrDerivesFrom(types.Sha1) ? WeakHashNames.Sha1
            : type.IsOrDerivesFrom(types.HmacMd5) && method.Name != "Create" ? WeakHashNames.HmacMd5
            : null;
        if (algorithm is not null)
        {
            return OneShotOrCreate(call, type.Name + "." + method.Name, algorithm, algorithm == WeakHashNames.HmacMd5 ? HmacSha256 : Sha256);
        }

        // HashAlgorithm.Create() (obsolete) creates CryptoConfig's default hash: SHA-1.
        if (method.Name == "Create" && method.Parameters.Length == 0 && type.Is(types.HashAlgorithm))
        {
            return OneShotOrCreate(call, "HashAlgorithm.Create()", WeakHashNames.Sha1, Sha256);
        }

        return IsNamedFactory(method, types) ? NamedFactory(call, types) : null;
    }

    public static WeakHashUse? Of(IObjectCreationOperation creation, WeakHashTypes types)
    {
        if (creation.Type is not INamedTypeSymbol type)
        {
            return null;
        }

        var syntax = creation.Syntax as ObjectCreationExpressionSyntax;
        if (type.IsOrDerivesFrom(types.Md5) || type.IsOrDerivesFrom(types.Sha1))
        {
            // new SHA1Managed() -> SHA256.Create(); a type of your own may do more than hash.
            var canEdit = type.IsInNamespace(CryptographyNamespace) && syntax is { Initializer: null } && (syntax.ArgumentList is null || syntax.ArgumentList.Arguments.Count == 0);
            return new WeakHashUse(creation, WeakHashSubject.HashObject, "new " + type.Name, type.IsOrDerivesFrom(types.Md5) ? WeakHashNames.Md5 : WeakHashNames.Sha1,
                NewLocation(creation), canEdit ? WeakHashAnalyzer.CreateEdit : null, syntax, Sha256);
        }

        if (type.IsOrDerivesFrom(types.HmacMd5))
        {
            var name = type.Is(types.HmacMd5) && syntax is not null ? RightmostName(syntax.Type) : null;
            return new WeakHashUse(creation, WeakHashSubject.HashObject, "new " + type.Name, WeakHashNames.HmacMd5,
                NewLocation(creation), name is null ? null : WeakHashAnalyzer.RenameEdit, name, HmacSha256);
        }

        // new HashAlgorithmName("SHA1")
        if (type.Is(types.HashAlgorithmName) && creation.Arguments.Length == 1 && creation.Arguments[0].Value.TryGetConstantString(out var text)
            && WeakHashNames.Display(text.ToUpperInvariant()) is WeakHashNames.Md5 or WeakHashNames.Sha1)
        {
            return NameUse(creation, $"new HashAlgorithmName(\"{text}\")", text.ToUpperInvariant(), WeakHashAnalyzer.NameEdit, syntax, types);
        }

        return null;
    }

    /// <summary><c>HashAlgorithmName.MD5</c> / <c>HashAlgorithmName.SHA1</c>.</summary>
    public static WeakHashUse? Of(IPropertyReferenceOperation reference, WeakHashTypes types)
    {
        var property = reference.Property;
        if (reference.Instance is not null || property.Name is not ("MD5" or "SHA1") || !property.ContainingType.Is(types.HashAlgorithmName))
        {
            return null;
        }

        var name = reference.Syntax switch
        {
            MemberAccessExpressionSyntax access => access.Name,
            SimpleNameSyntax simple => simple,
            _ => null,
        };
        return NameUse(reference, "HashAlgorithmName." + property.Name, property.Name, name is null ? null : WeakHashAnalyzer.RenameEdit, name, types);
    }

    /// <summary>
    /// The API a <c>HashAlgorithmName</c> value is passed to, seen through conversions: the invocation or creation
    /// of which it is an argument.
    /// </summary>
    public static IOperation? Consumer(IOperation value) =>
        value.WalkUpConversions().Parent is IArgumentOperation { Parent: { } consumer } ? consumer : null;

    private static WeakHashUse OneShotOrCreate(IInvocationOperation call, string form, string algorithm, string replacement)
    {
        var isCreate = call.TargetMethod.Name == "Create";
        var name = call.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } ? RightmostName(access.Expression) : null;
        var (edit, node) = name is null ? (null, null)
            : isCreate ? (WeakHashAnalyzer.RecreateEdit, (SyntaxNode)call.Syntax)
            : (WeakHashAnalyzer.RenameEdit, name);
        return new WeakHashUse(call, isCreate ? WeakHashSubject.HashObject : WeakHashSubject.OneShot, form, algorithm, Callee(call), edit, node, replacement);
    }

    private static bool IsNamedFactory(IMethodSymbol method, WeakHashTypes types) =>
        method.Parameters.Length > 0 && method.Parameters[0].Type.SpecialType == SpecialType.System_String
        && ((method.Name == "CreateFromName" && method.ContainingType.Is(types.CryptoConfig))
            || (method.Name == "Create" && (method.ContainingType.Is(types.HashAlgorithm) || method.ContainingType.Is(types.KeyedHashAlgorithm) || method.ContainingType.Is(types.Hmac))));

    /// <summary><c>CryptoConfig.CreateFromName("SHA1")</c>, <c>HashAlgorithm.Create("MD5")</c>, <c>HMAC.Create("HMACMD5")</c> (constants only).</summary>
    private static WeakHashUse? NamedFactory(IInvocationOperation call, WeakHashTypes types)
    {
        var argument = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0);
        if (argument is null || !argument.Value.TryGetConstantString(out var name) || WeakHashNames.FromCryptoConfigName(name) is not { } algorithm)
        {
            return null;
        }

        var method = call.TargetMethod;
        var hmac = algorithm == WeakHashNames.HmacMd5;
        var literal = argument.Value.WalkDownConversions().Syntax as LiteralExpressionSyntax;

        // The SHA-256 object must still be what the code casts the result to: not (MD5)CryptoConfig.CreateFromName("MD5").
        var canEdit = literal is not null && literal.IsKind(SyntaxKind.StringLiteralExpression)
                      && (hmac ? types.HmacSha256 : types.Sha256) is { } created
                      && IsAssignable(created, method.ReturnType) && CastsAccept(call, created);
        return new WeakHashUse(call, WeakHashSubject.HashObject, $"{method.ContainingType.Name}.{method.Name}(\"{name}\")", algorithm,
            argument.Value.Syntax.GetLocation(), canEdit ? WeakHashAnalyzer.LiteralEdit : null, literal, hmac ? HmacSha256 : Sha256);
    }

    private static WeakHashUse? NameUse(IOperation value, string form, string name, string? edit, SyntaxNode? editNode, WeakHashTypes types)
    {
        if (IsComparedOrNamed(value))
        {
            return null;
        }

        var algorithm = name == "MD5" ? WeakHashNames.Md5 : WeakHashNames.Sha1;

        // PBKDF2 with HMAC-SHA1 is SAPI6003's finding (its iterations decide), not a broken hash.
        if (algorithm == WeakHashNames.Sha1 && IsPbkdf2(Consumer(value), types))
        {
            return null;
        }

        if (Consumer(value) is IInvocationOperation { TargetMethod: var method })
        {
            // HMAC-SHA1 and OAEP with SHA-1 stand: neither relies on collision resistance.
            var isHmac = (method.Name == "CreateHMAC" && method.ContainingType.Is(types.IncrementalHash))
                         || (method.ContainingType.Is(types.CryptographicOperations) && method.Name.IndexOf("Hmac", StringComparison.Ordinal) >= 0);
            if ((isHmac || (method.Name == "CreateOaep" && method.ContainingType.Is(types.RsaEncryptionPadding))) && algorithm == WeakHashNames.Sha1)
            {
                return null;
            }

            if (isHmac)
            {
                algorithm = WeakHashNames.HmacMd5;
            }
        }

        return new WeakHashUse(value, WeakHashSubject.Name, form, algorithm, value.Syntax.GetLocation(), edit, editNode, Sha256);
    }

    /// <summary><c>new Rfc2898DeriveBytes(..., hashAlgorithm)</c> or <c>Rfc2898DeriveBytes.Pbkdf2(..., hashAlgorithm, ...)</c>.</summary>
    private static bool IsPbkdf2(IOperation? consumer, WeakHashTypes types) => consumer switch
    {
        IObjectCreationOperation creation => creation.Type.IsOrDerivesFrom(types.Rfc2898DeriveBytes),
        IInvocationOperation { TargetMethod: { Name: "Pbkdf2", IsStatic: true } method } => method.ContainingType.Is(types.Rfc2898DeriveBytes),
        _ => false,
    };

    /// <summary>
    /// <c>name == HashAlgorithmName.SHA1</c>, <c>name.Equals(HashAlgorithmName.SHA1)</c>,
    /// <c>HashAlgorithmName.SHA1.Name != algorithm</c>, <c>nameof(HashAlgorithmName.SHA1)</c>: code that checks for
    /// (and usually rejects) the algorithm rather than using it.
    /// </summary>
    private static bool IsComparedOrNamed(IOperation value)
    {
        for (var ancestor = value.Parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            if (ancestor is INameOfOperation)
            {
                return true;
            }
        }

        var current = value.WalkUpConversions();
        while (true)
        {
            switch (current.Parent)
            {
                case IPropertyReferenceOperation member when member.Instance == current:
                    current = member.WalkUpConversions();
                    continue;
                case IInvocationOperation call when call.Instance == current:
                    if (IsEquality(call.TargetMethod))
                    {
                        return true;
                    }

                    current = call.WalkUpConversions();
                    continue;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals }:
                    return true;
                case IArgumentOperation { Parent: IInvocationOperation call } when IsEquality(call.TargetMethod):
                    return true;
                default:
                    return false;
            }
        }
    }

    private static bool IsEquality(IMethodSymbol method) => method.Name is "Equals" or "ReferenceEquals";

    private static bool IsAssignable(INamedTypeSymbol created, ITypeSymbol? target) =>
        target is not null
        && (target.SpecialType == SpecialType.System_Object || created.IsOrDerivesFrom(target as INamedTypeSymbol)
            || created.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, target)));

    private static bool CastsAccept(IOperation value, INamedTypeSymbol created)
    {
        for (var parent = value.Parent; parent is IConversionOperation conversion; parent = parent.Parent)
        {
            if (!IsAssignable(created, conversion.Type))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The last identifier of a type written as an expression or a type (<c>MD5</c>, <c>System.Security.Cryptography.MD5</c>).</summary>
    private static SimpleNameSyntax? RightmostName(SyntaxNode node) => node switch
    {
        IdentifierNameSyntax identifier => identifier,
        MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name } => name,
        QualifiedNameSyntax { Right: IdentifierNameSyntax right } => right,
        AliasQualifiedNameSyntax { Name: IdentifierNameSyntax aliased } => aliased,
        _ => null,
    };

    /// <summary>
    /// The invoked member with its receiver (<c>MD5.HashData</c>, <c>sha.ComputeHash</c>), or only its name when the
    /// receiver is on other lines: one line, where the algorithm is named.
    /// </summary>
    public static Location Callee(IOperation operation)
    {
        var syntax = operation.Syntax;
        var tree = syntax.SyntaxTree;
        switch (syntax)
        {
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access }:
                return IsOneLine(access) ? access.GetLocation() : access.Name.GetLocation();
            case InvocationExpressionSyntax invocation:
                return invocation.Expression.GetLocation();
            case BaseObjectCreationExpressionSyntax:
                return NewLocation(operation);
            case AssignmentExpressionSyntax assignment:
                return IsOneLine(assignment.Left) ? assignment.Left.GetLocation()
                    : assignment.Left is MemberAccessExpressionSyntax member ? member.Name.GetLocation() : Location.Create(tree, assignment.OperatorToken.Span);
            default:
                return syntax.GetLocation();
        }
    }

    /// <summary><c>new HMACMD5</c> (without the arguments); the whole <c>new(...)</c> of a target-typed creation.</summary>
    private static Location NewLocation(IOperation creation) => creation.Syntax switch
    {
        ObjectCreationExpressionSyntax explicitType => Location.Create(explicitType.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(explicitType.NewKeyword.SpanStart, explicitType.Type.Span.End)),
        ImplicitObjectCreationExpressionSyntax implicitType when !IsOneLine(implicitType) => implicitType.NewKeyword.GetLocation(),
        var other => other.GetLocation(),
    };

    private static bool IsOneLine(SyntaxNode node) => SingleLineLocation.IsOneLine(node.SyntaxTree, node.Span);
}
