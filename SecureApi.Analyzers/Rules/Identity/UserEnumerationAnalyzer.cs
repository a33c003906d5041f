using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AspNetCore.Endpoints;
using SecureApi.Analyzers.Core.AspNetCore.Responses;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Identity;

/// <summary>
/// SAPI2006: an authentication endpoint (a controller action, Razor Pages <c>OnPost</c> handler or minimal-API handler
/// whose name or route says sign-in, token, password...: <see cref="PublicEndpointNames.AuthenticationWord"/>; not
/// sign-up or password recovery) that looks a user up (<see cref="UserLookups"/>), checks the password
/// (<see cref="PasswordChecks"/>), and answers "no such user" differently from "wrong password"
/// (<see cref="FailureResults"/>): a caller learns which accounts exist. Reported on the unknown-user branch's return.
/// Each body is read once, from its first return; bodies without a password check stop there.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UserEnumerationAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the span of the unknown-user branch's result (what the fix replaces).</summary>
    public const string MissingProperty = "Missing";

    /// <summary>
    /// Diagnostic property: the span of the wrong-password branch's result, present when a copy of it compiles in the
    /// unknown-user branch (it reads no local that is unassigned or out of scope there, nor the missing user).
    /// </summary>
    public const string FailedProperty = "Failed";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UserEnumeration);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            var sinks = ResponseSinks.For(types);
            if (!sinks.IsAvailable)
            {
                return;
            }

            var rule = new Rule(start.Compilation, types, sinks);
            start.RegisterOperationAction(rule.Analyze, OperationKind.Return);
        });
    }

    /// <summary>What one body reports, by the return statement that reports it.</summary>
    private sealed class Findings
    {
        public static readonly Findings None = new(ImmutableArray<(IReturnOperation, Diagnostic)>.Empty);

        public Findings(ImmutableArray<(IReturnOperation At, Diagnostic Diagnostic)> list) => List = list;

        public ImmutableArray<(IReturnOperation At, Diagnostic Diagnostic)> List { get; }
    }

    private sealed class Rule
    {
        private readonly Compilation _compilation;
        private readonly KnownTypes _types;
        private readonly PasswordChecks _checks;
        private readonly UserLookups _lookups;
        private readonly FailureResults _results;
        private readonly ControllerConventions _controllers;
        private readonly MinimalApiEndpoints _endpoints;
        private readonly ConditionalWeakTable<IOperation, Findings> _findings = new();

        public Rule(Compilation compilation, KnownTypes types, ResponseSinks sinks)
        {
            _compilation = compilation;
            _types = types;
            _checks = new PasswordChecks(types);
            _lookups = new UserLookups(types);
            _results = new FailureResults(types, sinks);
            _controllers = ControllerConventions.For(types);

            // Only routes are read from it: the metadata kind does not matter.
            _endpoints = new MinimalApiEndpoints(compilation, types, RateLimitingMetadata.Enabled(types));
        }

        /// <summary>
        /// A return of an endpoint's body: the body is analysed once (the first return asks), and each return reports the
        /// findings it holds. Reported from the return, not from the password check, so the finding stays local to the
        /// operation being analysed (a fix can then be offered in the editor).
        /// </summary>
        public void Analyze(OperationAnalysisContext context)
        {
            var ret = (IReturnOperation)context.Operation;
            if (ret.ReturnedValue is null || Body(ret) is not { } body)
            {
                return;
            }

            if (!_findings.TryGetValue(body.Root, out var findings))
            {
                var computed = Compute(body.Root, body.Lambda, context);
                findings = _findings.GetValue(body.Root, _ => computed);
            }

            foreach (var (at, diagnostic) in findings.List)
            {
                if (at == ret)
                {
                    context.ReportDiagnostic(diagnostic);
                }
            }
        }

        private Findings Compute(IOperation root, IAnonymousFunctionOperation? lambda, OperationAnalysisContext context)
        {
            if (lambda is not null && !MinimalApiEndpoints.IsHandlerLambda(lambda))
            {
                return Findings.None;
            }

            // One finding per body: the first password check speaks for it. Most bodies have none.
            var operations = BranchOutcomes.InBody(root).ToList();
            var call = operations.OfType<IInvocationOperation>().FirstOrDefault(c => PasswordChecks.MayBeCheck(c.TargetMethod.Name) && _checks.Recognise(c) is not null);
            if (call is null || _checks.Recognise(call) is not { } kind
                || Lookup(call, kind, operations) is not { } lookup
                || Endpoint(lambda, context) is not { } endpoint)
            {
                return Findings.None;
            }

            var missing = BranchOutcomes.Find(root, lookup.Value.Syntax.SpanStart, c => UserLookups.MissingWhen(c, lookup), isSideCase: null);
            if (missing?.Returned is null || ReturnOf(missing.End) is not { } missingReturn)
            {
                return Findings.None;
            }

            var value = call.WalkUpConversions();
            if (value.Parent is IAwaitOperation awaited)
            {
                value = awaited;
            }

            var holder = Holder(value);
            var failed = BranchOutcomes.Find(
                root,
                call.Syntax.SpanStart,
                c => _checks.FailedWhen(c, kind, value, holder),
                side => holder is not null && BranchOutcomes.InBody(side.Condition).Any(o => o is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, holder)));
            if (failed?.Returned is null || failed.End == missing.End
                || _results.Compare(missing, failed, root) is not { } difference)
            {
                return Findings.None;
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(MissingProperty, SpanProperty.Encode(missing.Returned.Syntax.Span));
            if (!difference.OnlyMessagesOnTheWay && IsCopyable(failed.Returned, missing.Returned, lookup))
            {
                properties = properties.Add(FailedProperty, SpanProperty.Encode(failed.Returned.Syntax.Span));
            }

            var diagnostic = Diagnostic.Create(
                Descriptors.UserEnumeration,
                missing.End.Syntax.GetLocation(),
                properties,
                endpoint,
                difference.Missing,
                difference.Failed);
            return new Findings(ImmutableArray.Create((missingReturn, diagnostic)));
        }

        /// <summary>The return statement an outcome's end is (or is in: the arm of a returned conditional expression).</summary>
        private static IReturnOperation? ReturnOf(IOperation end)
        {
            for (IOperation? current = end; current is not null; current = current.Parent)
            {
                if (current is IReturnOperation ret)
                {
                    return ret;
                }
            }

            return null;
        }

        /// <summary>The body the operation is in: a lambda's (with the lambda) or the method's; null inside a local function.</summary>
        private static (IOperation Root, IAnonymousFunctionOperation? Lambda)? Body(IOperation operation)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    case IAnonymousFunctionOperation lambda:
                        return (lambda.Body, lambda);
                    case ILocalFunctionOperation:
                        return null;
                    case { Parent: null }:
                        return (current, null);
                }
            }

            return null;
        }

        /// <summary>
        /// The lookup whose user the check reads (<c>CheckPasswordAsync(user, ...)</c>, <c>Verify(pw, user.PasswordHash)</c>);
        /// for a sign-in by name (<c>PasswordSignInAsync(email, ...)</c>), the last lookup before it.
        /// </summary>
        private UserLookups.Lookup? Lookup(IInvocationOperation call, PasswordChecks.Kind kind, System.Collections.Generic.List<IOperation> operations)
        {
            var read = BranchOutcomes.InBody(call).OfType<ILocalReferenceOperation>().Select(l => l.Local).ToList();
            var byName = kind == PasswordChecks.Kind.SignInResult && call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value.Type?.SpecialType == SpecialType.System_String;
            UserLookups.Lookup? found = null;
            foreach (var operation in operations)
            {
                if (operation.Syntax.SpanStart >= call.Syntax.SpanStart)
                {
                    break;
                }

                if (operation is IInvocationOperation lookupCall && _lookups.Recognise(lookupCall) is { } lookup
                    && (byName || read.Contains(lookup.User, SymbolEqualityComparer.Default)))
                {
                    found = lookup;
                    if (!byName)
                    {
                        break;
                    }
                }
            }

            return found;
        }

        /// <summary>The local the check's result is kept in (<c>var result = await ...</c>).</summary>
        private static ILocalSymbol? Holder(IOperation value) => value.WalkUpConversions().Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } => target.Local,
            _ => null,
        };

        /// <summary>"POST /api/auth/login" when the body is an authentication endpoint's (not sign-up or recovery); null otherwise.</summary>
        private string? Endpoint(IAnonymousFunctionOperation? lambda, OperationAnalysisContext context)
        {
            string[] names;
            string? route;
            string verb;
            if (lambda is not null)
            {
                if (!MinimalApiEndpoints.IsHandlerLambda(lambda)
                    || (lambda.Parent is IDelegateCreationOperation created ? created : (IOperation)lambda).WalkUpConversions().Parent?.Parent is not IInvocationOperation map)
                {
                    return null;
                }

                var site = MinimalApiEndpoints.Site.ForEndpoint(map);
                (names, route, verb) = (new string[0], _endpoints.Route(site, context.CancellationToken), MinimalApiEndpoints.Verb(site));
            }
            else if (context.ContainingSymbol is IMethodSymbol { ContainingType: { } type } method)
            {
                if (_controllers.IsAvailable && _controllers.IsController(type, context.CancellationToken) && _controllers.IsAction(method))
                {
                    var verbs = ControllerRoutes.Verbs(method);
                    (names, route, verb) = (new[] { method.Name }, ControllerRoutes.Route(type, method), verbs.Count == 1 ? verbs[0] : verbs.Contains("POST") || verbs.Count == 0 ? "POST" : verbs[0]);
                }
                else if (type.IsOrDerivesFrom(_types.PageModel) && method.Name.StartsWith("OnPost", System.StringComparison.Ordinal))
                {
                    // Razor Pages: LoginModel.OnPostAsync is the sign-in form's POST.
                    (names, route, verb) = (new[] { type.Name, method.Name }, null, "POST");
                }
                else if (MinimalApiEndpoints.IsHandlerMethod(method, _compilation, context.CancellationToken))
                {
                    (names, route, verb) = (new[] { method.Name }, null, "POST");
                }
                else
                {
                    return null;
                }
            }
            else
            {
                return null;
            }

            if (PublicEndpointNames.AuthenticationWord(names, route, verb) is null || PublicEndpointNames.NamesRegistrationOrRecovery(names, route))
            {
                return null;
            }

            return route is null && context.ContainingSymbol is IMethodSymbol named
                ? named.ContainingType.Name + "." + named.Name
                : EndpointRoute.Describe(verb, route);
        }

        /// <summary>
        /// Can the wrong-password result be copied into the unknown-user branch and still compile and run? It may read
        /// parameters, members and locals declared (with a value) before the unknown-user branch in a block around it,
        /// not the user that is missing there.
        /// </summary>
        private static bool IsCopyable(IOperation failed, IOperation missing, UserLookups.Lookup lookup)
        {
            var at = missing.Syntax;
            foreach (var operation in failed.DescendantsAndSelf())
            {
                if (operation is not ILocalReferenceOperation { Local: var local })
                {
                    continue;
                }

                if (SymbolEqualityComparer.Default.Equals(local, lookup.User))
                {
                    return false;
                }

                var declaration = local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
                if (declaration is null || failed.Syntax.Span.Contains(declaration.Span))
                {
                    // Declared inside the copied expression (a lambda's own local): it travels with it.
                    if (declaration is null)
                    {
                        return false;
                    }

                    continue;
                }

                if (declaration is not VariableDeclaratorSyntax { Initializer: not null }
                    || declaration.Span.End > at.SpanStart
                    || declaration.FirstAncestorOrSelf<BlockSyntax>() is not { } scope || !scope.Span.Contains(at.Span))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
