using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Redirects;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Redirects;

/// <summary>
/// SAPI4004: redirect only to local URLs. <c>Redirect(x)</c> becomes <c>LocalRedirect(x)</c> (also the permanent and
/// method-preserving variants), <c>Results.Redirect</c>/<c>TypedResults.Redirect</c> become <c>LocalRedirect</c>,
/// <c>new RedirectResult(x)</c> becomes <c>new LocalRedirectResult(x)</c>; a named <c>url:</c> argument becomes
/// <c>localUrl:</c>. Not offered where the result would not compile (a method declared to return <c>RedirectResult</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(OpenRedirectCodeFix)), Shared]
public sealed class OpenRedirectCodeFix : CodeFixProvider
{
    public const string UseLocalRedirect = "SecureApi.Redirects.UseLocalRedirect" + FixEffect.ChangesBehavior;

    private const string WhatChanges = "a URL to another site now throws instead of redirecting";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.OpenRedirect);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<OpenRedirectAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Find(root, diagnostic) is not { } sink || Rewrite(sink) is not { } replacement
                || !await CompileCheck.KeepsCompilingAsync(context.Document, root, sink, replacement, new string[0], context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            context.RegisterCodeFix(
                FixEffect.ChangingBehavior(
                    $"Use {Describe(replacement)}",
                    WhatChanges,
                    ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                    UseLocalRedirect),
                diagnostic);
        }
    }

    private static Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        NodeEdits.ReplaceEachAsync(document, diagnostics, Find, (sink, _) => Rewrite(sink) ?? sink, cancellationToken);

    /// <summary>The redirect call or creation whose URL argument the diagnostic is on, when the analyzer said how to fix it.</summary>
    private static ExpressionSyntax? Find(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(OpenRedirectAnalyzer.FixProperty, out var fix) || fix is null
            || NodeEdits.At(root, diagnostic)?.FirstAncestorOrSelf<ArgumentSyntax>() is not { Parent: ArgumentListSyntax { Parent: { } sink } })
        {
            return null;
        }

        return fix switch
        {
            OpenRedirectAnalyzer.RenameMethod when sink is InvocationExpressionSyntax invocation => invocation,
            OpenRedirectAnalyzer.ReplaceType when sink is ObjectCreationExpressionSyntax creation => creation,
            _ => null,
        };
    }

    private static ExpressionSyntax? Rewrite(ExpressionSyntax sink)
    {
        switch (sink)
        {
            case InvocationExpressionSyntax invocation:
                var expression = invocation.Expression switch
                {
                    IdentifierNameSyntax name => (ExpressionSyntax)Local(name),
                    MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name } access => access.WithName(Local(name)),
                    _ => null,
                };
                return expression is null ? null : invocation.WithExpression(expression).WithArgumentList(RenameUrl(invocation.ArgumentList));

            case ObjectCreationExpressionSyntax creation:
                TypeSyntax? type = creation.Type switch
                {
                    IdentifierNameSyntax name => Local(name),
                    QualifiedNameSyntax { Right: IdentifierNameSyntax name } qualified => qualified.WithRight(Local(name)),
                    AliasQualifiedNameSyntax { Name: IdentifierNameSyntax name } alias => alias.WithName(Local(name)),
                    _ => null,
                };
                return type is null ? null : creation.WithType(type).WithArgumentList(creation.ArgumentList is { } arguments ? RenameUrl(arguments) : null);

            default:
                return null;
        }
    }

    /// <summary>Redirect to LocalRedirect, RedirectPermanent to LocalRedirectPermanent, RedirectResult to LocalRedirectResult.</summary>
    private static IdentifierNameSyntax Local(IdentifierNameSyntax name) =>
        IdentifierName(Identifier("Local" + name.Identifier.ValueText)).WithTriviaFrom(name);

    /// <summary>The local forms call their URL parameter <c>localUrl</c>.</summary>
    private static ArgumentListSyntax RenameUrl(ArgumentListSyntax arguments) =>
        arguments.WithArguments(SeparatedList(
            arguments.Arguments.Select(a => a.NameColon is { Name.Identifier.ValueText: "url" } nameColon
                ? a.WithNameColon(nameColon.WithName(IdentifierName("localUrl").WithTriviaFrom(nameColon.Name)))
                : a),
            arguments.Arguments.GetSeparators()));

    private static string Describe(ExpressionSyntax replacement) => replacement switch
    {
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax owner, Name: var name } }
            when owner.Identifier.ValueText is "Results" or "TypedResults" => $"{owner.Identifier.ValueText}.{name.Identifier.ValueText}",
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: var name } } => name.Identifier.ValueText,
        InvocationExpressionSyntax { Expression: IdentifierNameSyntax name } => name.Identifier.ValueText,
        _ => "LocalRedirectResult",
    };
}
