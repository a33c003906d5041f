using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Authentication;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Authentication;

/// <summary>
/// SAPI1007: read an API key from the <c>X-Api-Key</c> header instead of the query string. A parameter gets
/// <c>[FromHeader(Name = "X-Api-Key")]</c> (in place of its <c>[FromQuery]</c>, with the <c>using</c> when missing);
/// <c>Request.Query["api_key"]</c> and <c>Request.Query.TryGetValue("api_key", ...)</c> read <c>Request.Headers</c>.
/// Only API keys (the analyzer says which findings): tokens and passwords need the client's flow changed, not a header
/// name. Changes behaviour: clients must send the header.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TokenInUrlCodeFix)), Shared]
public sealed class TokenInUrlCodeFix : CodeFixProvider
{
    public const string ReadApiKeyFromHeader = "SecureApi.Authentication.ReadApiKeyFromHeader" + FixEffect.ChangesBehavior;

    private const string MvcNamespace = "Microsoft.AspNetCore.Mvc";

    private const string WhatChanges = "clients must send the key in the " + TokenInUrlAnalyzer.ApiKeyHeader + " header";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.TokenInUrl);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<TokenInUrlAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

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
            if (Find(root, diagnostic) is not { } node || Rewrite(node) is not { } replacement)
            {
                continue;
            }

            var usings = node is ParameterSyntax && !Imports.IsInScope(model, node.SpanStart, MvcNamespace, context.CancellationToken)
                ? new[] { MvcNamespace }
                : new string[0];
            if (!await CompileCheck.KeepsCompilingAsync(context.Document, root, node, replacement, usings, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            context.RegisterCodeFix(
                FixEffect.ChangingBehavior(
                    $"Read the API key from the {TokenInUrlAnalyzer.ApiKeyHeader} header",
                    WhatChanges,
                    ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                    ReadApiKeyFromHeader),
                diagnostic);
        }
    }

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var needsUsing = model is not null && root is not null
            && diagnostics.Any(d => Find(root, d) is ParameterSyntax parameter && !Imports.IsInScope(model, parameter.SpanStart, MvcNamespace, cancellationToken));

        var changed = await NodeEdits.ReplaceEachAsync(document, diagnostics, Find, (node, _) => Rewrite(node) ?? node, cancellationToken).ConfigureAwait(false);
        if (!needsUsing || await changed.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } changedRoot)
        {
            return changed;
        }

        return changed.WithSyntaxRoot(Imports.AddUsings(changedRoot, new[] { MvcNamespace }));
    }

    /// <summary>The parameter, query indexer or <c>TryGetValue</c> call the diagnostic is on, when the analyzer offered a fix.</summary>
    private static SyntaxNode? Find(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(TokenInUrlAnalyzer.FixProperty, out var fix) || NodeEdits.At(root, diagnostic) is not { } node)
        {
            return null;
        }

        return fix switch
        {
            TokenInUrlAnalyzer.FromHeader => node.FirstAncestorOrSelf<ParameterSyntax>(),
            TokenInUrlAnalyzer.ReadHeader => node.AncestorsAndSelf().FirstOrDefault(n => n is ElementAccessExpressionSyntax or InvocationExpressionSyntax),
            _ => null,
        };
    }

    private static SyntaxNode? Rewrite(SyntaxNode node) => node switch
    {
        ParameterSyntax parameter => FromHeader(parameter),
        ElementAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax query, ArgumentList.Arguments: { Count: 1 } arguments } access
            when IsQuery(query) => access.WithExpression(Headers(query)).WithArgumentList(access.ArgumentList.WithArguments(HeaderKey(arguments))),
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax query } method, ArgumentList.Arguments: { Count: > 0 } arguments } call
            when IsQuery(query) => call.WithExpression(method.WithExpression(Headers(query))).WithArgumentList(call.ArgumentList.WithArguments(HeaderKey(arguments))),
        _ => null,
    };

    /// <summary><c>[FromQuery(...)]</c> becomes <c>[FromHeader(Name = "X-Api-Key")]</c>; a parameter without it gets the attribute first.</summary>
    private static ParameterSyntax FromHeader(ParameterSyntax parameter)
    {
        var attribute = Attribute(
            IdentifierName("FromHeader"),
            AttributeArgumentList(SingletonSeparatedList(
                AttributeArgument(StringLiterals.String(TokenInUrlAnalyzer.ApiKeyHeader)).WithNameEquals(NameEquals(IdentifierName("Name"))))));

        var fromQuery = parameter.AttributeLists.SelectMany(l => l.Attributes).FirstOrDefault(a => LastName(a.Name) is "FromQuery" or "FromQueryAttribute");
        if (fromQuery is not null)
        {
            return parameter.ReplaceNode(fromQuery, attribute.WithTriviaFrom(fromQuery));
        }

        var leading = parameter.GetLeadingTrivia();
        var list = AttributeList(SingletonSeparatedList(attribute)).WithLeadingTrivia(leading).WithTrailingTrivia(Space);
        var stripped = parameter.WithLeadingTrivia(TriviaList());
        return stripped.WithAttributeLists(stripped.AttributeLists.Insert(0, list));
    }

    /// <summary>The key argument (the first, or <c>key:</c>) as the header's name.</summary>
    private static SeparatedSyntaxList<ArgumentSyntax> HeaderKey(SeparatedSyntaxList<ArgumentSyntax> arguments)
    {
        var key = arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.ValueText == "key") ?? arguments[0];
        return arguments.Replace(key, key.WithExpression(StringLiterals.String(TokenInUrlAnalyzer.ApiKeyHeader).WithTriviaFrom(key.Expression)));
    }

    private static bool IsQuery(MemberAccessExpressionSyntax access) => access.Name.Identifier.ValueText == "Query";

    private static MemberAccessExpressionSyntax Headers(MemberAccessExpressionSyntax query) =>
        query.WithName(IdentifierName("Headers").WithTriviaFrom(query.Name));

    private static string? LastName(NameSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };
}
