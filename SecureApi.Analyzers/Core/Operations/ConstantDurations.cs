using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SecureApi.Analyzers.Core.Operations;

/// <summary>
/// Durations known at compile time: a TimeSpan (<c>TimeSpan.FromHours(8)</c>, <c>new TimeSpan(0, 30, 0)</c>,
/// <c>TimeSpan.Parse("00:15:00")</c>, <c>TimeSpan.Zero</c>, constants, <c>+ - * /</c>), or the amount added to a point in time
/// (<c>DateTime.UtcNow.AddDays(7)</c>, <c>now.Add(TimeSpan.FromHours(2))</c>, <c>now + TimeSpan.FromDays(1)</c>).
/// Anything not constant (configuration, parameters) makes the duration unknown. Locals assigned once are followed.
/// </summary>
internal static class ConstantDurations
{
    private const int MaxDepth = 8;

    /// <summary>A TimeSpan-valued expression of known length; <paramref name="amount"/> is the expression to rewrite.</summary>
    public static bool TryGetTimeSpan(IOperation? operation, out TimeSpan value, out IOperation? amount) =>
        TryTimeSpan(operation, 0, out value, out amount);

    /// <summary>
    /// A DateTime/DateTimeOffset expression that adds a known duration to a point in time. <paramref name="amount"/>
    /// is the <c>AddDays(7)</c> call or the TimeSpan operand (null when the sum has several parts).
    /// </summary>
    public static bool TryGetAddedDuration(IOperation? operation, out TimeSpan value, out IOperation? amount) =>
        TryAdded(operation, 0, out value, out amount);

    private static bool TryAdded(IOperation? operation, int depth, out TimeSpan value, out IOperation? amount)
    {
        value = TimeSpan.Zero;
        amount = null;
        operation = operation?.WalkDownConversions();
        if (operation is null || depth > MaxDepth || !IsPointInTime(operation.Type))
        {
            return false;
        }

        switch (operation)
        {
            case ILocalReferenceOperation local:
                return TryAdded(LocalValues.FindSingleValue(local.Local, operation.GetRoot()), depth + 1, out value, out amount);

            case IInvocationOperation { Instance: { } instance, TargetMethod: var method } call when IsPointInTime(method.ContainingType):
                TimeSpan added;
                if (method.Name == "Add" && call.Arguments.Length == 1)
                {
                    if (!TryTimeSpan(call.Arguments[0].Value, depth + 1, out added, out amount))
                    {
                        return false;
                    }
                }
                else if (Unit(method.Name) is { } unit && call.Arguments.Length == 1 && TryNumber(call.Arguments[0].Value, out var count))
                {
                    added = Scale(unit, count);
                    amount = call;
                }
                else
                {
                    return false;
                }

                // DateTime.UtcNow.AddDays(1).AddHours(2): the receiver may add time too.
                if (TryAdded(instance, depth + 1, out var before, out _))
                {
                    value = before + added;
                    amount = null;
                    return true;
                }

                value = added;
                return true;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum:
                var (point, span) = IsPointInTime(sum.LeftOperand.Type) ? (sum.LeftOperand, sum.RightOperand) : (sum.RightOperand, sum.LeftOperand);
                if (!TryTimeSpan(span, depth + 1, out var spanValue, out amount))
                {
                    return false;
                }

                if (TryAdded(point, depth + 1, out var earlier, out _))
                {
                    value = earlier + spanValue;
                    amount = null;
                    return true;
                }

                value = spanValue;
                return true;

            default:
                return false;
        }
    }

    private static bool TryTimeSpan(IOperation? operation, int depth, out TimeSpan value, out IOperation? amount)
    {
        value = TimeSpan.Zero;
        amount = null;
        operation = operation?.WalkDownConversions();
        if (operation is null || depth > MaxDepth || !IsTimeSpan(operation.Type))
        {
            return false;
        }

        amount = operation;
        switch (operation)
        {
            case IFieldReferenceOperation { Field: { IsStatic: true } field } when IsTimeSpan(field.ContainingType):
                return field.Name switch
                {
                    "Zero" => Set(TimeSpan.Zero, out value),
                    "MaxValue" => Set(TimeSpan.MaxValue, out value),
                    _ => false,
                };

            case ILocalReferenceOperation local:
                var found = TryTimeSpan(LocalValues.FindSingleValue(local.Local, operation.GetRoot()), depth + 1, out value, out _);
                amount = operation;
                return found;

            case IInvocationOperation { Instance: null, TargetMethod: var method } call when IsTimeSpan(method.ContainingType)
                                                                                          && method.Name.StartsWith("From", StringComparison.Ordinal)
                                                                                          && Unit(method.Name.Substring(4)) is { } first:
                // FromHours(8); .NET 9+ also FromHours(hours, minutes, ...): each argument in the next smaller unit.
                var total = TimeSpan.Zero;
                TimeUnit? unit = first;
                foreach (var argument in call.Arguments)
                {
                    if (argument.ArgumentKind == ArgumentKind.DefaultValue)
                    {
                        continue;
                    }

                    if (unit is null || !TryNumber(argument.Value, out var count))
                    {
                        return false;
                    }

                    total += Scale(unit.Value, count);
                    unit = Smaller(unit.Value);
                }

                return Set(total, out value);

            case IInvocationOperation { Instance: null, TargetMethod.Name: "Parse", Arguments.Length: 1 } parse
                when IsTimeSpan(parse.TargetMethod.ContainingType) && parse.Arguments[0].Value.TryGetConstantString(out var text):
                return TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out value);

            case IObjectCreationOperation creation when IsTimeSpan(creation.Type):
                return TryConstructor(creation, out value);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } quotient when IsTimeSpan(quotient.LeftOperand.Type):
                // TimeSpan.FromHours(1) / 2
                if (TryTimeSpan(quotient.LeftOperand, depth + 1, out var dividend, out _) && TryNumber(quotient.RightOperand, out var divisor) && divisor != 0)
                {
                    return Set(Scale(dividend, 1 / divisor), out value);
                }

                return false;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Subtract } difference:
                if (TryTimeSpan(difference.LeftOperand, depth + 1, out var minuend, out _) && TryTimeSpan(difference.RightOperand, depth + 1, out var subtrahend, out _))
                {
                    return Set(minuend - subtrahend, out value);
                }

                return false;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } product:
                // TimeSpan.FromDays(1) * 7
                var (span, factor) = IsTimeSpan(product.LeftOperand.Type) ? (product.LeftOperand, product.RightOperand) : (product.RightOperand, product.LeftOperand);
                if (TryTimeSpan(span, depth + 1, out var unitSpan, out _) && TryNumber(factor, out var times))
                {
                    return Set(Scale(unitSpan, times), out value);
                }

                return false;

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum:
                if (TryTimeSpan(sum.LeftOperand, depth + 1, out var left, out _) && TryTimeSpan(sum.RightOperand, depth + 1, out var right, out _))
                {
                    return Set(left + right, out value);
                }

                return false;

            default:
                return false;
        }
    }

    /// <summary>new TimeSpan(ticks), (h, m, s), (d, h, m, s), (d, h, m, s, ms), (d, h, m, s, ms, µs).</summary>
    private static bool TryConstructor(IObjectCreationOperation creation, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var numbers = new double[creation.Arguments.Length];
        for (var i = 0; i < numbers.Length; i++)
        {
            if (!TryNumber(creation.Arguments[i].Value, out numbers[i]))
            {
                return false;
            }
        }

        try
        {
            value = numbers.Length switch
            {
                1 => TimeSpan.FromTicks((long)numbers[0]),
                3 => TimeSpan.FromHours(numbers[0]) + TimeSpan.FromMinutes(numbers[1]) + TimeSpan.FromSeconds(numbers[2]),
                >= 4 => TimeSpan.FromDays(numbers[0]) + TimeSpan.FromHours(numbers[1]) + TimeSpan.FromMinutes(numbers[2]) + TimeSpan.FromSeconds(numbers[3])
                        + (numbers.Length > 4 ? TimeSpan.FromMilliseconds(numbers[4]) : TimeSpan.Zero),
                _ => TimeSpan.Zero,
            };
            return numbers.Length is 1 or >= 3;
        }
        catch (OverflowException)
        {
            value = TimeSpan.MaxValue;
            return true;
        }
    }

    private enum TimeUnit
    {
        Days,
        Hours,
        Minutes,
        Seconds,
        Milliseconds,
        Microseconds,
        Ticks,
    }

    private static TimeUnit? Unit(string name) => name switch
    {
        "Days" or "AddDays" => TimeUnit.Days,
        "Hours" or "AddHours" => TimeUnit.Hours,
        "Minutes" or "AddMinutes" => TimeUnit.Minutes,
        "Seconds" or "AddSeconds" => TimeUnit.Seconds,
        "Milliseconds" or "AddMilliseconds" => TimeUnit.Milliseconds,
        "Microseconds" or "AddMicroseconds" => TimeUnit.Microseconds,
        "Ticks" or "AddTicks" => TimeUnit.Ticks,
        _ => null,
    };

    private static TimeUnit? Smaller(TimeUnit unit) => unit == TimeUnit.Ticks ? null : unit + 1;

    private static TimeSpan Scale(TimeUnit unit, double count)
    {
        var ticks = unit switch
        {
            TimeUnit.Days => TimeSpan.TicksPerDay,
            TimeUnit.Hours => TimeSpan.TicksPerHour,
            TimeUnit.Minutes => TimeSpan.TicksPerMinute,
            TimeUnit.Seconds => TimeSpan.TicksPerSecond,
            TimeUnit.Milliseconds => TimeSpan.TicksPerMillisecond,
            TimeUnit.Microseconds => TimeSpan.TicksPerMillisecond / 1000,
            _ => 1,
        };
        return Scale(new TimeSpan(ticks), count);
    }

    private static TimeSpan Scale(TimeSpan unit, double count)
    {
        var ticks = unit.Ticks * count;
        return ticks >= TimeSpan.MaxValue.Ticks ? TimeSpan.MaxValue
            : ticks <= TimeSpan.MinValue.Ticks ? TimeSpan.MinValue
            : new TimeSpan((long)ticks);
    }

    private static bool TryNumber(IOperation operation, out double number)
    {
        number = 0;
        var constant = operation.WalkDownConversions().ConstantValue;
        if (!constant.HasValue || constant.Value is null or string or bool or char)
        {
            return false;
        }

        try
        {
            number = Convert.ToDouble(constant.Value, System.Globalization.CultureInfo.InvariantCulture);
            return !double.IsNaN(number);
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            return false;
        }
    }

    private static bool Set(TimeSpan duration, out TimeSpan value)
    {
        value = duration;
        return true;
    }

    private static bool IsTimeSpan(ITypeSymbol? type) =>
        type is { Name: "TimeSpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };

    private static bool IsPointInTime(ITypeSymbol? type) =>
        type is { Name: "DateTime" or "DateTimeOffset", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
}
