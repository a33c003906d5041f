using System.Collections.Immutable;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureApi.Analyzers.Core;
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

    public const string Helper = StringSink.Helper;

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

            var rule = new StringSinkRule(
                start.Compilation,
                types,
                operation => sinks.Match(operation) is { } sink ? ImmutableArray.Create(sink) : ImmutableArray<StringSink>.Empty,
                Report);
            start.RegisterOperationAction(rule.Analyze, StringSinkRule.OperationKinds);
        });
    }

    private static void Report(OperationAnalysisContext context, StringSink sink, IEnumerable<Location> additional)
    {
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(ApiProperty, sink.Api)
            .Add(SqlSpanProperty, SpanProperty.Encode(sink.Value.Syntax.Span));
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SqlInjection, sink.Location, additional, properties));
    }
}
