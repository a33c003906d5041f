using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AspNetCore;
using SecureApi.Analyzers.Rules.Abuse;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Abuse;

/// <summary>
/// SAPI2004, limits declared but never enforced: <c>app.UseRateLimiter();</c> in the app's pipeline, after
/// <c>app.UseRouting()</c> when the app calls it (endpoint policies need the endpoint routing picked), else right
/// after <c>var app = builder.Build();</c> (or first in <c>Startup.Configure</c>). The finding is where the limit is
/// declared, often another file than the pipeline: the fix edits the app's file. Every such finding of a project asks
/// for the same one line, so Fix All adds it once.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UseRateLimiterCodeFix)), Shared]
public sealed class UseRateLimiterCodeFix : CodeFixProvider
{
    public const string UseRateLimiter = "SecureApi.RateLimit.UseRateLimiter" + FixEffect.ChangesBehavior;

    private const string Title = "Call app.UseRateLimiter() in the app's pipeline";
    private const string WhatChanges = "every declared limit starts rejecting requests beyond it";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.RateLimit);

    public override FixAllProvider GetFixAllProvider() => new OncePerProject();

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (IsNotEnforced(diagnostic) && await FindInsertionAsync(context.Document.Project, context.CancellationToken).ConfigureAwait(false) is not null)
            {
                context.RegisterCodeFix(
                    FixEffect.ChangingBehaviorInSolution(Title, WhatChanges, ct => ApplyAsync(context.Document.Project, ct), UseRateLimiter),
                    diagnostic);
            }
        }
    }

    private static bool IsNotEnforced(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(RateLimitAnalyzer.KindProperty, out var kind) && kind == RateLimitAnalyzer.NotEnforced;

    private static async Task<Solution> ApplyAsync(Project project, CancellationToken cancellationToken)
    {
        if (await FindInsertionAsync(project, cancellationToken).ConfigureAwait(false) is not { } insertion)
        {
            return project.Solution;
        }

        var root = await insertion.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return project.Solution;
        }

        var call = ExpressionStatement(InvocationExpression(MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression, IdentifierName(insertion.App), IdentifierName("UseRateLimiter"))));
        SyntaxNode changed;
        if (insertion.After is { } after)
        {
            // The new statement takes the indentation of the one it follows, and its own line.
            var statement = call.WithLeadingTrivia(after.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
                .WithTrailingTrivia(after.GetTrailingTrivia());
            changed = after.Parent is GlobalStatementSyntax global
                ? root.InsertNodesAfter(global, new[] { GlobalStatement(statement) })
                : root.InsertNodesAfter(after, new[] { statement });
        }
        else if (insertion.Body is { } body)
        {
            var indentation = body.OpenBraceToken.LeadingTrivia.Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)).Select(t => t.ToString()).FirstOrDefault() ?? "";
            var statement = call.WithLeadingTrivia(Whitespace(indentation + "    ")).WithTrailingTrivia(ElasticCarriageReturnLineFeed);
            changed = root.ReplaceNode(body, body.WithStatements(body.Statements.Insert(0, statement)));
        }
        else
        {
            return project.Solution;
        }

        return insertion.Document.WithSyntaxRoot(changed).Project.Solution;
    }

    /// <summary>Where the app's pipeline can take the call, or null (no app, or <c>builder.Build().Run()</c> without a local).</summary>
    private static async Task<Insertion?> FindInsertionAsync(Project project, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (compilation is null)
        {
            return null;
        }

        var types = KnownTypes.For(compilation);
        foreach (var document in project.Documents)
        {
            if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
                || !root.DescendantNodes().Any(n => n is IdentifierNameSyntax { Identifier.ValueText: "Build" or "Create" or "Configure" })
                || await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } model)
            {
                continue;
            }

            foreach (var node in root.DescendantNodes())
            {
                if (node is VariableDeclaratorSyntax { Initializer.Value: InvocationExpressionSyntax build } declarator
                    && model.GetOperation(build, cancellationToken) is IInvocationOperation call && WebApplications.IsAppBuild(call, types)
                    && declarator.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { } statement)
                {
                    var app = declarator.Identifier.ValueText;
                    return new Insertion(document, app, UseRouting(statement.Parent, app) ?? statement, null);
                }

                if (node is MethodDeclarationSyntax { Body: { } body } method
                    && model.GetDeclaredSymbol(method, cancellationToken) is { } symbol && WebApplications.IsStartupConfigure(symbol, types)
                    && symbol.Parameters.FirstOrDefault(p => p.Type.Is(types.IApplicationBuilder)) is { } parameter)
                {
                    return UseRouting(body, parameter.Name) is { } routing
                        ? new Insertion(document, parameter.Name, routing, null)
                        : new Insertion(document, parameter.Name, null, body);
                }
            }
        }

        return null;
    }

    /// <summary>The <c>app.UseRouting();</c> statement of the same block (or top-level program), if any.</summary>
    private static StatementSyntax? UseRouting(SyntaxNode? container, string app)
    {
        // The statements themselves (a new SyntaxList would copy them out of the tree).
        var statements = container switch
        {
            BlockSyntax block => block.Statements,
            GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } => unit.Members.OfType<GlobalStatementSyntax>().Select(g => g.Statement),
            _ => Enumerable.Empty<StatementSyntax>(),
        };
        return statements.FirstOrDefault(s => s is ExpressionStatementSyntax
        {
            Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "UseRouting", Expression: IdentifierNameSyntax receiver } },
        } && receiver.Identifier.ValueText == app);
    }

    private sealed class Insertion
    {
        public Insertion(Document document, string app, StatementSyntax? after, BlockSyntax? body)
        {
            Document = document;
            App = app;
            After = after;
            Body = body;
        }

        public Document Document { get; }

        public string App { get; }

        public StatementSyntax? After { get; }

        public BlockSyntax? Body { get; }
    }

    /// <summary>Fix All: one <c>UseRateLimiter()</c> per project that has such a finding in scope, when bulk behaviour changes are allowed there.</summary>
    private sealed class OncePerProject : FixAllProvider
    {
        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => FixAll.AllScopes;

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            if (fixAllContext.CodeActionEquivalenceKey is not null && fixAllContext.CodeActionEquivalenceKey != UseRateLimiter)
            {
                return null;
            }

            var chosen = new List<ProjectId>();
            foreach (var (project, diagnostics) in await FixAll.DiagnosticsInScopeAsync(fixAllContext).ConfigureAwait(false))
            {
                if (diagnostics.Any(IsNotEnforced)
                    && await FindInsertionAsync(project, fixAllContext.CancellationToken).ConfigureAwait(false) is { } insertion
                    && await FixEffect.BulkMayApplyAsync(insertion.Document, fixAllContext.CancellationToken).ConfigureAwait(false))
                {
                    chosen.Add(project.Id);
                }
            }

            if (chosen.Count == 0)
            {
                return null;
            }

            return FixEffect.ChangingBehaviorInSolution(Title, WhatChanges, async ct =>
            {
                var solution = fixAllContext.Solution;
                foreach (var id in chosen)
                {
                    if (solution.GetProject(id) is { } project)
                    {
                        solution = await ApplyAsync(project, ct).ConfigureAwait(false);
                    }
                }

                return solution;
            }, UseRateLimiter);
        }
    }
}
