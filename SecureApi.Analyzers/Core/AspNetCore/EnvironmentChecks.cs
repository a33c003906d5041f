using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.AspNetCore;

/// <summary>
/// "Is this operation only reached in the Development environment?" Rules use it to accept settings that are
/// fine on a developer's machine: <c>RequireHttpsMetadata = false</c>, <c>UseDeveloperExceptionPage()</c>, an
/// <c>http://</c> authority. The answer comes from the code around the operation, walking up through lambdas:
/// the branch of an <c>if</c> (or <c>?:</c>, <c>&amp;&amp;</c>, <c>switch</c>) that only development takes, and
/// early exits such as <c>if (!env.IsDevelopment()) return;</c> earlier in an enclosing block.
/// </summary>
internal static class EnvironmentChecks
{
    public const string Development = "Development";

    private const int MaxLocalHops = 3;
    private static readonly string[] EnvironmentVariables = { "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT" };

    /// <summary>
    /// True when every path to <paramref name="operation"/> has checked that the environment is Development.
    /// A method only called from a development branch is not followed (the answer is then false).
    /// </summary>
    public static bool IsDevelopmentOnly(IOperation operation, KnownTypes types)
    {
        var checks = new Checks(types);
        var child = operation;
        for (var parent = operation.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                // if/else and ?: : the branch that only development takes.
                case IConditionalOperation conditional when child != conditional.Condition:
                    if ((child == conditional.WhenTrue && checks.Implies(conditional.Condition, true, 0))
                        || (child == conditional.WhenFalse && checks.Implies(conditional.Condition, false, 0)))
                    {
                        return true;
                    }

                    break;

                // env.IsDevelopment() && Configure(...), !env.IsDevelopment() || Configure(...)
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both when child == both.RightOperand && checks.Implies(both.LeftOperand, true, 0):
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } either when child == either.RightOperand && checks.Implies(either.LeftOperand, false, 0):
                    return true;

                // switch (env.EnvironmentName) { case "Development": ... }
                case ISwitchCaseOperation section when section.Parent is ISwitchOperation @switch && checks.IsDevelopmentCase(@switch.Value, section):
                    return true;

                case IBlockOperation block when checks.FollowsExitOutsideDevelopment(block, child):
                    return true;
            }
        }

        return false;
    }

    /// <summary>The symbols of one question; built per call because callers ask only after a cheap hit.</summary>
    private readonly struct Checks
    {
        private readonly INamedTypeSymbol? _envExtensions;
        private readonly INamedTypeSymbol? _legacyAspNetExtensions;
        private readonly INamedTypeSymbol? _legacyHostingExtensions;
        private readonly INamedTypeSymbol? _hostEnvironment;
        private readonly INamedTypeSymbol? _legacyAspNetEnvironment;
        private readonly INamedTypeSymbol? _legacyHostingEnvironment;
        private readonly INamedTypeSymbol? _systemEnvironment;
        private readonly INamedTypeSymbol? _environments;
        private readonly INamedTypeSymbol? _legacyEnvironmentName;

        public Checks(KnownTypes types)
        {
            _envExtensions = types.HostEnvironmentEnvExtensions;
            _hostEnvironment = types.IHostEnvironment;
            // IHostingEnvironment (obsolete since 3.0) still compiles and is still used by old Startup classes.
            _legacyAspNetExtensions = types.Get("Microsoft.AspNetCore.Hosting.HostingEnvironmentExtensions");
            _legacyHostingExtensions = types.Get("Microsoft.Extensions.Hosting.HostingEnvironmentExtensions");
            _legacyAspNetEnvironment = types.Get("Microsoft.AspNetCore.Hosting.IHostingEnvironment");
            _legacyHostingEnvironment = types.Get("Microsoft.Extensions.Hosting.IHostingEnvironment");
            _systemEnvironment = types.Get("System.Environment");
            // Environments.Development is a static readonly field, not a constant.
            _environments = types.Get("Microsoft.Extensions.Hosting.Environments");
            _legacyEnvironmentName = types.Get("Microsoft.AspNetCore.Hosting.EnvironmentName");
        }

        /// <summary>Does <paramref name="condition"/> evaluating to <paramref name="value"/> prove the environment is Development?</summary>
        public bool Implies(IOperation condition, bool value, int hops)
        {
            condition = condition.WalkDownConversions();
            switch (condition)
            {
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                    return Implies(not.Operand, !value, hops);

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both:
                    return value
                        ? Implies(both.LeftOperand, true, hops) || Implies(both.RightOperand, true, hops)
                        : Implies(both.LeftOperand, false, hops) && Implies(both.RightOperand, false, hops);

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } either:
                    return value
                        ? Implies(either.LeftOperand, true, hops) && Implies(either.RightOperand, true, hops)
                        : Implies(either.LeftOperand, false, hops) || Implies(either.RightOperand, false, hops);

                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } equality:
                    var equal = equality.OperatorKind == BinaryOperatorKind.Equals ? value : !value;
                    if (AsBool(equality.RightOperand) is { } right)
                    {
                        // env.IsDevelopment() == false
                        return Implies(equality.LeftOperand, right ? equal : !equal, hops);
                    }

                    if (AsBool(equality.LeftOperand) is { } left)
                    {
                        return Implies(equality.RightOperand, left ? equal : !equal, hops);
                    }

                    return equal && ComparesNameToDevelopment(equality.LeftOperand, equality.RightOperand);

                case IIsPatternOperation isPattern:
                    return PatternImplies(isPattern.Value, isPattern.Pattern, value, hops);

                case IInvocationOperation invocation:
                    return value && IsDevelopmentCall(invocation);

                // var isDevelopment = app.Environment.IsDevelopment(); if (isDevelopment) ...
                case ILocalReferenceOperation local when hops < MaxLocalHops
                                                         && LocalValues.FindSingleValue(local.Local, condition.GetRoot()) is { } initial:
                    return Implies(initial, value, hops + 1);

                default:
                    return false;
            }
        }

        /// <summary>A statement before <paramref name="child"/> in <paramref name="block"/> leaves unless the environment is Development.</summary>
        public bool FollowsExitOutsideDevelopment(IBlockOperation block, IOperation child)
        {
            foreach (var statement in block.Operations)
            {
                if (statement == child)
                {
                    return false;
                }

                if (statement is IConditionalOperation conditional
                    && ((conditional.WhenTrue.Exits() && Implies(conditional.Condition, false, 0))
                        || (conditional.WhenFalse is { } whenFalse && whenFalse.Exits() && Implies(conditional.Condition, true, 0))))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A <c>case "Development":</c> section (only such labels) of a switch on the environment name.</summary>
        public bool IsDevelopmentCase(IOperation switchValue, ISwitchCaseOperation section)
        {
            if (!IsEnvironmentName(switchValue) || section.Clauses.IsEmpty)
            {
                return false;
            }

            foreach (var clause in section.Clauses)
            {
                var label = clause switch
                {
                    ISingleValueCaseClauseOperation single => single.Value,
                    IPatternCaseClauseOperation { Pattern: IConstantPatternOperation constant, Guard: null } => constant.Value,
                    _ => null,
                };
                if (label is null || !IsDevelopmentName(label))
                {
                    return false;
                }
            }

            return true;
        }

        private bool PatternImplies(IOperation tested, IPatternOperation pattern, bool value, int hops) => pattern switch
        {
            INegatedPatternOperation negated => PatternImplies(tested, negated.Pattern, !value, hops),
            // env.IsDevelopment() is true / is false
            IConstantPatternOperation constant when AsBool(constant.Value) is { } expected => Implies(tested, expected ? value : !value, hops),
            // env.EnvironmentName is "Development"
            IConstantPatternOperation constant => value && IsEnvironmentName(tested) && IsDevelopmentName(constant.Value),
            _ => false,
        };

        private bool IsDevelopmentCall(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            switch (method.Name)
            {
                case "IsDevelopment":
                    return IsEnvironmentExtension(method.ContainingType);

                case "IsEnvironment" when IsEnvironmentExtension(method.ContainingType):
                    foreach (var argument in invocation.Arguments)
                    {
                        if (argument.Parameter?.Type.SpecialType == SpecialType.System_String && IsDevelopmentName(argument.Value))
                        {
                            return true;
                        }
                    }

                    return false;

                // string.Equals(env.EnvironmentName, "Development", StringComparison.OrdinalIgnoreCase)
                case "Equals" when method.IsStatic && invocation.Arguments.Length >= 2:
                    return method.ContainingType.SpecialType == SpecialType.System_String
                           && ComparesNameToDevelopment(invocation.Arguments[0].Value, invocation.Arguments[1].Value);

                // env.EnvironmentName.Equals("Development")
                case "Equals" when invocation.Instance is { } instance && invocation.Arguments.Length >= 1:
                    return method.ContainingType.SpecialType == SpecialType.System_String
                           && ComparesNameToDevelopment(instance, invocation.Arguments[0].Value);

                default:
                    return false;
            }
        }

        private bool IsEnvironmentExtension(INamedTypeSymbol? type) =>
            type.Is(_envExtensions) || type.Is(_legacyAspNetExtensions) || type.Is(_legacyHostingExtensions);

        private bool ComparesNameToDevelopment(IOperation left, IOperation right) =>
            (IsEnvironmentName(left) && IsDevelopmentName(right)) || (IsEnvironmentName(right) && IsDevelopmentName(left));

        /// <summary><c>env.EnvironmentName</c>, or <c>Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")</c>.</summary>
        private bool IsEnvironmentName(IOperation operation)
        {
            switch (operation.WalkDownConversions())
            {
                case IPropertyReferenceOperation property when property.Property.Name == "EnvironmentName":
                    var type = property.Property.ContainingType;
                    return type.Is(_hostEnvironment) || type.Is(_legacyAspNetEnvironment) || type.Is(_legacyHostingEnvironment);

                case IInvocationOperation { TargetMethod.Name: "GetEnvironmentVariable", Arguments.Length: >= 1 } invocation
                    when invocation.TargetMethod.ContainingType.Is(_systemEnvironment)
                         && invocation.Arguments[0].Value.TryGetConstantString(out var variable):
                    return Array.IndexOf(EnvironmentVariables, variable) >= 0;

                default:
                    return false;
            }
        }

        private bool IsDevelopmentName(IOperation operation)
        {
            if (operation.TryGetConstantString(out var name))
            {
                return string.Equals(name, Development, StringComparison.OrdinalIgnoreCase);
            }

            return operation.WalkDownConversions() is IFieldReferenceOperation { Field: { Name: Development, IsStatic: true } field }
                   && (field.ContainingType.Is(_environments) || field.ContainingType.Is(_legacyEnvironmentName));
        }

        private static bool? AsBool(IOperation operation) =>
            operation.WalkDownConversions().ConstantValue is { HasValue: true, Value: bool constant } ? constant : null;
    }
}
