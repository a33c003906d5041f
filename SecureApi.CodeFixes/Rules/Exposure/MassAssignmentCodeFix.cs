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
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Exposure;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Exposure;

/// <summary>
/// SAPI5004, sensitive members in a response: <c>[JsonIgnore]</c> on each sensitive member declared in the app (the
/// analyzer passes their declarations as additional locations, often in another file than the finding), with
/// <c>[property: JsonIgnore]</c> on a record's positional parameter. System.Text.Json's attribute, or Newtonsoft's when
/// MVC writes JSON with it. The analyzer offers it only when the type is not also serialized for storage or transport.
/// Clients no longer receive the members, and request JSON no longer sets them: a behaviour change. Over-posting
/// findings get no fix (the DTO to bind is a design decision).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MassAssignmentCodeFix)), Shared]
public sealed class MassAssignmentCodeFix : CodeFixProvider
{
    public const string AddJsonIgnore = "SecureApi.MassAssignment.AddJsonIgnore" + FixEffect.ChangesBehavior;

    private const string WhatChanges = "clients no longer receive these members, and request JSON no longer sets them";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.MassAssignment);

    public override FixAllProvider GetFixAllProvider() => new AcrossDocuments();

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (IsFixable(diagnostic))
            {
                var solution = context.Document.Project.Solution;
                context.RegisterCodeFix(
                    FixEffect.ChangingBehaviorInSolution(Title(diagnostic), WhatChanges, ct => ApplyAsync(solution, new[] { diagnostic }, ct), AddJsonIgnore),
                    diagnostic);
            }
        }

        return Task.CompletedTask;
    }

    private static bool IsFixable(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(MassAssignmentAnalyzer.JsonIgnoreNamespaceProperty, out var ns) && ns is not null
        && diagnostic.AdditionalLocations.Count > 0 && diagnostic.AdditionalLocations.All(l => l.IsInSource);

    private static string Title(Diagnostic diagnostic) =>
        diagnostic.AdditionalLocations.Count == 1 ? "Mark the sensitive member [JsonIgnore]" : "Mark the sensitive members [JsonIgnore]";

    /// <summary>Adds the attribute to every member the diagnostics name, once each, document by document.</summary>
    private static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var byTree = new Dictionary<SyntaxTree, (string Namespace, HashSet<Microsoft.CodeAnalysis.Text.TextSpan> Spans)>();
        foreach (var diagnostic in diagnostics.Where(IsFixable))
        {
            var ns = diagnostic.Properties[MassAssignmentAnalyzer.JsonIgnoreNamespaceProperty]!;
            foreach (var location in diagnostic.AdditionalLocations)
            {
                if (location.SourceTree is not { } tree)
                {
                    continue;
                }

                if (!byTree.TryGetValue(tree, out var entry))
                {
                    byTree[tree] = entry = (ns, new HashSet<Microsoft.CodeAnalysis.Text.TextSpan>());
                }

                entry.Spans.Add(location.SourceSpan);
            }
        }

        foreach (var pair in byTree)
        {
            if (solution.GetDocument(pair.Key) is not { } document)
            {
                continue;
            }

            solution = (await FixDocumentAsync(document, pair.Value.Namespace, pair.Value.Spans, cancellationToken).ConfigureAwait(false)).Project.Solution;
        }

        return solution;
    }

    private static async Task<Document> FixDocumentAsync(Document document, string ns, IEnumerable<Microsoft.CodeAnalysis.Text.TextSpan> spans, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var declarations = spans
            .Select(span => root.FullSpan.Contains(span) ? root.FindToken(span.Start).Parent : null)
            .Select(node => (SyntaxNode?)node?.FirstAncestorOrSelf<PropertyDeclarationSyntax>() ?? node?.FirstAncestorOrSelf<ParameterSyntax>())
            .OfType<SyntaxNode>()
            .Distinct()
            .ToList();
        if (declarations.Count == 0)
        {
            return document;
        }

        // A file that imports the other serializer's namespace would make the simple name ambiguous: qualify it there.
        var other = ns == MassAssignmentAnalyzer.NewtonsoftNamespace ? MassAssignmentAnalyzer.SystemTextJsonNamespace : MassAssignmentAnalyzer.NewtonsoftNamespace;
        var position = declarations[0].SpanStart;
        var qualify = Imports.IsInScope(model, position, other, cancellationToken);
        var addUsing = !qualify && !Imports.IsInScope(model, position, ns, cancellationToken);
        var name = qualify ? ns + ".JsonIgnore" : "JsonIgnore";

        var changed = root.ReplaceNodes(declarations, (original, _) => original switch
        {
            PropertyDeclarationSyntax property => AttributeLists.Prepend(property, Attribute(ParseName(name))),
            ParameterSyntax parameter => OnProperty(parameter, name),
            _ => original,
        });

        return document.WithSyntaxRoot(addUsing ? Imports.AddUsings(changed, new[] { ns }) : changed);
    }

    /// <summary><c>[property: JsonIgnore]</c> on a record's positional parameter: the attribute goes to the generated property.</summary>
    private static ParameterSyntax OnProperty(ParameterSyntax parameter, string name)
    {
        var leading = parameter.GetLeadingTrivia();
        var stripped = parameter.WithoutLeadingTrivia();
        var target = AttributeTargetSpecifier(Token(SyntaxKind.PropertyKeyword), Token(TriviaList(), SyntaxKind.ColonToken, TriviaList(Space)));
        var list = AttributeList(target, SingletonSeparatedList(Attribute(ParseName(name)))).WithTrailingTrivia(Space);
        return stripped.WithAttributeLists(stripped.AttributeLists.Insert(0, list)).WithLeadingTrivia(leading);
    }

    /// <summary>Fix All: every fixable finding in scope, the members grouped by the document that declares them.</summary>
    private sealed class AcrossDocuments : FixAllProvider
    {
        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => FixAll.AllScopes;

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            if (fixAllContext.CodeActionEquivalenceKey is not null && fixAllContext.CodeActionEquivalenceKey != AddJsonIgnore)
            {
                return null;
            }

            var diagnostics = new List<Diagnostic>();
            foreach (var (_, found) in await FixAll.DiagnosticsInScopeAsync(fixAllContext).ConfigureAwait(false))
            {
                foreach (var diagnostic in found.Where(IsFixable))
                {
                    // Behaviour changes are applied in bulk only where the user asked for it (FixEffect).
                    if (diagnostic.Location.SourceTree is { } tree && fixAllContext.Solution.GetDocument(tree) is { } at
                        && await FixEffect.BulkMayApplyAsync(at, fixAllContext.CancellationToken).ConfigureAwait(false))
                    {
                        diagnostics.Add(diagnostic);
                    }
                }
            }

            if (diagnostics.Count == 0)
            {
                return null;
            }

            return FixEffect.ChangingBehaviorInSolution(
                "Mark the sensitive members [JsonIgnore]",
                WhatChanges,
                ct => ApplyAsync(fixAllContext.Solution, diagnostics, ct),
                AddJsonIgnore);
        }
    }
}
