using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Secrets;

/// <summary>
/// A secret written as the default of a property that the configuration binder fills
/// (<c>public string ApiKey { get; set; } = "sk_live_...";</c> in a class bound with <c>Configure&lt;T&gt;</c>,
/// <c>Bind</c>, <c>Get&lt;T&gt;</c>, <c>BindConfiguration</c>; see <see cref="BoundOptionsTypes"/>). Reading the value
/// there would run before the binder and throw whenever the secret is configured anywhere but the place the read
/// looks, so the literal is removed instead and the binder supplies the value: the initializer goes when the
/// property may be null (<c>string?</c>, <c>required</c>, nullable disabled), and becomes <c>string.Empty</c> (a
/// <c>string</c>) or <c>null!</c> (another reference type) when a missing initializer would be a nullable warning.
/// A literal that is only the fallback of the initializer (<c>a ?? "..."</c>, <c>c ? "..." : b</c>) becomes
/// <c>string.Empty</c>.
/// </summary>
internal static class BoundOptionsDefault
{
    public static (PropertyDeclarationSyntax? Property, ExpressionSyntax? Replacement, string Title)? Plan(
        SemanticModel model, LiteralExpressionSyntax literal, CancellationToken cancellationToken)
    {
        var (value, isFallback) = InitializerValue(literal);
        if (value.Parent is not EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax { AccessorList: not null } declaration }
            || model.GetDeclaredSymbol(declaration, cancellationToken) is not { } property
            || !IsFilledByTheBinder(property)
            || property.ContainingType is not { } type
            || !BoundOptionsTypes.For(model.Compilation).IsBound(type, cancellationToken))
        {
            return null;
        }

        var title = $"Remove the secret: {type.Name} is bound from configuration";
        if (isFallback)
        {
            return (null, EmptyString(), title);
        }

        if (property.IsRequired
            || property.Type.IsValueType
            || property.Type.NullableAnnotation != NullableAnnotation.NotAnnotated)
        {
            return (declaration, null, title);
        }

        return (null, property.Type.SpecialType == SpecialType.System_String ? EmptyString() : NullForgiven(), title);
    }

    /// <summary><c>public string? ApiKey { get; set; } = "...";</c> → <c>public string? ApiKey { get; set; }</c>, comments kept.</summary>
    public static PropertyDeclarationSyntax WithoutInitializer(PropertyDeclarationSyntax property)
    {
        if (property.Initializer is null || property.AccessorList is null)
        {
            return property;
        }

        var trailing = property.Initializer.GetTrailingTrivia().Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia))
            .Concat(property.SemicolonToken.TrailingTrivia);
        var accessors = property.AccessorList;
        var closeBrace = accessors.CloseBraceToken;
        return property
            .WithInitializer(null)
            .WithSemicolonToken(default)
            .WithAccessorList(accessors.WithCloseBraceToken(closeBrace.WithTrailingTrivia(TriviaList(trailing))));
    }

    /// <summary>
    /// The binder sets public instance properties with a public getter and a public setter (or <c>init</c>), declared
    /// on the class or inherited; a literal is held as a <c>string</c> (or an <c>object</c>, which the binder gives the
    /// configured text).
    /// </summary>
    private static bool IsFilledByTheBinder(IPropertySymbol property) =>
        !property.IsStatic
        && !property.IsIndexer
        && property.DeclaredAccessibility == Accessibility.Public
        && property.GetMethod is { DeclaredAccessibility: Accessibility.Public }
        && property.SetMethod is { DeclaredAccessibility: Accessibility.Public }
        && property.Type.SpecialType is SpecialType.System_String or SpecialType.System_Object;

    /// <summary>
    /// The initializer the literal is the value of (through parentheses, <c>??</c> fallbacks and conditional
    /// branches), and whether the literal is only a fallback there.
    /// </summary>
    private static (ExpressionSyntax Value, bool IsFallback) InitializerValue(ExpressionSyntax literal)
    {
        var value = literal;
        var isFallback = false;
        while (true)
        {
            switch (value.Parent)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    value = parenthesized;
                    continue;
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.CoalesceExpression) && binary.Right == value:
                    value = binary;
                    isFallback = true;
                    continue;
                case ConditionalExpressionSyntax conditional when conditional.WhenTrue == value || conditional.WhenFalse == value:
                    value = conditional;
                    isFallback = true;
                    continue;
                default:
                    return (value, isFallback);
            }
        }
    }

    private static ExpressionSyntax EmptyString() =>
        MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, PredefinedType(Token(SyntaxKind.StringKeyword)), IdentifierName("Empty"));

    private static ExpressionSyntax NullForgiven() =>
        PostfixUnaryExpression(SyntaxKind.SuppressNullableWarningExpression, LiteralExpression(SyntaxKind.NullLiteralExpression));
}
