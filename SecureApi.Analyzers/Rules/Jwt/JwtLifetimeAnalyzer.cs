using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>
/// SAPI1005: access tokens issued without expiry (<c>new JwtSecurityToken(...)</c> without <c>expires</c>) or with a
/// known lifetime above <c>secureapi.jwt_max_lifetime_minutes</c>: the <c>expires</c> argument of
/// <c>JwtSecurityToken</c>/<c>JwtPayload</c>/<c>CreateJwtSecurityToken</c>/<c>CreateEncodedJwt</c>,
/// <c>SecurityTokenDescriptor.Expires</c> (whichever handler creates the token: <c>JwtSecurityTokenHandler</c> or
/// <c>JsonWebTokenHandler.CreateToken</c>), and a token handler's <c>TokenLifetimeInMinutes</c>. Calendar units count
/// (<c>AddYears(1)</c>, <c>AddMonths(6)</c>, see <see cref="CalendarLifetimes"/>). Lifetimes that are not constants
/// (configuration) and evident refresh tokens are left alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class JwtLifetimeAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: <see cref="MissingExpiry"/>, <see cref="LongAmount"/> or <see cref="LongMinutes"/>.</summary>
    public const string KindProperty = "Kind";

    /// <summary>No expiry: the fix adds <c>expires: DateTime.UtcNow.AddMinutes(15)</c>.</summary>
    public const string MissingExpiry = "Missing";

    /// <summary>A long amount (at <see cref="AmountSpanProperty"/>): the fix makes it 15 minutes.</summary>
    public const string LongAmount = "Amount";

    /// <summary>Diagnostic property: "start,length" of the expression the fix rewrites.</summary>
    public const string AmountSpanProperty = "AmountSpan";

    /// <summary>A lifetime in minutes (the assigned value): the fix makes it 15.</summary>
    public const string LongMinutes = "Minutes";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.JwtLongLifetime);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.JwtSecurityToken is null && types.SecurityTokenDescriptor is null)
            {
                return;
            }

            var rule = new Rule(types);
            start.RegisterOperationAction(rule.AnalyzeCreation, OperationKind.ObjectCreation);
            start.RegisterOperationAction(rule.AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(rule.AnalyzeAssignment, OperationKind.SimpleAssignment);
        });
    }

    private sealed class Rule
    {
        private readonly INamedTypeSymbol? _token;
        private readonly INamedTypeSymbol? _payload;
        private readonly INamedTypeSymbol? _descriptor;
        private readonly INamedTypeSymbol? _jwtHandler;
        private readonly INamedTypeSymbol? _tokenHandler;

        public Rule(KnownTypes types)
        {
            _token = types.JwtSecurityToken;
            _payload = types.JwtPayload;
            _descriptor = types.SecurityTokenDescriptor;
            _jwtHandler = types.JwtSecurityTokenHandler;
            _tokenHandler = types.Get("Microsoft.IdentityModel.Tokens.TokenHandler");
        }

        public void AnalyzeCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            var isToken = creation.Type.Is(_token);
            if ((!isToken && !creation.Type.Is(_payload)) || Expires(creation.Arguments) is not { } expires || IsRefreshToken(creation))
            {
                return;
            }

            // A JwtSecurityToken built without expiry never expires (a payload may still get one elsewhere).
            if (isToken && (expires.ArgumentKind == ArgumentKind.DefaultValue || IsNull(expires.Value)))
            {
                Report(context, creation.Syntax.GetLocation(), null, MissingExpiry, "This access token never expires");
                return;
            }

            CheckPointInTime(context, expires.Value, expires.Syntax.GetLocation());
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (method.Name is not ("CreateJwtSecurityToken" or "CreateEncodedJwt") || !method.ContainingType.IsOrDerivesFrom(_jwtHandler)
                || Expires(invocation.Arguments) is not { ArgumentKind: not ArgumentKind.DefaultValue } expires || IsRefreshToken(invocation))
            {
                return;
            }

            CheckPointInTime(context, expires.Value, expires.Syntax.GetLocation());
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation { Property: var property })
            {
                return;
            }

            if (property.Name == "Expires" && property.ContainingType.Is(_descriptor))
            {
                if (!IsRefreshToken(assignment))
                {
                    CheckPointInTime(context, assignment.Value, assignment.GetMemberNameLocation());
                }

                return;
            }

            // handler.TokenLifetimeInMinutes = 24 * 60: the default lifetime of tokens without Expires.
            if (property.Name is "TokenLifetimeInMinutes" or "DefaultTokenLifetimeInMinutes"
                && (property.ContainingType.IsOrDerivesFrom(_tokenHandler) || property.ContainingType.IsOrDerivesFrom(_jwtHandler))
                && assignment.Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: int minutes })
            {
                var max = MaxMinutes(context, assignment);
                if (minutes > max)
                {
                    Report(context, assignment.GetMemberNameLocation(), assignment.Value, LongMinutes, Describe(TimeSpan.FromMinutes(minutes), max));
                }
            }
        }

        private void CheckPointInTime(OperationAnalysisContext context, IOperation expires, Location location)
        {
            // AddYears/AddMonths have no fixed length, so the shared evaluator leaves them out; they are the longest lifetimes of all.
            if (!CalendarLifetimes.TryGetAddedDuration(expires, out var lifetime, out var amount, out var text)
                && !ConstantDurations.TryGetAddedDuration(expires, out lifetime, out amount))
            {
                return;
            }

            var max = MaxMinutes(context, expires);
            if (lifetime > TimeSpan.FromMinutes(max))
            {
                Report(context, location, amount, amount is null ? null : LongAmount, Describe(lifetime, max, text));
            }
        }

        private static IArgumentOperation? Expires(ImmutableArray<IArgumentOperation> arguments) =>
            arguments.FirstOrDefault(a => a.Parameter?.Name == "expires");

        private static bool IsNull(IOperation value) => value.WalkDownConversions().ConstantValue is { HasValue: true, Value: null };

        private static int MaxMinutes(OperationAnalysisContext context, IOperation operation) =>
            SecureApiOptions.JwtMaxLifetimeMinutes.GetValue(context.Options, operation.Syntax.SyntaxTree, RuleIds.JwtLongLifetime);

        /// <summary>
        /// Refresh tokens are long-lived by design (they are checked against a store and can be revoked): a token is
        /// one when "refresh" is in the name of the variable it is stored in, of the enclosing method, or in a
        /// constant argument or initializer value (such as its audience).
        /// </summary>
        private static bool IsRefreshToken(IOperation operation)
        {
            static bool Mentions(string? text) => text?.IndexOf("refresh", StringComparison.OrdinalIgnoreCase) >= 0;

            if (operation.SemanticModel?.GetEnclosingSymbol(operation.Syntax.SpanStart) is { } enclosing
                && (Mentions(enclosing.Name) || (enclosing is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } && Mentions(enclosing.ContainingSymbol?.Name))))
            {
                return true;
            }

            // The object holding the token or descriptor: new JwtSecurityToken(...) itself, or the descriptor of an Expires assignment.
            var holder = operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: { } instance } }
                ? (instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } ? instance.FindInitializedObject() : null) ?? instance
                : operation;

            if (holder.WalkUpConversions().Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } && Mentions(declarator.Symbol.Name))
            {
                return true;
            }

            if (holder.GetReferencedSymbol() is { } symbol && Mentions(symbol.Name))
            {
                return true;
            }

            return holder.Descendants().Any(d => d.ConstantValue is { HasValue: true, Value: string text } && Mentions(text));
        }

        private static string Describe(TimeSpan lifetime, int maxMinutes, string? calendarText = null)
        {
            var text = lifetime >= TimeSpan.FromDays(3650) ? "practically forever"
                : calendarText is not null ? calendarText
                : lifetime.TotalDays >= 1 && lifetime.TotalDays % 1 == 0 ? Plural(lifetime.TotalDays, "day")
                : lifetime.TotalHours >= 1 && lifetime.TotalHours % 1 == 0 ? Plural(lifetime.TotalHours, "hour")
                : Plural(Math.Round(lifetime.TotalMinutes), "minute");
            return $"This access token lives {text} (limit: {maxMinutes} minutes)";
        }

        private static string Plural(double count, string unit) =>
            count.ToString("0", CultureInfo.InvariantCulture) + " " + unit + (count == 1 ? string.Empty : "s");

        private static void Report(OperationAnalysisContext context, Location location, IOperation? amount, string? kind, string what)
        {
            var properties = ImmutableDictionary<string, string?>.Empty;
            if (kind is not null)
            {
                properties = properties.Add(KindProperty, kind);
            }

            if (amount is not null && kind is LongAmount or LongMinutes)
            {
                properties = properties.Add(AmountSpanProperty, SpanProperty.Encode(amount.Syntax.Span));
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.JwtLongLifetime, location, properties, what));
        }
    }
}
