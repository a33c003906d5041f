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

/// <summary>SAPI5002: wrap the call in <c>if (app.Environment.IsDevelopment())</c> (or the environment in scope).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DeveloperExceptionPageCodeFix)), Shared]
public sealed class DeveloperExceptionPageCodeFix : CodeFixProvider
{
    public const string GuardWithDevelopment = "SecureApi.Exceptions.GuardWithDevelopment";

    private const string HostingNamespace = "Microsoft.Extensions.Hosting";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.UnguardedDeveloperExceptionPage);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<DeveloperExceptionPageAnalyzer>(changesBehavior: false, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        NodeEdits.RegisterEachAsync(context, (root, model, diagnostic) => Guard(model, root, diagnostic, context.CancellationToken) is not { } guard
            ? null
            : FixEffect.Preserving(
                $"Only in Development (if ({guard.Environment}.IsDevelopment()))",
                ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                GuardWithDevelopment));

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var handled = new HashSet<SyntaxNode>();
        var namespaces = new HashSet<string>();
        foreach (var diagnostic in diagnostics)
        {
            if (Guard(editor.SemanticModel, editor.OriginalRoot, diagnostic, cancellationToken) is not { } guard || !handled.Add(guard.Statement))
            {
                continue;
            }

            var guarded = IfStatement(
                    InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, guard.Environment, IdentifierName("IsDevelopment"))),
                    Block(guard.Statement.WithoutTrivia()))
                .WithTriviaFrom(guard.Statement)
                .WithAdditionalAnnotations(Formatter.Annotation);
            if (HasNextStatement(guard.Statement))
            {
                // A blank line between the new block and the statement after it.
                var endOfLine = guarded.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
                guarded = guarded.WithTrailingTrivia(guarded.GetTrailingTrivia().Add(endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : ElasticCarriageReturnLineFeed));
            }

            if (guard.Statement.Parent is GlobalStatementSyntax global)
            {
                editor.ReplaceNode(global, global.WithStatement(guarded));
            }
            else
            {
                editor.ReplaceNode(guard.Statement, guarded);
            }

            if (!Imports.IsInScope(editor.SemanticModel, guard.Statement.SpanStart, HostingNamespace, cancellationToken))
            {
                namespaces.Add(HostingNamespace);
            }
        }

        return document.WithSyntaxRoot(Imports.AddUsings(editor.GetChangedRoot(), namespaces));
    }

    private static bool HasNextStatement(StatementSyntax statement) => statement.Parent switch
    {
        BlockSyntax block => block.Statements.IndexOf(statement) < block.Statements.Count - 1,
        GlobalStatementSyntax global when global.Parent is CompilationUnitSyntax unit =>
            unit.Members.IndexOf(global) < unit.Members.Count - 1 && unit.Members[unit.Members.IndexOf(global) + 1] is GlobalStatementSyntax,
        _ => false,
    };

    private sealed class DevelopmentGuard
    {
        public DevelopmentGuard(ExpressionStatementSyntax statement, ExpressionSyntax environment)
        {
            Statement = statement;
            Environment = environment;
        }

        public ExpressionStatementSyntax Statement { get; }

        public ExpressionSyntax Environment { get; }
    }

    /// <summary>The call's own statement (<c>app.UseDeveloperExceptionPage();</c>) and a host environment in scope there.</summary>
    private static DevelopmentGuard? Guard(SemanticModel model, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.Location.SourceTree != root.SyntaxTree
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } call
            || call.Parent is not ExpressionStatementSyntax statement
            || Statements.Enclosing(statement) != statement
            || ScopedAccess.HostEnvironment(model, statement.SpanStart, cancellationToken) is not { } environment)
        {
            return null;
        }

        return new DevelopmentGuard(statement, environment);
    }
}
