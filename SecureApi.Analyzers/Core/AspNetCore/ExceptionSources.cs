using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.AspNetCore;

/// <summary>
/// Where exceptions come from in ASP.NET Core code: <c>catch</c> variables, parameters of exception types (the
/// <c>IExceptionHandler.TryHandleAsync</c> exception, helpers that map exceptions to responses),
/// <c>IExceptionHandlerFeature.Error</c> (and <c>IExceptionHandlerPathFeature</c>), <c>ExceptionContext.Exception</c>
/// in MVC exception filters, <c>ProblemDetailsContext.Exception</c>, an exception's <c>InnerException</c> and
/// <c>GetBaseException()</c>, and locals holding any of them (also pattern variables: <c>exception is DbException db</c>).
/// </summary>
internal sealed class ExceptionSources
{
    private const int MaxDepth = 8;

    private readonly INamedTypeSymbol? _exception;
    private readonly INamedTypeSymbol? _handlerFeature;
    private readonly INamedTypeSymbol? _exceptionContext;
    private readonly INamedTypeSymbol? _problemDetailsContext;

    public ExceptionSources(KnownTypes types)
    {
        _exception = types.Exception;
        _handlerFeature = types.IExceptionHandlerFeature;
        _exceptionContext = types.ExceptionContext;
        _problemDetailsContext = types.ProblemDetailsContext;
    }

    public bool IsException(ITypeSymbol? type) => type.IsOrDerivesFrom(_exception);

    /// <summary>
    /// The exception this operation evaluates to, or null. <paramref name="assignments"/> gives the values assigned
    /// to locals of the same body.
    /// </summary>
    public IOperation? Find(IOperation? operation, LocalAssignments assignments, int depth = 0)
    {
        if (operation is null || depth > MaxDepth)
        {
            return null;
        }

        operation = operation.WalkDownConversions();
        if (!IsException(operation.Type) && operation is not IConditionalAccessInstanceOperation)
        {
            return null;
        }

        switch (operation)
        {
            case IConditionalAccessInstanceOperation instance:
                return Find(instance.GetConditionalAccess()?.Operation, assignments, depth + 1);

            case IParameterReferenceOperation:
                return operation;

            case ILocalReferenceOperation local when IsCatchVariable(local.Local):
                return operation;

            case ILocalReferenceOperation local:
                if (PatternInput(local, depth) is { } input && Find(input, assignments, depth + 1) is not null)
                {
                    return operation;
                }

                return assignments.ValuesOf(local.Local).Any(v => Find(v, assignments, depth + 1) is not null) ? operation : null;

            case IPropertyReferenceOperation { Property: var property, Instance: var owner }:
                return property.Name switch
                {
                    "Error" when owner?.Type is { } type && (type.Is(_handlerFeature) || type.AllInterfaces.Any(i => i.Is(_handlerFeature))) => operation,
                    "Exception" when owner?.Type.IsOrDerivesFrom(_exceptionContext) == true || owner?.Type.Is(_problemDetailsContext) == true => operation,
                    "InnerException" when Find(owner, assignments, depth + 1) is not null => operation,
                    _ => null,
                };

            case IInvocationOperation { TargetMethod.Name: "GetBaseException" or "Flatten", Instance: { } owner }:
                return Find(owner, assignments, depth + 1) is not null ? operation : null;

            case IConditionalAccessOperation access:
                return Find(access.WhenNotNull, assignments, depth + 1) is not null ? operation : null;

            case ICoalesceOperation coalesce:
                return Find(coalesce.Value, assignments, depth + 1) is not null || Find(coalesce.WhenNull, assignments, depth + 1) is not null ? operation : null;

            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return Find(conditional.WhenTrue, assignments, depth + 1) is not null || Find(whenFalse, assignments, depth + 1) is not null ? operation : null;

            default:
                return null;
        }
    }

    private static bool IsCatchVariable(ILocalSymbol local) =>
        local.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is CatchDeclarationSyntax);

    /// <summary>The value a pattern variable was matched from: <c>error is DbException db</c>, <c>switch (error) { case X x: }</c>.</summary>
    private static IOperation? PatternInput(ILocalReferenceOperation reference, int depth)
    {
        if (depth > MaxDepth || reference.SemanticModel is not { } model)
        {
            return null;
        }

        var declaration = reference.Local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
        if (declaration is not SingleVariableDesignationSyntax || declaration.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        foreach (var ancestor in declaration.Ancestors())
        {
            switch (ancestor)
            {
                case IsPatternExpressionSyntax isPattern:
                    return model.GetOperation(isPattern.Expression);
                case SwitchExpressionSyntax switchExpression:
                    return model.GetOperation(switchExpression.GoverningExpression);
                case SwitchStatementSyntax switchStatement:
                    return model.GetOperation(switchStatement.Expression);
                case DeclarationExpressionSyntax or ArgumentSyntax or StatementSyntax or AnonymousFunctionExpressionSyntax:
                    // out var, deconstruction, foreach: not a pattern.
                    return null;
            }
        }

        return null;
    }
}
