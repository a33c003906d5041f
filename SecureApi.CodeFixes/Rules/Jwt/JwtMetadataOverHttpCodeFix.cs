using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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

    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        NodeEdits.RegisterEachAsync(context, FindAssignment, diagnostic => FixEffect.ChangingBehavior(
            "Require HTTPS for the identity metadata",
            "an http:// authority stops working",
            ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
            RequireHttpsMetadata));

    private static Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        NodeEdits.EditEachAsync(document, diagnostics, FindAssignment, (editor, assignment, _) =>
            editor.ReplaceNode(assignment.Right, LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(assignment.Right)), cancellationToken);

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
