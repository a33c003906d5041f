using System;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>
/// Token lifetimes written in calendar units, which have no fixed length (SAPI1005): <c>DateTime.UtcNow.AddYears(1)</c>,
/// <c>now.AddMonths(6)</c>, also through a local assigned once. Counted at their shortest (a year is 365 days, a month 28),
/// so a lifetime is never overstated, and described in the unit the code uses ("1 year").
/// </summary>
internal static class CalendarLifetimes
{
    private const int MaxLocalHops = 3;

    private const int DaysPerYear = 365;

    private const int DaysPerMonth = 28;

    /// <summary>
    /// The <c>AddYears</c>/<c>AddMonths</c> call that <paramref name="expires"/> is (or a local holds), with a constant
    /// count: its shortest length, the call (what the fix rewrites) and how the code says it.
    /// </summary>
    public static bool TryGetAddedDuration(IOperation? expires, out TimeSpan lifetime, out IOperation? amount, out string? text)
    {
        lifetime = TimeSpan.Zero;
        amount = null;
        text = null;
        var value = expires?.WalkDownConversions();
        for (var hop = 0; value is ILocalReferenceOperation local && hop < MaxLocalHops; hop++)
        {
            value = LocalValues.FindSingleValue(local.Local, value.GetRoot())?.WalkDownConversions();
        }

        if (value is not IInvocationOperation { Instance: not null, TargetMethod: { Name: "AddYears" or "AddMonths" } method, Arguments.Length: 1 } call
            || !IsPointInTime(method.ContainingType)
            || call.Arguments[0].Value.WalkDownConversions().ConstantValue is not { HasValue: true, Value: int count })
        {
            return false;
        }

        var years = method.Name == "AddYears";
        var days = (double)count * (years ? DaysPerYear : DaysPerMonth);
        lifetime = days >= TimeSpan.MaxValue.TotalDays ? TimeSpan.MaxValue : days <= TimeSpan.MinValue.TotalDays ? TimeSpan.MinValue : TimeSpan.FromDays(days);
        amount = call;
        text = count.ToString(CultureInfo.InvariantCulture) + (years ? " year" : " month") + (count == 1 ? string.Empty : "s");
        return true;
    }

    private static bool IsPointInTime(ITypeSymbol? type) =>
        type is { Name: "DateTime" or "DateTimeOffset", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } };
}
