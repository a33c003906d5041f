using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AppFacts;
using SecureApi.Analyzers.Core.Cryptography;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>
/// Whether the bytes given to a cipher as IV, nonce or key are fixed in the source: a constant byte expression
/// (<see cref="ConstantBytes"/>), a readonly field or getter-only property initialized with literal content, or a local
/// whose every value is one of those and that nothing could fill: it is only read (by cipher inputs, <c>.Length</c>,
/// <c>Convert.ToBase64String</c>/<c>ToHexString</c>). A zero-filled array is constant in a local, and in a private
/// readonly field only when no use of the field can fill it (a constructor may).
/// </summary>
internal sealed class WeakCipherConstantInputs
{
    private readonly ConstantBytes _bytes;
    private readonly CipherInputs _sinks;
    private readonly INamedTypeSymbol? _convert;

    public WeakCipherConstantInputs(KnownTypes types, CipherInputs sinks)
    {
        _bytes = new ConstantBytes(types);
        _sinks = sinks;
        _convert = types.Convert;
    }

    /// <summary>The constant bytes <paramref name="value"/> holds; null when they may differ from run to run.</summary>
    public KnownBytes? Of(IOperation value, CancellationToken cancellationToken)
    {
        value = value.WalkDownConversions();
        return value is ILocalReferenceOperation local ? OfLocal(local.Local, value.GetRoot(), cancellationToken) : OfExpression(value, cancellationToken);
    }

    private KnownBytes? OfExpression(IOperation value, CancellationToken cancellationToken)
    {
        var known = value switch
        {
            IFieldReferenceOperation { Field: var field } => OfMember(field, value.SemanticModel, cancellationToken),
            IPropertyReferenceOperation { Property: var property, Arguments.Length: 0 } => OfMember(property, value.SemanticModel, cancellationToken),
            _ => _bytes.Describe(value),
        };
        return known is { IsConstant: true } ? known : null;
    }

    private KnownBytes? OfLocal(ILocalSymbol local, IOperation root, CancellationToken cancellationToken)
    {
        var content = ByteContent.Unknown;
        foreach (var assigned in LocalAssignments.Of(root).ValuesOf(local))
        {
            if (OfExpression(assigned.WalkDownConversions(), cancellationToken) is not { } known)
            {
                return null;
            }

            content = content is ByteContent.Unknown or ByteContent.ZeroFilled && known.Content == ByteContent.ZeroFilled ? ByteContent.ZeroFilled : ByteContent.Literal;
        }

        if (content == ByteContent.Unknown)
        {
            return null;
        }

        foreach (var operation in root.Descendants())
        {
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local) && !OnlyReads(reference))
            {
                return null;
            }
        }

        return new KnownBytes(content, null);
    }

    /// <summary>
    /// A use of the local or field that cannot change its bytes (anything else may fill it: Fill, Read, CopyTo, an
    /// element write). A field given a new value is not constant.
    /// </summary>
    private bool OnlyReads(IOperation reference)
    {
        var use = reference.WalkUpConversions();
        switch (use.Parent)
        {
            case IAssignmentOperation assignment when assignment.Target == use:
                // A local's new value: checked with the others.
                return reference is ILocalReferenceOperation;
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: var property } } assignment when assignment.Value == use:
                return _sinks.OfProperty(property) is not null;
            case IArgumentOperation { Parameter: { RefKind: RefKind.None } parameter } argument:
                var method = argument.Parent switch
                {
                    IInvocationOperation invocation => invocation.TargetMethod,
                    IObjectCreationOperation creation => creation.Constructor,
                    _ => null,
                };
                return method is not null
                       && (_sinks.OnlyReads(method, parameter)
                           || (method.ContainingType.Is(_convert) && method.Name is "ToBase64String" or "ToHexString" or "ToHexStringLower"));
            case IPropertyReferenceOperation { Property.Name: "Length" } length when length.Instance == use:
                return true;
            case INameOfOperation:
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// A readonly field or getter-only property whose initializer has literal content, or a property whose getter
    /// returns a constant. The declaration is read as syntax; it is bound only when it is in the tree being analyzed.
    /// </summary>
    private KnownBytes? OfMember(ISymbol member, SemanticModel? model, CancellationToken cancellationToken)
    {
        if (member is IFieldSymbol { IsReadOnly: false } || member is IPropertySymbol { SetMethod: not null })
        {
            return null;
        }

        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            var (value, initializer) = reference.GetSyntax(cancellationToken) switch
            {
                VariableDeclaratorSyntax { Initializer.Value: var fieldValue } => (fieldValue, true),
                PropertyDeclarationSyntax { ExpressionBody.Expression: var body } => (body, false),
                PropertyDeclarationSyntax { Initializer.Value: var propertyValue } => (propertyValue, true),
                PropertyDeclarationSyntax { AccessorList: { } accessors } => (accessors.Accessors.FirstOrDefault(a => a.IsKind(SyntaxKind.GetAccessorDeclaration))?.ExpressionBody?.Expression, false),
                _ => (null, false),
            };
            if (value is null)
            {
                continue;
            }

            var content = model is not null && value.SyntaxTree == model.SyntaxTree && model.GetOperation(value, cancellationToken) is { } operation
                ? _bytes.Describe(operation is IArrayInitializerOperation { Parent: IArrayCreationOperation creation } ? creation : operation)?.Content
                : LiteralContent(value);

            // An initialized field may be filled by a constructor, unless nothing can reach it to fill it; a getter
            // returns a fresh array each time.
            if (content == ByteContent.Literal
                || (content == ByteContent.ZeroFilled && (!initializer || (member is IFieldSymbol field && NeverFilled(field, model, cancellationToken)))))
            {
                return new KnownBytes(content.Value, null);
            }
        }

        return null;
    }

    /// <summary>
    /// <c>private static readonly byte[] Iv = new byte[16];</c> that stays all zero: a private field (only its own type
    /// can reach it) whose every use, in every part of that type, only reads it. A constructor that assigns it, a
    /// <c>RandomNumberGenerator.Fill(Iv)</c>, an element write or any other use makes it unknown.
    /// </summary>
    private bool NeverFilled(IFieldSymbol field, SemanticModel? model, CancellationToken cancellationToken)
    {
        if (model is null || field.DeclaredAccessibility != Accessibility.Private || field.ContainingType is not { } type)
        {
            return false;
        }

        foreach (var declaration in type.DeclaringSyntaxReferences)
        {
            var node = declaration.GetSyntax(cancellationToken);
            if (CompilationFacts.ModelOf(model.Compilation, node.SyntaxTree, model) is not { } treeModel)
            {
                return false;
            }

            foreach (var name in node.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (name.Identifier.ValueText != field.Name
                    || !SymbolEqualityComparer.Default.Equals(treeModel.GetSymbolInfo(name, cancellationToken).Symbol?.OriginalDefinition, field.OriginalDefinition))
                {
                    continue;
                }

                SyntaxNode expression = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                if (treeModel.GetOperation(expression, cancellationToken) is not IFieldReferenceOperation reference || !OnlyReads(reference))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>The content of an initializer in another file, from its syntax alone: literal elements, literal text.</summary>
    private static ByteContent? LiteralContent(ExpressionSyntax value)
    {
        switch (value)
        {
            case ArrayCreationExpressionSyntax { Initializer: { } elements }:
                return elements.Expressions.All(IsLiteral) ? ByteContent.Literal : null;
            case ArrayCreationExpressionSyntax:
                return ByteContent.ZeroFilled;
            case ImplicitArrayCreationExpressionSyntax { Initializer: var elements }:
                return elements.Expressions.All(IsLiteral) ? ByteContent.Literal : null;
            case InitializerExpressionSyntax elements when elements.IsKind(SyntaxKind.ArrayInitializerExpression):
                // byte[] Iv = { 1, 2, 3 };
                return elements.Expressions.All(IsLiteral) ? ByteContent.Literal : null;
            case CollectionExpressionSyntax collection:
                return collection.Elements.All(e => e is ExpressionElementSyntax element && IsLiteral(element.Expression)) ? ByteContent.Literal : null;
            case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.Utf8StringLiteralExpression):
                return ByteContent.Literal;
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ToArray", Expression: LiteralExpressionSyntax utf8 }, ArgumentList.Arguments.Count: 0 }
                when utf8.IsKind(SyntaxKind.Utf8StringLiteralExpression):
                return ByteContent.Literal;
            case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetBytes" or "FromBase64String" or "FromHexString" }, ArgumentList.Arguments: { Count: 1 } arguments }
                when arguments[0].Expression.IsKind(SyntaxKind.StringLiteralExpression):
                return ByteContent.Literal;
            default:
                return null;
        }
    }

    private static bool IsLiteral(ExpressionSyntax element) => element switch
    {
        LiteralExpressionSyntax => true,
        CastExpressionSyntax cast => IsLiteral(cast.Expression),
        ParenthesizedExpressionSyntax parenthesized => IsLiteral(parenthesized.Expression),
        _ => false,
    };
}
