using System;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Strings;
using SecureApi.Analyzers.Rules.Tls;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Tls;

/// <summary>SAPI8007: <c>http://</c> becomes <c>https://</c> in the literal (or the constant start of an interpolation or concatenation).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(IdentityEndpointOverHttpCodeFix)), Shared]
public sealed class IdentityEndpointOverHttpCodeFix : CodeFixProvider
{
    public const string UseHttps = "SecureApi.Tls.UseHttps" + FixEffect.ChangesBehavior;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.IdentityEndpointOverHttp);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<IdentityEndpointOverHttpAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        NodeEdits.RegisterEachAsync(context, FindHttpText, diagnostic => FixEffect.ChangingBehavior(
            "Use https://",
            "the identity provider must serve HTTPS",
            ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
            UseHttps));

    private static Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        NodeEdits.ReplaceEachAsync(document, diagnostics, FindHttpText, (node, _) => node switch
        {
            LiteralExpressionSyntax literal => ParseExpression(Secure(literal.Token.Text)).WithTriviaFrom(literal),
            InterpolatedStringTextSyntax text => text.WithTextToken(Token(
                text.TextToken.LeadingTrivia, SyntaxKind.InterpolatedStringTextToken, Secure(text.TextToken.Text), Secure(text.TextToken.ValueText), text.TextToken.TrailingTrivia)),
            _ => node,
        }, cancellationToken);

    private static string Secure(string text)
    {
        var index = text.IndexOf(PlainHttpUrls.HttpScheme, StringComparison.OrdinalIgnoreCase);
        return index < 0 ? text : text.Substring(0, index) + PlainHttpUrls.HttpsScheme + text.Substring(index + PlainHttpUrls.HttpScheme.Length);
    }

    /// <summary>The literal or interpolation text that holds the scheme; null when it is elsewhere (a constant, a local).</summary>
    private static SyntaxNode? FindHttpText(SyntaxNode root, Diagnostic diagnostic)
    {
        if (diagnostic.Location.SourceTree != root.SyntaxTree)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        for (var depth = 0; depth < 32; depth++)
        {
            switch (node)
            {
                case ArgumentSyntax argument:
                    node = argument.Expression;
                    continue;

                case ParenthesizedExpressionSyntax parenthesized:
                    node = parenthesized.Expression;
                    continue;

                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                    node = binary.Left;
                    continue;

                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                    return literal.Token.ValueText.StartsWith(PlainHttpUrls.HttpScheme, StringComparison.OrdinalIgnoreCase) ? literal : null;

                case InterpolatedStringExpressionSyntax interpolated:
                    return interpolated.Contents.Count > 0 && interpolated.Contents[0] is InterpolatedStringTextSyntax text
                           && text.TextToken.ValueText.StartsWith(PlainHttpUrls.HttpScheme, StringComparison.OrdinalIgnoreCase)
                        ? text
                        : null;

                default:
                    return null;
            }
        }

        return null;
    }
}
