using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace SecureApi.Analyzers.Core.Operations;

internal static class OperationExtensions
{
    /// <summary>Skips implicit and explicit conversions (and the parentheses C# drops anyway).</summary>
    public static IOperation WalkDownConversions(this IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    public static IOperation? WalkUpConversions(this IOperation operation)
    {
        var parent = operation.Parent;
        while (parent is IConversionOperation)
        {
            operation = parent;
            parent = parent.Parent;
        }

        return parent;
    }

    /// <summary>The top of the operation tree (the method body, field initializer, or top-level statements).</summary>
    public static IOperation GetRoot(this IOperation operation)
    {
        while (operation.Parent is not null)
        {
            operation = operation.Parent;
        }

        return operation;
    }

    /// <summary>
    /// The smallest operation in which <paramref name="symbol"/> can be referenced: the body of the lambda or
    /// local function declaring a parameter, otherwise the whole operation tree.
    /// </summary>
    public static IOperation GetScopeOf(this IOperation operation, ISymbol symbol)
    {
        if (symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } owner })
        {
            for (var current = operation; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation lambda when SymbolEqualityComparer.Default.Equals(lambda.Symbol, owner):
                        return lambda.Body;
                    case ILocalFunctionOperation local when SymbolEqualityComparer.Default.Equals(local.Symbol, owner):
                        return (IOperation?)local.Body ?? (IOperation?)local.IgnoredBody ?? local;
                }
            }
        }

        return operation.GetRoot();
    }

    /// <summary>The symbol a reference operation names (local, parameter, field or property), if any.</summary>
    public static ISymbol? GetReferencedSymbol(this IOperation operation) => operation.WalkDownConversions() switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field,
        IPropertyReferenceOperation property when property.Arguments.Length == 0 => property.Property,
        _ => null,
    };

    /// <summary>
    /// The location of an invoked member's name through the end of its argument list (<c>AllowAnyOrigin()</c>
    /// in <c>policy.WithMethods("GET").AllowAnyOrigin()</c>), so a diagnostic lands on the call rather than on
    /// the start of a fluent chain several lines above; for <c>x.Member = value</c>, from the member name on.
    /// </summary>
    public static Location GetMemberNameLocation(this IOperation operation)
    {
        var syntax = operation.Syntax;
        if (syntax is InvocationExpressionSyntax invocation)
        {
            var name = invocation.Expression switch
            {
                MemberAccessExpressionSyntax memberAccess => memberAccess.Name,
                MemberBindingExpressionSyntax memberBinding => memberBinding.Name,
                _ => invocation.Expression,
            };
            return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(name.SpanStart, invocation.Span.End));
        }

        if (syntax is AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax target } assignment)
        {
            return Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(target.Name.SpanStart, assignment.Span.End));
        }

        return syntax.GetLocation();
    }

    public static bool IsConstantTrue(this IOperation operation) =>
        operation.WalkDownConversions().ConstantValue is { HasValue: true, Value: true };

    public static bool IsConstantFalse(this IOperation operation) =>
        operation.WalkDownConversions().ConstantValue is { HasValue: true, Value: false };

    public static bool TryGetConstantString(this IOperation operation, out string value)
    {
        if (operation.WalkDownConversions().ConstantValue is { HasValue: true, Value: string text })
        {
            value = text;
            return true;
        }

        value = string.Empty;
        return false;
    }
}
