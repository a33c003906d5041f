using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.AspNetCore;

/// <summary>
/// Reads the options-name guards of <c>IConfigureNamedOptions</c>/<c>IPostConfigureOptions</c> methods:
/// <c>if (name == "X") { ... }</c> around the code, or <c>if (name != "X") return;</c> before it.
/// </summary>
internal static class NameChecks
{
    /// <summary>The scheme the code at <paramref name="site"/> is restricted to, or null when it runs for every name.</summary>
    public static SchemeSet? SchemeGuarding(IOperation site, IParameterSymbol name)
    {
        for (IOperation? child = site, current = site.Parent; current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case IConditionalOperation conditional when child == conditional.WhenTrue && Compares(conditional.Condition, name, equal: true) is { } then:
                    return then;
                case IConditionalOperation conditional when child == conditional.WhenFalse && Compares(conditional.Condition, name, equal: false) is { } otherwise:
                    return otherwise;
                case IBlockOperation block:
                    foreach (var statement in block.Operations)
                    {
                        if (statement == child)
                        {
                            break;
                        }

                        // if (name != "X") return;
                        if (statement is IConditionalOperation { WhenFalse: null } guard && ExitsAlways(guard.WhenTrue)
                            && Compares(guard.Condition, name, equal: false) is { } guarded)
                        {
                            return guarded;
                        }
                    }

                    break;
            }
        }

        return null;
    }

    /// <summary><c>name == "X"</c> (or <c>!=</c> when <paramref name="equal"/> is false, also <c>string.Equals</c> and <c>!</c>).</summary>
    private static SchemeSet? Compares(IOperation condition, IParameterSymbol name, bool equal)
    {
        condition = condition.WalkDownConversions();
        switch (condition)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return Compares(not.Operand, name, !equal);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary
                when (binary.OperatorKind == BinaryOperatorKind.Equals) == equal:
                return Constant(binary.LeftOperand, binary.RightOperand, name) ?? Constant(binary.RightOperand, binary.LeftOperand, name);
            case IInvocationOperation { TargetMethod.Name: "Equals" } call when equal && call.Arguments.Length >= 1:
                var first = call.Instance ?? call.Arguments[0].Value;
                var second = call.Instance is null ? (call.Arguments.Length > 1 ? call.Arguments[1].Value : null) : call.Arguments[0].Value;
                return second is null ? null : Constant(first, second, name) ?? Constant(second, first, name);
            default:
                return null;
        }
    }

    private static SchemeSet? Constant(IOperation parameter, IOperation constant, IParameterSymbol name) =>
        parameter.WalkDownConversions() is IParameterReferenceOperation reference
        && SymbolEqualityComparer.Default.Equals(reference.Parameter, name)
        && constant.WalkDownConversions().ConstantValue is { HasValue: true, Value: string value }
            ? SchemeSet.Named(value)
            : null;

    private static bool ExitsAlways(IOperation branch) => branch switch
    {
        IReturnOperation or IThrowOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        IBlockOperation { Operations.Length: > 0 } block => ExitsAlways(block.Operations[block.Operations.Length - 1]),
        _ => false,
    };
}
