using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SecureApi.CodeFixes.Rules.Jwt;

/// <summary>Finds the flagged <c>Member = value</c> assignment of a JWT diagnostic and the value it stores.</summary>
internal static class JwtAssignmentSyntax
{
    /// <summary>The assignment a diagnostic was reported on (its location starts at the member name), if it is still there.</summary>
    public static AssignmentExpressionSyntax? Find(SyntaxNode root, Diagnostic diagnostic, string member)
    {
        if (!diagnostic.Location.IsInSource || diagnostic.Location.SourceTree != root.SyntaxTree)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return node.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { } assignment
               && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
               && TargetName(assignment) == member
            ? assignment
            : null;
    }

    /// <summary>The expression finally stored: <c>false</c> in <c>p.ValidateIssuer = p.ValidateAudience = false</c>.</summary>
    public static ExpressionSyntax StoredValue(AssignmentExpressionSyntax assignment)
    {
        var value = assignment.Right;
        while (value is AssignmentExpressionSyntax inner && inner.IsKind(SyntaxKind.SimpleAssignmentExpression))
        {
            value = inner.Right;
        }

        return value;
    }

    public static ExpressionSyntax TrueLiteral(ExpressionSyntax replaced) =>
        SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(replaced);

    private static string? TargetName(AssignmentExpressionSyntax assignment) => assignment.Left switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        _ => null,
    };
}
