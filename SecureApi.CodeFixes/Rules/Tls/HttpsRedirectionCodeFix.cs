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
using Microsoft.CodeAnalysis.Formatting;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Tls;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Tls;

/// <summary>
/// SAPI8003: insert what the app lacks where its pipeline starts: after <c>var app = builder.Build();</c>, or at the
/// start of <c>Startup.Configure</c>. <c>UseHsts()</c> goes into an <c>if (!env.IsDevelopment())</c> block (the
/// template's; an environment check right there is reused), then <c>app.UseHttpsRedirection();</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HttpsRedirectionCodeFix)), Shared]
public sealed class HttpsRedirectionCodeFix : CodeFixProvider
{
    public const string EnforceHttps = "SecureApi.Tls.EnforceHttps" + FixEffect.ChangesBehavior;

    private const string BuilderNamespace = "Microsoft.AspNetCore.Builder";
    private const string HostingNamespace = "Microsoft.Extensions.Hosting";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.HttpsNotEnforced);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<HttpsRedirectionAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        NodeEdits.RegisterEachAsync(context, (root, model, diagnostic) =>
        {
            if (Pipeline.Find(root, model, diagnostic, context.CancellationToken) is null)
            {
                return null;
            }

            var (hsts, redirect) = Missing(diagnostic);
            var title = hsts && redirect ? "Add UseHsts() outside Development and UseHttpsRedirection()"
                : hsts ? "Add UseHsts() outside Development"
                : "Add UseHttpsRedirection()";
            return FixEffect.ChangingBehavior(
                title,
                "plain-HTTP requests are redirected and browsers keep to HTTPS",
                ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                EnforceHttps);
        });

    private static (bool Hsts, bool Redirect) Missing(Diagnostic diagnostic)
    {
        diagnostic.Properties.TryGetValue(HttpsRedirectionAnalyzer.MissingProperty, out var missing);
        return (missing != HttpsRedirectionAnalyzer.MissingRedirect, missing != HttpsRedirectionAnalyzer.MissingHsts);
    }

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        // Every edit lies after its diagnostic's location, so the last one first keeps the others' spans valid.
        var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in diagnostics.Where(d => d.Location.SourceTree == tree).OrderByDescending(d => d.Location.SourceSpan.Start))
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null || Pipeline.Find(root, model, diagnostic, cancellationToken) is not { } pipeline)
            {
                continue;
            }

            var (hsts, redirect) = Missing(diagnostic);
            document = document.WithSyntaxRoot(Edit(model, root, pipeline, hsts, redirect, cancellationToken));
        }

        return document;
    }

    private static SyntaxNode Edit(SemanticModel model, SyntaxNode root, Pipeline pipeline, bool hsts, bool redirect, CancellationToken cancellationToken)
    {
        var namespaces = new List<string>();
        if (!Imports.IsInScope(model, pipeline.Position, BuilderNamespace, cancellationToken))
        {
            namespaces.Add(BuilderNamespace);
        }

        var environment = pipeline.Environment(model, cancellationToken);
        if (hsts && environment is not null && !Imports.IsInScope(model, pipeline.Position, HostingNamespace, cancellationToken))
        {
            namespaces.Add(HostingNamespace);
        }

        var useHsts = Call(pipeline.App, "UseHsts");
        var useRedirect = Call(pipeline.App, "UseHttpsRedirection");
        var first = pipeline.Following.FirstOrDefault();
        var check = first is null ? null : EnvironmentCheck.Of(Unwrap(first));

        SyntaxNode edited;
        var newline = ElasticEndOfLine(Imports.DetectNewline(root));
        if (hsts && check is not null)
        {
            var replacement = new List<SyntaxNode> { pipeline.Wrap(check.WithHsts(useHsts, newline)) };
            if (redirect)
            {
                replacement.Add(pipeline.Wrap(useRedirect));
            }

            edited = root.ReplaceNode(first!, replacement);
        }
        else if (!hsts && check is not null)
        {
            edited = root.InsertNodesAfter(first!, new[] { pipeline.Wrap(useRedirect) });
        }
        else
        {
            var inserted = new List<StatementSyntax>();
            if (hsts)
            {
                inserted.Add(environment is null ? useHsts : OutsideDevelopment(environment, useHsts, newline));
            }

            if (redirect)
            {
                inserted.Add(useRedirect);
            }

            edited = pipeline.Insert(root, inserted);
        }

        return Imports.AddUsings(edited, namespaces);
    }

    private static StatementSyntax Call(ExpressionSyntax app, string method) =>
        ExpressionStatement(InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, app, IdentifierName(method))))
            .WithAdditionalAnnotations(Formatter.Annotation);

    private static StatementSyntax OutsideDevelopment(ExpressionSyntax environment, StatementSyntax statement, SyntaxTrivia newline) =>
        IfStatement(
                PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, InvocationExpression(MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, environment, IdentifierName("IsDevelopment")))),
                Block(statement))
            .WithTrailingTrivia(newline, newline)
            .WithAdditionalAnnotations(Formatter.Annotation);

    private static StatementSyntax? Unwrap(SyntaxNode item) => item is GlobalStatementSyntax global ? global.Statement : item as StatementSyntax;

    /// <summary>
    /// An environment check that starts the pipeline (the template's <c>if (!app.Environment.IsDevelopment()) { ... }</c>,
    /// or <c>if (env.IsDevelopment()) { ... } else { ... }</c>): UseHsts() joins its non-development branch.
    /// </summary>
    private sealed class EnvironmentCheck
    {
        private readonly IfStatementSyntax _if;
        private readonly bool _negated;

        private EnvironmentCheck(IfStatementSyntax statement, bool negated)
        {
            _if = statement;
            _negated = negated;
        }

        public static EnvironmentCheck? Of(StatementSyntax? statement)
        {
            if (statement is not IfStatementSyntax statementIf)
            {
                return null;
            }

            var negated = statementIf.Condition is PrefixUnaryExpressionSyntax prefix && prefix.IsKind(SyntaxKind.LogicalNotExpression);
            var condition = negated ? ((PrefixUnaryExpressionSyntax)statementIf.Condition).Operand : statementIf.Condition;
            if (condition is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 0, Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "IsDevelopment" } })
            {
                return null;
            }

            // Where UseHsts() would go must be a block (or nothing yet: an else is added).
            var ok = negated ? statementIf.Statement is BlockSyntax : statementIf.Else is null || statementIf.Else.Statement is BlockSyntax;
            return ok ? new EnvironmentCheck(statementIf, negated) : null;
        }

        public IfStatementSyntax WithHsts(StatementSyntax useHsts, SyntaxTrivia newline)
        {
            if (_negated)
            {
                var block = (BlockSyntax)_if.Statement;
                return _if.WithStatement(block.AddStatements(useHsts)).WithAdditionalAnnotations(Formatter.Annotation);
            }

            if (_if.Else is { Statement: BlockSyntax elseBlock } @else)
            {
                return _if.WithElse(@else.WithStatement(elseBlock.AddStatements(useHsts))).WithAdditionalAnnotations(Formatter.Annotation);
            }

            var trailing = _if.Statement.GetTrailingTrivia();
            return _if.WithStatement(_if.Statement.WithoutTrailingTrivia().WithTrailingTrivia(newline))
                .WithElse(ElseClause(Block(useHsts)).WithTrailingTrivia(trailing))
                .WithAdditionalAnnotations(Formatter.Annotation);
        }
    }

    /// <summary>Where the app's pipeline starts: after <c>var app = builder.Build();</c>, or at the start of <c>Startup.Configure</c>.</summary>
    private sealed class Pipeline
    {
        private readonly SyntaxNode? _anchor;
        private readonly BlockSyntax? _body;

        private Pipeline(ExpressionSyntax app, SyntaxNode? anchor, BlockSyntax? body, IReadOnlyList<SyntaxNode> following, int position)
        {
            App = app;
            _anchor = anchor;
            _body = body;
            Following = following;
            Position = position;
        }

        /// <summary>The application builder, as code at the insertion point names it.</summary>
        public ExpressionSyntax App { get; }

        /// <summary>The statements (or top-level members) after the insertion point.</summary>
        public IReadOnlyList<SyntaxNode> Following { get; }

        public int Position { get; }

        public static Pipeline? Find(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (diagnostic.Location.SourceTree is not { } tree || tree.FilePath != root.SyntaxTree.FilePath || !root.FullSpan.Contains(diagnostic.Location.SourceSpan))
            {
                return null;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);

            // var app = builder.Build(); — the result must be held in a local to be used.
            if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { Parent: EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } }
                && declarator.Parent?.Parent is LocalDeclarationStatementSyntax declaration
                && Statements.Enclosing(declaration) == declaration)
            {
                var app = IdentifierName(declarator.Identifier.WithoutTrivia());
                var position = declaration.Span.End;
                switch (declaration.Parent)
                {
                    case BlockSyntax block:
                        return new Pipeline(app, declaration, null, block.Statements.Skip(block.Statements.IndexOf(declaration) + 1).ToList(), position);

                    case GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } global:
                        return new Pipeline(app, global, null, unit.Members.Skip(unit.Members.IndexOf(global) + 1).TakeWhile(m => m is GlobalStatementSyntax).ToList(), position);
                }

                return null;
            }

            // public void Configure(IApplicationBuilder app, ...) { ... }
            if (node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { Body: { } body } configure
                && configure.Identifier.Span == diagnostic.Location.SourceSpan
                && model.GetDeclaredSymbol(configure, cancellationToken) is { } method
                && KnownTypes.For(model.Compilation).IApplicationBuilder is { } applicationBuilder)
            {
                var index = method.Parameters.Select(p => p.Type).ToList().FindIndex(t => t.Is(applicationBuilder));
                if (index >= 0 && index < configure.ParameterList.Parameters.Count)
                {
                    var app = IdentifierName(configure.ParameterList.Parameters[index].Identifier.WithoutTrivia());
                    return new Pipeline(app, null, body, body.Statements, body.OpenBraceToken.Span.End);
                }
            }

            return null;
        }

        /// <summary>The host environment in scope (<c>app.Environment</c>, an <c>env</c> parameter or field); null when there is none.</summary>
        public ExpressionSyntax? Environment(SemanticModel model, CancellationToken cancellationToken) =>
            ScopedAccess.HostEnvironment(model, Position, cancellationToken);

        public SyntaxNode Wrap(StatementSyntax statement) =>
            _anchor is GlobalStatementSyntax ? GlobalStatement(statement).WithAdditionalAnnotations(Formatter.Annotation) : statement;

        public SyntaxNode Insert(SyntaxNode root, IReadOnlyList<StatementSyntax> statements)
        {
            if (_anchor is not null)
            {
                return root.InsertNodesAfter(_anchor, statements.Select(Wrap));
            }

            return _body!.Statements.Count > 0
                ? root.InsertNodesBefore(_body.Statements[0], statements)
                : root.ReplaceNode(_body, _body.WithStatements(List(statements)).WithAdditionalAnnotations(Formatter.Annotation));
        }
    }
}
