using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Jwt;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Jwt;

/// <summary>
/// SAPI1009: back to the authorization-code flow: <c>UsePkce = true</c>, <c>RequireNonce = true</c>,
/// <c>RequireState = true</c>, <c>ResponseType = OpenIdConnectResponseType.Code</c>. Each changes behaviour: the
/// identity provider must support the code flow (and PKCE, and send the nonce back).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WeakOAuthFlowCodeFix)), Shared]
public sealed class WeakOAuthFlowCodeFix : CodeFixProvider
{
    // One key for every kind of edit: each finding has exactly one fix, so Fix All repairs all of them.
    public const string RestoreCodeFlow = "SecureApi.OAuth.RestoreCodeFlow" + FixEffect.ChangesBehavior;

    private const string ProtocolsNamespace = "Microsoft.IdentityModel.Protocols.OpenIdConnect";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.WeakOAuthFlow);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<WeakOAuthFlowAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        NodeEdits.RegisterEachAsync(context, (root, diagnostic) => Find(root, diagnostic) is not { } found
            ? null
            : FixEffect.ChangingBehavior(
                found.Member == WeakOAuthFlowAnalyzer.ResponseType ? "Use the authorization-code flow (ResponseType = OpenIdConnectResponseType.Code)" : $"Set {found.Member} to true",
                "the identity provider must support the authorization-code flow with PKCE, nonce and state",
                ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                RestoreCodeFlow));

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var handled = new HashSet<SyntaxNode>();
        var importProtocols = false;
        foreach (var diagnostic in diagnostics)
        {
            if (Find(editor.OriginalRoot, diagnostic) is not { } found)
            {
                continue;
            }

            var value = JwtAssignmentSyntax.StoredValue(found.Assignment);
            if (!handled.Add(value))
            {
                continue;
            }

            if (found.Member == WeakOAuthFlowAnalyzer.ResponseType)
            {
                editor.ReplaceNode(value, ParseExpression("OpenIdConnectResponseType.Code").WithTriviaFrom(value));
                importProtocols |= !Imports.IsInScope(editor.SemanticModel, value.SpanStart, ProtocolsNamespace, cancellationToken);
            }
            else
            {
                editor.ReplaceNode(value, JwtAssignmentSyntax.TrueLiteral(value));
            }
        }

        var root = editor.GetChangedRoot();
        if (importProtocols && root is CompilationUnitSyntax unit)
        {
            root = Imports.AddUsing(unit, ProtocolsNamespace);
        }

        return document.WithSyntaxRoot(root);
    }

    private static (string Member, AssignmentExpressionSyntax Assignment)? Find(SyntaxNode root, Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(WeakOAuthFlowAnalyzer.MemberProperty, out var member)
        && member is not null
        && JwtAssignmentSyntax.Find(root, diagnostic, member) is { } assignment
            ? (member, assignment)
            : null;
}
