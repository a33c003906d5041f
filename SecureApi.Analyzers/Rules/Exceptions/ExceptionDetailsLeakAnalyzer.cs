using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AspNetCore;
using SecureApi.Analyzers.Core.AspNetCore.Endpoints;
using SecureApi.Analyzers.Core.AspNetCore.Responses;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Exceptions;

/// <summary>
/// SAPI5001: exception details (message, stack trace, <c>ToString()</c>, inner exceptions, the exception object)
/// written to an HTTP response, and <c>JwtBearerOptions.IncludeErrorDetails = true</c>.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ExceptionDetailsLeakAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the leaked expression can be replaced by a string literal and still compile.</summary>
    public const string ReplaceableProperty = "Replaceable";

    /// <summary>Diagnostic property: the span of the exception the details come from (what the fix logs).</summary>
    public const string ExceptionProperty = "Exception";

    /// <summary>Diagnostic property: present on <c>IncludeErrorDetails = true</c> findings.</summary>
    public const string IncludeErrorDetailsProperty = "IncludeErrorDetails";

    public const string IncludeErrorDetails = "IncludeErrorDetails";

    private const string Consequence = "clients see internal details (SQL, file paths, host names, stack frames); log the exception and answer with a generic message";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.ExceptionDetailsLeak);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            var sinks = ResponseSinks.For(types);
            if (types.Exception is null || !sinks.IsAvailable && types.JwtBearerOptions is null)
            {
                return;
            }

            var rule = new Rule(types, sinks);
            start.RegisterOperationAction(rule.AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(rule.AnalyzeCreation, OperationKind.ObjectCreation);
            start.RegisterOperationAction(rule.AnalyzeAssignment, OperationKind.SimpleAssignment);
            start.RegisterOperationAction(rule.AnalyzeReturn, OperationKind.Return);
        });
    }

    private sealed class Rule
    {
        private readonly KnownTypes _types;
        private readonly ResponseSinks _sinks;
        private readonly ExceptionSources _sources;
        private readonly INamedTypeSymbol? _jwtBearerOptions;
        private readonly ControllerConventions _controllers;

        // Per body (its syntax: operation trees are not kept alive): does it touch an exception at all? Asked by every
        // sink and filled local of the body. A concurrent table, not a lock-taking ConditionalWeakTable: every thread asks.
        private readonly ConcurrentDictionary<SyntaxNode, bool> _mentionsException = new();

        public Rule(KnownTypes types, ResponseSinks sinks)
        {
            _types = types;
            _sinks = sinks;
            _controllers = ControllerConventions.For(types);
            _sources = new ExceptionSources(types);
            _jwtBearerOptions = types.JwtBearerOptions;
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var call = (IInvocationOperation)context.Operation;
            var sent = false;
            foreach (var value in _sinks.ValuesWritten(call))
            {
                sent = true;
                Check(context, value);
            }

            // errors.Add(ex.Message) ... return Ok(errors): reported where the details go in.
            if (!sent && ExceptionLeaks.FilledLocal(call) is { } local)
            {
                foreach (var argument in call.Arguments)
                {
                    if (argument.ArgumentKind != ArgumentKind.DefaultValue)
                    {
                        Check(context, argument.Value, local);
                    }
                }
            }
        }

        public void AnalyzeCreation(OperationAnalysisContext context)
        {
            foreach (var value in _sinks.ValuesWritten((IObjectCreationOperation)context.Operation))
            {
                Check(context, value);
            }
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (_sinks.ValueWritten(assignment) is { } value)
            {
                Check(context, value);
                return;
            }

            // errors["db"] = ex.Message; body.Detail = ex.Message; ... return errors;
            if (ExceptionLeaks.FilledLocal(assignment) is { } local)
            {
                Check(context, assignment.Value, local);
                return;
            }

            // The bearer handler explains every token rejection in the WWW-Authenticate header.
            if (assignment.Target is IPropertyReferenceOperation { Property: { Name: IncludeErrorDetails } property }
                && property.ContainingType.Is(_jwtBearerOptions)
                && assignment.Value.IsConstantTrue()
                && !EnvironmentChecks.IsDevelopmentOnly(assignment, _types))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.ExceptionDetailsLeak,
                    assignment.GetMemberNameLocation(),
                    ImmutableDictionary<string, string?>.Empty.Add(IncludeErrorDetailsProperty, "true"),
                    "IncludeErrorDetails = true",
                    "every rejected token is explained to the client in the WWW-Authenticate header (expired, wrong issuer or audience, bad signature), which helps attackers probe the validation"));
            }
        }

        /// <summary>
        /// <c>return errors;</c> from a controller action or a minimal-API handler: the value is serialized into the
        /// response. Results (<c>IActionResult</c>, <c>ActionResult&lt;T&gt;</c>, <c>IResult</c>) are checked where they are created.
        /// </summary>
        public void AnalyzeReturn(OperationAnalysisContext context)
        {
            var ret = (IReturnOperation)context.Operation;
            if (ReturnsResponse(ret, context) && ret.ReturnedValue is { } value)
            {
                Check(context, value);
            }
        }

        /// <summary>A return of a value (not a result object) from a controller action or a minimal-API handler.</summary>
        private bool ReturnsResponse(IReturnOperation ret, OperationAnalysisContext context) =>
            ret.ReturnedValue is { Type: { } type } value
            && InHandlerOrAction(ret, context)
            && !_sinks.IsResult(value.WalkDownConversions().Type) && !_sinks.IsResult(type);

        /// <summary>Is the return in a minimal-API handler lambda or a controller action (asked first: most returns are in neither)?</summary>
        private bool InHandlerOrAction(IReturnOperation ret, OperationAnalysisContext context)
        {
            for (var parent = ret.Parent; parent is not null; parent = parent.Parent)
            {
                switch (parent)
                {
                    case IAnonymousFunctionOperation lambda:
                        return MinimalApiEndpoints.IsHandlerLambda(lambda);
                    case ILocalFunctionOperation:
                        return false;
                }
            }

            return _controllers.IsAvailable
                   && context.ContainingSymbol is IMethodSymbol { ContainingType: { } controller } method
                   && _controllers.IsController(controller, context.CancellationToken)
                   && _controllers.IsAction(method);
        }

        /// <param name="into">The local <paramref name="value"/> is put into: reported only when the body sends that local.</param>
        private void Check(OperationAnalysisContext context, IOperation value, ILocalSymbol? into = null)
        {
            // Most bodies that fill a list or write a response never touch an exception: one cached pass over the body
            // answers that before any value is followed through locals.
            if (!MentionsException(value.GetRoot()))
            {
                return;
            }

            var allowOwnTypes = SecureApiOptions.ExceptionLeakAllowOwnTypes.GetValue(context.Options, value.Syntax.SyntaxTree, RuleIds.ExceptionDetailsLeak);
            var leaks = new ExceptionLeaks(_sources, _sinks, _types, allowOwnTypes);
            var sites = leaks.Sites(value).ToList();
            if (sites.Count == 0 || into is not null && !leaks.IsSent(into, value.GetRoot(), ret => ReturnsResponse(ret, context)))
            {
                return;
            }

            foreach (var (site, exception) in sites)
            {
                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(ExceptionProperty, SpanProperty.Encode(exception.Syntax.Span));
                if (IsReplaceable(site, _sinks))
                {
                    properties = properties.Add(ReplaceableProperty, "true");
                }

                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.ExceptionDetailsLeak,
                    site.Syntax.GetLocation(),
                    properties,
                    Subject(site, exception),
                    Consequence));
            }
        }

        private bool MentionsException(IOperation root)
        {
            if (_mentionsException.TryGetValue(root.Syntax, out var mentions))
            {
                return mentions;
            }

            return _mentionsException.GetOrAdd(root.Syntax, _types.Exception is { } exception && ExceptionLeaks.MentionsException(root, exception));
        }

        /// <summary>Can a string literal take the place of the leaked expression without changing what compiles?</summary>
        private static bool IsReplaceable(IOperation site, ResponseSinks sinks)
        {
            var isString = site.WalkDownConversions().Type?.SpecialType == SpecialType.System_String;

            // A view reads ViewData/TempData/ViewBag entries and its model by type: only a string may become the message.
            // View(model) alone must keep its argument: a string there would bind View(string viewName).
            if (sinks.IsViewValue(site))
            {
                return isString && !(site.Parent is IArgumentOperation { Parameter.Name: "model", Parent: IInvocationOperation view }
                                     && !view.Arguments.Any(a => a.Parameter?.Name == "viewName" && a.ArgumentKind != ArgumentKind.DefaultValue));
            }

            if (isString)
            {
                return true;
            }

            // BadRequest(ex): converted to object (or string) anyway.
            if (site is IConversionOperation { Type.SpecialType: SpecialType.System_Object or SpecialType.System_String })
            {
                return true;
            }

            // new { error = ex }: the anonymous member just becomes a string.
            if (site.Parent is IAssignmentOperation { Parent: IAnonymousObjectCreationOperation })
            {
                return true;
            }

            // WriteAsJsonAsync(ex): a type argument that does not flow into the result type.
            return site.Parent is IArgumentOperation { Parameter: { } parameter, Parent: IInvocationOperation call }
                   && parameter.OriginalDefinition.Type is ITypeParameterSymbol typeParameter
                   && !Mentions(call.TargetMethod.OriginalDefinition.ReturnType, typeParameter);
        }

        private static bool Mentions(ITypeSymbol type, ITypeParameterSymbol typeParameter) => type switch
        {
            ITypeParameterSymbol parameter => SymbolEqualityComparer.Default.Equals(parameter, typeParameter),
            INamedTypeSymbol named => named.TypeArguments.Any(t => Mentions(t, typeParameter)),
            IArrayTypeSymbol array => Mentions(array.ElementType, typeParameter),
            _ => false,
        };

        /// <summary>
        /// "'ex.Message' reaches the HTTP response", naming the exception the value was followed from when the sent
        /// expression does not show it: "'detail', built from the exception 'ex', reaches the HTTP response".
        /// </summary>
        private static string Subject(IOperation site, IOperation exception)
        {
            var sent = Describe(site);
            var source = Describe(exception);
            return System.Text.RegularExpressions.Regex.IsMatch(sent, @"(^|[^\w])" + System.Text.RegularExpressions.Regex.Escape(source) + @"($|[^\w])")
                ? $"'{sent}' reaches the HTTP response"
                : $"'{sent}', built from the exception '{source}', reaches the HTTP response";
        }

        private static string Describe(IOperation site) => DisplayText.Of(site.Syntax);
    }
}
