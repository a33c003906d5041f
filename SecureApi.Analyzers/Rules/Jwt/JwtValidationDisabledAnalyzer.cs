using System;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>
/// SAPI1002: a <c>TokenValidationParameters</c> check switched off (<c>ValidateIssuer = false</c>...), replaced by a
/// validator delegate that accepts everything, or weakened by a <c>ClockSkew</c> above the configured limit.
/// One diagnostic per offending assignment, wherever the parameters object lives (initializer, options lambda,
/// <c>Configure&lt;JwtBearerOptions&gt;</c>, a helper method).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class JwtValidationDisabledAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: which kind of finding (see <see cref="JwtValidationFinding"/>).</summary>
    public const string FindingProperty = "Finding";

    /// <summary>Diagnostic property: the assigned <c>TokenValidationParameters</c> member.</summary>
    public const string MemberProperty = "Member";

    /// <summary>Diagnostic property (ClockSkew findings): the configured limit in minutes, which the fix writes.</summary>
    public const string MaxMinutesProperty = "MaxMinutes";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.JwtValidationDisabled);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.TokenValidationParameters is null)
            {
                return;
            }

            var rule = new Rule(types);
            start.RegisterOperationAction(rule.AnalyzeAssignment, OperationKind.SimpleAssignment);
        });
    }

    private sealed class Rule
    {
        // Read once: the callback runs for every assignment of the compilation.
        private readonly INamedTypeSymbol _parameters;
        private readonly BypassingValidatorReader _validators;

        public Rule(KnownTypes types)
        {
            _parameters = types.TokenValidationParameters!;
            _validators = new BypassingValidatorReader(types);
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation { Property: var property } || !property.ContainingType.Is(_parameters))
            {
                return;
            }

            var name = property.Name;
            if (TokenValidationChecks.Switches.TryGetValue(name, out var consequence))
            {
                if (AssignedValue(assignment).IsConstantFalse())
                {
                    Report(context, assignment, JwtValidationFinding.DisabledCheck, name, null, name + " = false", consequence);
                }
            }
            else if (TokenValidationChecks.Validators.TryGetValue(name, out var validator))
            {
                if (_validators.AcceptsEverything(AssignedValue(assignment), validator.Accepts, context.CancellationToken))
                {
                    Report(context, assignment, JwtValidationFinding.BypassingValidator, name, null, name + " " + validator.Description, validator.Consequence);
                }
            }
            else if (name == TokenValidationChecks.ClockSkew
                     && ConstantDurations.TryGetTimeSpan(AssignedValue(assignment), out var skew, out _))
            {
                var minutes = skew == TimeSpan.MaxValue ? double.PositiveInfinity : skew.TotalMinutes;
                var limit = SecureApiOptions.JwtMaxClockSkewMinutes.GetValue(context.Options, assignment.Syntax.SyntaxTree, RuleIds.JwtValidationDisabled);
                if (minutes > limit)
                {
                    var length = Describe(minutes);
                    var what = double.IsPositiveInfinity(minutes) ? "ClockSkew = TimeSpan.MaxValue" : "ClockSkew = " + length;
                    var why = double.IsPositiveInfinity(minutes)
                        ? "expired tokens are accepted forever"
                        : $"expired tokens are still accepted {length} after they expire (the limit is {Describe(limit)})";
                    Report(context, assignment, JwtValidationFinding.ClockSkew, name, limit, what, why);
                }
            }
        }

        private static void Report(
            OperationAnalysisContext context, IOperation assignment, JwtValidationFinding finding, string member, int? limit, string what, string consequence)
        {
            var properties = ImmutableDictionary.CreateBuilder<string, string?>();
            properties[FindingProperty] = finding.ToString();
            properties[MemberProperty] = member;
            if (limit is { } minutes)
            {
                properties[MaxMinutesProperty] = minutes.ToString(CultureInfo.InvariantCulture);
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.JwtValidationDisabled,
                assignment.GetMemberNameLocation(),
                properties.ToImmutable(),
                what,
                consequence));
        }

        /// <summary>The value finally stored, through chained assignments (<c>p.ValidateIssuer = p.ValidateAudience = false</c>).</summary>
        private static IOperation AssignedValue(ISimpleAssignmentOperation assignment)
        {
            var value = assignment.Value.WalkDownConversions();
            while (value is ISimpleAssignmentOperation inner)
            {
                value = inner.Value.WalkDownConversions();
            }

            return value;
        }

        /// <summary>"2 hours", "90 minutes", "1 day", "30 seconds".</summary>
        private static string Describe(double minutes)
        {
            static string Count(double amount, string unit) =>
                amount.ToString("0.##", CultureInfo.InvariantCulture) + " " + unit + (amount == 1 ? string.Empty : "s");

            if (minutes >= 24 * 60 && minutes % (24 * 60) == 0)
            {
                return Count(minutes / (24 * 60), "day");
            }

            if (minutes >= 60 && minutes % 60 == 0)
            {
                return Count(minutes / 60, "hour");
            }

            return minutes < 1 ? Count(Math.Round(minutes * 60, 2), "second") : Count(minutes, "minute");
        }
    }
}
