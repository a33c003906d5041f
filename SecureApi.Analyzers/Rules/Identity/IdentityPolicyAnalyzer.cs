using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AspNetCore;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Identity;

/// <summary>
/// SAPI2005: ASP.NET Core Identity set up so that password guessing goes unchecked: a sign-in with
/// <c>lockoutOnFailure: false</c> (<c>SignInManager.PasswordSignInAsync</c>/<c>CheckPasswordSignInAsync</c>), or
/// the options every registration form reaches (<c>AddIdentity(o => ...)</c>, <c>AddDefaultIdentity</c>,
/// <c>AddIdentityCore</c>, <c>Configure&lt;IdentityOptions&gt;</c>, a <c>new PasswordOptions { ... }</c>) set to
/// <c>Password.RequiredLength</c> below <c>secureapi.min_password_length</c>, <c>Lockout.AllowedForNewUsers = false</c>
/// or <c>Lockout.MaxFailedAccessAttempts</c> above 10. The options are recognised by their property, whatever the
/// registration path. Only constants are judged: a value read from configuration is the operator's decision, and a
/// development-only branch is a developer's convenience.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class IdentityPolicyAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: which setting was flagged, for the fixer (<see cref="Setting"/> values).</summary>
    public const string SettingKey = "Setting";

    /// <summary>Diagnostic property: the value the fix writes (the minimum length, <c>true</c>, the attempt limit).</summary>
    public const string FixedValueKey = "FixedValue";

    /// <summary>Above this many failed attempts an account is not really locked (NIST SP 800-63B allows up to 100 with throttling; OWASP suggests a handful).</summary>
    public const int MaxFailedAttempts = 10;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.WeakIdentityPolicy);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            var rule = new Rule(types);
            if (types.SignInManager is not null)
            {
                start.RegisterOperationAction(rule.AnalyzeSignIn, OperationKind.Invocation);
            }

            if (types.PasswordOptions is not null || types.LockoutOptions is not null)
            {
                start.RegisterOperationAction(rule.AnalyzeAssignment, OperationKind.SimpleAssignment);
            }
        });
    }

    /// <summary>The settings the rule judges, as the fixer reads them back.</summary>
    public static class Setting
    {
        public const string LockoutOnFailure = "LockoutOnFailure";
        public const string RequiredLength = "RequiredLength";
        public const string AllowedForNewUsers = "AllowedForNewUsers";
        public const string MaxFailedAccessAttempts = "MaxFailedAccessAttempts";
    }

    private sealed class Rule
    {
        private readonly KnownTypes _types;

        public Rule(KnownTypes types) => _types = types;

        public void AnalyzeSignIn(OperationAnalysisContext context)
        {
            var call = (IInvocationOperation)context.Operation;
            var method = call.TargetMethod;
            if (method.Name is not ("PasswordSignInAsync" or "CheckPasswordSignInAsync")
                || !method.ContainingType.OriginalDefinition.IsOrDerivesFrom(_types.SignInManager))
            {
                return;
            }

            var argument = call.Arguments.FirstOrDefault(a => a.Parameter?.Name == "lockoutOnFailure");
            if (argument is null || argument.ArgumentKind != ArgumentKind.Explicit || !IsConstant(argument.Value, out var value) || value is not false
                || EnvironmentChecks.IsDevelopmentOnly(call, _types))
            {
                return;
            }

            Report(context, argument.Value.Syntax.GetLocation(), Setting.LockoutOnFailure, "true",
                $"{method.Name}(..., lockoutOnFailure: false) never counts failed attempts, so the account never locks",
                "pass lockoutOnFailure: true");
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation { Property: var property }
                || property.Name is not (Setting.RequiredLength or Setting.AllowedForNewUsers or Setting.MaxFailedAccessAttempts))
            {
                return;
            }

            var owner = property.ContainingType;
            var isPassword = owner.Is(_types.PasswordOptions);
            var isLockout = owner.Is(_types.LockoutOptions);
            if (!isPassword && !isLockout || !IsConstant(assignment.Value, out var value) || EnvironmentChecks.IsDevelopmentOnly(assignment, _types))
            {
                return;
            }

            var location = assignment.Syntax.GetLocation();
            switch (property.Name)
            {
                case Setting.RequiredLength when isPassword && value is int length:
                    var minimum = SecureApiOptions.MinPasswordLength.GetValue(context.Options, assignment.Syntax.SyntaxTree, RuleIds.WeakIdentityPolicy);
                    if (length < minimum)
                    {
                        Report(context, location, Setting.RequiredLength, minimum.ToString(System.Globalization.CultureInfo.InvariantCulture),
                            $"Password.RequiredLength = {length} accepts passwords shorter than {minimum} characters",
                            $"require at least {minimum} (length is what makes a password hard to guess)");
                    }

                    break;

                case Setting.AllowedForNewUsers when isLockout && value is false:
                    Report(context, location, Setting.AllowedForNewUsers, "true",
                        "Lockout.AllowedForNewUsers = false exempts every newly created account from lockout",
                        "leave it true");
                    break;

                case Setting.MaxFailedAccessAttempts when isLockout && value is int attempts && attempts > MaxFailedAttempts:
                    Report(context, location, Setting.MaxFailedAccessAttempts, "5",
                        $"Lockout.MaxFailedAccessAttempts = {attempts} lets an attacker try {attempts} passwords per account before it locks",
                        $"allow at most {MaxFailedAttempts} (Identity's default is 5)");
                    break;
            }
        }

        /// <summary>A constant, directly or through a local assigned once (values from configuration are not judged).</summary>
        private static bool IsConstant(IOperation value, out object? constant)
        {
            value = value.WalkDownConversions();
            if (value is ILocalReferenceOperation local && LocalValues.FindSingleValue(local.Local, value.GetRoot()) is { } single)
            {
                value = single.WalkDownConversions();
            }

            constant = value.ConstantValue.HasValue ? value.ConstantValue.Value : null;
            return value.ConstantValue.HasValue;
        }

        private static void Report(OperationAnalysisContext context, Location location, string setting, string fixedValue, string what, string advice) =>
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.WeakIdentityPolicy,
                location,
                ImmutableDictionary<string, string?>.Empty.Add(SettingKey, setting).Add(FixedValueKey, fixedValue),
                what,
                advice));
    }
}
