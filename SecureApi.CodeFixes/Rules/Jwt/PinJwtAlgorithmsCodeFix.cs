using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Jwt;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Jwt;

/// <summary>
/// SAPI1001: add <c>ValidAlgorithms = new[] { SecurityAlgorithms.X }</c> to the parameters' initializer, or
/// <c>options.TokenValidationParameters.ValidAlgorithms = ...;</c> to the options lambda. X comes from the key in
/// use (chosen by the analyzer); the <c>Microsoft.IdentityModel.Tokens</c> using is added only when missing.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PinJwtAlgorithmsCodeFix)), Shared]
public sealed class PinJwtAlgorithmsCodeFix : CodeFixProvider
{
    public const string PinAlgorithms = "SecureApi.Jwt.PinAlgorithms" + FixEffect.ChangesBehavior;
    private const string TokensNamespace = "Microsoft.IdentityModel.Tokens";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.JwtAlgorithmsNotPinned);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<PinJwtAlgorithmsAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Target(root, diagnostic) is not null && Algorithm(diagnostic) is { } algorithm)
            {
                context.RegisterCodeFix(
                    FixEffect.ChangingBehavior(
                        $"Pin ValidAlgorithms to SecurityAlgorithms.{algorithm}",
                        "tokens signed with other algorithms are refused",
                        ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                        PinAlgorithms),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var needsUsing = false;
        foreach (var diagnostic in diagnostics)
        {
            if (Target(editor.OriginalRoot, diagnostic) is not { } target || Algorithm(diagnostic) is not { } algorithm)
            {
                continue;
            }

            needsUsing |= !Imports.IsInScope(editor.SemanticModel, target.SpanStart, TokensNamespace, cancellationToken);
            var algorithms = ParseExpression($"new[] {{ SecurityAlgorithms.{algorithm} }}");
            switch (target)
            {
                case BaseObjectCreationExpressionSyntax creation:
                    editor.ReplaceNode(creation, (current, _) => AddToInitializer((BaseObjectCreationExpressionSyntax)current, algorithms));
                    break;
                case LambdaExpressionSyntax lambda:
                    editor.ReplaceNode(lambda, (current, _) => AddToLambda((LambdaExpressionSyntax)current, algorithms));
                    break;
            }
        }

        var newRoot = editor.GetChangedRoot();
        if (needsUsing && newRoot is CompilationUnitSyntax unit)
        {
            newRoot = Imports.AddUsing(unit, TokensNamespace);
        }

        return document.WithSyntaxRoot(newRoot);
    }

    /// <summary>The parameters' creation, or the options lambda of the flagged configuration call.</summary>
    private static SyntaxNode? Target(SyntaxNode root, Diagnostic diagnostic)
    {
        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (!diagnostic.Properties.TryGetValue(PinJwtAlgorithmsAnalyzer.FormProperty, out var form))
        {
            return null;
        }

        if (form == PinJwtAlgorithmsAnalyzer.CreationForm)
        {
            return node.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>();
        }

        // The options lambda: a single-parameter lambda argument of the call (AddJwtBearer, Configure, PostConfigure...).
        return node.FirstAncestorOrSelf<InvocationExpressionSyntax>()?.ArgumentList.Arguments
            .Select(a => a.Expression)
            .OfType<LambdaExpressionSyntax>()
            .FirstOrDefault(l => ParameterName(l) is not null);
    }

    private static string? Algorithm(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(PinJwtAlgorithmsAnalyzer.AlgorithmProperty, out var algorithm)
        && algorithm is SigningAlgorithmChoice.Hmac or SigningAlgorithmChoice.Rsa or SigningAlgorithmChoice.Ecdsa
            ? algorithm
            : null;

    private static SyntaxNode AddToInitializer(BaseObjectCreationExpressionSyntax creation, ExpressionSyntax algorithms) =>
        Initializers.AddMember(creation, AssignmentExpression(SyntaxKind.SimpleAssignmentExpression, IdentifierName("ValidAlgorithms"), algorithms));

    private static SyntaxNode AddToLambda(LambdaExpressionSyntax lambda, ExpressionSyntax algorithms)
    {
        var options = ParameterName(lambda)!;
        var statement = ExpressionStatement(AssignmentExpression(
            SyntaxKind.SimpleAssignmentExpression,
            ParseExpression($"{options}.TokenValidationParameters.ValidAlgorithms"),
            algorithms)).WithAdditionalAnnotations(Formatter.Annotation);

        if (lambda.Block is { } block)
        {
            return lambda.WithBlock(block.AddStatements(statement));
        }

        if (lambda.ExpressionBody is { } body)
        {
            // Explicit line breaks: the formatter keeps a block that is written on one line.
            var asBlock = Block(
                    Token(SyntaxKind.OpenBraceToken).WithTrailingTrivia(ElasticCarriageReturnLineFeed),
                    List(new StatementSyntax[]
                    {
                        ExpressionStatement(body.WithoutTrivia()).WithTrailingTrivia(ElasticCarriageReturnLineFeed),
                        statement.WithTrailingTrivia(ElasticCarriageReturnLineFeed),
                    }),
                    Token(SyntaxKind.CloseBraceToken))
                .WithAdditionalAnnotations(Formatter.Annotation);
            return lambda.WithExpressionBody(null).WithBlock(asBlock).WithAdditionalAnnotations(Formatter.Annotation);
        }

        return lambda;
    }

    private static string? ParameterName(LambdaExpressionSyntax lambda) => lambda switch
    {
        SimpleLambdaExpressionSyntax simple => simple.Parameter.Identifier.Text,
        ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters.Count: 1 } parenthesized => parenthesized.ParameterList.Parameters[0].Identifier.Text,
        _ => null,
    };
}
