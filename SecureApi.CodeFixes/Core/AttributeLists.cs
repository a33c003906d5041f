using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Core;

/// <summary>Adds or removes an attribute on its own line above a declaration, keeping doc comments and indentation in place.</summary>
internal static class AttributeLists
{
    /// <summary><c>[Name]</c> as the declaration's first attribute list (doc comments stay above it).</summary>
    public static MemberDeclarationSyntax Prepend(MemberDeclarationSyntax member, string attributeName) =>
        Prepend(member, Attribute(IdentifierName(attributeName)));

    /// <summary>An attribute with arguments (<c>[EnableRateLimiting("auth")]</c>) as the declaration's first attribute list.</summary>
    public static MemberDeclarationSyntax Prepend(MemberDeclarationSyntax member, AttributeSyntax attribute)
    {
        var leading = member.GetLeadingTrivia();
        var indentation = leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia)
            ? TriviaList(leading.Last())
            : TriviaList();
        var list = AttributeList(SingletonSeparatedList(attribute))
            .WithLeadingTrivia(leading)
            .WithTrailingTrivia(NewLine(member));

        var stripped = member.WithLeadingTrivia(indentation);
        return stripped.WithAttributeLists(stripped.AttributeLists.Insert(0, list));
    }

    /// <summary>
    /// The declaration without <paramref name="attribute"/>: its list goes when it held only that attribute, and the list's
    /// leading trivia (doc comments, indentation) moves to what then comes first.
    /// </summary>
    public static MemberDeclarationSyntax Remove(MemberDeclarationSyntax member, AttributeSyntax attribute)
    {
        if (attribute.Parent is not AttributeListSyntax list || !member.AttributeLists.Contains(list))
        {
            return member;
        }

        if (list.Attributes.Count > 1)
        {
            return member.ReplaceNode(list, list.WithAttributes(list.Attributes.Remove(attribute)));
        }

        var index = member.AttributeLists.IndexOf(list);
        var stripped = member.WithAttributeLists(member.AttributeLists.RemoveAt(index));
        if (index > 0)
        {
            return stripped;
        }

        var first = stripped.GetFirstToken();
        return stripped.ReplaceToken(first, first.WithLeadingTrivia(list.GetLeadingTrivia()));
    }

    private static SyntaxTrivia NewLine(SyntaxNode node)
    {
        var endOfLine = node.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : CarriageReturnLineFeed;
    }
}
