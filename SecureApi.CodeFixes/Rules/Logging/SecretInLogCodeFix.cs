using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Text;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Logging;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Logging;

/// <summary>
/// SAPI5003: the logged secret becomes <c>"[REDACTED]"</c>; an interpolation hole becomes that text in the string.
/// Only the log's content changes, so the fix keeps behaviour. Not offered where a string cannot take the value's
/// place (a non-string parameter of a <c>[LoggerMessage]</c> method, the state of <c>ILogger.Log</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SecretInLogCodeFix)), Shared]
public sealed class SecretInLogCodeFix : CodeFixProvider
{
    public const string Redact = "SecureApi.Logging.Redact";

    public const string Redacted = "[REDACTED]";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SecretInLog);

    public override FixAllProvider GetFixAllProvider() =>
        FixAll.For<SecretInLogAnalyzer>(changesBehavior: false, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        NodeEdits.RegisterEachAsync(context, Find, diagnostic => FixEffect.Preserving(
            "Log \"[REDACTED]\" instead of the secret",
            ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
            Redact));

    /// <summary>
    /// Replaces each reported expression with the literal; the holes of one interpolated string are redacted together,
    /// and the string is parsed again so that the text around a hole stays one text token.
    /// </summary>
    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var holes = new Dictionary<InterpolatedStringExpressionSyntax, List<InterpolationSyntax>>();
        var replaced = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            switch (Find(editor.OriginalRoot, diagnostic))
            {
                case InterpolationSyntax { Parent: InterpolatedStringExpressionSyntax text } hole:
                    if (!holes.TryGetValue(text, out var list))
                    {
                        holes[text] = list = new List<InterpolationSyntax>();
                    }

                    if (!list.Contains(hole))
                    {
                        list.Add(hole);
                    }

                    break;
                case ExpressionSyntax expression when replaced.Add(expression):
                    editor.ReplaceNode(expression, LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(Redacted)).WithTriviaFrom(expression));
                    break;
            }
        }

        foreach (var pair in holes)
        {
            var text = pair.Key;
            var builder = new StringBuilder();
            var position = text.SpanStart;
            foreach (var hole in pair.Value.OrderBy(h => h.SpanStart))
            {
                builder.Append(editor.OriginalRoot.GetText().ToString(TextSpan.FromBounds(position, hole.SpanStart))).Append(Redacted);
                position = hole.Span.End;
            }

            builder.Append(editor.OriginalRoot.GetText().ToString(TextSpan.FromBounds(position, text.Span.End)));
            editor.ReplaceNode(text, ParseExpression(builder.ToString()).WithTriviaFrom(text));
        }

        return editor.GetChangedDocument();
    }

    /// <summary>The reported expression (or the interpolation that holds it), when a string can take its place.</summary>
    private static SyntaxNode? Find(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.ContainsKey(SecretInLogAnalyzer.ReplaceableProperty)
            || NodeEdits.At(root, diagnostic) is not { } node
            || node.Span != diagnostic.Location.SourceSpan)
        {
            return null;
        }

        var expression = node is ArgumentSyntax argument ? argument.Expression : node as ExpressionSyntax;
        if (expression is null)
        {
            return null;
        }

        return expression.Parent is InterpolationSyntax interpolation ? interpolation : expression;
    }

}
