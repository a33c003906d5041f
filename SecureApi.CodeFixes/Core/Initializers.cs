using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Core;

/// <summary>Adding a member assignment to an object creation's initializer, in the style the initializer already has.</summary>
internal static class Initializers
{
    /// <summary>
    /// <c>new T { A = 1 }</c> -> <c>new T { A = 1, member }</c>; <c>new T()</c> -> <c>new T { member }</c>. A trailing comma
    /// stays trailing, and a new comma goes right after the last member, before its line break.
    /// </summary>
    public static SyntaxNode AddMember(BaseObjectCreationExpressionSyntax creation, ExpressionSyntax member)
    {
        if (creation.Initializer is { } initializer)
        {
            // Keep the initializer's style: a trailing comma stays trailing.
            var expressions = initializer.Expressions;
            var hadTrailingComma = expressions.Count > 0 && expressions.SeparatorCount == expressions.Count;
            SeparatedSyntaxList<ExpressionSyntax> added;
            if (hadTrailingComma || expressions.Count == 0)
            {
                added = expressions.Add(member);
                if (hadTrailingComma)
                {
                    added = SeparatedList<ExpressionSyntax>(added.GetWithSeparators().Add(Token(SyntaxKind.CommaToken)));
                }
            }
            else
            {
                // The new comma goes right after the last member, before its line break: "ValidateAudience = true," not
                // a comma alone on the next line.
                var last = expressions.Last();
                var items = expressions.Replace(last, last.WithoutTrailingTrivia());
                added = items.GetWithSeparators().Count == 0
                    ? items
                    : SeparatedList<ExpressionSyntax>(items.GetWithSeparators()
                        .Add(Token(SyntaxKind.CommaToken).WithTrailingTrivia(last.GetTrailingTrivia()))
                        .Add(member));
            }

            return creation.WithInitializer(initializer.WithExpressions(added)).WithAdditionalAnnotations(Formatter.Annotation);
        }

        var created = creation.WithInitializer(InitializerExpression(SyntaxKind.ObjectInitializerExpression, SingletonSeparatedList<ExpressionSyntax>(member)));

        // new TokenValidationParameters() { ... } reads worse than new TokenValidationParameters { ... }.
        if (created is ObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: 0 } withEmptyArguments)
        {
            created = withEmptyArguments.WithArgumentList(null).WithType(withEmptyArguments.Type.WithTrailingTrivia(Space));
        }

        return created.WithAdditionalAnnotations(Formatter.Annotation);
    }
}
