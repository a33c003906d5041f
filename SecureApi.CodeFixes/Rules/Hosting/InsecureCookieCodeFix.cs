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
using SecureApi.Analyzers.Rules.Hosting;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Hosting;

/// <summary>
/// SAPI8004: turn the flag back on (<c>Secure = true</c>, <c>HttpOnly = true</c>, <c>CookieSecurePolicy.Always</c>,
/// <c>HttpOnlyPolicy.Always</c>, <c>MinimumSameSitePolicy = SameSiteMode.Lax</c>), add Secure next to <c>SameSite = None</c>
/// (the cross-site cookie keeps working over HTTPS), or pass secure <c>CookieOptions</c> to <c>Append</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InsecureCookieCodeFix)), Shared]
public sealed class InsecureCookieCodeFix : CodeFixProvider
{
    public const string SecureTheCookie = "SecureApi.Hosting.SecureTheCookie" + FixEffect.ChangesBehavior;

    private const string HttpNamespace = "Microsoft.AspNetCore.Http";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.InsecureCookie);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<InsecureCookieAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        NodeEdits.RegisterEachAsync(context, (root, diagnostic) => Edit.Find(root, diagnostic) is not { } edit
            ? null
            : FixEffect.ChangingBehavior(
                edit.Title,
                "the browser stops sending the cookie over HTTP, to script or cross-site where it used to",
                ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                SecureTheCookie));

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var handled = new HashSet<SyntaxNode>();
        int? needsHttpAt = null;
        foreach (var diagnostic in diagnostics)
        {
            if (Edit.Find(editor.OriginalRoot, diagnostic) is { } edit && handled.Add(edit.Node) && edit.Apply(editor))
            {
                needsHttpAt ??= edit.Node.SpanStart;
            }
        }

        var root = editor.GetChangedRoot();
        if (needsHttpAt is { } position && !Imports.IsInScope(editor.SemanticModel, position, HttpNamespace, cancellationToken))
        {
            root = Imports.AddUsings(root, new[] { HttpNamespace });
        }

        return document.WithSyntaxRoot(root);
    }

    /// <summary>One finding's edit, found from the diagnostic's properties; null when the code no longer has the expected shape.</summary>
    private abstract class Edit
    {
        protected Edit(SyntaxNode node, string title)
        {
            Node = node;
            Title = title;
        }

        public SyntaxNode Node { get; }

        public string Title { get; }

        /// <summary>Applies the edit; true when it writes a Microsoft.AspNetCore.Http type name.</summary>
        public abstract bool Apply(DocumentEditor editor);

        public static Edit? Find(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Location.IsInSource || diagnostic.Location.SourceTree != root.SyntaxTree
                || !diagnostic.Properties.TryGetValue(InsecureCookieAnalyzer.FixKey, out var fix)
                || !diagnostic.Properties.TryGetValue(InsecureCookieAnalyzer.ValueKey, out var value) || value is null)
            {
                return null;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            switch (fix)
            {
                case InsecureCookieAnalyzer.FixReplaceValue when node.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { } assignment:
                    return ReplaceValue.Create(assignment, value);

                case InsecureCookieAnalyzer.FixAddSecure when node.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { } assignment:
                    return AddSecure.Create(assignment, value);

                case InsecureCookieAnalyzer.FixAddHttpOnly when node.FirstAncestorOrSelf<AssignmentExpressionSyntax>()?.Right is BaseObjectCreationExpressionSyntax creation:
                    return new AddHttpOnly(creation);

                case InsecureCookieAnalyzer.FixAddOptions when node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { ArgumentList.Arguments.Count: 2 } call:
                    return new AddOptions(call, value);

                default:
                    return null;
            }
        }
    }

    /// <summary><c>Secure = false</c> -> <c>true</c>; <c>CookieSecurePolicy.SameAsRequest</c> -> <c>CookieSecurePolicy.Always</c> (same qualification).</summary>
    private sealed class ReplaceValue : Edit
    {
        private readonly SyntaxNode _replaced;
        private readonly SyntaxNode _replacement;

        private ReplaceValue(SyntaxNode replaced, SyntaxNode replacement, string title)
            : base(replaced, title)
        {
            _replaced = replaced;
            _replacement = replacement;
        }

        public static Edit? Create(AssignmentExpressionSyntax assignment, string value)
        {
            var member = assignment.Left is MemberAccessExpressionSyntax access ? access.Name.Identifier.ValueText : assignment.Left.ToString();
            if (value == "true")
            {
                return new ReplaceValue(assignment.Right, LiteralExpression(SyntaxKind.TrueLiteralExpression).WithTriviaFrom(assignment.Right), $"Set {member} = true");
            }

            // Only an enum member access is rewritten: its qualification already compiles where it stands.
            return assignment.Right is MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name } enumMember
                ? new ReplaceValue(name, IdentifierName(value).WithTriviaFrom(name), $"Set {member} = {enumMember.Expression}.{value}")
                : null;
        }

        public override bool Apply(DocumentEditor editor)
        {
            editor.ReplaceNode(_replaced, _replacement);
            return false;
        }
    }

    /// <summary>Adds <c>Secure = true</c> (or <c>SecurePolicy = CookieSecurePolicy.Always</c>) before <c>SameSite = None</c>.</summary>
    private sealed class AddSecure : Edit
    {
        private readonly AssignmentExpressionSyntax _assignment;
        private readonly string _member;

        private AddSecure(AssignmentExpressionSyntax assignment, string member)
            : base(assignment, member == "Secure" ? "Set Secure = true" : "Set SecurePolicy = CookieSecurePolicy.Always")
        {
            _assignment = assignment;
            _member = member;
        }

        public static Edit? Create(AssignmentExpressionSyntax assignment, string member) =>
            assignment.Parent is InitializerExpressionSyntax
            || (assignment.Parent is ExpressionStatementSyntax { Parent: BlockSyntax or GlobalStatementSyntax } && assignment.Left is MemberAccessExpressionSyntax)
                ? new AddSecure(assignment, member)
                : null;

        public override bool Apply(DocumentEditor editor)
        {
            var value = _member == "Secure" ? "true" : "CookieSecurePolicy.Always";
            if (_assignment.Parent is InitializerExpressionSyntax initializer)
            {
                var secure = ParseExpression($"{_member} = {value}").WithLeadingTrivia(_assignment.GetLeadingTrivia());
                var sameLine = initializer.SyntaxTree.GetLineSpan(initializer.OpenBraceToken.Span).StartLinePosition.Line
                               == initializer.SyntaxTree.GetLineSpan(_assignment.Span).StartLinePosition.Line;
                var separator = Token(SyntaxKind.CommaToken).WithTrailingTrivia(sameLine ? Space : initializer.OpenBraceToken.TrailingTrivia.LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)));
                var items = initializer.Expressions.GetWithSeparators();
                var index = items.IndexOf(_assignment);
                var changed = initializer.WithExpressions(SeparatedList<ExpressionSyntax>(items.Insert(index, separator).Insert(index, secure)));
                editor.ReplaceNode(initializer, changed);
            }
            else if (_assignment is { Parent: ExpressionStatementSyntax statement, Left: MemberAccessExpressionSyntax target })
            {
                var secure = ParseStatement($"{target.Expression}.{_member} = {value};")
                    .WithLeadingTrivia(statement.GetLeadingTrivia())
                    .WithTrailingTrivia(statement.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { RawKind: not 0 } newline ? newline : ElasticCarriageReturnLineFeed);
                if (statement.Parent is GlobalStatementSyntax global)
                {
                    editor.InsertBefore(global, GlobalStatement(secure));
                }
                else
                {
                    editor.InsertBefore(statement, secure);
                }
            }

            return _member != "Secure";
        }
    }

    /// <summary><c>new CookieBuilder { Name = "app" }</c> -> <c>new CookieBuilder { Name = "app", HttpOnly = true }</c>.</summary>
    private sealed class AddHttpOnly : Edit
    {
        private readonly BaseObjectCreationExpressionSyntax _creation;

        public AddHttpOnly(BaseObjectCreationExpressionSyntax creation)
            : base(creation, "Set HttpOnly = true on the new CookieBuilder") => _creation = creation;

        public override bool Apply(DocumentEditor editor)
        {
            editor.ReplaceNode(_creation, Initializers.AddMember(_creation, ParseExpression("HttpOnly = true")));
            return false;
        }
    }

    /// <summary><c>Append(name, value)</c> -> <c>Append(name, value, new CookieOptions { HttpOnly = true, Secure = true, SameSite = ... })</c>.</summary>
    private sealed class AddOptions : Edit
    {
        private readonly InvocationExpressionSyntax _call;
        private readonly string _sameSite;

        public AddOptions(InvocationExpressionSyntax call, string sameSite)
            : base(call, $"Append with HttpOnly, Secure and SameSite = {sameSite}")
        {
            _call = call;
            _sameSite = sameSite;
        }

        public override bool Apply(DocumentEditor editor)
        {
            var options = ParseExpression($"new CookieOptions {{ HttpOnly = true, Secure = true, SameSite = SameSiteMode.{_sameSite} }}");
            editor.ReplaceNode(_call, _call.WithArgumentList(_call.ArgumentList.AddArguments(Argument(options))));
            return true;
        }
    }
}
