using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AspNetCore;
using SecureApi.Analyzers.Core.Naming;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Hosting;

/// <summary>
/// SAPI8004: cookies without Secure, HttpOnly or a SameSite mode: <c>CookieOptions</c>/<c>CookieBuilder</c> flags
/// switched off, <c>SameSite = None</c> without Secure, <c>CookieSecurePolicy.None</c>/<c>SameAsRequest</c>, a weakened
/// <c>CookiePolicyOptions</c>, and session or token cookies appended without options. Development-only code is skipped
/// (a developer's http://localhost cannot carry Secure cookies).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InsecureCookieAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: which edit the fixer makes (one of the <c>Fix*</c> values).</summary>
    public const string FixKey = "Fix";

    /// <summary>Diagnostic property: the value to write (<c>true</c>, an enum member name, or the SameSite mode of new options).</summary>
    public const string ValueKey = "Value";

    /// <summary>Replace the assigned value with <see cref="ValueKey"/> (<c>true</c>, or the enum member of the same enum).</summary>
    public const string FixReplaceValue = "ReplaceValue";

    /// <summary>Set Secure next to <c>SameSite = None</c>: <c>Secure = true</c> or <c>SecurePolicy = CookieSecurePolicy.Always</c>.</summary>
    public const string FixAddSecure = "AddSecure";

    /// <summary>Add <c>HttpOnly = true</c> to the initializer of a <c>new CookieBuilder { ... }</c> that replaces a framework cookie.</summary>
    public const string FixAddHttpOnly = "AddHttpOnly";

    /// <summary>Pass <c>new CookieOptions { HttpOnly, Secure, SameSite = ValueKey }</c> to <c>Append</c>.</summary>
    public const string FixAddOptions = "AddOptions";

    // Enum values of Microsoft.AspNetCore.Http and Microsoft.AspNetCore.CookiePolicy.
    private const int SameSiteNone = 0;
    private const int SecurePolicySameAsRequest = 0;
    private const int SecurePolicyNone = 2;
    private const int HttpOnlyPolicyNone = 0;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.InsecureCookie);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.CookieOptions is null && types.CookieBuilder is null && types.CookiePolicyOptions is null)
            {
                return;
            }

            var rule = new Rule(types);
            start.RegisterOperationAction(rule.AnalyzeAssignment, OperationKind.SimpleAssignment);
            if (types.IResponseCookies is not null)
            {
                start.RegisterOperationAction(rule.AnalyzeAppend, OperationKind.Invocation);
            }
        });
    }

    private sealed class Rule
    {
        private readonly KnownTypes _types;
        private readonly INamedTypeSymbol? _cookieOptions;
        private readonly INamedTypeSymbol? _cookieBuilder;
        private readonly INamedTypeSymbol? _cookiePolicyOptions;
        private readonly INamedTypeSymbol? _responseCookies;

        public Rule(KnownTypes types)
        {
            _types = types;
            _cookieOptions = types.CookieOptions;
            _cookieBuilder = types.CookieBuilder;
            _cookiePolicyOptions = types.CookiePolicyOptions;
            _responseCookies = types.IResponseCookies;
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation { Property: { } property } target)
            {
                return;
            }

            if (ReplacesFrameworkCookie(property, assignment.Value) is { } replaced)
            {
                if (!EnvironmentChecks.IsDevelopmentOnly(assignment, _types))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Descriptors.InsecureCookie,
                        // The property name only: the new builder's initializer often spans several lines.
                        assignment.Target.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access ? access.Name.GetLocation() : assignment.Target.Syntax.GetLocation(),
                        ImmutableDictionary<string, string?>.Empty.Add(FixKey, FixAddHttpOnly).Add(ValueKey, "true"),
                        $"{property.ContainingType.Name}.Cookie = new CookieBuilder without HttpOnly",
                        $"a new CookieBuilder starts with HttpOnly = false and replaces the {replaced} cookie's HttpOnly default, so any script on the page can read it"));
                }

                return;
            }

            var type = property.ContainingType;
            var isOptions = type.Is(_cookieOptions);
            var isBuilder = !isOptions && type.Is(_cookieBuilder);
            var isPolicy = !isOptions && !isBuilder && type.Is(_cookiePolicyOptions);
            if (!isOptions && !isBuilder && !isPolicy)
            {
                return;
            }

            Finding? finding = property.Name switch
            {
                "Secure" when isOptions && assignment.Value.IsConstantFalse() =>
                    new("Secure = false", "the cookie is also sent over plain HTTP, where anyone on the network path can read it", FixReplaceValue, "true"),
                "HttpOnly" when (isOptions || isBuilder) && assignment.Value.IsConstantFalse() && !IsAntiforgeryCookie(assignment) =>
                    new("HttpOnly = false", "any script on the page, injected script included, can read the cookie", FixReplaceValue, "true"),
                "SameSite" when (isOptions || isBuilder) && IsEnumValue(assignment.Value, SameSiteNone) && !IsSecuredAlongside(target, assignment, isOptions) =>
                    new("SameSite = None without Secure", "the cookie goes with every cross-site request and over plain HTTP (current browsers drop it)", FixAddSecure, isOptions ? "Secure" : "SecurePolicy"),
                "SecurePolicy" when isBuilder && (IsEnumValue(assignment.Value, SecurePolicyNone) || IsEnumValue(assignment.Value, SecurePolicySameAsRequest)) =>
                    new($"SecurePolicy = {EnumName(assignment.Value)}", "the cookie is issued without Secure on plain HTTP requests and sent over them", FixReplaceValue, "Always"),
                "Secure" when isPolicy && (IsEnumValue(assignment.Value, SecurePolicyNone) || IsEnumValue(assignment.Value, SecurePolicySameAsRequest)) =>
                    new($"CookiePolicyOptions.Secure = {EnumName(assignment.Value)}", "the cookie policy no longer forces Secure on the app's cookies", FixReplaceValue, "Always"),
                "MinimumSameSitePolicy" when isPolicy && IsEnumValue(assignment.Value, SameSiteNone) =>
                    new("MinimumSameSitePolicy = SameSiteMode.None", "the cookie policy lets every cookie go with cross-site requests", FixReplaceValue, "Lax"),
                "HttpOnly" when isPolicy && IsEnumValue(assignment.Value, HttpOnlyPolicyNone) =>
                    new("CookiePolicyOptions.HttpOnly = HttpOnlyPolicy.None", "the cookie policy no longer forces HttpOnly, so script can read cookies", FixReplaceValue, "Always"),
                _ => null,
            };

            if (finding is null || EnvironmentChecks.IsDevelopmentOnly(assignment, _types))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.InsecureCookie,
                assignment.GetMemberNameLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(FixKey, finding.Fix).Add(ValueKey, finding.Value),
                finding.What,
                finding.Why));
        }

        /// <summary>
        /// <c>options.Cookie = new CookieBuilder { Name = ... }</c> on a framework options type (authentication, session,
        /// anti-forgery): the framework's builder for that cookie sets HttpOnly, a plain <c>CookieBuilder</c> does not, so
        /// replacing it silently drops the flag unless the initializer sets it again. What the cookie is, for the message;
        /// null when the assignment is anything else.
        /// </summary>
        private string? ReplacesFrameworkCookie(IPropertySymbol property, IOperation value)
        {
            if (property.Name != "Cookie" || !property.Type.Is(_cookieBuilder) || property.ContainingAssembly?.Name.StartsWith("Microsoft.AspNetCore", System.StringComparison.Ordinal) != true
                || value.WalkDownConversions() is not IObjectCreationOperation { Type: { } created } creation || !created.Is(_cookieBuilder))
            {
                return null;
            }

            if (creation.Initializer is { } initializer)
            {
                foreach (var member in initializer.Initializers)
                {
                    if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "HttpOnly" } })
                    {
                        return null;
                    }
                }
            }

            var owner = property.ContainingType.Name;
            return owner.StartsWith("Session", System.StringComparison.Ordinal) ? "session"
                : owner.StartsWith("Antiforgery", System.StringComparison.Ordinal) ? "anti-forgery"
                : "authentication";
        }

        /// <summary><c>Response.Cookies.Append("session", value)</c>: a session or token cookie with the framework's defaults (no flag set).</summary>
        public void AnalyzeAppend(OperationAnalysisContext context)
        {
            var call = (IInvocationOperation)context.Operation;
            if (call.TargetMethod is not { Name: "Append", Parameters.Length: 2 } method
                || !method.ContainingType.Is(_responseCookies)
                || call.Arguments.Length != 2
                || !call.Arguments[0].Value.TryGetConstantString(out var name)
                || !CookieNames.IsAuthenticationCookie(name)
                || EnvironmentChecks.IsDevelopmentOnly(call, _types))
            {
                return;
            }

            var sameSite = CookieNames.IsSessionCookie(name) ? "Lax" : "Strict";
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.InsecureCookie,
                call.GetMemberNameLocation(),
                ImmutableDictionary<string, string?>.Empty.Add(FixKey, FixAddOptions).Add(ValueKey, sameSite),
                $"cookie '{name}' is appended without CookieOptions",
                "it is sent over plain HTTP, readable by script and sent with cross-site requests"));
        }

        /// <summary>HttpOnly = false in the options of an anti-forgery cookie (<c>XSRF-TOKEN</c>), which the front end reads by design.</summary>
        private bool IsAntiforgeryCookie(ISimpleAssignmentOperation assignment) =>
            assignment.FindInitializedObject() is { } creation
            && creation.WalkUpConversions().Parent is IArgumentOperation { Parent: IInvocationOperation call }
            && call.TargetMethod.ContainingType.Is(_responseCookies)
            && call.Arguments.Length > 0
            && call.Arguments[0].Value.TryGetConstantString(out var name)
            && CookieNames.IsAntiforgeryCookie(name);

        /// <summary>
        /// Secure is also set on the same cookie: in the same object initializer, or assigned to the same receiver
        /// (<c>options.Cookie.SecurePolicy</c>) in the same method or lambda tree. Anything but a constant off counts.
        /// </summary>
        private bool IsSecuredAlongside(IPropertyReferenceOperation target, ISimpleAssignmentOperation assignment, bool isOptions)
        {
            var secureName = isOptions ? "Secure" : "SecurePolicy";
            if (assignment.FindInitializedObject() is { Initializer: { } initializer })
            {
                foreach (var member in initializer.Initializers)
                {
                    if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation other } sibling
                        && other.Property.Name == secureName
                        && IsSecureValue(sibling.Value, isOptions))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (target.Instance is not { } receiver)
            {
                return false;
            }

            var receiverText = receiver.Syntax.ToString();
            foreach (var operation in EnclosingFunction(assignment).Descendants())
            {
                if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: { } instance } other } sibling
                    && other.Property.Name == secureName
                    && other.Property.ContainingType.Is(target.Property.ContainingType)
                    && instance.Syntax.ToString() == receiverText
                    && IsSecureValue(sibling.Value, isOptions))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The lambda, local function or member body holding the operation: <c>options</c> of another lambda is another object.</summary>
        private static IOperation EnclosingFunction(IOperation operation)
        {
            var current = operation;
            while (current.Parent is { } parent && current is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
            {
                current = parent;
            }

            return current;
        }

        private static bool IsSecureValue(IOperation value, bool isOptions) => isOptions
            ? !value.IsConstantFalse()
            : !(IsEnumValue(value, SecurePolicyNone) || IsEnumValue(value, SecurePolicySameAsRequest));

        private static bool IsEnumValue(IOperation value, int expected) =>
            value.Type?.TypeKind == TypeKind.Enum
            && value.WalkDownConversions().ConstantValue is { HasValue: true, Value: { } constant }
            && constant is int number
            && number == expected;

        private static string EnumName(IOperation value) =>
            value.WalkDownConversions() is IFieldReferenceOperation field ? field.Field.Name : value.Syntax.ToString();
    }

    private sealed class Finding
    {
        public Finding(string what, string why, string fix, string value)
        {
            What = what;
            Why = why;
            Fix = fix;
            Value = value;
        }

        public string What { get; }

        public string Why { get; }

        public string Fix { get; }

        public string Value { get; }
    }
}
