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
/// A member that only carries diagnostics (<c>stackTrace = ex.StackTrace</c>, <c>["inner"] = ...</c>) is removed rather
/// than filled with the message. What the edit leaves dead is cleaned up: a catch variable nothing uses any more
/// loses its name (an unused <c>ex</c> is CS0168, an error in warnings-as-errors builds). The log call gets the caught
/// exception, never its <c>InnerException</c>, which would drop the outer one.
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

    public override FixAllProvider GetFixAllProvider() => FixAll.For<ExceptionDetailsLeakAnalyzer>(changesBehavior: false, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

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
        var touchedCatches = new HashSet<CatchClauseSyntax>();

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

            if (leaked.FirstAncestorOrSelf<CatchClauseSyntax>() is { } catchClause)
            {
                touchedCatches.Add(catchClause);
            }

            if (await DiagnosticsOnlyMemberAsync(document, root, leaked, cancellationToken).ConfigureAwait(false) is { } member)
            {
                // A statement goes with its line; a member keeps the space before the brace that may follow it.
                editor.RemoveNode(member, member is StatementSyntax ? SyntaxRemoveOptions.KeepNoTrivia : SyntaxRemoveOptions.KeepTrailingTrivia);
            }
            else
            {
                editor.ReplaceNode(leaked, LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(GenericMessage)).WithTriviaFrom(leaked));
            }

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

        foreach (var catchClause in touchedCatches)
        {
            if (UnusedAfterFix(model, catchClause, replaced, logged, cancellationToken) is { } declaration)
            {
                editor.ReplaceNode(declaration, (current, _) => current is CatchDeclarationSyntax d
                    ? d.WithType(d.Type.WithoutTrailingTrivia()).WithIdentifier(default)
                    : current);
            }
        }

        return document.WithSyntaxRoot(Imports.AddUsings(editor.GetChangedRoot(), namespaces));
    }

    /// <summary>
    /// The catch declaration whose variable nothing reads once the leaked expressions are gone and no log call was
    /// added for it: <c>catch (Exception ex)</c> becomes <c>catch (Exception)</c>.
    /// </summary>
    private static CatchDeclarationSyntax? UnusedAfterFix(
        SemanticModel model, CatchClauseSyntax catchClause, HashSet<SyntaxNode> replaced, HashSet<(SyntaxNode Body, string Exception)> logged, CancellationToken cancellationToken)
    {
        if (catchClause.Declaration is not { Identifier.ValueText: { Length: > 0 } name } declaration
            || model.GetDeclaredSymbol(declaration, cancellationToken) is not { } variable
            || logged.Any(l => l.Exception == name || l.Exception.StartsWith(name + ".", System.StringComparison.Ordinal)))
        {
            return null;
        }

        foreach (var identifier in catchClause.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.ValueText == name
                && !replaced.Any(r => r.Span.Contains(identifier.Span))
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier, cancellationToken).Symbol, variable))
            {
                return null;
            }
        }

        return declaration;
    }

    /// <summary>Member names that carry diagnostics rather than a message: removed, not filled with the generic message.</summary>
    private static readonly string[] DiagnosticsWords = { "stack", "trace", "inner", "exception", "source", "site", "hresult" };

    /// <summary>
    /// The member, entry or statement that holds only diagnostics (<c>stackTrace = ex.StackTrace</c> in an object,
    /// <c>["inner"] = ...</c> in a dictionary, <c>problem.Extensions["trace"] = ...;</c>), when removing it keeps the
    /// member compiling; null to replace the value instead.
    /// </summary>
    private static async Task<SyntaxNode?> DiagnosticsOnlyMemberAsync(Document document, SyntaxNode root, ExpressionSyntax leaked, CancellationToken cancellationToken)
    {
        var (holder, name) = leaked.Parent switch
        {
            AnonymousObjectMemberDeclaratorSyntax { NameEquals: { } nameEquals } member => ((SyntaxNode)member, nameEquals.Name.Identifier.ValueText),
            AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax, Left: var left } assignment when assignment.Right == leaked => (assignment, NameOf(left)),
            AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax statement, Left: var left } assignment when assignment.Right == leaked => (statement, NameOf(left)),
            _ => (null, null),
        };

        if (holder is null || name is null)
        {
            return null;
        }

        var lower = name.ToLowerInvariant();
        if (!DiagnosticsWords.Any(w => lower.Contains(w)))
        {
            return null;
        }

        var removed = holder.Parent is { } parent ? parent.RemoveNode(holder, SyntaxRemoveOptions.KeepNoTrivia) : null;
        return removed is not null && await CompileCheck.KeepsCompilingAsync(document, root, holder.Parent!, removed, new string[0], cancellationToken).ConfigureAwait(false)
            ? holder
            : null;
    }

    /// <summary><c>StackTrace</c>, <c>x.StackTrace</c>, <c>["stackTrace"]</c>, <c>x.Extensions["stackTrace"]</c>.</summary>
    private static string? NameOf(ExpressionSyntax target) => target switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        ImplicitElementAccessSyntax { ArgumentList.Arguments: { Count: 1 } arguments } when arguments[0].Expression is LiteralExpressionSyntax key => key.Token.ValueText,
        ElementAccessExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments } when arguments[0].Expression is LiteralExpressionSyntax key => key.Token.ValueText,
        _ => null,
    };

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

    /// <summary>
    /// <c>ex</c>, <c>context.Exception</c>: an expression the fix can repeat in the log call. For
    /// <c>ex.InnerException</c> or <c>ex.GetBaseException()</c>, the exception they come from: logging only the inner one
    /// would drop the outer exception and its stack.
    /// </summary>
    private static ExpressionSyntax? Nameable(ExpressionSyntax source)
    {
        while (true)
        {
            switch (source)
            {
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "InnerException", Expression: var outer }:
                    source = outer;
                    continue;
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetBaseException", Expression: var outer }, ArgumentList.Arguments.Count: 0 }:
                    source = outer;
                    continue;
                case IdentifierNameSyntax:
                case MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax or ThisExpressionSyntax }:
                    return source;
                default:
                    return null;
            }
        }
    }

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
