using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Strings;

namespace SecureApi.Analyzers.Rules.Injection;

/// <summary>
/// SAPI4003: a process file name or command line built from non-constant input (concatenation, interpolation,
/// Format/Concat/Join, StringBuilder) reaching <c>Process.Start</c>, a <c>ProcessStartInfo</c> constructor or its
/// <c>FileName</c>/<c>Arguments</c> — directly, or through a helper method of the compilation whose string parameter
/// reaches one (reported at the call that builds the string, with the sink as an additional location). Arguments
/// passed one by one (<c>ArgumentList.Add</c>, <c>Process.Start(fileName, IEnumerable&lt;string&gt;)</c>) are safe.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CommandInjectionAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the API of the sink (see <see cref="CommandSinks"/>), or <see cref="StringSink.Helper"/>.</summary>
    public const string ApiProperty = "Api";

    /// <summary>Diagnostic property: the parameter or property that carries the built string (fileName, arguments, FileName, Arguments).</summary>
    public const string PartProperty = "Part";

    /// <summary>Diagnostic property: "start,length" of the built string expression.</summary>
    public const string ValueSpanProperty = "ValueSpan";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CommandInjection);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            var sinks = CommandSinks.For(types);
            if (sinks.IsEmpty)
            {
                return;
            }

            var rule = new StringSinkRule(start.Compilation, types, sinks.Match, Report);
            start.RegisterOperationAction(rule.Analyze, StringSinkRule.OperationKinds);
        });
    }

    private static void Report(OperationAnalysisContext context, StringSink sink, IEnumerable<Location> additional)
    {
        var properties = ImmutableDictionary<string, string?>.Empty
            .Add(ApiProperty, sink.Api)
            .Add(PartProperty, sink.Parameter)
            .Add(ValueSpanProperty, SpanProperty.Encode(sink.Value.Syntax.Span));
        var what = sink.Api == StringSink.Helper || CommandSinks.IsArguments(sink.Parameter) ? "command line" : "file name";
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.CommandInjection, sink.Location, additional, properties, what));
    }
}
