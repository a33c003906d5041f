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
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Csrf;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Csrf;

/// <summary>
/// SAPI2003: <c>[ValidateAntiForgeryToken]</c> on the action (in place of its <c>[IgnoreAntiforgeryToken]</c> when it has
/// one); <c>[IgnoreAntiforgeryToken]</c> removed from a Razor page (pages validate by default); <c>.DisableAntiforgery()</c>
/// removed from the endpoint's or group's chain (or its statement). Requests without a valid token are then rejected.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CsrfProtectionCodeFix)), Shared]
public sealed class CsrfProtectionCodeFix : CodeFixProvider
{
    public const string ValidateToken = "SecureApi.Csrf.ValidateToken" + FixEffect.ChangesBehavior;

    private const string MvcNamespace = "Microsoft.AspNetCore.Mvc";
    private const string Validate = "ValidateAntiForgeryToken";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MissingAntiforgeryValidation);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<CsrfProtectionAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        NodeEdits.RegisterEachAsync(context, (root, diagnostic) => Target(root, diagnostic) is not { } target
            ? null
            : FixEffect.ChangingBehavior(
                target.Kind switch
                {
                    CsrfProtectionAnalyzer.AddValidate => "Add [ValidateAntiForgeryToken] to the action",
                    CsrfProtectionAnalyzer.ReplaceIgnore => "Replace [IgnoreAntiforgeryToken] with [ValidateAntiForgeryToken]",
                    CsrfProtectionAnalyzer.RemoveIgnore => "Remove [IgnoreAntiforgeryToken] from the page",
                    _ => "Remove .DisableAntiforgery()",
                },
                "requests without a valid antiforgery token are rejected",
                ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                ValidateToken));

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var root = editor.OriginalRoot;
        var handled = new HashSet<SyntaxNode>();
        var needsMvc = false;
        foreach (var diagnostic in diagnostics)
        {
            if (Target(root, diagnostic) is not { } target || !handled.Add(target.Node))
            {
                continue;
            }

            switch (target.Kind)
            {
                case CsrfProtectionAnalyzer.AddValidate:
                    editor.ReplaceNode(target.Node, (current, _) => AttributeLists.Prepend((MemberDeclarationSyntax)current, Validate));
                    needsMvc = true;
                    break;
                case CsrfProtectionAnalyzer.ReplaceIgnore:
                    editor.ReplaceNode(target.Node, (current, _) => Attribute(IdentifierName(Validate)).WithTriviaFrom(current));
                    needsMvc = true;
                    break;
                case CsrfProtectionAnalyzer.RemoveIgnore:
                    var attribute = (AttributeSyntax)target.Node;
                    if (attribute.FirstAncestorOrSelf<MemberDeclarationSyntax>() is { } page)
                    {
                        editor.ReplaceNode(page, (current, _) =>
                            ((MemberDeclarationSyntax)current).DescendantNodes().OfType<AttributeSyntax>().FirstOrDefault(a => a.IsEquivalentTo(attribute)) is { } same
                                ? AttributeLists.Remove((MemberDeclarationSyntax)current, same)
                                : current);
                    }

                    break;
                default:
                    RemoveDisable(editor, (InvocationExpressionSyntax)target.Node);
                    break;
            }
        }

        var changed = editor.GetChangedRoot();
        if (needsMvc && editor.SemanticModel is { } model
            && !Imports.IsInScope(model, handled.First().SpanStart, MvcNamespace, cancellationToken))
        {
            changed = Imports.AddUsings(changed, new[] { MvcNamespace });
        }

        return document.WithSyntaxRoot(changed);
    }

    /// <summary><c>x.DisableAntiforgery()</c>: <c>x</c> stays in the chain; as a statement on a local or parameter, the statement goes.</summary>
    private static void RemoveDisable(DocumentEditor editor, InvocationExpressionSyntax call)
    {
        var receiver = ((MemberAccessExpressionSyntax)call.Expression).Expression;
        if (call.Parent is ExpressionStatementSyntax statement && receiver is IdentifierNameSyntax)
        {
            // Its own line goes with it; comments around it stay.
            var commented = statement.GetLeadingTrivia().Concat(statement.GetTrailingTrivia())
                .Any(t => t.IsKind(SyntaxKind.SingleLineCommentTrivia) || t.IsKind(SyntaxKind.MultiLineCommentTrivia));
            editor.RemoveNode(statement, commented ? SyntaxRemoveOptions.KeepExteriorTrivia : SyntaxRemoveOptions.KeepNoTrivia);
            return;
        }

        editor.ReplaceNode(call, (current, _) =>
            ((MemberAccessExpressionSyntax)((InvocationExpressionSyntax)current).Expression).Expression
                .WithoutTrailingTrivia()
                .WithTrailingTrivia(current.GetTrailingTrivia()));
    }

    /// <summary>What the diagnostic's fix edits, if it is still there: a method, an attribute or the DisableAntiforgery call.</summary>
    private static (string Kind, SyntaxNode Node)? Target(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(CsrfProtectionAnalyzer.FixProperty, out var kind) || kind is null)
        {
            return null;
        }

        var location = kind is CsrfProtectionAnalyzer.RemoveIgnore or CsrfProtectionAnalyzer.RemoveDisable
            ? diagnostic.AdditionalLocations.FirstOrDefault()
            : diagnostic.Location;
        if (location is null || location.SourceTree != root.SyntaxTree || !root.FullSpan.Contains(location.SourceSpan))
        {
            return null;
        }

        var node = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true);
        SyntaxNode? target = kind switch
        {
            CsrfProtectionAnalyzer.AddValidate => node as MethodDeclarationSyntax,
            CsrfProtectionAnalyzer.ReplaceIgnore or CsrfProtectionAnalyzer.RemoveIgnore => node.FirstAncestorOrSelf<AttributeSyntax>(),
            CsrfProtectionAnalyzer.RemoveDisable => node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "DisableAntiforgery" } } call
                ? call
                : null,
            _ => null,
        };
        return target is null ? null : (kind, target);
    }
}
