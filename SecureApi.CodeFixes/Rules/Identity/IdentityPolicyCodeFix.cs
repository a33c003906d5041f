using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Identity;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using Setting = SecureApi.Analyzers.Rules.Identity.IdentityPolicyAnalyzer.Setting;

namespace SecureApi.CodeFixes.Rules.Identity;

/// <summary>
/// SAPI2005: write the safe value in place of the flagged one — <c>lockoutOnFailure: true</c>,
/// <c>RequiredLength = 12</c> (the configured minimum), <c>AllowedForNewUsers = true</c>,
/// <c>MaxFailedAccessAttempts = 5</c> (Identity's default). Each changes who can sign in or register, so each is a
/// behaviour-changing fix.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(IdentityPolicyCodeFix)), Shared]
public sealed class IdentityPolicyCodeFix : CodeFixProvider
{
    public const string Key = "SecureApi.Identity.Policy" + FixEffect.ChangesBehavior;

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.WeakIdentityPolicy);

    public override FixAllProvider GetFixAllProvider() =>
        FixAll.For<IdentityPolicyAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        NodeEdits.RegisterEachAsync(context, Find, diagnostic => Describe(diagnostic) is { } fix
            ? FixEffect.ChangingBehavior(fix.Title, fix.WhatChanges, ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct), Key)
            : null);

    private static (string Title, string WhatChanges)? Describe(Diagnostic diagnostic)
    {
        var value = FixedValue(diagnostic);
        return diagnostic.Properties.TryGetValue(IdentityPolicyAnalyzer.SettingKey, out var setting) ? setting switch
        {
            Setting.LockoutOnFailure => ("Pass lockoutOnFailure: true", "repeated failed sign-ins lock the account"),
            Setting.RequiredLength => ($"Require passwords of at least {value} characters", "shorter new passwords are rejected"),
            Setting.AllowedForNewUsers => ("Let lockout apply to new users (AllowedForNewUsers = true)", "new accounts can be locked out"),
            Setting.MaxFailedAccessAttempts => ($"Lock accounts after {value} failed attempts", "accounts lock sooner"),
            _ => null,
        } : null;
    }

    private static Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        NodeEdits.ReplaceEachAsync(document, diagnostics, Find, (value, diagnostic) => Literal(diagnostic).WithTriviaFrom(value), cancellationToken);

    /// <summary>The flagged value: the <c>lockoutOnFailure</c> argument, or the right side of the options assignment.</summary>
    private static ExpressionSyntax? Find(SyntaxNode root, Diagnostic diagnostic)
    {
        if (NodeEdits.At(root, diagnostic) is not { } node || FixedValue(diagnostic) is null)
        {
            return null;
        }

        return node switch
        {
            AssignmentExpressionSyntax assignment => assignment.Right,
            ArgumentSyntax argument => argument.Expression,
            ExpressionSyntax expression when expression.Parent is ArgumentSyntax => expression,
            _ => null,
        };
    }

    private static string? FixedValue(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(IdentityPolicyAnalyzer.FixedValueKey, out var value) ? value : null;

    private static ExpressionSyntax Literal(Diagnostic diagnostic) => FixedValue(diagnostic) switch
    {
        "true" => LiteralExpression(SyntaxKind.TrueLiteralExpression),
        var text when int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) =>
            LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(number)),
        _ => LiteralExpression(SyntaxKind.TrueLiteralExpression),
    };
}
