using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Composition;
using System.Globalization;
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

/// <summary>
/// SAPI1002: set the switched-off check back to <c>true</c>, remove the validator delegate that accepts everything
/// (the library's own check then runs again), or bring <c>ClockSkew</c> down to the configured limit. The lifetime
/// check of token refresh code, which reads expired tokens on purpose, gets no fix (<see cref="RefreshTokenContext"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(JwtValidationDisabledCodeFix)), Shared]
public sealed class JwtValidationDisabledCodeFix : CodeFixProvider
{
    // One equivalence key for the three kinds of edit: each finding has exactly one fix, so Fix All (and
    // `dotnet format`, which fixes a provider's findings with the first action's key) repairs every one of them.
    public const string RestoreValidation = "SecureApi.Jwt.RestoreValidation" + FixEffect.ChangesBehavior;
    public const string EnableValidation = RestoreValidation;
    public const string RemoveValidator = RestoreValidation;
    public const string LimitClockSkew = RestoreValidation;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.JwtValidationDisabled);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<JwtValidationDisabledAnalyzer>(changesBehavior: true, ApplyAsync);

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
            if (Read(root, diagnostic) is not { } finding
                || await BreaksRefreshAsync(context.Document, model, finding, context.CancellationToken).ConfigureAwait(false)
                || LacksExpectedValue(finding))
            {
                continue;
            }

            var (title, key) = finding.Kind switch
            {
                JwtValidationFinding.DisabledCheck => ($"Set {finding.Member} to true", EnableValidation),
                JwtValidationFinding.BypassingValidator when Removal(model, finding.Assignment, context.CancellationToken) is not null
                    => ($"Remove the {finding.Member} that accepts every token", RemoveValidator),
                JwtValidationFinding.ClockSkew => ($"Limit ClockSkew to {Minutes(diagnostic)} minutes", LimitClockSkew),
                _ => (null, null),
            };

            if (title is not null && key is not null)
            {
                context.RegisterCodeFix(
                    FixEffect.ChangingBehavior(title, "tokens that fail the check are refused", ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), key, ct), key),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string equivalenceKey, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var root = editor.OriginalRoot;
        var model = editor.SemanticModel;
        var handled = new HashSet<SyntaxNode>();
        var importSystem = false;

        foreach (var diagnostic in diagnostics)
        {
            if (Read(root, diagnostic) is not { } finding
                || await BreaksRefreshAsync(document, model, finding, cancellationToken).ConfigureAwait(false)
                || LacksExpectedValue(finding))
            {
                continue;
            }

            switch (finding.Kind)
            {
                case JwtValidationFinding.DisabledCheck when equivalenceKey == EnableValidation:
                    var value = JwtAssignmentSyntax.StoredValue(finding.Assignment);
                    if (handled.Add(value))
                    {
                        editor.ReplaceNode(value, (current, _) => current is ExpressionSyntax expression ? JwtAssignmentSyntax.TrueLiteral(expression) : current);
                    }

                    break;

                case JwtValidationFinding.BypassingValidator when equivalenceKey == RemoveValidator:
                    if (Removal(model, finding.Assignment, cancellationToken) is var (node, replacement) && handled.Add(node))
                    {
                        if (replacement is null)
                        {
                            editor.RemoveNode(node, RemoveOptions(node));
                        }
                        else
                        {
                            editor.ReplaceNode(node, replacement);
                        }
                    }

                    break;

                case JwtValidationFinding.ClockSkew when equivalenceKey == LimitClockSkew:
                    var skew = JwtAssignmentSyntax.StoredValue(finding.Assignment);
                    if (handled.Add(skew))
                    {
                        var minutes = Minutes(diagnostic);
                        var limited = minutes > 0
                            ? ParseExpression("TimeSpan.FromMinutes(" + minutes.ToString(CultureInfo.InvariantCulture) + ")")
                            : ParseExpression("TimeSpan.Zero");
                        editor.ReplaceNode(skew, limited.WithTriviaFrom(skew));
                        importSystem |= !Imports.IsInScope(model, skew.SpanStart, "System", cancellationToken);
                    }

                    break;
            }
        }

        var newRoot = editor.GetChangedRoot();
        if (importSystem && newRoot is CompilationUnitSyntax unit)
        {
            newRoot = Imports.AddUsing(unit, "System");
        }

        return document.WithSyntaxRoot(newRoot);
    }

    /// <summary>
    /// The lifetime check switched off in token refresh code (<see cref="RefreshTokenContext"/>): turning it back on
    /// would refuse the expired tokens refresh exists for, so that finding gets no fix.
    /// </summary>
    private static async Task<bool> BreaksRefreshAsync(
        Document document, SemanticModel model, (JwtValidationFinding Kind, string Member, AssignmentExpressionSyntax Assignment) finding, CancellationToken cancellationToken) =>
        finding.Kind is JwtValidationFinding.DisabledCheck or JwtValidationFinding.BypassingValidator
        && RefreshTokenContext.IsLifetimeCheck(finding.Member)
        && await RefreshTokenContext.IsRefreshAsync(document, model, finding.Assignment, cancellationToken).ConfigureAwait(false);

    /// <summary>What each check compares the token with: without one of these set, turning the check on refuses every token.</summary>
    private static readonly Dictionary<string, string[]> ExpectedValues = new(StringComparer.Ordinal)
    {
        ["ValidateIssuer"] = new[] { "ValidIssuer", "ValidIssuers", "IssuerValidator", "Authority", "MetadataAddress", "ConfigurationManager" },
        ["ValidateAudience"] = new[] { "ValidAudience", "ValidAudiences", "AudienceValidator", "Audience" },
        ["RequireAudience"] = new[] { "ValidAudience", "ValidAudiences", "AudienceValidator", "Audience" },
        ["ValidateIssuerSigningKey"] = new[] { "IssuerSigningKey", "IssuerSigningKeys", "IssuerSigningKeyResolver", "Authority", "MetadataAddress", "ConfigurationManager" },
    };

    /// <summary>
    /// Turning <c>ValidateIssuer</c> (or audience, or signing key) back on where nothing in the same configuration says
    /// which issuer to expect would refuse every token: the app stops working. No fix then; the page says what to set.
    /// The configuration is the enclosing options lambda or method, and the object initializer of the parameters.
    /// </summary>
    private static bool LacksExpectedValue((JwtValidationFinding Kind, string Member, AssignmentExpressionSyntax Assignment) finding)
    {
        if (finding.Kind != JwtValidationFinding.DisabledCheck || !ExpectedValues.TryGetValue(finding.Member, out var names))
        {
            return false;
        }

        var scope = finding.Assignment.Ancestors().FirstOrDefault(a => a is AnonymousFunctionExpressionSyntax or BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or CompilationUnitSyntax)
                    ?? finding.Assignment.SyntaxTree.GetRoot();
        foreach (var assignment in scope.DescendantNodes().OfType<AssignmentExpressionSyntax>())
        {
            var name = assignment.Left switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                _ => null,
            };
            if (name is not null && Array.IndexOf(names, name) >= 0 && !assignment.Right.IsKind(SyntaxKind.NullLiteralExpression))
            {
                return false;
            }
        }

        return true;
    }

    private static (JwtValidationFinding Kind, string Member, AssignmentExpressionSyntax Assignment)? Read(SyntaxNode root, Diagnostic diagnostic)
    {
        if (!diagnostic.Properties.TryGetValue(JwtValidationDisabledAnalyzer.FindingProperty, out var kindText)
            || !Enum.TryParse<JwtValidationFinding>(kindText, out var kind)
            || !diagnostic.Properties.TryGetValue(JwtValidationDisabledAnalyzer.MemberProperty, out var member)
            || member is null
            || JwtAssignmentSyntax.Find(root, diagnostic, member) is not { } assignment)
        {
            return null;
        }

        return (kind, member, assignment);
    }

    /// <summary>
    /// How to delete the assignment: remove it from an object initializer, remove its statement from a block, or
    /// give a void lambda whose whole body it is an empty body. Null where deleting it would not compile
    /// (<c>if (x) p.SignatureValidator = ...;</c>, an assignment used as a value).
    /// </summary>
    private static (SyntaxNode Node, SyntaxNode? Replacement)? Removal(SemanticModel model, AssignmentExpressionSyntax assignment, CancellationToken cancellationToken)
    {
        switch (assignment.Parent)
        {
            case InitializerExpressionSyntax initializer when initializer.IsKind(SyntaxKind.ObjectInitializerExpression):
                return (assignment, null);

            case ExpressionStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax } statement:
                return (statement, null);

            case ExpressionStatementSyntax { Parent: GlobalStatementSyntax global }:
                return (global, null);

            case LambdaExpressionSyntax lambda when lambda.ExpressionBody == assignment
                                                   && model.GetSymbolInfo(lambda, cancellationToken).Symbol is IMethodSymbol { ReturnsVoid: true }:
                return (lambda, lambda.WithExpressionBody(null).WithBlock(Block().WithTriviaFrom(assignment)));

            default:
                return null;
        }
    }

    /// <summary>
    /// The last of several initializer elements, without a trailing comma, owns the space or line break before the
    /// closing brace: keep it, or <c>{ A = a, B = b }</c> would become <c>{ A = a}</c>.
    /// </summary>
    private static SyntaxRemoveOptions RemoveOptions(SyntaxNode node) =>
        node.Parent is InitializerExpressionSyntax initializer
        && initializer.Expressions.Count > 1
        && initializer.Expressions[initializer.Expressions.Count - 1] == node
        && initializer.Expressions.SeparatorCount < initializer.Expressions.Count
            ? SyntaxRemoveOptions.KeepUnbalancedDirectives | SyntaxRemoveOptions.KeepTrailingTrivia
            : SyntaxRemoveOptions.KeepUnbalancedDirectives;

    private static int Minutes(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(JwtValidationDisabledAnalyzer.MaxMinutesProperty, out var text)
        && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var minutes)
            ? Math.Max(minutes, 0)
            : SecureApiOptions.JwtMaxClockSkewMinutes.Default;
}
