using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Naming;

namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>
/// SAPI7001: a string literal (regular, verbatim or raw) that is a secret: a credential format anywhere
/// (<see cref="CredentialFormats"/>), a connection string with a password anywhere (<see cref="ConnectionStrings"/>),
/// or a real-looking value stored under a credential name (<see cref="CredentialNames"/>, <see cref="SecretInSourceTarget"/>).
/// Reported on the literal, with the name and configuration key the fix needs.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SecretInSourceAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SecretInSource);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var isTestProject = TestProjects.Is(start.Compilation);
            start.RegisterOperationAction(context => Analyze(context, isTestProject), OperationKind.Literal);
        });
    }

    private static void Analyze(OperationAnalysisContext context, bool isTestProject)
    {
        var literal = context.Operation;

        // Cheap tests first: a string literal token (not an interpolation part, not u8) with something in it.
        if (literal.Syntax is not LiteralExpressionSyntax syntax
            || !syntax.IsKind(SyntaxKind.StringLiteralExpression)
            || literal.ConstantValue is not { HasValue: true, Value: string value }
            || value.Trim().Length < 3)
        {
            return;
        }

        var target = SecretInSourceTarget.Of(literal, context.ContainingSymbol);
        if (target.IsDocumentation || Describe(value, target) is not { } secret)
        {
            return;
        }

        if (isTestProject && !SecureApiOptions.SecretsInTests.GetValue(context.Options, syntax.SyntaxTree, RuleIds.SecretInSource))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty;
        if (target.Name is { } name)
        {
            properties = properties.Add(SecretProperties.SecretName, name);
        }

        if (target.ConfigurationKey is { } key)
        {
            properties = properties.Add(SecretProperties.ConfigurationKey, key);
        }

        context.ReportDiagnostic(Diagnostic.Create(Descriptors.SecretInSource, syntax.GetLocation(), properties, secret));
    }

    /// <summary>
    /// The message's subject ("A GitHub token", "The password for 'adminPassword'"), or null when it is no secret. The
    /// name is introduced by "for" so that it never reads as the value ("The password 'password'" did).
    /// </summary>
    private static string? Describe(string value, SecretInSourceTarget target)
    {
        if (CredentialFormats.Match(value) is { } format)
        {
            return format;
        }

        if (ConnectionStrings.HasPassword(value))
        {
            return "A connection string with a password";
        }

        // The receiving API (target.Context) is looked at only for credential names.
        return target.Name is { } name && CredentialNames.IsSecretName(name) && CredentialValues.IsSecretValue(name, value, target.Context)
            ? "The " + CredentialNames.Describe(name) + " for '" + target.DisplayName + "'"
            : null;
    }
}
