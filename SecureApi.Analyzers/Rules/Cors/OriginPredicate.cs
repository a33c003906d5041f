using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Delegates;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Cors;

/// <summary>
/// Reads an origin predicate (<c>SetIsOriginAllowed</c>, <c>CorsPolicy.IsOriginAllowed</c>) and tells what it
/// lets through. Understands boolean logic, negation, <c>if (...) return ...;</c> sequences, ternaries, string
/// and <see cref="Uri"/> checks on the origin, and helper methods of the same file it calls.
/// </summary>
internal sealed class OriginPredicate
{
    private const int MaxHelperDepth = 3;

    private static readonly HashSet<string> HostLikeUriProperties = new(StringComparer.Ordinal)
    {
        "Host", "IdnHost", "DnsSafeHost", "Authority", "AbsoluteUri", "OriginalString",
    };

    private static readonly HashSet<string> CaseOrSpaceNormalizers = new(StringComparer.Ordinal)
    {
        "ToLower", "ToLowerInvariant", "ToUpper", "ToUpperInvariant", "Trim", "TrimEnd", "TrimStart", "Normalize",
    };

    private readonly KnownTypes _types;
    private readonly CancellationToken _cancellationToken;
    private readonly int _depth;
    private readonly IParameterSymbol? _origin;
    private readonly HashSet<ILocalSymbol> _originLocals = new(SymbolEqualityComparer.Default);

    private OriginPredicate(KnownTypes types, IParameterSymbol? origin, int depth, CancellationToken cancellationToken)
    {
        _types = types;
        _origin = origin;
        _depth = depth;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Classifies a delegate-valued operation (the predicate argument or assigned value).</summary>
    public static OriginAcceptance Classify(IOperation predicate, KnownTypes types, CancellationToken cancellationToken) =>
        DelegateBody.TryResolve(predicate, cancellationToken, out var body)
            ? Classify(body, parameterIndex: 0, types, depth: 0, cancellationToken)
            : OriginAcceptance.Unknown;

    private static OriginAcceptance Classify(DelegateBody body, int parameterIndex, KnownTypes types, int depth, CancellationToken cancellationToken)
    {
        if (body.Body is null)
        {
            return body.DeclarationAlwaysReturnsTrue() ? OriginAcceptance.Any : OriginAcceptance.Unknown;
        }

        var origin = parameterIndex < body.Parameters.Length ? body.Parameters[parameterIndex] : null;
        var reader = new OriginPredicate(types, origin, depth, cancellationToken);
        return reader.Statements(body.Body.Operations, 0);
    }

    /// <summary>What the statements from <paramref name="index"/> on return, read as nested conditionals.</summary>
    private OriginAcceptance Statements(IReadOnlyList<IOperation> statements, int index)
    {
        for (var i = index; i < statements.Count; i++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            switch (statements[i])
            {
                case IReturnOperation { ReturnedValue: { } value }:
                    return Condition(value, negated: false);

                case IConditionalOperation { Condition: var condition, WhenTrue: var whenTrue, WhenFalse: var whenFalse }:
                    var thenValue = Branch(whenTrue);
                    if (thenValue is null)
                    {
                        return OriginAcceptance.Unknown;
                    }

                    OriginAcceptance? elseValue = whenFalse is null ? Statements(statements, i + 1) : Branch(whenFalse);
                    return elseValue is null
                        ? OriginAcceptance.Unknown
                        : Choice(condition, thenValue.Value, elseValue.Value);

                case IVariableDeclarationGroupOperation declarations:
                    TrackOriginLocals(declarations);
                    continue;

                case IExpressionStatementOperation:
                case IEmptyOperation:
                    continue;

                default:
                    // Loops, switches, try blocks...: do not guess.
                    return OriginAcceptance.Unknown;
            }
        }

        return OriginAcceptance.Unknown;
    }

    /// <summary>A branch of an <c>if</c> that must end in a return; null when it does not.</summary>
    private OriginAcceptance? Branch(IOperation branch)
    {
        switch (branch)
        {
            case IReturnOperation { ReturnedValue: { } value }:
                return Condition(value, negated: false);
            case IBlockOperation block when block.Operations.Length > 0 && block.Operations[block.Operations.Length - 1] is IReturnOperation or IConditionalOperation:
                return Statements(block.Operations, 0);
            default:
                return null;
        }
    }

    /// <summary><c>condition ? whenTrue : whenFalse</c> = (c AND t) OR (NOT c AND f).</summary>
    private OriginAcceptance Choice(IOperation condition, OriginAcceptance whenTrue, OriginAcceptance whenFalse) =>
        Or(And(Condition(condition, negated: false), whenTrue), And(Condition(condition, negated: true), whenFalse));

    private OriginAcceptance Condition(IOperation operation, bool negated)
    {
        operation = operation.WalkDownConversions();
        if (operation.ConstantValue is { HasValue: true, Value: bool constant })
        {
            return constant ^ negated ? OriginAcceptance.Any : OriginAcceptance.None;
        }

        switch (operation)
        {
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not:
                return Condition(not.Operand, !negated);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.And } both when IsBoolean(both):
                return negated
                    ? Or(Condition(both.LeftOperand, true), Condition(both.RightOperand, true))
                    : And(Condition(both.LeftOperand, false), Condition(both.RightOperand, false));

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr or BinaryOperatorKind.Or } either when IsBoolean(either):
                return negated
                    ? And(Condition(either.LeftOperand, true), Condition(either.RightOperand, true))
                    : Or(Condition(either.LeftOperand, false), Condition(either.RightOperand, false));

            case IConditionalOperation { WhenFalse: { } whenFalse } ternary:
                return Choice(ternary.Condition, Condition(ternary.WhenTrue, negated), Condition(whenFalse, negated));

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals:
                return Negate(Equality(equals.LeftOperand, equals.RightOperand), negated);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.NotEquals } notEquals:
                return Negate(Equality(notEquals.LeftOperand, notEquals.RightOperand), !negated);

            case IIsPatternOperation isPattern:
                return Negate(Pattern(isPattern.Value, isPattern.Pattern), negated);

            case IInvocationOperation invocation:
                return Negate(Invocation(invocation), negated);

            default:
                return OriginAcceptance.Unknown;
        }
    }

    private static OriginAcceptance Negate(OriginAcceptance value, bool negated)
    {
        if (!negated)
        {
            return value;
        }

        return value switch
        {
            OriginAcceptance.Any => OriginAcceptance.None,
            OriginAcceptance.None => OriginAcceptance.Any,
            _ => OriginAcceptance.Unknown,
        };
    }

    private OriginAcceptance Equality(IOperation left, IOperation right)
    {
        left = left.WalkDownConversions();
        right = right.WalkDownConversions();
        if (IsNull(right))
        {
            (left, right) = (right, left);
        }

        if (IsNull(left))
        {
            // origin == null: no real origin passes.
            return IsOriginDerived(right) ? OriginAcceptance.None : OriginAcceptance.Unknown;
        }

        if (IsSchemeOrPort(left) || IsSchemeOrPort(right))
        {
            // uri.Scheme == "https": any https site passes.
            return OriginAcceptance.Weak;
        }

        return IsOriginDerived(left) || IsOriginDerived(right) ? OriginAcceptance.Restricted : OriginAcceptance.Unknown;
    }

    private OriginAcceptance Pattern(IOperation value, IPatternOperation pattern)
    {
        if (!IsOriginDerived(value))
        {
            return OriginAcceptance.Unknown;
        }

        return pattern switch
        {
            IConstantPatternOperation constant when IsNull(constant.Value) => OriginAcceptance.None,
            INegatedPatternOperation { Pattern: IConstantPatternOperation constant } when IsNull(constant.Value) => OriginAcceptance.Any,
            IRecursivePatternOperation { PropertySubpatterns.Length: 0, DeconstructionSubpatterns.Length: 0 } => OriginAcceptance.Any,
            IConstantPatternOperation or IBinaryPatternOperation => OriginAcceptance.Restricted,
            _ => OriginAcceptance.Unknown,
        };
    }

    private OriginAcceptance Invocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var containing = method.ContainingType;

        if (containing?.SpecialType == SpecialType.System_String)
        {
            return StringMethod(invocation, method);
        }

        if (containing.Is(_types.Uri) && method.Name is "TryCreate" or "IsWellFormedUriString")
        {
            // Parsing the origin succeeds for every real origin.
            return invocation.Arguments.Length > 0 && IsOriginDerived(invocation.Arguments[0].Value) ? OriginAcceptance.Any : OriginAcceptance.Unknown;
        }

        // A helper of our own that receives the origin: read it too.
        if (_depth < MaxHelperDepth && invocation.SemanticModel is { } model && method.IsDeclaredIn(model.Compilation))
        {
            for (var i = 0; i < invocation.Arguments.Length; i++)
            {
                var argument = invocation.Arguments[i];
                if (argument.Parameter is { } parameter && IsOriginDerived(argument.Value)
                    && DelegateBody.TryResolveMethod(method, invocation, _cancellationToken, out var helper))
                {
                    return Classify(helper, parameter.Ordinal, _types, _depth + 1, _cancellationToken);
                }
            }
        }

        return OriginAcceptance.Unknown;
    }

    private OriginAcceptance StringMethod(IInvocationOperation invocation, IMethodSymbol method)
    {
        if (method.IsStatic)
        {
            return method.Name switch
            {
                // IsNullOrEmpty(origin): only the empty origin passes (negated: every origin).
                "IsNullOrEmpty" or "IsNullOrWhiteSpace" when invocation.Arguments.Length == 1 && IsOriginDerived(invocation.Arguments[0].Value)
                    => OriginAcceptance.None,
                "Equals" or "CompareOrdinal" when invocation.Arguments.Any(a => IsOriginDerived(a.Value)) => OriginAcceptance.Restricted,
                _ => OriginAcceptance.Unknown,
            };
        }

        if (invocation.Instance is null || !IsOriginDerived(invocation.Instance) || invocation.Arguments.Length == 0)
        {
            return OriginAcceptance.Unknown;
        }

        var argument = invocation.Arguments[0].Value;
        var isText = argument.TryGetConstantString(out var text);
        var isConstantChar = argument.WalkDownConversions().ConstantValue is { HasValue: true, Value: char };
        return method.Name switch
        {
            "Equals" => OriginAcceptance.Restricted,

            // "evil-example.com" ends with "example.com"; ".example.com" or "://example.com" pin the boundary.
            "EndsWith" when isText => text.StartsWith(".", StringComparison.Ordinal) || text.Contains("/")
                ? OriginAcceptance.Restricted
                : OriginAcceptance.Weak,

            // "https://app.example.com.evil.net" starts with "https://app.example.com"; "http://localhost:" does not leak.
            "StartsWith" when isText => text.Contains("://") && text.EndsWith(":", StringComparison.Ordinal)
                ? OriginAcceptance.Restricted
                : OriginAcceptance.Weak,

            "Contains" or "EndsWith" or "StartsWith" when isConstantChar => OriginAcceptance.Weak,
            "Contains" when isText => OriginAcceptance.Weak,
            _ => OriginAcceptance.Unknown,
        };
    }

    /// <summary>The origin string itself, or a host-like part of a <see cref="Uri"/> (every Uri here comes from it).</summary>
    private bool IsOriginDerived(IOperation operation)
    {
        operation = operation.WalkDownConversions();
        while (operation is IInvocationOperation { Instance: { } instance } normalizer
               && normalizer.TargetMethod.ContainingType?.SpecialType == SpecialType.System_String
               && CaseOrSpaceNormalizers.Contains(normalizer.TargetMethod.Name))
        {
            operation = instance.WalkDownConversions();
        }

        switch (operation)
        {
            case IParameterReferenceOperation parameter:
                return SymbolEqualityComparer.Default.Equals(parameter.Parameter, _origin);
            case ILocalReferenceOperation local:
                return _originLocals.Contains(local.Local);
            case IPropertyReferenceOperation property:
                return property.Property.ContainingType.Is(_types.Uri) && HostLikeUriProperties.Contains(property.Property.Name);
            case IInvocationOperation invocation:
                return invocation.TargetMethod.ContainingType.Is(_types.Uri) && invocation.TargetMethod.Name is "GetLeftPart" or "GetComponents" or "ToString";
            default:
                return false;
        }
    }

    private bool IsSchemeOrPort(IOperation operation) =>
        operation.WalkDownConversions() is IPropertyReferenceOperation property
        && property.Property.ContainingType.Is(_types.Uri)
        && property.Property.Name is "Scheme" or "Port";

    private void TrackOriginLocals(IVariableDeclarationGroupOperation declarations)
    {
        foreach (var declaration in declarations.Declarations)
        {
            foreach (var declarator in declaration.Declarators)
            {
                if (declarator.Initializer?.Value is { } value && declarator.Symbol.Type.SpecialType == SpecialType.System_String && IsOriginDerived(value))
                {
                    _originLocals.Add(declarator.Symbol);
                }
            }
        }
    }

    private static bool IsBoolean(IOperation operation) => operation.Type?.SpecialType == SpecialType.System_Boolean;

    private static bool IsNull(IOperation operation) => operation.ConstantValue is { HasValue: true, Value: null };

    private static OriginAcceptance And(OriginAcceptance left, OriginAcceptance right) => left < right ? left : right;

    private static OriginAcceptance Or(OriginAcceptance left, OriginAcceptance right) => left > right ? left : right;
}
