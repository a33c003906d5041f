using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>
/// SAPI1006: tokens that are unsigned (the "none" algorithm, a <c>JwtHeader</c> or token without signing
/// credentials, a <c>SecurityTokenDescriptor</c> without <c>SigningCredentials</c> that is turned into a token),
/// validation that accepts "none", and HMAC keys whose length, known at compile time, is under 256 bits.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsignedJwtAnalyzer : DiagnosticAnalyzer
{
    public const int MinimumHmacKeyBits = 256;

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnsignedOrWeakJwt);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.SigningCredentials is null)
            {
                return;
            }

            var rule = new Rule(types);
            start.RegisterOperationAction(rule.AnalyzeObjectCreation, OperationKind.ObjectCreation);
            start.RegisterOperationAction(rule.AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(rule.AnalyzeAssignment, OperationKind.SimpleAssignment);
        });
    }

    private sealed class Rule
    {
        private const string NoneAlgorithm = "none";
        private const string AlgorithmHeader = "alg";
        private const int MaxLocalHops = 3;

        // Read once: the callbacks run for every creation, invocation and assignment of the compilation.
        private readonly INamedTypeSymbol? _signingCredentials;
        private readonly INamedTypeSymbol? _encryptingCredentials;
        private readonly INamedTypeSymbol? _jwtHeader;
        private readonly INamedTypeSymbol? _jwtSecurityToken;
        private readonly INamedTypeSymbol? _descriptor;
        private readonly INamedTypeSymbol? _symmetricKey;
        private readonly INamedTypeSymbol? _validationParameters;
        private readonly INamedTypeSymbol? _jwtHandler;
        private readonly INamedTypeSymbol? _jsonWebTokenHandler;
        private readonly UnsignedJwtKeySize _keySize;
        private readonly UnsignedJwtDescriptors _descriptors;

        public Rule(KnownTypes types)
        {
            _signingCredentials = types.SigningCredentials;
            _encryptingCredentials = types.Get("Microsoft.IdentityModel.Tokens.EncryptingCredentials");
            _jwtHeader = types.JwtHeader;
            _jwtSecurityToken = types.JwtSecurityToken;
            _descriptor = types.SecurityTokenDescriptor;
            _symmetricKey = types.SymmetricSecurityKey;
            _validationParameters = types.TokenValidationParameters;
            _jwtHandler = types.JwtSecurityTokenHandler;
            _jsonWebTokenHandler = types.JsonWebTokenHandler;
            _keySize = new UnsignedJwtKeySize(types);
            _descriptors = new UnsignedJwtDescriptors(types);
        }

        public void AnalyzeObjectCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            var type = creation.Type;
            if (type is null)
            {
                return;
            }

            if (type.Is(_signingCredentials))
            {
                // new SigningCredentials(key, "none")
                foreach (var argument in creation.Arguments)
                {
                    if (argument.Parameter?.Name == "algorithm" && IsNone(argument.Value))
                    {
                        Report(context, argument.Value.Syntax.GetLocation(), "This SigningCredentials uses the 'none' algorithm, so the token is unsigned");
                    }
                }
            }
            else if (type.Is(_jwtHeader))
            {
                if (IsHeaderWithoutSigning(creation))
                {
                    Report(context, creation.Syntax.GetLocation(), "This JwtHeader has no signing credentials, so the token is unsigned");
                }
            }
            else if (type.Is(_jwtSecurityToken))
            {
                // new JwtSecurityToken(issuer, audience, claims, expires: ...) without signingCredentials
                if (HasNoSigningCredentials(creation.Arguments))
                {
                    Report(context, creation.Syntax.GetLocation(), "This JwtSecurityToken is created without signing credentials, so it is unsigned");
                }
            }
            else if (type.Is(_descriptor))
            {
                if (_descriptors.IsWrittenUnsigned(creation))
                {
                    Report(context, creation.Syntax.GetLocation(), "This SecurityTokenDescriptor has no SigningCredentials, so the token created from it is unsigned");
                }
            }
            else if (type.Is(_symmetricKey) && creation.Arguments.Length == 1)
            {
                if (_keySize.ByteCount(creation.Arguments[0].Value) is { } bytes && bytes * 8 < MinimumHmacKeyBits && !IsEncryptionKey(creation))
                {
                    Report(context, creation.Syntax.GetLocation(), $"This HMAC key is {bytes * 8} bits, shorter than {MinimumHmacKeyBits}");
                }
            }
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var invocation = (IInvocationOperation)context.Operation;
            var method = invocation.TargetMethod;

            // header.Add("alg", "none"), also in a collection initializer
            if (method.Name == "Add")
            {
                if (invocation.Instance?.Type.Is(_jwtHeader) == true
                    && invocation.Arguments.Length == 2
                    && IsAlgorithmKey(invocation.Arguments[0].Value)
                    && IsNone(invocation.Arguments[1].Value))
                {
                    Report(context, invocation.Arguments[1].Value.Syntax.GetLocation(), "This JwtHeader sets the 'none' algorithm, so the token is unsigned");
                }

                return;
            }

            if (!method.Name.StartsWith("Create", StringComparison.Ordinal)
                || !(method.ContainingType.Is(_jsonWebTokenHandler) || method.ContainingType.Is(_jwtHandler))
                || method.Parameters.Any(p => p.Type.Is(_descriptor)))
            {
                return;
            }

            // JsonWebTokenHandler.CreateToken(payload) and CreateToken(payload, encryptingCredentials) never sign.
            var unsigned = HasNoSigningCredentials(invocation.Arguments)
                           || (method.Name == "CreateToken"
                               && method.ContainingType.Is(_jsonWebTokenHandler)
                               && method.Parameters.Length > 0
                               && method.Parameters[0].Name == "payload"
                               && !method.Parameters.Any(p => p.Type.Is(_signingCredentials)));
            if (unsigned)
            {
                Report(context, invocation.GetMemberNameLocation(), "This token is created without signing credentials, so it is unsigned");
            }
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation property)
            {
                return;
            }

            if (property.Property.Name == "ValidAlgorithms" && property.Property.ContainingType.Is(_validationParameters))
            {
                foreach (var element in Elements(assignment.Value))
                {
                    if (IsNone(element))
                    {
                        Report(context, element.Syntax.GetLocation(), "ValidAlgorithms accepts the 'none' algorithm, so unsigned tokens pass validation");
                    }
                }
            }
            else if (property.Property.IsIndexer
                     && property.Instance?.Type.Is(_jwtHeader) == true
                     && property.Arguments.Length == 1
                     && IsAlgorithmKey(property.Arguments[0].Value)
                     && IsNone(assignment.Value))
            {
                // header["alg"] = "none"
                Report(context, assignment.Value.Syntax.GetLocation(), "This JwtHeader sets the 'none' algorithm, so the token is unsigned");
            }
        }

        /// <summary>
        /// <c>new JwtHeader()</c>, <c>new JwtHeader(signingCredentials: null)</c>; not the encrypted-token header, and
        /// not a header whose initializer writes "alg" itself (then the "alg" value is what matters).
        /// </summary>
        private bool IsHeaderWithoutSigning(IObjectCreationOperation creation)
        {
            if (creation.Constructor is not { } constructor || constructor.Parameters.Any(p => p.Type.Is(_encryptingCredentials)))
            {
                return false;
            }

            if (constructor.Parameters.Length > 0 && !HasNoSigningCredentials(creation.Arguments))
            {
                return false;
            }

            if (creation.Initializer is { } initializer)
            {
                foreach (var member in initializer.Initializers)
                {
                    var key = member switch
                    {
                        IInvocationOperation { Arguments.Length: 2 } add => add.Arguments[0].Value,
                        ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments.Length: 1 } indexer } => indexer.Arguments[0].Value,
                        _ => null,
                    };
                    if (key is not null && IsAlgorithmKey(key))
                    {
                        return false;
                    }
                }
            }

            return true;
        }

        /// <summary>The call has a <c>SigningCredentials</c> parameter, left out (its default is null) or given null.</summary>
        private bool HasNoSigningCredentials(ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Type.Is(_signingCredentials) == true)
                {
                    return argument.ArgumentKind == ArgumentKind.DefaultValue || IsNull(argument.Value, 0);
                }
            }

            return false;
        }

        /// <summary>
        /// A symmetric key that only encrypts tokens (<c>EncryptingCredentials</c>, <c>TokenDecryptionKey</c>): AES key
        /// wrap with a 128-bit key is sound, and this rule is about HMAC signing keys.
        /// </summary>
        private bool IsEncryptionKey(IObjectCreationOperation creation)
        {
            var key = creation.WalkUpConversions();
            if (key.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
            {
                var uses = 0;
                foreach (var operation in creation.GetRoot().Descendants())
                {
                    if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, declarator.Symbol))
                    {
                        if (!IsEncryptionUse(reference.WalkUpConversions()))
                        {
                            return false;
                        }

                        uses++;
                    }
                }

                return uses > 0;
            }

            return IsEncryptionUse(key);
        }

        private bool IsEncryptionUse(IOperation key) => key.Parent switch
        {
            IArgumentOperation { Parent: IObjectCreationOperation credentials } => credentials.Type.Is(_encryptingCredentials),
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "TokenDecryptionKey" } } assignment => assignment.Value == key,
            _ => false,
        };

        /// <summary>The algorithms of <c>ValidAlgorithms = new[] { ... }</c>, <c>[...]</c>, <c>new List&lt;string&gt; { ... }</c> or a local holding one.</summary>
        private static IEnumerable<IOperation> Elements(IOperation value)
        {
            value = value.WalkDownConversions();
            for (var hop = 0; value is ILocalReferenceOperation local && hop < MaxLocalHops; hop++)
            {
                if (LocalValues.FindSingleValue(local.Local, value.GetRoot()) is not { } initial)
                {
                    return Enumerable.Empty<IOperation>();
                }

                value = initial.WalkDownConversions();
            }

            return value switch
            {
                IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
                IObjectCreationOperation { Initializer: { } initializer } => initializer.Initializers
                    .OfType<IInvocationOperation>()
                    .Where(add => add.Arguments.Length == 1)
                    .Select(add => add.Arguments[0].Value),
                // ICollectionExpressionOperation is newer than Roslyn 4.8; on every version its children are the elements.
                { Syntax: CollectionExpressionSyntax } => value.ChildOperations,
                _ => Enumerable.Empty<IOperation>(),
            };
        }

        private static bool IsNone(IOperation value) =>
            ConstantText(value, 0) is { } text && string.Equals(text, NoneAlgorithm, StringComparison.OrdinalIgnoreCase);

        private static bool IsAlgorithmKey(IOperation value) => value.TryGetConstantString(out var key) && key == AlgorithmHeader;

        private static string? ConstantText(IOperation value, int hops)
        {
            if (value.TryGetConstantString(out var text))
            {
                return text;
            }

            return value.WalkDownConversions() is ILocalReferenceOperation local && hops < MaxLocalHops
                   && LocalValues.FindSingleValue(local.Local, value.GetRoot()) is { } initial
                ? ConstantText(initial, hops + 1)
                : null;
        }

        private static bool IsNull(IOperation value, int hops)
        {
            var operation = value.WalkDownConversions();
            if (operation.ConstantValue is { HasValue: true, Value: null })
            {
                return true;
            }

            return operation is ILocalReferenceOperation local && hops < MaxLocalHops
                   && LocalValues.FindSingleValue(local.Local, operation.GetRoot()) is { } initial
                   && IsNull(initial, hops + 1);
        }

        private static void Report(OperationAnalysisContext context, Location location, string what) =>
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.UnsignedOrWeakJwt, location, what));
    }
}
