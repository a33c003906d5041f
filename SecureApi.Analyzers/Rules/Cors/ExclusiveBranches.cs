using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SecureApi.Analyzers.Rules.Cors;

/// <summary>
/// Do two calls on the same policy run on mutually exclusive paths of one method? They do when they sit in different
/// branches of the same choice: the two sides of an <c>if</c>/<c>else</c> (an <c>else if</c> chain included), the two
/// arms of <c>?:</c>, two sections of a <c>switch</c> statement or two arms of a <c>switch</c> expression, and no loop
/// around that choice (inside the same lambda or method) can run both. Decided on the syntax, by walking up from
/// each call once: <c>if (noHosts) p.AllowAnyOrigin(); else p.WithOrigins(hosts).AllowCredentials();</c> is a
/// wildcard policy without credentials or a credentialed policy with explicit origins, never both.
/// </summary>
internal static class ExclusiveBranches
{
    public static bool AreExclusive(SyntaxNode first, SyntaxNode second)
    {
        if (first.SyntaxTree != second.SyntaxTree || first.Span.IntersectsWith(second.Span))
        {
            return false;
        }

        // The closest node holding both, and its children on the way to each.
        SyntaxNode? common = null;
        SyntaxNode? towardsFirst = null;
        for (var node = first; node.Parent is { } parent; node = parent)
        {
            if (parent.Span.Contains(second.Span))
            {
                common = parent;
                towardsFirst = node;
                break;
            }
        }

        if (common is null || towardsFirst is null)
        {
            return false;
        }

        SyntaxNode? towardsSecond = null;
        for (var node = second; node.Parent is { } parent; node = parent)
        {
            if (parent == common)
            {
                towardsSecond = node;
                break;
            }
        }

        if (towardsSecond is null || !Separates(common, towardsFirst, towardsSecond))
        {
            return false;
        }

        // A loop around the choice may take one side on one pass and the other side on the next.
        for (var node = common.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case ForStatementSyntax or ForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax:
                    return false;
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax
                    or CompilationUnitSyntax:
                    return true;
            }
        }

        return true;
    }

    /// <summary>Are <paramref name="a"/> and <paramref name="b"/> two different branches of the choice <paramref name="choice"/>?</summary>
    private static bool Separates(SyntaxNode choice, SyntaxNode a, SyntaxNode b) => choice switch
    {
        IfStatementSyntax ifStatement => IsIfBranch(ifStatement, a) && IsIfBranch(ifStatement, b),
        ConditionalExpressionSyntax conditional => IsArm(conditional, a) && IsArm(conditional, b),
        SwitchStatementSyntax => a is SwitchSectionSyntax && b is SwitchSectionSyntax,
        SwitchExpressionSyntax => a is SwitchExpressionArmSyntax && b is SwitchExpressionArmSyntax,
        _ => false,
    };

    private static bool IsIfBranch(IfStatementSyntax ifStatement, SyntaxNode child) => child == ifStatement.Statement || child == ifStatement.Else;

    private static bool IsArm(ConditionalExpressionSyntax conditional, SyntaxNode child) => child == conditional.WhenTrue || child == conditional.WhenFalse;
}
