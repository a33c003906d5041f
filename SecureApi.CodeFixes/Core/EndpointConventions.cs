using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Core;

/// <summary>Appends an endpoint convention call (<c>.RequireAuthorization()</c>) right after a <c>Map*</c> call.</summary>
internal static class EndpointConventions
{
    public static InvocationExpressionSyntax Append(InvocationExpressionSyntax endpoint, string convention, params ArgumentSyntax[] arguments)
    {
        // The call's trailing trivia (a newline before the next chained call) moves after the new convention.
        var call = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, endpoint.WithoutTrailingTrivia(), IdentifierName(convention)),
            ArgumentList(SeparatedList(arguments)));
        return call.WithTrailingTrivia(endpoint.GetTrailingTrivia());
    }
}
