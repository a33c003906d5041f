using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SecureApi.CodeFixes.Core;

/// <summary>
/// Where the string of a finding (SQL, a command line) is written: at the sink itself, or in the initializer of a local
/// declared earlier (<c>var sql = $"..."; ... new SqlCommand(sql, connection)</c>) that is assigned nowhere else and
/// read only there.
/// </summary>
internal sealed class StringSource
{
    private StringSource(ExpressionSyntax template, VariableDeclaratorSyntax? declarator)
    {
        Template = template;
        Declarator = declarator;
    }

    /// <summary>The expression that writes the string.</summary>
    public ExpressionSyntax Template { get; }

    /// <summary>The local that holds it, when it is not written at the sink.</summary>
    public VariableDeclaratorSyntax? Declarator { get; }

    public static StringSource? Find(ExpressionSyntax sql, SemanticModel model, CancellationToken cancellationToken)
    {
        if (sql is not IdentifierNameSyntax identifier)
        {
            return new StringSource(sql, null);
        }

        if (model.GetSymbolInfo(identifier, cancellationToken).Symbol is not ILocalSymbol local
            || local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 })
        {
            return null;
        }

        // Read once (here) and never written again: rewriting the initializer changes nothing else.
        var scope = declarator.FirstAncestorOrSelf<SyntaxNode>(n => n is BlockSyntax or CompilationUnitSyntax or ArrowExpressionClauseSyntax);
        var uses = scope?.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(n => n.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, cancellationToken).Symbol, local))
            .ToList();
        return uses is { Count: 1 } ? new StringSource(initializer, declarator) : null;
    }
}
