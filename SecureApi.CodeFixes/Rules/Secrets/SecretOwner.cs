using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SecureApi.CodeFixes.Rules.Secrets;

/// <summary>
/// The class a derived configuration key is named after: the class of the member the code stores the secret in
/// when that is a class of the code (<c>new PaymentGatewayOptions { ApiKey = "..." }</c> in <c>Program.cs</c> is
/// <c>PaymentGateway:ApiKey</c>, <c>new PaymentGatewayClient(apiKey: "...")</c> too), else the class the literal is
/// written in (null in top-level statements).
/// </summary>
internal static class SecretOwner
{
    public static string? TypeName(SemanticModel model, LiteralExpressionSyntax literal, CancellationToken cancellationToken) =>
        StoredIn(model, literal, cancellationToken)?.Name
        ?? literal.Ancestors().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault()?.Identifier.ValueText;

    private static INamedTypeSymbol? StoredIn(SemanticModel model, LiteralExpressionSyntax literal, CancellationToken cancellationToken)
    {
        ExpressionSyntax value = literal;
        while (value.Parent is ParenthesizedExpressionSyntax
               || value.Parent is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.CoalesceExpression) && binary.Right == value
               || value.Parent is ConditionalExpressionSyntax conditional && (conditional.WhenTrue == value || conditional.WhenFalse == value))
        {
            value = (ExpressionSyntax)value.Parent;
        }

        var owner = value.Parent switch
        {
            AssignmentExpressionSyntax assignment when assignment.Right == value && assignment.IsKind(SyntaxKind.SimpleAssignmentExpression)
                => model.GetSymbolInfo(assignment.Left, cancellationToken).Symbol switch
                {
                    IPropertySymbol { IsIndexer: false } property => property.ContainingType,
                    IFieldSymbol field => field.ContainingType,
                    _ => null,
                },
            ArgumentSyntax { Parent: ArgumentListSyntax { Parent: BaseObjectCreationExpressionSyntax creation } }
                => (model.GetSymbolInfo(creation, cancellationToken).Symbol as IMethodSymbol)?.ContainingType,
            _ => null,
        };

        return owner is { TypeKind: TypeKind.Class or TypeKind.Struct } && owner.Locations.Any(l => l.IsInSource) && !owner.IsImplicitlyDeclared
            ? owner
            : null;
    }
}
