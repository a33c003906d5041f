using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using SecureApi.Analyzers.Core.Cryptography;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>
/// SAPI6004: DES, TripleDES and RC2 (every creation form, CryptoConfig names included), ECB mode, constant IVs and
/// nonces, and hard-coded symmetric keys. Reported where the value reaches the cipher.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WeakCipherAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Set on weak-algorithm creations the fix can turn into AES: <see cref="CreateFix"/>, <see cref="NewFix"/> or <see cref="NameFix"/>.</summary>
    public const string FixProperty = "Fix";

    /// <summary><c>DES.Create()</c>, <c>TripleDES.Create()</c>, <c>RC2.Create()</c>, with or without a name argument.</summary>
    public const string CreateFix = "Create";

    /// <summary><c>new DESCryptoServiceProvider()</c> and the other framework implementations, without arguments or initializer.</summary>
    public const string NewFix = "New";

    /// <summary>A CryptoConfig name: the fix writes "AES"; the span is under <see cref="NameSpanProperty"/>.</summary>
    public const string NameFix = "Name";

    public const string NameSpanProperty = "NameSpan";

    /// <summary>Set with <see cref="FixProperty"/>: DES, TripleDES or RC2 (DES and RC2 keys do not fit AES; TripleDES keys do).</summary>
    public const string AlgorithmProperty = "Algorithm";

    private const string Ecb = "ECB mode encrypts equal blocks to equal ciphertext: use GCM (AesGcm) or CBC with a random IV";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.WeakCipher);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.SymmetricAlgorithm is null)
            {
                return;
            }

            var rule = new Rule(types);
            start.RegisterOperationAction(rule.AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(rule.AnalyzeCreation, OperationKind.ObjectCreation);
            start.RegisterOperationAction(rule.AnalyzeAssignment, OperationKind.SimpleAssignment);
        });
    }

    private sealed class Rule
    {
        private readonly INamedTypeSymbol? _symmetricAlgorithm;
        private readonly INamedTypeSymbol? _cryptoConfig;
        private readonly INamedTypeSymbol? _cipherMode;
        private readonly object? _ecb;
        private readonly WeakCipherAlgorithms _algorithms;
        private readonly CipherInputs _sinks;
        private readonly WeakCipherConstantInputs _constants;

        public Rule(KnownTypes types)
        {
            _symmetricAlgorithm = types.SymmetricAlgorithm;
            _cryptoConfig = types.CryptoConfig;
            _cipherMode = types.CipherMode;
            _ecb = _cipherMode?.GetMembers("ECB").OfType<IFieldSymbol>().FirstOrDefault()?.ConstantValue;
            _algorithms = new WeakCipherAlgorithms(types);
            _sinks = new CipherInputs(types);
            _constants = new WeakCipherConstantInputs(types, _sinks);
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var call = (IInvocationOperation)context.Operation;
            var method = call.TargetMethod;
            if (method.IsStatic && method.Name == "Create" && _algorithms.OfType(method.ContainingType) is { } algorithm)
            {
                // DES.Create(), TripleDES.Create("TripleDES")
                var fix = _algorithms.IsAlgorithmType(method.ContainingType)
                    ? ImmutableDictionary<string, string?>.Empty.Add(FixProperty, CreateFix).Add(AlgorithmProperty, algorithm)
                    : null;
                Report(context, CallLocation(call.Syntax), WeakCipherAlgorithms.Message(algorithm), fix);
                return;
            }

            if (method.IsStatic && (method.Name == "Create" && method.ContainingType.Is(_symmetricAlgorithm) || method.Name == "CreateFromName" && method.ContainingType.Is(_cryptoConfig))
                && call.Arguments.Length >= 1 && call.Arguments[0].Value.TryGetConstantString(out var name) && WeakCipherAlgorithms.OfName(name) is { } named)
            {
                // SymmetricAlgorithm.Create("DES"), CryptoConfig.CreateFromName("3DES")
                var fix = ImmutableDictionary<string, string?>.Empty
                    .Add(FixProperty, NameFix)
                    .Add(AlgorithmProperty, named)
                    .Add(NameSpanProperty, SpanProperty.Encode(call.Arguments[0].Value.Syntax.Span));
                Report(context, CallLocation(call.Syntax), WeakCipherAlgorithms.Message(named), fix);
                return;
            }

            if (method.Name is "EncryptEcb" or "DecryptEcb" or "TryEncryptEcb" or "TryDecryptEcb" && _sinks.IsSymmetricAlgorithm(method.ContainingType))
            {
                Report(context, CallLocation(call.Syntax), Ecb);
            }

            AnalyzeArguments(context, method, call.Arguments, call.Instance);
        }

        public void AnalyzeCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (_algorithms.OfType(creation.Type) is { } algorithm)
            {
                // new DESCryptoServiceProvider(), new TripleDESCng(), a class of one's own derived from DES
                var fix = creation.Arguments.IsEmpty && creation.Initializer is null
                          && creation.Type.IsInNamespace("System.Security.Cryptography")
                    ? ImmutableDictionary<string, string?>.Empty.Add(FixProperty, NewFix).Add(AlgorithmProperty, algorithm)
                    : null;
                Report(context, CallLocation(creation.Syntax), WeakCipherAlgorithms.Message(algorithm), fix);
                return;
            }

            if (creation.Constructor is { } constructor)
            {
                AnalyzeArguments(context, constructor, creation.Arguments, instance: null);
            }
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            // aes.Mode = CipherMode.ECB; aes.IV = new byte[16]; aes.Key = Encoding.UTF8.GetBytes("...")
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation { Property: var property } target || !_sinks.IsSymmetricAlgorithm(property.ContainingType))
            {
                return;
            }

            if (property.Name == "Mode")
            {
                if (IsEcb(assignment.Value))
                {
                    Report(context, assignment.GetMemberNameLocation(), Ecb);
                }

                return;
            }

            if (_sinks.OfProperty(property) is { } input && _constants.Of(assignment.Value, context.CancellationToken) is { } bytes)
            {
                var receiver = target.Instance is IInstanceReferenceOperation ? target.FindInitializedObject() : target.Instance;
                Report(context, assignment.GetMemberNameLocation(), InputMessage(input, bytes, assignment.Value, receiver, aead: null));
            }
        }

        /// <summary>Constant IVs, nonces and keys, and <c>CipherMode.ECB</c>, passed as arguments.</summary>
        private void AnalyzeArguments(OperationAnalysisContext context, IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments, IOperation? instance)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                // A parameter typed CipherMode takes a mode to use (Equals(object), Assert.Equal<T> compare it).
                if (parameter.OriginalDefinition.Type.Is(_cipherMode) && IsEcb(argument.Value))
                {
                    Report(context, argument.Value.Syntax.GetLocation(), Ecb);
                }
                else if (_sinks.OfParameter(method, parameter) is { } input && _constants.Of(argument.Value, context.CancellationToken) is { } bytes)
                {
                    Report(context, argument.Value.Syntax.GetLocation(), InputMessage(input, bytes, argument.Value, instance, _sinks.AeadName(method.ContainingType)));
                }
            }
        }

        /// <summary><c>CipherMode.ECB</c>, directly or through a local assigned once (comparisons and patterns are not sinks).</summary>
        private bool IsEcb(IOperation value)
        {
            value = value.WalkDownConversions();
            if (value is ILocalReferenceOperation local && LocalValues.FindSingleValue(local.Local, value.GetRoot()) is { } initial)
            {
                value = initial.WalkDownConversions();
            }

            return _ecb is not null && value.Type.Is(_cipherMode) && value.ConstantValue is { HasValue: true } constant && Equals(constant.Value, _ecb);
        }

        private static string InputMessage(CipherInput input, KnownBytes bytes, IOperation value, IOperation? receiver, string? aead)
        {
            var name = value.GetReferencedSymbol()?.Name is { } symbol ? $" '{symbol}'" : string.Empty;
            var zero = bytes.Content == ByteContent.ZeroFilled ? " (all zero)" : string.Empty;
            switch (input)
            {
                case CipherInput.Key:
                    return $"The key{name} is hard-coded{zero}: load it from a key store or configuration";
                case CipherInput.Nonce:
                    return $"The nonce{name} is constant{zero}: a nonce used twice with the same key breaks {aead ?? "the cipher"} completely; "
                           + "generate a random nonce for every message (RandomNumberGenerator.Fill) and send it with the ciphertext";
                default:
                    var generate = receiver?.GetReferencedSymbol()?.Name is { } algorithm ? algorithm + ".GenerateIV()" : "GenerateIV()";
                    return $"The IV{name} is constant{zero}: generate a random IV for every message ({generate} or RandomNumberGenerator.GetBytes) and send it with the ciphertext";
            }
        }

        private static void Report(OperationAnalysisContext context, Location location, string message, ImmutableDictionary<string, string?>? properties = null) =>
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.WeakCipher, location, properties, message));

        /// <summary>
        /// The call or creation (without an object initializer) when it fits on one line; else from the member name
        /// through the arguments, or the name (<c>new T</c>) alone: always on the line where the call is.
        /// </summary>
        private static Location CallLocation(SyntaxNode syntax)
        {
            var tree = syntax.SyntaxTree;
            var candidates = syntax switch
            {
                InvocationExpressionSyntax invocation => new[]
                {
                    invocation.Span,
                    TextSpan.FromBounds(Name(invocation).SpanStart, invocation.Span.End),
                    Name(invocation).Span,
                },
                ObjectCreationExpressionSyntax creation => new[]
                {
                    TextSpan.FromBounds(creation.SpanStart, creation.ArgumentList?.Span.End ?? creation.Type.Span.End),
                    TextSpan.FromBounds(creation.SpanStart, creation.Type.Span.End),
                },
                ImplicitObjectCreationExpressionSyntax creation => new[]
                {
                    TextSpan.FromBounds(creation.SpanStart, creation.ArgumentList.Span.End),
                    creation.NewKeyword.Span,
                },
                _ => new[] { syntax.Span },
            };

            return SingleLineLocation.FirstOnOneLine(tree, candidates);
        }

        private static SyntaxNode Name(InvocationExpressionSyntax invocation) => invocation.Expression switch
        {
            MemberAccessExpressionSyntax access => access.Name,
            MemberBindingExpressionSyntax binding => binding.Name,
            var expression => expression,
        };
    }
}
