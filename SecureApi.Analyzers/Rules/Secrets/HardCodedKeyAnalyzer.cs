using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Cryptography;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>
/// SAPI7002: key material built from a string literal (<c>Encoding.*.GetBytes("...")</c>,
/// <c>Convert.FromBase64String("...")</c>, <c>Convert.FromHexString("...")</c>, <c>"..."u8</c>) that is used as a key:
/// passed straight to a key sink (<see cref="HardCodedKeySinks"/>), through a local or a field/property initializer
/// that reaches one in the same type, or held by a variable or member named like a key; <c>JsonWebKey.K = "..."</c>.
/// The text may sit in a <c>const</c> of the same type or a string local of the same body (initialized, or declared
/// first and assigned once: <c>string k; k = "...";</c>); those are reported from
/// their declaration (a diagnostic must lie inside the code whose analysis reports it, or no fix is offered). Reported at the string literal, which the fix replaces; the
/// <see cref="SecretProperties.SecretName"/> carries the name the secret goes by.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedKeyAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.HardCodedKeyMaterial);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            if (types.Encoding is null || types.Convert is null)
            {
                return;
            }

            var rule = new Rule(types, TestProjects.Is(start.Compilation));
            start.RegisterOperationAction(rule.AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(rule.AnalyzeUtf8String, OperationKind.Utf8String);
            start.RegisterOperationAction(rule.AnalyzeConstField, OperationKind.FieldInitializer);
            start.RegisterOperationAction(rule.AnalyzeTextLocal, OperationKind.VariableDeclarator);
            start.RegisterOperationAction(rule.AnalyzeAssignment, OperationKind.SimpleAssignment);
        });
    }

    private sealed class Rule
    {
        private readonly ConstantBytes _bytes;
        private readonly HardCodedKeySinks _sinks;
        private readonly INamedTypeSymbol? _jsonWebKey;
        private readonly INamedTypeSymbol? _encoding;
        private readonly INamedTypeSymbol? _convert;
        private readonly INamedTypeSymbol? _base64UrlEncoder;
        private readonly bool _testProject;

        public Rule(KnownTypes types, bool testProject)
        {
            _bytes = new ConstantBytes(types);
            _sinks = new HardCodedKeySinks(types);
            _jsonWebKey = types.JsonWebKey;
            _encoding = types.Encoding;
            _convert = types.Convert;
            _base64UrlEncoder = types.Get("Microsoft.IdentityModel.Tokens.Base64UrlEncoder");
            _testProject = testProject;
        }

        public void AnalyzeInvocation(OperationAnalysisContext context)
        {
            var call = (IInvocationOperation)context.Operation;
            if (call.TargetMethod.Name is not ("GetBytes" or "FromBase64String" or "FromHexString" or "DecodeBytes" or "ToArray")
                || _bytes.Describe(call) is not { Content: ByteContent.Literal })
            {
                return;
            }

            var text = call.TargetMethod.Name == "ToArray" ? call.Instance : call.Arguments.Length == 1 ? call.Arguments[0].Value : null;
            if (text is not null)
            {
                Analyze(context, call, text);
            }
        }

        public void AnalyzeUtf8String(OperationAnalysisContext context)
        {
            // "..."u8.ToArray() is analyzed as the invocation.
            var use = context.Operation.WalkUpConversions();
            if (use.Parent is not IInvocationOperation { TargetMethod.Name: "ToArray" } call || call.Instance != use)
            {
                Analyze(context, context.Operation, context.Operation);
            }
        }

        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            switch (assignment.Target)
            {
                // new JsonWebKey { K = "..." }: the symmetric key itself, base64url-encoded.
                case IPropertyReferenceOperation { Property: { Name: "K" } property } when _jsonWebKey is not null && property.ContainingType.Is(_jsonWebKey)
                                                                                          && Literal(assignment.Value.WalkDownConversions()) is { } literal:
                    Report(context, literal, new KeyUse("signing key", property.ContainingType.Name, "SigningKey"), name: null);
                    break;

                // string text; text = "..."; (declared first, assigned once) turned into key bytes in its body.
                case ILocalReferenceOperation { Local: { Type.SpecialType: SpecialType.System_String } local }:
                    AnalyzeTextLocalAssignment(context, assignment, local);
                    break;
            }
        }

        /// <summary>
        /// <c>const string JwtKey = "...";</c> turned into key bytes in its type. Reported from the declaration, where
        /// the literal is (a diagnostic must lie in the code whose analysis reports it, or the IDE offers no fix), and
        /// once however many times the const is used.
        /// </summary>
        public void AnalyzeConstField(OperationAnalysisContext context)
        {
            var initializer = (IFieldInitializerOperation)context.Operation;
            if (initializer.InitializedFields.Length != 1 || initializer.InitializedFields[0] is not { IsConst: true, Type.SpecialType: SpecialType.System_String } field
                || Literal(initializer.Value.WalkDownConversions()) is not { } literal
                || initializer.SemanticModel is not { } model || field.ContainingType is not { } type)
            {
                return;
            }

            foreach (var declaration in type.DeclaringSyntaxReferences)
            {
                if (declaration.SyntaxTree == model.SyntaxTree
                    && KeyTextUse(HardCodedKeyTexts.In(declaration.GetSyntax(context.CancellationToken), field.Name), field, model, context.CancellationToken) is { } found)
                {
                    Report(context, literal, found.Use, found.Name ?? field.Name);
                    return;
                }
            }
        }

        /// <summary><c>const string text = "...";</c> or <c>var text = "...";</c> (never reassigned) turned into key bytes in its body.</summary>
        public void AnalyzeTextLocal(OperationAnalysisContext context)
        {
            var declarator = (IVariableDeclaratorOperation)context.Operation;
            if (declarator.Symbol is not { Type.SpecialType: SpecialType.System_String } local
                || declarator.Initializer?.Value.WalkDownConversions() is not { } value
                || Literal(value) is not { } literal)
            {
                return;
            }

            var root = declarator.GetRoot();
            var texts = HardCodedKeyTexts.In(root.Syntax, local.Name);
            if (texts.Count == 0
                || (!local.IsConst && LocalValues.FindSingleValue(local, root) is null)
                || declarator.SemanticModel is not { } model)
            {
                return;
            }

            if (KeyTextUse(texts, local, model, context.CancellationToken) is { } found)
            {
                Report(context, literal, found.Use, found.Name ?? local.Name);
            }
        }

        private void AnalyzeTextLocalAssignment(OperationAnalysisContext context, ISimpleAssignmentOperation assignment, ILocalSymbol local)
        {
            if (Literal(assignment.Value.WalkDownConversions()) is not { } literal || assignment.SemanticModel is not { } model)
            {
                return;
            }

            var root = assignment.GetRoot();
            var texts = HardCodedKeyTexts.In(root.Syntax, local.Name);
            if (texts.Count == 0 || LocalAssignments.Of(root).ValuesOf(local).Count() != 1)
            {
                return;
            }

            // The shared byte reader follows only initialized locals: the literal assigned here is the text.
            if (KeyTextUse(texts, local, model, context.CancellationToken, textIsLiteral: true) is { } found)
            {
                Report(context, literal, found.Use, found.Name ?? local.Name);
            }
        }

        /// <summary><c>Encoding.*.GetBytes</c>, <c>Convert.FromBase64String/FromHexString</c>, <c>Base64UrlEncoder.DecodeBytes</c>.</summary>
        private bool IsTextDecoder(IInvocationOperation call)
        {
            var type = call.TargetMethod.ContainingType;
            return call.TargetMethod.Name switch
            {
                "GetBytes" => type.IsOrDerivesFrom(_encoding),
                "FromBase64String" or "FromHexString" => type.Is(_convert),
                "DecodeBytes" => type.Is(_base64UrlEncoder),
                _ => false,
            };
        }

        private void Analyze(OperationAnalysisContext context, IOperation bytes, IOperation text)
        {
            if (Literal(text.WalkDownConversions()) is { } literal && KeyUseOf(bytes, context.CancellationToken) is { } found)
            {
                Report(context, literal, found.Use, found.Name);
            }
        }

        /// <summary>The first key use among <c>GetBytes/FromBase64String/FromHexString/DecodeBytes(holder)</c> calls.</summary>
        private (KeyUse Use, string? Name)? KeyTextUse(
            IReadOnlyList<IdentifierNameSyntax> texts, ISymbol holder, SemanticModel model, CancellationToken cancellationToken, bool textIsLiteral = false)
        {
            foreach (var name in texts)
            {
                if (model.GetOperation(name.Parent!.Parent!.Parent!, cancellationToken) is not IInvocationOperation { Arguments.Length: 1 } call)
                {
                    continue;
                }

                var text = call.Arguments[0].Value.WalkDownConversions();
                var symbol = text is ILocalReferenceOperation reference ? reference.Local : text.GetReferencedSymbol();
                if (SymbolEqualityComparer.Default.Equals(symbol, holder)
                    && (textIsLiteral ? IsTextDecoder(call) : _bytes.Describe(call) is { Content: ByteContent.Literal })
                    && KeyUseOf(call, cancellationToken) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        /// <summary>How the bytes are used as a key: directly, or through the variable or member they initialize.</summary>
        private (KeyUse Use, string? Name)? KeyUseOf(IOperation bytes, CancellationToken cancellationToken) =>
            _sinks.Of(bytes) is { } direct ? (direct, null) : Holder(bytes, cancellationToken);

        private void Report(OperationAnalysisContext context, LiteralExpressionSyntax literal, KeyUse use, string? name)
        {
            if (_testProject && !SecureApiOptions.SecretsInTests.GetValue(context.Options, literal.SyntaxTree, RuleIds.HardCodedKeyMaterial))
            {
                return;
            }

            var message = name is null ? $"The {use.Kind} of {use.TypeName}" : $"The {use.Kind} '{name}'";
            var properties = ImmutableDictionary<string, string?>.Empty.Add(SecretProperties.SecretName, name ?? use.DefaultName);
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.HardCodedKeyMaterial, literal.GetLocation(), properties, message));
        }

        /// <summary>
        /// A local, field or property initialized (or assigned) with the bytes: a key when a use of it in the same
        /// body/type reaches a key sink, or when its name says it is one.
        /// </summary>
        private (KeyUse Use, string? Name)? Holder(IOperation bytes, CancellationToken cancellationToken)
        {
            var use = bytes.WalkUpConversions();
            ISymbol? holder = use.Parent switch
            {
                IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
                IFieldInitializerOperation { InitializedFields.Length: 1 } field => field.InitializedFields[0],
                IPropertyInitializerOperation { InitializedProperties.Length: 1 } property => property.InitializedProperties[0],
                ISimpleAssignmentOperation assignment when assignment.Value == use => assignment.Target.GetReferencedSymbol()
                                                                                      ?? (assignment.Target as ILocalReferenceOperation)?.Local,
                _ => null,
            };
            if (holder is null)
            {
                return null;
            }

            var sink = holder is ILocalSymbol local ? LocalUse(local, use.GetRoot()) : MemberUse(holder, use.SemanticModel, cancellationToken);
            return sink is not null ? (sink, holder.Name)
                : HardCodedKeyNames.IsKeyName(holder.Name) ? (KeyUse.Named, holder.Name)
                : null;
        }

        private KeyUse? LocalUse(ILocalSymbol local, IOperation root)
        {
            foreach (var operation in root.Descendants())
            {
                if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                    && _sinks.Of(reference) is { } sink)
                {
                    return sink;
                }
            }

            return null;
        }

        /// <summary>The first key use of a field or property among the references in its type's declarations in this tree.</summary>
        private KeyUse? MemberUse(ISymbol member, SemanticModel? model, CancellationToken cancellationToken)
        {
            if (model is null || member.ContainingType is not { } type)
            {
                return null;
            }

            foreach (var name in NamesInType(type, member.Name, model.SyntaxTree, cancellationToken))
            {
                var expression = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : (ExpressionSyntax)name;
                if (model.GetOperation(expression, cancellationToken) is { } reference
                    && SymbolEqualityComparer.Default.Equals(reference.GetReferencedSymbol(), member)
                    && _sinks.Of(reference) is { } sink)
                {
                    return sink;
                }
            }

            return null;
        }

        /// <summary>The simple names spelled <paramref name="name"/> in the declarations of <paramref name="type"/> in <paramref name="tree"/>.</summary>
        private static IEnumerable<IdentifierNameSyntax> NamesInType(INamedTypeSymbol type, string name, SyntaxTree tree, CancellationToken cancellationToken) =>
            type.DeclaringSyntaxReferences
                .Where(declaration => declaration.SyntaxTree == tree)
                .SelectMany(declaration => declaration.GetSyntax(cancellationToken).DescendantNodes().OfType<IdentifierNameSyntax>())
                .Where(identifier => identifier.Identifier.ValueText == name);

        /// <summary>A non-empty string (or UTF-8 string) literal written right there; null for anything computed.</summary>
        private static LiteralExpressionSyntax? Literal(IOperation text) =>
            text is ILiteralOperation or IUtf8StringOperation
            && text.Syntax is LiteralExpressionSyntax literal
            && (literal.IsKind(SyntaxKind.StringLiteralExpression) || literal.IsKind(SyntaxKind.Utf8StringLiteralExpression))
            && literal.Token.ValueText.Trim().Length > 0
                ? literal
                : null;
    }
}
