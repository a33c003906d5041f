using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.Strings;

/// <summary>
/// The per-operation analysis of every "string built from non-constant input reaches a sink" rule (SQL, commands...):
/// a sink whose string is built from input is a finding at the sink; a call of a helper method of this compilation
/// whose string parameter reaches a sink (<see cref="SinkSummaries"/>), passed a built string, is a finding at the call,
/// with the sink as an additional location. A rule gives its sinks as data (a matcher over a table, see
/// <c>SqlSinks</c>) and says how it reports.
/// </summary>
internal sealed class StringSinkRule
{
    /// <summary>The operations a sink or a helper call can be: register the rule's action for these.</summary>
    public static readonly ImmutableArray<OperationKind> OperationKinds = ImmutableArray.Create(
        OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.SimpleAssignment, OperationKind.CompoundAssignment);

    private readonly KnownTypes _types;
    private readonly Func<IOperation, ImmutableArray<StringSink>> _match;
    private readonly SinkSummaries _summaries;
    private readonly Action<OperationAnalysisContext, StringSink, IEnumerable<Location>> _report;

    /// <param name="match">The sinks an operation is (empty for almost every operation: keep it to cheap checks).</param>
    /// <param name="report">Reports a finding: the sink (for a helper call, the call with <see cref="StringSink.Helper"/>) and additional locations.</param>
    public StringSinkRule(
        Compilation compilation,
        KnownTypes types,
        Func<IOperation, ImmutableArray<StringSink>> match,
        Action<OperationAnalysisContext, StringSink, IEnumerable<Location>> report)
    {
        _types = types;
        _match = match;
        _report = report;
        _summaries = new SinkSummaries(compilation, types, match);
    }

    public void Analyze(OperationAnalysisContext context)
    {
        var operation = context.Operation;
        var sinks = _match(operation);
        if (!sinks.IsDefaultOrEmpty)
        {
            foreach (var sink in sinks)
            {
                AnalyzeSink(context, operation, sink);
            }
        }
        else if (operation is IInvocationOperation invocation && SinkSummaries.IsSummarizable(invocation.TargetMethod, context.Compilation))
        {
            AnalyzeHelperCall(context, invocation);
        }
    }

    private void AnalyzeSink(OperationAnalysisContext context, IOperation operation, StringSink sink)
    {
        if (sink.Value.ConstantValue.HasValue)
        {
            return;
        }

        var flow = StringFlows.For(operation, context.ContainingSymbol, _types);
        var value = flow.Evaluate(sink.Value);
        var built = value.IsBuiltFromInput;

        // command.CommandText += ..., psi.Arguments += ...: builds on the earlier value; reported there if that one was already built.
        if (operation is ICompoundAssignmentOperation compound)
        {
            built = (value.IsBuiltFromInput || !value.IsConstant) && !EarlierAssignmentIsBuilt(compound, flow);
        }

        if (built)
        {
            _report(context, sink, Enumerable.Empty<Location>());
        }
    }

    private void AnalyzeHelperCall(OperationAnalysisContext context, IInvocationOperation invocation)
    {
        StringFlow? flow = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { Type.SpecialType: SpecialType.System_String } parameter
                || argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Value.ConstantValue.HasValue)
            {
                continue;
            }

            flow ??= StringFlows.For(invocation, context.ContainingSymbol, _types);
            if (flow.Evaluate(argument.Value).IsBuiltFromInput
                && _summaries.TryGetSink(invocation.TargetMethod, parameter.Ordinal, invocation.SemanticModel, context.CancellationToken, out var sink))
            {
                _report(context, new StringSink(argument.Value, invocation.GetMemberNameLocation(), StringSink.Helper), new[] { sink });
                return;
            }
        }
    }

    /// <summary>Another assignment of the same property of the same object in this body is already built from input.</summary>
    private static bool EarlierAssignmentIsBuilt(ICompoundAssignmentOperation compound, StringFlow flow)
    {
        if (compound.Target is not IPropertyReferenceOperation { Instance: { } instance, Property: var property } || instance.GetReferencedSymbol() is not { } owner)
        {
            return false;
        }

        return compound.GetRoot().Descendants().Any(o =>
            o is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: { } other } target } earlier
            && target.Property.Name == property.Name
            && SymbolEqualityComparer.Default.Equals(other.GetReferencedSymbol(), owner)
            && earlier.Syntax.SpanStart < compound.Syntax.SpanStart
            && flow.Evaluate(earlier.Value).IsBuiltFromInput);
    }
}
