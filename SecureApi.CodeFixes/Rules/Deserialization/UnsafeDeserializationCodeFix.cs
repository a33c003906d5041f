using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Deserialization;
using SecureApi.CodeFixes.Core;

namespace SecureApi.CodeFixes.Rules.Deserialization;

/// <summary>
/// SAPI4005: <c>TypeNameHandling.All</c> (or any other value but None) becomes <c>TypeNameHandling.None</c>. Payloads
/// then no longer carry or honour "$type", so polymorphic data stops round-tripping: the fix changes behaviour. The
/// analyzer leaves the fix out where the type names are evidently wanted (<c>MetadataPropertyHandling.ReadAhead</c> on
/// the same settings, an attribute on a member of an abstract or interface type). The formatters have no drop-in
/// replacement and get no fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnsafeDeserializationCodeFix)), Shared]
public sealed class UnsafeDeserializationCodeFix : CodeFixProvider
{
    public const string TypeNameHandlingNone = "SecureApi.Deserialization.TypeNameHandlingNone" + FixEffect.ChangesBehavior;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnsafeDeserialization);

    public override FixAllProvider GetFixAllProvider() =>
        FixAll.For<UnsafeDeserializationAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        NodeEdits.RegisterEachAsync(context, FindValue, diagnostic => FixEffect.ChangingBehavior(
            "Set TypeNameHandling.None",
            "\"$type\" is no longer written or read, so polymorphic payloads stop round-tripping",
            ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
            TypeNameHandlingNone));

    private static Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        NodeEdits.ReplaceEachAsync(document, diagnostics, FindValue, (value, diagnostic) =>
            SyntaxFactory.ParseExpression(diagnostic.Properties[UnsafeDeserializationAnalyzer.ReplacementProperty]!).WithTriviaFrom(value), cancellationToken);

    /// <summary>The TypeNameHandling value the analyzer marked, when the diagnostic carries a fix and the code still has it.</summary>
    private static ExpressionSyntax? FindValue(SyntaxNode root, Diagnostic diagnostic) =>
        diagnostic.Location.SourceTree == root.SyntaxTree
        && diagnostic.Properties.TryGetValue(UnsafeDeserializationAnalyzer.ReplacementProperty, out var replacement) && replacement is not null
        && SpanProperty.Decode(diagnostic, UnsafeDeserializationAnalyzer.ValueSpanProperty, root) is { } span
        && root.FindNode(span, getInnermostNodeForTie: true) is ExpressionSyntax value
        && value.Span == span
            ? value
            : null;
}
