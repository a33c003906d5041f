using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SecureApi.CodeFixes.Core;

/// <summary>Where a fix can put new statements: next to the statement that holds an expression.</summary>
internal static class Statements
{
    /// <summary>
    /// The statement holding <paramref name="node"/> that sits in a block, a switch section or the top-level
    /// program (where statements can be inserted before it); null when the expression is in an expression-bodied
    /// member or lambda, or the statement is an embedded one (<c>if (x) return ...;</c>).
    /// </summary>
    public static StatementSyntax? Enclosing(SyntaxNode node)
    {
        for (var current = node; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax when current != node:
                    return null;
                case StatementSyntax statement:
                    return statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax ? statement : null;
            }
        }

        return null;
    }
}
