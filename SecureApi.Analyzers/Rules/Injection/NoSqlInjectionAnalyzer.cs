using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Strings;

namespace SecureApi.Analyzers.Rules.Injection;

/// <summary>
/// SAPI4002: MongoDB JSON (a document, filter, update, projection, sort, pipeline stage or command) or server-side
/// JavaScript (<c>$where</c>, <c>BsonJavaScript</c>) built from non-constant input (concatenation, interpolation,
/// Format/Concat/Join, StringBuilder) — directly, or through a helper method of the compilation whose string parameter
/// reaches one (reported at the call that builds the string, with the sink as an additional location). Queries built
/// with <c>Builders&lt;T&gt;</c> or LINQ, and documents whose input is a value (<c>new BsonDocument("deviceId", id)</c>),
/// are not JSON text and are never sinks. No code fix: the rewrite to <c>Builders&lt;T&gt;</c> depends on the query.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class NoSqlInjectionAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: what the text is (see <see cref="MongoSinks"/>), or <see cref="StringSink.Helper"/>.</summary>
    public const string ApiProperty = "Api";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.NoSqlInjection);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            // One type lookup when MongoDB is not referenced.
            var types = KnownTypes.For(start.Compilation);
            if (MongoSinks.For(types) is not { IsEmpty: false } sinks)
            {
                return;
            }

            var rule = new StringSinkRule(start.Compilation, types, sinks.Match, Report);
            start.RegisterOperationAction(rule.Analyze, sinks.OperationKinds);
        });
    }

    private static void Report(OperationAnalysisContext context, StringSink sink, IEnumerable<Location> additional)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(ApiProperty, sink.Api);
        var what = sink.Api == StringSink.Helper ? "query" : sink.Api;
        context.ReportDiagnostic(Diagnostic.Create(Descriptors.NoSqlInjection, sink.Location, additional, properties, what));
    }
}
