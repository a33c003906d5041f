using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.Strings;

/// <summary>
/// "Is this string built from non-constant input?" for the values of one method or lambda body (an operation root).
/// Understands <c>+</c> and <c>+=</c>, interpolated strings (regular, verbatim, raw), <c>string.Format</c>,
/// <c>string.Concat</c>, <c>string.Join</c>, <c>StringBuilder</c> (<c>Append</c>, <c>AppendLine</c>,
/// <c>AppendFormat</c>, <c>AppendJoin</c>, <c>Insert</c>, <c>Replace</c>, then <c>ToString()</c>), locals assigned
/// over several statements and branches (flow-insensitively: every assignment counts), <c>const</c> locals and
/// fields and <c>nameof</c> (constants), conditional, switch and <c>??</c> expressions. It also records which parameters of
/// the owning method flow into a value, for helper-method summaries.
/// One pass collects every local's assignments; values are then evaluated iteratively (no recursion on the depth
/// of an expression) and memoized, so the cost stays linear in the size of the body: a 5,000-term concatenation
/// is 5,000 steps.
/// </summary>
internal sealed class StringFlow
{
    private static readonly HashSet<string> BuilderPartParameters = new(System.StringComparer.Ordinal)
    {
        "value", "values", "format", "args", "arg0", "arg1", "arg2", "oldValue", "newValue", "oldChar", "newChar", "separator",
    };

    private readonly IOperation _root;
    private readonly ISymbol? _owner;
    private readonly INamedTypeSymbol? _stringBuilder;
    private readonly ConstantFolder _folder;
    private readonly Dictionary<object, StringValue> _memo = new(NodeComparer.Instance);
    private Dictionary<ILocalSymbol, List<IOperation>>? _assigned;
    private Dictionary<ILocalSymbol, List<IOperation>>? _appended;

    /// <param name="root">The operation root (method body, lambda's enclosing body, top-level statements).</param>
    /// <param name="owner">The method whose parameters are tracked (null: none).</param>
    public StringFlow(IOperation root, ISymbol? owner, KnownTypes types)
    {
        _root = root;
        _owner = owner;
        _stringBuilder = types.StringBuilder;
        _folder = ConstantFolder.For(types.Compilation);
    }

    public StringValue Evaluate(IOperation value)
    {
        EnsureCollected();
        var stack = new Stack<(object Node, bool Expanded)>();
        var inProgress = new HashSet<object>(NodeComparer.Instance);
        stack.Push((value, false));
        while (stack.Count > 0)
        {
            var (node, expanded) = stack.Pop();
            if (_memo.ContainsKey(node))
            {
                continue;
            }

            var shape = Expand(node);
            if (!expanded)
            {
                if (shape.Kind == Kind.Leaf)
                {
                    _memo[node] = shape.Leaf;
                    continue;
                }

                inProgress.Add(node);
                stack.Push((node, true));
                foreach (var child in shape.Children)
                {
                    if (!_memo.ContainsKey(child) && !inProgress.Contains(child))
                    {
                        stack.Push((child, false));
                    }
                }

                continue;
            }

            // Children are done, or in progress (a local that refers to itself: sql = sql + x), which adds nothing.
            var result = StringValue.Constant;
            foreach (var child in shape.Children)
            {
                if (_memo.TryGetValue(child, out var part))
                {
                    result = result.Or(part);
                }
            }

            _memo[node] = shape.Kind == Kind.Built ? result.BuiltFrom() : result;
            inProgress.Remove(node);
        }

        return _memo.TryGetValue(value, out var evaluated) ? evaluated : StringValue.Opaque;
    }

    private enum Kind
    {
        Leaf,

        /// <summary>A value constructed from its children (concatenation, interpolation, Format, StringBuilder).</summary>
        Built,

        /// <summary>One of its children (a local's assignments, the branches of ?:, a conversion).</summary>
        Union,
    }

    private readonly struct Shape
    {
        public Shape(Kind kind, List<object> children, StringValue leaf)
        {
            Kind = kind;
            Children = children;
            Leaf = leaf;
        }

        public Kind Kind { get; }

        public List<object> Children { get; }

        public StringValue Leaf { get; }

        public static Shape Of(StringValue leaf) => new(Kind.Leaf, new List<object>(0), leaf);

        public static Shape Of(Kind kind, IEnumerable<object> children) => new(kind, children.ToList(), default);
    }

    /// <summary>A StringBuilder held in a local: its value is everything appended to it.</summary>
    private sealed class BuilderNode
    {
        public BuilderNode(ILocalSymbol local) => Local = local;

        public ILocalSymbol Local { get; }
    }

    private Shape Expand(object node) => node switch
    {
        ILocalSymbol local => ExpandLocal(local),
        BuilderNode builder => ExpandBuilder(builder.Local),
        IOperation operation => ExpandOperation(operation),
        _ => Shape.Of(StringValue.Opaque),
    };

    private Shape ExpandOperation(IOperation operation)
    {
        if (operation.ConstantValue.HasValue)
        {
            // Literals, const locals and fields, nameof, constant interpolated strings.
            return Shape.Of(StringValue.Constant);
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return Shape.Of(Kind.Union, new object[] { conversion.Operand });

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add when add.Type?.SpecialType == SpecialType.System_String:
                return Shape.Of(Kind.Built, new object[] { add.LeftOperand, add.RightOperand });

            case IInterpolatedStringOperation interpolated:
                return Shape.Of(Kind.Built, interpolated.Parts.OfType<IInterpolationOperation>().Select(p => (object)p.Expression));

            case IArrayCreationOperation { Initializer: { } initializer }:
                return Shape.Of(Kind.Union, initializer.ElementValues);

            case IInvocationOperation invocation:
                return ExpandInvocation(invocation);

            case ILocalReferenceOperation local when local.Local.Type.Is(_stringBuilder):
                return Shape.Of(Kind.Built, new object[] { new BuilderNode(local.Local) });

            case ILocalReferenceOperation local:
                // foreach (var table in Tables): not assigned here, but maybe an element of a constant array.
                return IsUnassigned(local.Local) && _folder.IsConstant(local)
                    ? Shape.Of(StringValue.Constant)
                    : Shape.Of(Kind.Union, new object[] { local.Local });

            case IParameterReferenceOperation parameter:
                // A parameter of a private method or local function that every call passes a constant.
                return Shape.Of(_folder.IsConstant(parameter) ? StringValue.Constant
                    : _owner is not null && SymbolEqualityComparer.Default.Equals(parameter.Parameter.ContainingSymbol, _owner)
                        ? StringValue.Parameter(parameter.Parameter.Ordinal)
                        : StringValue.Opaque);

            // readonly fields, properties and array elements that only ever hold constants; names from the EF Core model.
            case IFieldReferenceOperation or IPropertyReferenceOperation or IArrayElementReferenceOperation:
                return Shape.Of(_folder.IsConstant(operation) ? StringValue.Constant : StringValue.Opaque);

            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return Shape.Of(Kind.Union, new object[] { conditional.WhenTrue, whenFalse });

            case ICoalesceOperation coalesce:
                return Shape.Of(Kind.Union, new object[] { coalesce.Value, coalesce.WhenNull });

            // sortBy switch { "name" => "name", _ => "created_at" }: an allow-list mapping input to constants.
            case ISwitchExpressionOperation @switch:
                return Shape.Of(Kind.Union, @switch.Arms.Select(a => (object)a.Value));

            case ISimpleAssignmentOperation assignment:
                return Shape.Of(Kind.Union, new object[] { assignment.Value });

            default:
                return Shape.Of(StringValue.Opaque);
        }
    }

    private Shape ExpandInvocation(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        var containing = method.ContainingType;
        if (containing?.SpecialType == SpecialType.System_String)
        {
            if (method.IsStatic && method.Name is "Format" or "Concat" or "Join")
            {
                // Every part except a format provider.
                return Shape.Of(Kind.Built, invocation.Arguments
                    .Where(a => a.ArgumentKind != ArgumentKind.DefaultValue && a.Parameter?.Name != "provider")
                    .Select(a => (object)a.Value));
            }

            // name.Trim(), sql.ToUpperInvariant(), sql.Replace("x", y): derived from the receiver (and arguments).
            if (!method.IsStatic && invocation.Instance is { } receiver)
            {
                return Shape.Of(Kind.Union, invocation.Arguments
                    .Where(a => a.Value.Type?.SpecialType is SpecialType.System_String or SpecialType.System_Char)
                    .Select(a => (object)a.Value)
                    .Prepend(receiver));
            }
        }

        if (containing.Is(_stringBuilder) && method.Name == "ToString" && invocation.Instance is { } builder)
        {
            return Shape.Of(Kind.Built, BuilderChain(builder));
        }

        // Methods that return only constants; names from the EF Core model.
        return Shape.Of(_folder.IsConstant(invocation) ? StringValue.Constant : StringValue.Opaque);
    }

    /// <summary>new StringBuilder("a").Append(b).Append(c) read from the end: the parts, and the local it started from.</summary>
    private List<object> BuilderChain(IOperation builder)
    {
        var parts = new List<object>();
        for (var current = builder.WalkDownConversions(); ; )
        {
            switch (current)
            {
                case IInvocationOperation call when call.TargetMethod.ContainingType.Is(_stringBuilder) && call.Instance is { } instance:
                    parts.AddRange(BuilderParts(call));
                    current = instance.WalkDownConversions();
                    continue;
                case IObjectCreationOperation creation:
                    parts.AddRange(creation.Arguments.Where(a => a.Value.Type?.SpecialType == SpecialType.System_String).Select(a => (object)a.Value));
                    return parts;
                case ILocalReferenceOperation local:
                    parts.Add(new BuilderNode(local.Local));
                    return parts;
                default:
                    parts.Add(current);
                    return parts;
            }
        }
    }

    private static IEnumerable<object> BuilderParts(IInvocationOperation call) =>
        call.Arguments.Where(a => a.ArgumentKind != ArgumentKind.DefaultValue && a.Parameter is { } p && BuilderPartParameters.Contains(p.Name))
            .Select(a => (object)a.Value);

    private Shape ExpandLocal(ILocalSymbol local)
    {
        var assigned = _assigned!.TryGetValue(local, out var values) ? values : null;
        var appended = _appended!.TryGetValue(local, out var parts) ? parts : null;
        if (assigned is null && appended is null)
        {
            // foreach variables, out arguments, pattern variables: not visibly built here.
            return Shape.Of(StringValue.Opaque);
        }

        var children = (assigned ?? Enumerable.Empty<IOperation>()).Concat(appended ?? Enumerable.Empty<IOperation>()).Cast<object>();
        return Shape.Of(appended is null ? Kind.Union : Kind.Built, children);
    }

    private bool IsUnassigned(ILocalSymbol local)
    {
        EnsureCollected();
        return !_assigned!.ContainsKey(local) && !_appended!.ContainsKey(local);
    }

    private Shape ExpandBuilder(ILocalSymbol local)
    {
        var children = new List<object>();
        if (_assigned!.TryGetValue(local, out var values))
        {
            foreach (var value in values)
            {
                children.AddRange(BuilderChain(value));
            }
        }

        if (_appended!.TryGetValue(local, out var parts))
        {
            children.AddRange(parts);
        }

        return Shape.Of(Kind.Built, children);
    }

    /// <summary>One pass over the body: every local's assignments, <c>+=</c> parts and StringBuilder appends.</summary>
    private void EnsureCollected()
    {
        if (_assigned is not null)
        {
            return;
        }

        var assigned = new Dictionary<ILocalSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
        var appended = new Dictionary<ILocalSymbol, List<IOperation>>(SymbolEqualityComparer.Default);
        void Add(Dictionary<ILocalSymbol, List<IOperation>> map, ILocalSymbol local, IOperation value)
        {
            if (!map.TryGetValue(local, out var list))
            {
                map[local] = list = new List<IOperation>();
            }

            list.Add(value);
        }

        foreach (var operation in _root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation { Initializer.Value: { } value } declarator:
                    Add(assigned, declarator.Symbol, value);
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                    Add(assigned, target.Local, assignment.Value);
                    break;
                case ICompoundAssignmentOperation { Target: ILocalReferenceOperation target, OperatorKind: BinaryOperatorKind.Add } compound:
                    Add(appended, target.Local, compound.Value);
                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref, Value: ILocalReferenceOperation target } argument:
                    // Written by the callee: not visibly built here.
                    Add(assigned, target.Local, argument);
                    break;
                case IInvocationOperation call when call.TargetMethod.ContainingType.Is(_stringBuilder)
                                                   && call.TargetMethod.Name is "Append" or "AppendLine" or "AppendFormat" or "AppendJoin" or "Insert" or "Replace"
                                                   && BuilderLocal(call) is { } builder:
                    foreach (var part in BuilderParts(call))
                    {
                        Add(appended, builder, (IOperation)part);
                    }

                    break;
            }
        }

        _assigned = assigned;
        _appended = appended;
    }

    /// <summary>The local a StringBuilder call chain starts from (<c>sb.Append(a).Append(b)</c>: sb).</summary>
    private ILocalSymbol? BuilderLocal(IInvocationOperation call)
    {
        for (var current = call.Instance?.WalkDownConversions(); current is not null; )
        {
            switch (current)
            {
                case ILocalReferenceOperation local:
                    return local.Local;
                case IInvocationOperation inner when inner.TargetMethod.ContainingType.Is(_stringBuilder) && inner.Instance is { } instance:
                    current = instance.WalkDownConversions();
                    continue;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>Operations by reference, symbols by symbol equality.</summary>
    private sealed class NodeComparer : IEqualityComparer<object>
    {
        public static NodeComparer Instance { get; } = new();

        public new bool Equals(object? x, object? y) => x is ISymbol a && y is ISymbol b
            ? SymbolEqualityComparer.Default.Equals(a, b)
            : x is BuilderNode p && y is BuilderNode q ? SymbolEqualityComparer.Default.Equals(p.Local, q.Local) : ReferenceEquals(x, y);

        public int GetHashCode(object obj) => obj switch
        {
            ISymbol symbol => SymbolEqualityComparer.Default.GetHashCode(symbol),
            BuilderNode builder => SymbolEqualityComparer.Default.GetHashCode(builder.Local) ^ 0x5bd1e995,
            _ => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj),
        };
    }
}
