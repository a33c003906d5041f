using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;
using SecureApi.Analyzers.Core.Strings;

namespace SecureApi.Analyzers.Rules.Sql;

/// <summary>
/// SAPI4001: SQL built from non-constant input (concatenation, interpolation, Format/Concat/Join, StringBuilder)
/// reaching ADO.NET commands and data adapters, EF Core raw-SQL APIs, EF6 and Dapper — directly, or through a helper
/// method of the compilation whose string parameter reaches one (reported at the call that builds the string, with
/// the sink as an additional location). SQL received as a parameter with no visible construction is not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SqlInjectionAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the API family of the sink (see <see cref="SqlSinks"/>), or <see cref="Helper"/>.</summary>
    public const string ApiProperty = "Api";

    /// <summary>Diagnostic property: "start,length" of the SQL expression.</summary>
    public const string SqlSpanProperty = "SqlSpan";

    public const string Helper = "Helper";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SqlInjection);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            var sinks = new SqlSinks(types);
            if (sinks.IsEmpty)
            {
                return;
            }

            var rule = new Rule(types, sinks, new SinkSummaries(start.Compilation, types, sinks.Match));
            start.RegisterOperationAction(
                rule.Analyze,
                OperationKind.Invocation,
                OperationKind.ObjectCreation,
                OperationKind.SimpleAssignment,
                OperationKind.CompoundAssignment);
        });
    }

    private sealed class Rule
    {
        private readonly KnownTypes _types;
        private readonly SqlSinks _sinks;
        private readonly SinkSummaries _summaries;

        public Rule(KnownTypes types, SqlSinks sinks, SinkSummaries summaries)
        {
            _types = types;
            _sinks = sinks;
            _summaries = summaries;
        }

        public void Analyze(OperationAnalysisContext context)
        {
            var operation = context.Operation;
            if (_sinks.Match(operation) is { } sink)
            {
                AnalyzeSink(context, operation, sink);
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

            // command.CommandText += ...: builds on the earlier value; reported there if that one was already built.
            if (operation is ICompoundAssignmentOperation compound)
            {
                built = (value.IsBuiltFromInput || !value.IsConstant) && !EarlierCommandTextIsBuilt(compound, flow);
            }

            if (built)
            {
                Report(context, sink.Location, Enumerable.Empty<Location>(), sink.Api, sink.Value);
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
                    Report(context, invocation.GetMemberNameLocation(), new[] { sink }, Helper, argument.Value);
                    return;
                }
            }
        }

        /// <summary>Another assignment of the same command's CommandText in this body is already built from input.</summary>
        private static bool EarlierCommandTextIsBuilt(ICompoundAssignmentOperation compound, StringFlow flow)
        {
            if (compound.Target is not IPropertyReferenceOperation { Instance: { } instance } || instance.GetReferencedSymbol() is not { } command)
            {
                return false;
            }

            return compound.GetRoot().Descendants().Any(o =>
                o is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "CommandText", Instance: { } other } } earlier
                && SymbolEqualityComparer.Default.Equals(other.GetReferencedSymbol(), command)
                && earlier.Syntax.SpanStart < compound.Syntax.SpanStart
                && flow.Evaluate(earlier.Value).IsBuiltFromInput);
        }

        private static void Report(OperationAnalysisContext context, Location location, System.Collections.Generic.IEnumerable<Location> additional, string api, IOperation sql)
        {
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(ApiProperty, api)
                .Add(SqlSpanProperty, SpanProperty.Encode(sql.Syntax.Span));
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SqlInjection, location, additional, properties));
        }
    }
}
