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

    /// <summary>The operation, or the outermost conversion wrapping it: what its parent sees.</summary>
    public static IOperation WalkUpConversions(this IOperation operation)
    {
        while (operation.Parent is IConversionOperation conversion)
        {
            operation = conversion;
        }

        return operation;
    }

    /// <summary>
    /// The <c>new T { ... }</c> whose object initializer holds <paramref name="operation"/> (a member assignment with
    /// an implicit receiver, or anything inside one); null outside object initializers.
    /// </summary>
    public static IObjectCreationOperation? FindInitializedObject(this IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IObjectOrCollectionInitializerOperation { Parent: IObjectCreationOperation creation })
            {
                return creation;
            }
        }

        return null;
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

    /// <summary>The <c>a?.b</c> whose receiver <c>a</c> this placeholder stands for (the access it is in the WhenNotNull part of).</summary>
    public static IConditionalAccessOperation? GetConditionalAccess(this IConditionalAccessInstanceOperation instance)
    {
        IOperation child = instance;
        for (var parent = instance.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent is IConditionalAccessOperation access && access.WhenNotNull == child)
            {
                return access;
            }
        }

        return null;
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

    /// <summary>Control never falls through: <c>return</c>, <c>throw</c>, <c>break</c>/<c>continue</c>, or a block ending in one.</summary>
    public static bool Exits(this IOperation? statement) => statement switch
    {
        IReturnOperation @return => @return.Kind != OperationKind.YieldReturn,
        IBranchOperation or IThrowOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        IBlockOperation { Operations.Length: > 0 } block => block.Operations[block.Operations.Length - 1].Exits(),
        _ => false,
    };

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
