using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>
/// SAPI1004: claims read from a token that was only decoded (<c>ReadJwtToken</c>, <c>ReadJsonWebToken</c>,
/// <c>ReadToken</c>, <c>new JwtSecurityToken(string)</c>, <c>new JsonWebToken(string)</c>) in a method that never
/// validates a token; in a method that does, a field of the decoded token deciding whether the validation runs
/// (<see cref="UnvalidatedTokenReadDecisions"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnvalidatedTokenReadAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnvalidatedTokenRead);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.JwtSecurityToken is null && types.JsonWebToken is null)
            {
                return;
            }

            var rule = new Rule(types);
            start.RegisterOperationAction(rule.AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(rule.AnalyzeObjectCreation, OperationKind.ObjectCreation);
        });
    }

    private sealed class Rule
    {
        private readonly KnownTypes _types;

        // Read once: the callbacks run for every invocation and creation of the compilation.
        private readonly INamedTypeSymbol? _jwtSecurityToken;
        private readonly INamedTypeSymbol? _jsonWebToken;
        private readonly INamedTypeSymbol? _jwtHandler;
        private readonly INamedTypeSymbol? _jsonWebTokenHandler;
        private readonly INamedTypeSymbol? _tokenHandler;
        private readonly INamedTypeSymbol? _securityTokenHandler;

        public Rule(KnownTypes types)
        {
            _types = types;
            _jwtSecurityToken = types.JwtSecurityToken;
            _jsonWebToken = types.JsonWebToken;
            _jwtHandler = types.JwtSecurityTokenHandler;
            _jsonWebTokenHandler = types.JsonWebTokenHandler;
            _tokenHandler = types.Get("Microsoft.IdentityModel.Tokens.TokenHandler");
            _securityTokenHandler = types.Get("Microsoft.IdentityModel.Tokens.SecurityTokenHandler");
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;
            if (method.Name is not ("ReadJwtToken" or "ReadJsonWebToken" or "ReadToken")
                || method.Parameters.Length != 1
                || method.Parameters[0].Type.SpecialType != SpecialType.System_String)
            {
                return;
            }

            var handler = method.ContainingType;
            if (handler.Is(_jwtHandler) || handler.Is(_jsonWebTokenHandler) || handler.Is(_tokenHandler) || handler.Is(_securityTokenHandler))
            {
                Analyze(context, invocation, method.Name, invocation.GetMemberNameLocation());
            }
        }

        public void AnalyzeObjectCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (creation.Constructor is not { Parameters.Length: 1 } constructor
                || constructor.Parameters[0].Type.SpecialType != SpecialType.System_String)
            {
                return;
            }

            if (creation.Type.Is(_jwtSecurityToken) || creation.Type.Is(_jsonWebToken))
            {
                Analyze(context, creation, $"new {creation.Type?.Name}(string)", creation.Syntax.GetLocation());
            }
        }

        private void Analyze(OperationAnalysisContext context, IOperation decode, string decoder, Location decodeLocation)
        {
            var root = decode.GetRoot();
            var tokens = UnvalidatedTokenReadUses.TokenReferences(decode, root);
            if (tokens.Count == 0)
            {
                return;
            }

            var reads = UnvalidatedTokenReadUses.PayloadReads(tokens);
            var scope = new UnvalidatedTokenReadScope(_types);
            if (scope.ProvesValidation(decode, context.ContainingSymbol))
            {
                return;
            }

            if (scope.Validates(root))
            {
                // Validation that the token itself can skip (`if (jwt.Header.Alg != "none") ValidateToken(...)`) is none.
                foreach (var decision in UnvalidatedTokenReadDecisions.Find(tokens, reads, root, scope))
                {
                    Report(context, decision.Location, decodeLocation, decision.What, decoder);
                }

                return;
            }

            foreach (var read in reads.Where(r => !scope.IsOnlyLogged(r.Operation)))
            {
                Report(context, read.Location, decodeLocation, read.What, decoder);
            }
        }

        private static void Report(OperationAnalysisContext context, Location read, Location decode, string what, string decoder) =>
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnvalidatedTokenRead, read, new[] { decode }, what, decoder));
    }
}
