using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Jwt;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Jwt;

/// <summary>SAPI1003: <c>RequireHttpsMetadata = false</c> becomes <c>RequireHttpsMetadata = true</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(JwtMetadataOverHttpCodeFix)), Shared]
public sealed class JwtMetadataOverHttpCodeFix : CodeFixProvider
{
    public const string RequireHttpsMetadata = "SecureApi.Jwt.RequireHttpsMetadata" + FixEffect.ChangesBehavior;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.JwtMetadataOverHttp);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<JwtMetadataOverHttpAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (FindAssignment(root, diagnostic) is not null)
            {
                context.RegisterCodeFix(
                    FixEffect.ChangingBehavior(
                        "Require HTTPS for the identity metadata",
                        "an http:// authority stops working",
                        ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                        RequireHttpsMetadata),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var handled = new HashSet<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (FindAssignment(editor.OriginalRoot, diagnostic) is { } assignment && handled.Add(assignment))
            {
                var value = assignment.Right;
                editor.ReplaceNode(value, LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(value));
            }
        }

        return editor.GetChangedDocument();
    }

    /// <summary>The flagged <c>RequireHttpsMetadata = ...</c> assignment, or null when the code no longer has that shape.</summary>
    private static AssignmentExpressionSyntax? FindAssignment(SyntaxNode root, Diagnostic diagnostic)
    {
        if (diagnostic.Location.SourceTree != root.SyntaxTree)
        {
            return null;
        }

        var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        var assignment = node.FirstAncestorOrSelf<AssignmentExpressionSyntax>();
        if (assignment is null || !assignment.IsKind(SyntaxKind.SimpleAssignmentExpression))
        {
            return null;
        }

        var name = assignment.Left switch
        {
            IdentifierNameSyntax identifier => identifier,
            MemberAccessExpressionSyntax access => access.Name,
            MemberBindingExpressionSyntax binding => binding.Name,
            _ => null,
        };
        return name?.Identifier.ValueText == JwtMetadataOverHttpAnalyzer.PropertyName ? assignment : null;
    }
}
