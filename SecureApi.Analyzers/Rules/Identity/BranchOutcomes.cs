using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Identity;

/// <summary>
/// Where a handler goes when one test of a condition has a given value ("the user is missing", "the password check
/// failed"): the <c>if</c> or conditional expression whose condition holds the test, the branch that value selects
/// through <c>!</c>, <c>&amp;&amp;</c> and <c>||</c>, and the <c>return</c> (or <c>throw</c>) that branch ends in:
/// its last statement, or for a branch that is not written (<c>if (user != null) { ... }</c>) the statements after the
/// <c>if</c>. Anything else on the way (a loop, a <c>switch</c>, a branch that does not end in a return) leaves the
/// outcome unknown.
/// </summary>
internal static class BranchOutcomes
{
    /// <summary>How one path through the body ends.</summary>
    public sealed class Outcome
    {
        public Outcome(IOperation end, IOperation? returned, List<IOperation> passed)
        {
            End = end;
            Returned = returned;
            Passed = passed;
        }

        /// <summary>The return statement, the conditional-expression arm, or the throw the path ends with.</summary>
        public IOperation End { get; }

        /// <summary>The value returned (null for a throw).</summary>
        public IOperation? Returned { get; }

        /// <summary>The statements run on the way there, in the branch (model errors added, view data set).</summary>
        public List<IOperation> Passed { get; }
    }

    /// <summary>
    /// The outcome of the first conditional (ending after <paramref name="after"/>) whose condition holds an operation
    /// for which <paramref name="valueOnPath"/> gives the value it has on the path of interest; null when none decides.
    /// <paramref name="isSideCase"/> marks the <c>if</c>s a path may pass over (<c>if (result.IsLockedOut) ...</c> on the
    /// way to the general failure): their <c>else</c> is the path's end.
    /// </summary>
    public static Outcome? Find(IOperation root, int after, Func<IOperation, bool?> valueOnPath, Func<IConditionalOperation, bool>? isSideCase)
    {
        foreach (var operation in InBody(root))
        {
            if (operation is not IConditionalOperation conditional || conditional.Syntax.Span.End <= after)
            {
                continue;
            }

            foreach (var candidate in InBody(conditional.Condition))
            {
                if (valueOnPath(candidate) is { } value && Implies(candidate, value, conditional.Condition) is { } taken)
                {
                    return Take(conditional, taken, isSideCase);
                }
            }
        }

        return null;
    }

    /// <summary>The operations of a body, without those of lambdas and local functions declared in it (their own bodies).</summary>
    public static IEnumerable<IOperation> InBody(IOperation root)
    {
        var stack = new Stack<IOperation>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var operation = stack.Pop();
            yield return operation;

            // Children in reverse so they come out in source order.
            foreach (var child in operation.ChildOperations.Reverse())
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    stack.Push(child);
                }
            }
        }
    }

    /// <summary>
    /// The value of the whole condition when <paramref name="test"/> has <paramref name="value"/>: through <c>!</c>,
    /// <c>== true/false</c>, the right operand of <c>&amp;&amp;</c>/<c>||</c> (it decides when it runs), and the left one
    /// when it short-circuits (<c>true || ...</c>, <c>false &amp;&amp; ...</c>). Null when the rest of the condition decides.
    /// </summary>
    private static bool? Implies(IOperation test, bool value, IOperation condition)
    {
        var current = test;
        while (current != condition)
        {
            var parent = current.Parent;
            switch (parent)
            {
                case IConversionOperation:
                    break;
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not }:
                    value = !value;
                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or:
                    if (or.LeftOperand == current && !value)
                    {
                        return null;
                    }

                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
                    if (and.LeftOperand == current && value)
                    {
                        return null;
                    }

                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison:
                    var other = comparison.LeftOperand == current ? comparison.RightOperand : comparison.LeftOperand;
                    if (other.WalkDownConversions().ConstantValue is not { HasValue: true, Value: bool constant })
                    {
                        return null;
                    }

                    value = (value == constant) == (comparison.OperatorKind == BinaryOperatorKind.Equals);
                    break;
                default:
                    return null;
            }

            if (parent is null)
            {
                return null;
            }

            current = parent;
        }

        return value;
    }

    private static Outcome? Take(IConditionalOperation conditional, bool taken, Func<IConditionalOperation, bool>? isSideCase)
    {
        var branch = taken ? conditional.WhenTrue : conditional.WhenFalse;
        if (conditional.Type is not null)
        {
            // A conditional expression: its arm is the outcome when the whole expression is what the handler returns.
            return branch is not null && IsReturned(conditional) ? new Outcome(branch, branch, new List<IOperation>()) : null;
        }

        return branch is not null ? OfStatement(branch, new List<IOperation>()) : After(conditional, isSideCase);
    }

    private static bool IsReturned(IConditionalOperation conditional)
    {
        var parent = conditional.WalkUpConversions().Parent;
        return parent is IReturnOperation || parent is IConditionalOperation { Type: not null } outer && outer.Condition != conditional.WalkUpConversions() && IsReturned(outer);
    }

    /// <summary>A branch ends in a return or a throw (its last statement, inside blocks); otherwise the outcome is unknown.</summary>
    private static Outcome? OfStatement(IOperation statement, List<IOperation> passed)
    {
        switch (statement)
        {
            case IReturnOperation { ReturnedValue: { } value } ret:
                return new Outcome(ret, value, passed);
            case IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation }:
                return new Outcome(statement, null, passed);
            case IBlockOperation { Operations.Length: > 0 } block:
                for (var i = 0; i < block.Operations.Length - 1; i++)
                {
                    passed.Add(block.Operations[i]);
                }

                return OfStatement(block.Operations[block.Operations.Length - 1], passed);
            default:
                return null;
        }
    }

    /// <summary>
    /// The path that leaves an <c>if</c> without taking a written branch: the statements after it (in its block, then in
    /// the blocks around it, through <c>if</c>, <c>try</c>, <c>using</c> and <c>lock</c> bodies) up to a return or throw.
    /// Plain statements are passed; any other control flow leaves the outcome unknown.
    /// </summary>
    private static Outcome? After(IOperation statement, Func<IConditionalOperation, bool>? isSideCase)
    {
        var passed = new List<IOperation>();
        var current = statement;
        while (true)
        {
            switch (current.Parent)
            {
                case IBlockOperation block:
                    for (var i = block.Operations.IndexOf(current) + 1; i < block.Operations.Length; i++)
                    {
                        var next = block.Operations[i];
                        switch (next)
                        {
                            case IReturnOperation or IThrowOperation or IExpressionStatementOperation { Operation: IThrowOperation }:
                                return OfStatement(next, passed);
                            case IExpressionStatementOperation or IVariableDeclarationGroupOperation or IEmptyOperation:
                                passed.Add(next);
                                continue;
                            case IConditionalOperation side when isSideCase?.Invoke(side) == true:
                                if (side.WhenFalse is { } otherwise)
                                {
                                    return OfStatement(otherwise, passed);
                                }

                                continue;
                            default:
                                return null;
                        }
                    }

                    current = block;
                    break;
                case IConditionalOperation { Type: null } outer when outer.Condition != current:
                case ITryOperation { Body: var body } when body == current:
                case IUsingOperation { Body: var used } when used == current:
                case ILockOperation { Body: var locked } when locked == current:
                    current = current.Parent;
                    break;
                default:
                    return null;
            }
        }
    }
}
