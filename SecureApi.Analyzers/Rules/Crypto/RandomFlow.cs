using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Naming;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>
/// Where the output of one <c>System.Random</c> call goes within its method body: forward through conversions,
/// arithmetic, string building (<c>+</c>, interpolation, <c>ToString</c>, <c>string.Concat/Join/Create</c>,
/// <c>new string(...)</c>), indexing (<c>Alphabet[random.Next(n)]</c>), calls taking it as an argument or receiver,
/// lambdas that return it (<c>Select(_ =&gt; ...)</c>) or write it into their parameters (<c>string.Create</c>),
/// local functions that return it (then their calls), locals (then their reads), arrays written element by element,
/// builders and lists appended to, and the buffers <c>NextBytes</c>/<c>Shuffle</c> fill. It stops at values that
/// cannot hold a secret (booleans, durations, dates, tasks, enums) and at anything leaving the method other than by
/// a secret name. The first secret reached (breadth first: the nearest) is described for the message.
/// </summary>
internal sealed class RandomFlow
{
    private const int MaxSteps = 400;
    private const int MaxHops = 8;

    private static readonly ConditionalWeakTable<IOperation, Dictionary<ILocalSymbol, List<ILocalReferenceOperation>>> ReadsCache = new();

    private readonly IOperation _root;
    private readonly ISymbol? _owner;
    private readonly ISet<ITypeSymbol> _plainTypes;
    private readonly Dictionary<ILocalSymbol, List<ILocalReferenceOperation>> _reads;
    private readonly Queue<(IOperation Value, string? Through)> _pending = new();
    private readonly HashSet<IOperation> _seen = new();
    private readonly HashSet<ILocalSymbol> _tainted = new(SymbolEqualityComparer.Default);
    private string? _found;

    private RandomFlow(IOperation root, ISymbol? owner, ISet<ITypeSymbol> plainTypes)
    {
        _root = root;
        _owner = owner;
        _plainTypes = plainTypes;
        _reads = ReadsCache.GetValue(root, static r => CollectReads(r));
    }

    /// <summary>
    /// What secret the output of <paramref name="call"/> ends up in ("'verificationCode'", "the return value of
    /// 'NewApiKey' (through 'chars')"), or null.
    /// </summary>
    /// <param name="owner">The method, accessor or field whose body holds the call.</param>
    /// <param name="plainTypes">Types whose values never hold a secret (TimeSpan, Task, ...), as original definitions.</param>
    public static string? FindSecret(IInvocationOperation call, ISymbol? owner, ISet<ITypeSymbol> plainTypes)
    {
        var flow = new RandomFlow(call.GetRoot(), owner, plainTypes);
        var arguments = call.Arguments;
        switch (call.TargetMethod.Name)
        {
            case "NextBytes" or "Shuffle" when arguments.Length == 1:
                flow.Into(arguments[0].Value, null);
                break;
            case "GetItems" when arguments.Length == 2 && arguments[1].Parameter?.Name == "destination":
                flow.Into(arguments[1].Value, null);
                break;
            default:
                flow.Enqueue(call, null);
                break;
        }

        return flow.Run();
    }

    private string? Run()
    {
        for (var steps = 0; _found is null && _pending.Count > 0 && steps < MaxSteps; steps++)
        {
            var (value, through) = _pending.Dequeue();
            Flow(value, through);
        }

        return _found;
    }

    private void Enqueue(IOperation? value, string? through)
    {
        if (value is not null && _found is null && CanCarry(value.Type) && _seen.Add(value))
        {
            _pending.Enqueue((value, through));
        }
    }

    /// <summary>Where a tainted value goes next: what its parent makes of it.</summary>
    private void Flow(IOperation value, string? through)
    {
        var current = value.WalkUpConversions();
        switch (current.Parent)
        {
            case IBinaryOperation binary when IsArithmetic(binary.OperatorKind):
                Enqueue(binary, through);
                break;
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus or UnaryOperatorKind.Plus or UnaryOperatorKind.BitwiseNegation } unary:
                Enqueue(unary, through);
                break;
            case IInterpolationOperation { Parent: IInterpolatedStringOperation text } interpolation when interpolation.Expression == current:
                Enqueue(text, through);
                break;
            case IConditionalOperation conditional when conditional.Condition != current:
                Enqueue(conditional, through);
                break;
            case ICoalesceOperation or IConditionalAccessOperation or IAwaitOperation or IArrayElementReferenceOperation or ITranslatedQueryOperation:
                Enqueue(current.Parent, through);
                break;
            case ISwitchExpressionArmOperation { Parent: ISwitchExpressionOperation switchExpression } arm when arm.Value == current:
                Enqueue(switchExpression, through);
                break;
            case IPropertyReferenceOperation { Arguments.Length: > 0 } indexer when indexer.Instance == current:
                // tainted[i]
                Enqueue(indexer, through);
                break;
            case IInvocationOperation { TargetMethod.ReturnsVoid: false } invocation when invocation.Instance == current:
                // code.ToString("D6"), sb.ToString(), chars.AsSpan(), a delegate that returns it
                Enqueue(invocation, through);
                break;
            case IArgumentOperation argument:
                Argument(argument, through);
                break;
            case IArrayInitializerOperation initializer:
                IOperation? array = initializer;
                while (array is IArrayInitializerOperation)
                {
                    array = array.Parent;
                }

                Enqueue(array, through);
                break;
            case IAssignmentOperation assignment when assignment.Value == current:
                Assign(assignment.Target, through);
                Enqueue(assignment, through);
                break;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                Taint(declarator.Symbol, through);
                break;
            case IFieldInitializerOperation fields:
                foreach (var field in fields.InitializedFields)
                {
                    Named(field, field.Type, through);
                }

                break;
            case IPropertyInitializerOperation properties:
                foreach (var property in properties.InitializedProperties)
                {
                    Named(property, property.Type, through);
                }

                break;
            case IReturnOperation { ReturnedValue: { } returned } returnOperation when returned == current:
                Returned(returnOperation, through);
                break;
            case IForEachLoopOperation { LoopControlVariable: IVariableDeclaratorOperation variable } loop when loop.Collection == current:
                Taint(variable.Symbol, through);
                break;
        }
    }

    /// <summary>Passed to a call: a secret parameter, the call's result, and what the call appends it to.</summary>
    private void Argument(IArgumentOperation argument, string? through)
    {
        if (argument.Parameter is { } parameter && argument.ArgumentKind != ArgumentKind.DefaultValue && IsSecretParameter(parameter))
        {
            var method = parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor ? constructor.ContainingType : parameter.ContainingSymbol;
            Found($"the '{parameter.Name}' argument of '{method?.Name}'", through);
            return;
        }

        // GetHexString(tokenLength), new string('*', count), Enumerable.Range(0, count): a length is not the content.
        if (argument.Parent is IInvocationOperation or IObjectCreationOperation && SecretNames.IsMeasure(argument.Parameter?.Name))
        {
            return;
        }

        switch (argument.Parent)
        {
            case IInvocationOperation { Parent: IInterpolatedStringAppendOperation } append:
                // $"..." converted to an interpolated string handler (sb.Append($"{code}")): the whole string.
                Enqueue(Enclosing<IInterpolatedStringHandlerCreationOperation>(append, _ => true), through);
                break;
            case IInvocationOperation invocation:
                var method = invocation.TargetMethod;
                if (!method.ReturnsVoid)
                {
                    Enqueue(invocation, through);
                }

                // sb.Append(c), chars.Add(c), sb.Append(a).Append(c): the receiver collects it.
                if (invocation.Instance is { } receiver && argument.Parameter?.RefKind != RefKind.Out
                    && (method.ReturnsVoid || SymbolEqualityComparer.Default.Equals(method.ReturnType, receiver.Type)))
                {
                    Into(receiver, through);
                }

                break;
            case IObjectCreationOperation or IPropertyReferenceOperation:
                Enqueue(argument.Parent, through);
                break;
        }
    }

    private void Assign(IOperation target, string? through)
    {
        switch (target)
        {
            case ILocalReferenceOperation local:
                Taint(local.Local, through);
                break;
            case IFieldReferenceOperation field:
                Named(field.Field, field.Type, through);
                break;
            case IPropertyReferenceOperation { Arguments.Length: 0 } property:
                // Also object initializers: new Otp { Code = ... }.
                Named(property.Property, property.Type, through);
                break;
            case IParameterReferenceOperation parameter:
                Named(parameter.Parameter, parameter.Type, through);
                break;
            case IArrayElementReferenceOperation or IPropertyReferenceOperation:
                Into(target, through);
                break;
        }
    }

    /// <summary>
    /// Written into <paramref name="target"/> (an element, a builder, a buffer, <c>buffer.AsSpan(0, 16)</c>): the
    /// variable behind it now holds the value.
    /// </summary>
    private void Into(IOperation? target, string? through)
    {
        for (var hop = 0; target is not null && hop < MaxHops; hop++)
        {
            switch (target.WalkDownConversions())
            {
                case IArrayElementReferenceOperation element:
                    target = element.ArrayReference;
                    continue;
                case IPropertyReferenceOperation { Arguments.Length: > 0, Instance: { } indexed }:
                    target = indexed;
                    continue;
                case IInvocationOperation { Instance: { } instance }:
                    target = instance;
                    continue;
                case IInvocationOperation { TargetMethod.IsExtensionMethod: true, Arguments.Length: > 0 } extension:
                    target = extension.Arguments[0].Value;
                    continue;
                case ILocalReferenceOperation local:
                    Taint(local.Local, through);
                    return;
                case IParameterReferenceOperation parameter:
                    Named(parameter.Parameter, parameter.Type, through);
                    if (_found is null && parameter.Parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambdaSymbol)
                    {
                        // string.Create(n, state, (span, _) => span[i] = ...): what the lambda writes, the call returns.
                        var lambda = Enclosing<IAnonymousFunctionOperation>(parameter, l => SymbolEqualityComparer.Default.Equals(l.Symbol, lambdaSymbol));
                        Enqueue(lambda?.Parent is IDelegateCreationOperation creation ? creation : lambda, through);
                    }

                    return;
                case IFieldReferenceOperation field:
                    Named(field.Field, field.Type, through);
                    return;
                case IPropertyReferenceOperation property:
                    Named(property.Property, property.Type, through);
                    return;
                default:
                    return;
            }
        }
    }

    private void Taint(ILocalSymbol local, string? through)
    {
        if (!_tainted.Add(local))
        {
            return;
        }

        if (IsSecret(local.Name, local.Type))
        {
            Found($"'{local.Name}'", through);
            return;
        }

        if (_reads.TryGetValue(local, out var reads))
        {
            foreach (var read in reads)
            {
                Enqueue(read, local.Name);
            }
        }
    }

    /// <summary>Returned from a lambda (the delegate carries it on), a local function, a method or a property getter.</summary>
    private void Returned(IReturnOperation returned, string? through)
    {
        for (var current = returned.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation lambda:
                    Enqueue(lambda.Parent is IDelegateCreationOperation creation ? creation : lambda, through);
                    return;
                case ILocalFunctionOperation localFunction:
                    ReturnedFrom(localFunction.Symbol, through);

                    // char Pick() => Alphabet[random.Next(n)]; ... Pick() + Pick(): its calls in the body carry it on.
                    foreach (var call in _root.Descendants().OfType<IInvocationOperation>())
                    {
                        if (SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, localFunction.Symbol))
                        {
                            Enqueue(call, through);
                        }
                    }

                    return;
            }
        }

        ReturnedFrom(_owner, through);
    }

    private void ReturnedFrom(ISymbol? function, string? through)
    {
        switch (function)
        {
            case IMethodSymbol { AssociatedSymbol: IPropertySymbol property }:
                if (IsSecret(property.Name, property.Type))
                {
                    Found($"the value of '{property.Name}'", through);
                }

                break;
            case IMethodSymbol method when method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction:
                if (IsSecret(method.Name, method.ReturnType))
                {
                    Found($"the return value of '{method.Name}'", through);
                }

                break;
        }
    }

    private void Named(ISymbol symbol, ITypeSymbol? type, string? through)
    {
        if (IsSecret(symbol.Name, type))
        {
            Found($"'{symbol.Name}'", through);
        }
    }

    private void Found(string target, string? through) =>
        _found ??= through is null ? target : $"{target} (through '{through}')";

    /// <summary>
    /// A parameter named like a secret. A parameter called just <c>key</c> is one only for bytes (a dictionary or cache
    /// key is not), and one called just <c>code</c> only in the application's own methods (<c>StatusCode(int code)</c>).
    /// </summary>
    private bool IsSecretParameter(IParameterSymbol parameter)
    {
        if (parameter.OriginalDefinition.Type is ITypeParameterSymbol || !IsSecret(parameter.Name, parameter.Type))
        {
            return false;
        }

        if (SecretNames.IsOnly(parameter.Name, "key"))
        {
            return IsBytes(parameter.Type);
        }

        return !SecretNames.IsOnly(parameter.Name, "code") || _root.SemanticModel is { } model && parameter.IsDeclaredIn(model.Compilation);
    }

    private bool IsSecret(string name, ITypeSymbol? type) => SecretNames.IsSecret(name) && CanHold(type);

    /// <summary>Can a variable of this type hold a secret? Not a number with a fraction, nor anything that cannot carry one.</summary>
    private bool CanHold(ITypeSymbol? type) =>
        type is null || CanCarry(type) && type.SpecialType is not (SpecialType.System_Single or SpecialType.System_Double or SpecialType.System_Decimal);

    /// <summary>Can a value of this type carry a secret on? Not booleans, enums, durations, dates, tasks (see the plain types).</summary>
    private bool CanCarry(ITypeSymbol? type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type is null
               || type.SpecialType is not (SpecialType.System_Boolean or SpecialType.System_Void)
               && type.TypeKind != TypeKind.Enum
               && !_plainTypes.Contains(type.OriginalDefinition);
    }

    private static bool IsBytes(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol array => array.ElementType.SpecialType == SpecialType.System_Byte,
        INamedTypeSymbol { TypeArguments.Length: 1, Name: "Span" or "ReadOnlySpan" or "Memory" or "ReadOnlyMemory" } span => span.TypeArguments[0].SpecialType == SpecialType.System_Byte,
        _ => false,
    };

    private static T? Enclosing<T>(IOperation operation, System.Func<T, bool> predicate)
        where T : class, IOperation
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is T found && predicate(found))
            {
                return found;
            }
        }

        return null;
    }

    private static bool IsArithmetic(BinaryOperatorKind kind) => kind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract
        or BinaryOperatorKind.Multiply or BinaryOperatorKind.Divide or BinaryOperatorKind.Remainder or BinaryOperatorKind.And
        or BinaryOperatorKind.Or or BinaryOperatorKind.ExclusiveOr or BinaryOperatorKind.LeftShift or BinaryOperatorKind.RightShift
        or BinaryOperatorKind.UnsignedRightShift;

    /// <summary>Every read of every local of the body, collected once per body.</summary>
    private static Dictionary<ILocalSymbol, List<ILocalReferenceOperation>> CollectReads(IOperation root)
    {
        var reads = new Dictionary<ILocalSymbol, List<ILocalReferenceOperation>>(SymbolEqualityComparer.Default);
        foreach (var reference in root.Descendants().OfType<ILocalReferenceOperation>())
        {
            if (reference.IsDeclaration || reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
            {
                continue;
            }

            if (!reads.TryGetValue(reference.Local, out var list))
            {
                reads[reference.Local] = list = new List<ILocalReferenceOperation>();
            }

            list.Add(reference);
        }

        return reads;
    }
}
