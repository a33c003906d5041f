using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;

namespace SecureApi.Analyzers.Tests.Core;

/// <summary>The shared compile-time duration evaluator (JWT lifetimes, clock skew, ...).</summary>
public sealed class ConstantDurationsTests
{
    [Theory]
    [InlineData("TimeSpan.FromMinutes(10)", 10)]
    [InlineData("TimeSpan.FromHours(1)", 60)]
    [InlineData("TimeSpan.FromDays(7)", 10080)]
    [InlineData("TimeSpan.FromSeconds(90)", 1.5)]
    [InlineData("TimeSpan.FromSeconds(30.0)", 0.5)]
    [InlineData("TimeSpan.FromMilliseconds(60000)", 1)]
    [InlineData("new TimeSpan(0, 30, 0)", 30)]
    [InlineData("new TimeSpan(1, 2, 0, 0)", 1560)]
    [InlineData("new TimeSpan(600000000)", 1)]
    [InlineData("TimeSpan.Zero", 0)]
    [InlineData("TimeSpan.FromDays(1) * 7", 10080)]
    [InlineData("TimeSpan.FromHours(1) + TimeSpan.FromMinutes(30)", 90)]
    [InlineData("TimeSpan.FromMinutes(Minutes)", 45)]
    [InlineData("TimeSpan.FromMinutes(60 * 24)", 1440)]
    [InlineData("local", 20)]
    [InlineData("TimeSpan.Parse(\"00:10:00\")", 10)]
    [InlineData("TimeSpan.FromHours(1) - TimeSpan.FromMinutes(20)", 40)]
    [InlineData("TimeSpan.FromHours(1) / 2", 30)]
    public async Task Known_time_spans(string expression, double minutes)
    {
        var operation = await ExpressionAsync(expression);
        Assert.True(ConstantDurations.TryGetTimeSpan(operation, out var value, out _));
        Assert.Equal(minutes, value.TotalMinutes, 6);
    }

    [Fact]
    public async Task MaxValue_is_known()
    {
        Assert.True(ConstantDurations.TryGetTimeSpan(await ExpressionAsync("TimeSpan.MaxValue"), out var value, out _));
        Assert.Equal(TimeSpan.MaxValue, value);
    }

    [Theory]
    [InlineData("TimeSpan.FromMinutes(configured)")]
    [InlineData("parameter")]
    [InlineData("reassigned")]
    [InlineData("TimeSpan.Parse(configured.ToString())")]
    public async Task Unknown_time_spans(string expression) =>
        Assert.False(ConstantDurations.TryGetTimeSpan(await ExpressionAsync(expression), out _, out _));

    [Theory]
    [InlineData("DateTime.UtcNow.AddDays(7)", 10080)]
    [InlineData("DateTime.Now.AddHours(8)", 480)]
    [InlineData("DateTimeOffset.UtcNow.AddMinutes(30)", 30)]
    [InlineData("DateTime.UtcNow.AddSeconds(86400)", 1440)]
    [InlineData("DateTime.UtcNow.Add(TimeSpan.FromHours(2))", 120)]
    [InlineData("DateTime.UtcNow + TimeSpan.FromDays(1)", 1440)]
    [InlineData("DateTime.UtcNow.AddDays(1).AddHours(2)", 1560)]
    [InlineData("later", 15)]
    public async Task Known_added_durations(string expression, double minutes)
    {
        Assert.True(ConstantDurations.TryGetAddedDuration(await ExpressionAsync(expression), out var value, out _));
        Assert.Equal(minutes, value.TotalMinutes, 6);
    }

    [Theory]
    [InlineData("DateTime.UtcNow.AddMinutes(configured)")]
    [InlineData("DateTime.UtcNow.Add(parameter)")]
    [InlineData("DateTime.UtcNow")]
    [InlineData("pointInTime")]
    public async Task Unknown_added_durations(string expression) =>
        Assert.False(ConstantDurations.TryGetAddedDuration(await ExpressionAsync(expression), out _, out _));

    private static async Task<IOperation> ExpressionAsync(string expression)
    {
        var source = $$"""
            public static class Probe
            {
                private const int Minutes = 45;

                public static object Value(int configured, TimeSpan parameter, DateTime pointInTime)
                {
                    var local = TimeSpan.FromMinutes(20);
                    var reassigned = TimeSpan.FromMinutes(1);
                    reassigned = parameter;
                    var later = DateTime.UtcNow.AddMinutes(15);
                    return {{expression}};
                }
            }
            """;
        var workspace = await SnippetWorkspace.CreateAsync();
        var document = workspace.With(source);
        var model = (await document.GetSemanticModelAsync())!;
        var returned = (await document.GetSyntaxRootAsync())!.DescendantNodes().OfType<ReturnStatementSyntax>().Single().Expression!;
        var operation = model.GetOperation(returned)!;
        return operation is IConversionOperation conversion ? conversion.Operand : operation;
    }
}
