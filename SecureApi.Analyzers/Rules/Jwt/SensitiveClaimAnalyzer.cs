using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Naming;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>
/// SAPI1008: a secret or a personal identifier placed in the claims of an issued token. The analyzer starts from
/// where claims enter a token (<c>SecurityTokenDescriptor.Subject</c>/<c>Claims</c>, <c>new JwtSecurityToken(claims: ...)</c>,
/// <c>JwtPayload</c> constructors and entries, the handlers' <c>CreateToken</c>/<c>CreateJwtSecurityToken</c>/
/// <c>CreateEncodedJwt</c>) and follows the claims back through the method (<see cref="TokenClaimSources"/>), so claims
/// of a cookie principal, which data protection encrypts, are never judged. A claim is sensitive when its type or the
/// name of its value says so (<see cref="SensitiveMemberNames.DescribeTokenClaim"/>); it is reported where it is created.
/// Encrypted tokens (<c>EncryptingCredentials</c> set) are not reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SensitiveClaimAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.SensitiveClaimInToken);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.Claim is null || types.SecurityTokenDescriptor is null && types.JwtSecurityToken is null && types.JwtPayload is null)
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
        /// <summary>Methods that turn a value into text without changing what it is: <c>user.Ssn.ToString()</c>.</summary>
        private static readonly ImmutableHashSet<string> PassThroughMethods = ImmutableHashSet.Create(
            StringComparer.Ordinal,
            "ToString", "Trim", "TrimStart", "TrimEnd", "ToUpper", "ToLower", "ToUpperInvariant", "ToLowerInvariant",
            "ToBase64String", "ToHexString", "ToHexStringLower", "GetString", "Serialize");

        private readonly INamedTypeSymbol? _descriptor;
        private readonly INamedTypeSymbol? _jwtSecurityToken;
        private readonly INamedTypeSymbol? _jwtPayload;
        private readonly INamedTypeSymbol? _jwtHandler;
        private readonly INamedTypeSymbol? _jsonWebTokenHandler;
        private readonly TokenClaimSources _sources;

        // A claim list often feeds two tokens (access and refresh): each claim is reported once.
        private readonly ConcurrentDictionary<SyntaxNode, bool> _reported = new();

        public Rule(KnownTypes types)
        {
            _descriptor = types.SecurityTokenDescriptor;
            _jwtSecurityToken = types.JwtSecurityToken;
            _jwtPayload = types.JwtPayload;
            _jwtHandler = types.JwtSecurityTokenHandler;
            _jsonWebTokenHandler = types.JsonWebTokenHandler;
            _sources = new TokenClaimSources(types);
        }

        /// <summary><c>new JwtSecurityToken(issuer, audience, claims, ...)</c>, <c>new JwtPayload(claims)</c>.</summary>
        public void AnalyzeCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (!creation.Type.IsOrDerivesFrom(_jwtSecurityToken) && !creation.Type.IsOrDerivesFrom(_jwtPayload))
            {
                return;
            }

            foreach (var argument in creation.Arguments)
            {
                if (_sources.CanCarryClaims(argument.Parameter?.Type))
                {
                    Report(context, argument.Value);
                }
            }
        }

        /// <summary>
        /// <c>payload.Add("k", v)</c>, <c>payload.AddClaim(c)</c>, <c>descriptor.Claims.Add("k", v)</c>,
        /// <c>descriptor.Subject.AddClaim(c)</c>, <c>handler.CreateJwtSecurityToken(subject: identity)</c>.
        /// </summary>
        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            switch (method.Name)
            {
                case "Add" or "AddClaim" or "AddClaims" when invocation.Instance is { } instance && IsTokenClaims(instance.WalkDownConversions()):
                    if (invocation.Arguments.Length == 2)
                    {
                        Report(context, new TokenClaim(invocation, invocation.Arguments[0].Value, invocation.Arguments[1].Value));
                    }
                    else
                    {
                        foreach (var argument in invocation.Arguments)
                        {
                            Report(context, argument.Value);
                        }
                    }

                    break;

                case "CreateToken" or "CreateJwtSecurityToken" or "CreateEncodedJwt"
                    when (method.ContainingType.IsOrDerivesFrom(_jwtHandler) || method.ContainingType.IsOrDerivesFrom(_jsonWebTokenHandler))
                         && !invocation.Arguments.Any(a => a.Parameter?.Name == "encryptingCredentials" && !IsNull(a.Value)):
                    foreach (var argument in invocation.Arguments)
                    {
                        if (_sources.CanCarryClaims(argument.Parameter?.Type))
                        {
                            Report(context, argument.Value);
                        }
                    }

                    break;
            }
        }

        /// <summary><c>Subject = identity</c> and <c>Claims = dictionary</c> of a descriptor; <c>payload["k"] = v</c>.</summary>
        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation target)
            {
                return;
            }

            if (target.Property.IsIndexer)
            {
                if (target.Arguments.Length == 1 && target.Instance is { } instance && IsTokenClaims(instance.WalkDownConversions()))
                {
                    Report(context, new TokenClaim(assignment, target.Arguments[0].Value, assignment.Value));
                }
            }
            else if (target.Property.Name is "Subject" or "Claims"
                     && target.Property.ContainingType.Is(_descriptor)
                     && !SameObjectAssignments.Of(assignment, "EncryptingCredentials").Any(encrypting => !IsNull(encrypting.Value)))
            {
                Report(context, assignment.Value);
            }
        }

        /// <summary>A token's own claims collection: a <c>JwtPayload</c>, or a descriptor's <c>Claims</c> or <c>Subject</c>.</summary>
        private bool IsTokenClaims(IOperation receiver) =>
            receiver.Type.IsOrDerivesFrom(_jwtPayload)
            || receiver is IPropertyReferenceOperation { Property: { Name: "Claims" or "Subject" } property } && property.ContainingType.Is(_descriptor);

        private static bool IsNull(IOperation value) => value.WalkDownConversions() is { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation;

        private void Report(OperationAnalysisContext context, IOperation value)
        {
            foreach (var claim in _sources.Find(value))
            {
                Report(context, claim);
            }
        }

        private void Report(OperationAnalysisContext context, TokenClaim claim)
        {
            if (Judge(claim) is not { } what || !_reported.TryAdd(claim.Site.Syntax, true))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(Descriptors.SensitiveClaimInToken, claim.Site.Syntax.GetLocation(), ClaimName(claim), WithArticle(what)));
        }

        /// <summary>What sensitive thing the claim carries, by its type or by the name of its value; null when nothing.</summary>
        private static string? Judge(TokenClaim claim)
        {
            var value = claim.Value is null ? null : Named(claim.Value);

            // A flag or a time says nothing secret about the person: has_password, password_changed_at.
            if (value?.Type is { } type && (type.SpecialType is SpecialType.System_Boolean or SpecialType.System_DateTime || type.Name is "DateTimeOffset" or "TimeSpan" or "DateOnly"))
            {
                return null;
            }

            var typeName = claim.Type is null ? null : claim.Type.TryGetConstantString(out var text) ? text : NameOf(Named(claim.Type));
            return SensitiveMemberNames.DescribeTokenClaim(typeName) ?? (value is null ? null : SensitiveMemberNames.DescribeTokenClaim(NameOf(value)));
        }

        /// <summary>
        /// The operation that names the value: the member, local or parameter read, through conversions, <c>??</c>,
        /// <c>?.</c>, <c>await</c>, <c>.Value</c> of a nullable and methods that only turn it into text.
        /// </summary>
        private static IOperation Named(IOperation operation)
        {
            for (var depth = 0; depth < 8; depth++)
            {
                var value = operation.WalkDownConversions();
                IOperation? inner = value switch
                {
                    ICoalesceOperation coalesce => coalesce.Value,
                    IConditionalAccessOperation access => access.WhenNotNull,
                    IAwaitOperation awaited => awaited.Operation,
                    IPropertyReferenceOperation { Property.Name: "Value", Instance: { Type.OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable } => nullable,
                    IInvocationOperation invocation when PassThroughMethods.Contains(invocation.TargetMethod.Name) =>
                        invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null),
                    _ => null,
                };

                if (inner is null)
                {
                    return value;
                }

                operation = inner;
            }

            return operation;
        }

        private static string? NameOf(IOperation named) => named switch
        {
            IPropertyReferenceOperation { Property.IsIndexer: false } property => property.Property.Name,
            IFieldReferenceOperation field => field.Field.Name,
            ILocalReferenceOperation local => local.Local.Name,
            IParameterReferenceOperation parameter => parameter.Parameter.Name,

            // GetSecurityStampAsync(user) names a security stamp.
            IInvocationOperation invocation => MethodNoun(invocation.TargetMethod.Name),
            _ => null,
        };

        private static string MethodNoun(string name)
        {
            if (name.EndsWith("Async", StringComparison.Ordinal))
            {
                name = name.Substring(0, name.Length - "Async".Length);
            }

            return name.StartsWith("Get", StringComparison.Ordinal) && name.Length > 3 && char.IsUpper(name[3]) ? name.Substring(3) : name;
        }

        private static string ClaimName(TokenClaim claim) =>
            claim.Type is null ? "?" : claim.Type.TryGetConstantString(out var text) && !text.Contains("/") ? text : claim.Type.Syntax.ToString();

        private static string WithArticle(string what) =>
            what.EndsWith("codes", StringComparison.Ordinal) ? what : ("aeiouAEIOU".IndexOf(what[0]) >= 0 ? "an " : "a ") + what;
    }
}
