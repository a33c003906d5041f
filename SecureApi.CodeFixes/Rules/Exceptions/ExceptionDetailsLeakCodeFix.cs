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
using SecureApi.Analyzers.Rules.Exceptions;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Exceptions;

/// <summary>
/// SAPI5001: replace the leaked expression with a generic message (the result helper and its status stay), logging
/// the exception first when a logger is in scope and the method does not log it yet; <c>IncludeErrorDetails = false</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ExceptionDetailsLeakCodeFix)), Shared]
public sealed class ExceptionDetailsLeakCodeFix : CodeFixProvider
{
    // One key for both kinds of finding: Fix All and `dotnet format` hide every detail in one pass.
    public const string HideDetails = "SecureApi.Exceptions.HideDetails";

    public const string GenericMessage = "An unexpected error occurred.";
    public const string LogMessage = "Request failed";

    private const string LoggingNamespace = "Microsoft.Extensions.Logging";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.ExceptionDetailsLeak);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<ExceptionDetailsLeakAnalyzer>((document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            string? title = null;
            if (IncludeErrorDetailsValue(root, diagnostic) is not null)
            {
                title = "Do not explain token failures to clients (IncludeErrorDetails = false)";
            }
            else if (LeakedExpression(root, diagnostic) is { } leaked)
            {
                title = Logging(model, root, diagnostic, leaked, context.CancellationToken) is not null
                    ? "Log the exception and answer with a generic message"
                    : "Answer with a generic message";
            }

            if (title is not null)
            {
                context.RegisterCodeFix(
                    FixEffect.Preserving(title, ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct), HideDetails),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var root = editor.OriginalRoot;
        var model = editor.SemanticModel;
        var replaced = new HashSet<SyntaxNode>();
        var logged = new HashSet<(SyntaxNode Body, string Exception)>();
        var namespaces = new HashSet<string>();

        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (IncludeErrorDetailsValue(root, diagnostic) is { } value)
            {
                if (replaced.Add(value))
                {
                    editor.ReplaceNode(value, LiteralExpression(SyntaxKind.FalseLiteralExpression).WithTriviaFrom(value));
                }

                continue;
            }

            if (LeakedExpression(root, diagnostic) is not { } leaked || replaced.Any(r => r.Span.Contains(leaked.Span)) || !replaced.Add(leaked))
            {
                continue;
            }

            editor.ReplaceNode(leaked, LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(GenericMessage)).WithTriviaFrom(leaked));

            if (Logging(model, root, diagnostic, leaked, cancellationToken) is { } logging && logged.Add((logging.Body, logging.Exception.ToString())))
            {
                var endOfLine = logging.Before.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
                var statement = ParseStatement($"{logging.Logger}.LogError({logging.Exception}, \"{LogMessage}\");")
                    .WithLeadingTrivia(ElasticMarker)
                    .WithTrailingTrivia(endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : ElasticLineFeed)
                    .WithAdditionalAnnotations(Formatter.Annotation);
                editor.InsertBefore(logging.Before, statement);
                if (!Imports.IsInScope(model, logging.Before.SpanStart, LoggingNamespace, cancellationToken))
                {
                    namespaces.Add(LoggingNamespace);
                }
            }
        }

        return document.WithSyntaxRoot(Imports.AddUsings(editor.GetChangedRoot(), namespaces));
    }

    /// <summary>The <c>true</c> of a flagged <c>IncludeErrorDetails = true</c>.</summary>
    private static ExpressionSyntax? IncludeErrorDetailsValue(SyntaxNode root, Diagnostic diagnostic) =>
        diagnostic.Properties.ContainsKey(ExceptionDetailsLeakAnalyzer.IncludeErrorDetailsProperty)
        && diagnostic.Location.SourceTree == root.SyntaxTree
        && root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { Right: { } value }
            ? value
            : null;

    /// <summary>The reported expression, when a string literal can take its place.</summary>
    private static ExpressionSyntax? LeakedExpression(SyntaxNode root, Diagnostic diagnostic) =>
        diagnostic.Properties.ContainsKey(ExceptionDetailsLeakAnalyzer.ReplaceableProperty)
        && diagnostic.Location.SourceTree == root.SyntaxTree
        && root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax expression
        && expression.Span == diagnostic.Location.SourceSpan
            ? expression
            : null;

    private sealed class LogSite
    {
        public LogSite(StatementSyntax before, SyntaxNode body, ExpressionSyntax logger, ExpressionSyntax exception)
        {
            Before = before;
            Body = body;
            Logger = logger;
            Exception = exception;
        }

        public StatementSyntax Before { get; }

        public SyntaxNode Body { get; }

        public ExpressionSyntax Logger { get; }

        public ExpressionSyntax Exception { get; }
    }

    /// <summary>
    /// Where and how to log the exception before answering: a statement to insert before, a logger in scope, and
    /// an exception expression that is in scope there; null when any is missing or the body already logs it.
    /// </summary>
    private static LogSite? Logging(SemanticModel model, SyntaxNode root, Diagnostic diagnostic, ExpressionSyntax leaked, CancellationToken cancellationToken)
    {
        if (Statements.Enclosing(leaked) is not { } statement
            || SpanProperty.Decode(diagnostic, ExceptionDetailsLeakAnalyzer.ExceptionProperty, root) is not { } span
            || root.FindNode(span, getInnermostNodeForTie: true) is not ExpressionSyntax source
            || Nameable(source) is not { } exception
            || !InScope(model, exception, statement.SpanStart, cancellationToken)
            || ScopedAccess.Logger(model, statement.SpanStart, cancellationToken) is not { } logger)
        {
            return null;
        }

        var body = statement.Ancestors().FirstOrDefault(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax)
                   ?? root;
        return AlreadyLogs(model, body, exception, cancellationToken) ? null : new LogSite(statement, body, logger, exception.WithoutTrivia());
    }

    /// <summary><c>ex</c>, <c>context.Exception</c>: an expression the fix can repeat in the log call.</summary>
    private static ExpressionSyntax? Nameable(ExpressionSyntax source) => source switch
    {
        IdentifierNameSyntax => source,
        MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax or ThisExpressionSyntax } => source,
        _ => null,
    };

    private static bool InScope(SemanticModel model, ExpressionSyntax exception, int position, CancellationToken cancellationToken)
    {
        var first = exception is MemberAccessExpressionSyntax { Expression: var receiver } ? receiver : exception;
        if (first is not IdentifierNameSyntax identifier)
        {
            return true;
        }

        var symbol = model.GetSymbolInfo(identifier, cancellationToken).Symbol;
        return symbol is not null && model.LookupSymbols(position, name: identifier.Identifier.ValueText).Contains(symbol, SymbolEqualityComparer.Default);
    }

    /// <summary>Does the body pass the exception to a logger already (ILogger methods, LoggerExtensions, [LoggerMessage] methods)?</summary>
    private static bool AlreadyLogs(SemanticModel model, SyntaxNode body, ExpressionSyntax exception, CancellationToken cancellationToken)
    {
        var logger = KnownTypes.For(model.Compilation).ILogger;
        var text = exception.WithoutTrivia().ToString();
        foreach (var invocation in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (!invocation.ArgumentList.Arguments.Any(a => a.Expression.WithoutTrivia().ToString() == text)
                || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
            {
                continue;
            }

            var receiver = invocation.Expression is MemberAccessExpressionSyntax access ? model.GetTypeInfo(access.Expression, cancellationToken).Type : null;
            if (IsLogger(method.ContainingType, logger) || IsLogger(receiver, logger) || method.Parameters.Any(p => IsLogger(p.Type, logger))
                || method.ContainingType?.Name == "LoggerExtensions")
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLogger(ITypeSymbol? type, INamedTypeSymbol? logger) =>
        type is not null && logger is not null
        && (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, logger) || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, logger)));
}
