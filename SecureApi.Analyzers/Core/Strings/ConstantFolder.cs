using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using SecureApi.Analyzers.Core.AppFacts;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.Strings;

/// <summary>
/// Values that are constant without being compile-time constants, looking across the compilation:
/// <list type="bullet">
/// <item><c>readonly</c>/<c>static readonly</c> fields and auto-properties initialized with constants and only ever
/// assigned constants anywhere in the compilation (a settable property or non-private mutable field counts only when
/// read through <c>this</c> or statically: another object's could come from a model binder or deserializer);</item>
/// <item>parameters of private methods and local functions whose every call site passes a constant (and that are never
/// used as a method group);</item>
/// <item>values returned by methods and property getters that return only constants (or only their parameters, when
/// the call passes constants);</item>
/// <item><c>Split</c>, indexing, <c>Substring</c>, <c>Trim</c>, case changes... of constants; elements of arrays
/// initialized with constants and never written otherwise; <c>foreach</c> variables over such arrays;</item>
/// <item>names read from the EF Core model (<c>GetTableName()</c>, <c>GetSchema()</c>, <c>GetColumnName()</c>...).</item>
/// </list>
/// One instance per compilation. Every answer is memoized by (symbol, remaining depth), and each step to another symbol
/// lowers the depth, so answers do not depend on the order of questions, cycles end at depth 0 (as "not constant"), and
/// the total work is bounded by the number of symbols asked about times <see cref="MaxDepth"/>. Expressions are walked
/// with an explicit stack, never recursively.
/// </summary>
internal sealed class ConstantFolder
{
    /// <summary>How many symbols deep a value is followed (field -> field -> method return -> parameter...).</summary>
    public const int MaxDepth = 4;

    private static readonly ConditionalWeakTable<Compilation, ConstantFolder> Cache = new();

    /// <summary>String methods whose result is constant when the receiver and string arguments are.</summary>
    private static readonly ImmutableHashSet<string> StringDerivations = ImmutableHashSet.Create(
        "Split", "Substring", "Trim", "TrimStart", "TrimEnd", "ToUpper", "ToLower", "ToUpperInvariant", "ToLowerInvariant",
        "Replace", "PadLeft", "PadRight", "Remove", "Insert", "Normalize", "ToString", "Format", "Concat", "Join");

    /// <summary>Identifiers read from the EF Core model: table, schema, view, column, key and index names.</summary>
    private static readonly ImmutableArray<(string Type, ImmutableHashSet<string> Members)> EfModelNames = ImmutableArray.Create(
        ("Microsoft.EntityFrameworkCore.RelationalEntityTypeExtensions", ImmutableHashSet.Create(
            "GetTableName", "GetSchema", "GetDefaultTableName", "GetDefaultSchema", "GetViewName", "GetViewSchema",
            "GetDefaultViewName", "GetDefaultViewSchema", "GetSchemaQualifiedTableName", "GetSchemaQualifiedViewName", "GetFunctionName")),
        ("Microsoft.EntityFrameworkCore.RelationalPropertyExtensions", ImmutableHashSet.Create("GetColumnName", "GetColumnBaseName", "GetDefaultColumnName", "GetDefaultColumnBaseName")),
        ("Microsoft.EntityFrameworkCore.RelationalModelExtensions", ImmutableHashSet.Create("GetDefaultSchema")),
        ("Microsoft.EntityFrameworkCore.RelationalKeyExtensions", ImmutableHashSet.Create("GetName", "GetDefaultName")),
        ("Microsoft.EntityFrameworkCore.RelationalIndexExtensions", ImmutableHashSet.Create("GetDatabaseName", "GetDefaultDatabaseName")),
        ("Microsoft.EntityFrameworkCore.RelationalForeignKeyExtensions", ImmutableHashSet.Create("GetConstraintName", "GetDefaultName")),
        ("Microsoft.EntityFrameworkCore.Metadata.ITableBase", ImmutableHashSet.Create("Name", "Schema")),
        ("Microsoft.EntityFrameworkCore.Metadata.IColumnBase", ImmutableHashSet.Create("Name")));

    private readonly Compilation _compilation;
    private readonly ImmutableArray<(INamedTypeSymbol Type, ImmutableHashSet<string> Members)> _efModel;
    private readonly ConcurrentDictionary<(object Key, int Depth), bool> _symbols = new(KeyComparer.Instance);
    private readonly ConcurrentDictionary<(object Key, int Depth), Summary> _returns = new(KeyComparer.Instance);
    private readonly ConditionalWeakTable<SyntaxNode, Dictionary<object, List<IOperation?>>> _localWrites = new();
    private readonly ConcurrentDictionary<string, CompilationFacts.LazyFact<Dictionary<ISymbol, List<(NameSites.Use, ExpressionSyntax?)>>>> _writes = new(System.StringComparer.Ordinal);

    private ConstantFolder(Compilation compilation)
    {
        _compilation = compilation;
        var types = KnownTypes.For(compilation);
        _efModel = EfModelNames
            .Select(e => (Type: types.Get(e.Type), e.Members))
            .Where(e => e.Type is not null)
            .Select(e => (e.Type!, e.Members))
            .ToImmutableArray();
    }

    public static ConstantFolder For(Compilation compilation) => Cache.GetValue(compilation, static c => new ConstantFolder(c));

    /// <summary>Is every possible value of <paramref name="value"/> a constant (of this compilation's code)?</summary>
    public bool IsConstant(IOperation value, CancellationToken cancellationToken = default)
    {
        try
        {
            ulong unused = 0;
            return IsConstant(value, MaxDepth, null, ref unused, cancellationToken);
        }
        catch (System.OperationCanceledException)
        {
            throw;
        }
        catch (System.Exception)
        {
            // Half-typed code binds in unexpected shapes: not known to be constant.
            return false;
        }
    }

    /// <param name="owner">The method whose return values are being summarized: its parameters are recorded in <paramref name="parameters"/>.</param>
    private bool IsConstant(IOperation value, int depth, IMethodSymbol? owner, ref ulong parameters, CancellationToken cancellationToken)
    {
        var stack = new Stack<IOperation>();
        stack.Push(value);
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var operation = stack.Pop();
            if (operation.ConstantValue.HasValue)
            {
                continue;
            }

            switch (operation)
            {
                case IConversionOperation conversion:
                    stack.Push(conversion.Operand);
                    break;
                case IParenthesizedOperation parenthesized:
                    stack.Push(parenthesized.Operand);
                    break;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add:
                    stack.Push(add.LeftOperand);
                    stack.Push(add.RightOperand);
                    break;
                case IInterpolatedStringOperation interpolated:
                    foreach (var part in interpolated.Parts.OfType<IInterpolationOperation>())
                    {
                        stack.Push(part.Expression);
                    }

                    break;
                case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                    stack.Push(conditional.WhenTrue);
                    stack.Push(whenFalse);
                    break;
                case ICoalesceOperation coalesce:
                    stack.Push(coalesce.Value);
                    stack.Push(coalesce.WhenNull);
                    break;
                case ISwitchExpressionOperation @switch:
                    foreach (var arm in @switch.Arms)
                    {
                        stack.Push(arm.Value);
                    }

                    break;
                case IArrayCreationOperation { Initializer: { } initializer }:
                    stack.Push(initializer);
                    break;
                case IArrayInitializerOperation initializer:
                    foreach (var element in initializer.ElementValues)
                    {
                        stack.Push(element);
                    }

                    break;
                case IArrayElementReferenceOperation element:
                    // Any element of a constant array: which one does not matter.
                    stack.Push(element.ArrayReference);
                    break;
                case IInstanceReferenceOperation:
                    break;
                case IInvocationOperation invocation:
                    if (!InvocationIsConstant(invocation, depth, stack, cancellationToken))
                    {
                        return false;
                    }

                    break;
                case IFieldReferenceOperation field:
                    if (!FieldIsConstant(field.Field, ThroughThis(field.Instance, field.Field), depth, cancellationToken))
                    {
                        return false;
                    }

                    break;
                case IPropertyReferenceOperation property:
                    if (!PropertyIsConstant(property, depth, cancellationToken))
                    {
                        return false;
                    }

                    break;
                case IParameterReferenceOperation parameter:
                    if (owner is not null && Same(parameter.Parameter.ContainingSymbol, owner))
                    {
                        if (parameter.Parameter.Ordinal < 64)
                        {
                            parameters |= 1UL << parameter.Parameter.Ordinal;
                            break;
                        }

                        return false;
                    }

                    if (!ParameterIsConstant(parameter.Parameter, depth, cancellationToken))
                    {
                        return false;
                    }

                    break;
                case ILocalReferenceOperation local:
                    if (!LocalIsConstant(local, depth, cancellationToken))
                    {
                        return false;
                    }

                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    // ---------------------------------------------------------------- calls

    private bool InvocationIsConstant(IInvocationOperation invocation, int depth, Stack<IOperation> stack, CancellationToken cancellationToken)
    {
        var method = invocation.TargetMethod;
        if (method.ContainingType?.SpecialType == SpecialType.System_String && StringDerivations.Contains(method.Name))
        {
            // "a,b".Split(','), Prefix.ToUpperInvariant(), string.Join(",", Columns): the receiver and the text arguments.
            if (invocation.Instance is { } receiver)
            {
                stack.Push(receiver);
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.DefaultValue && argument.Parameter?.Name != "provider" && IsText(argument.Value.Type))
                {
                    stack.Push(argument.Value);
                }
            }

            return true;
        }

        foreach (var (type, members) in _efModel)
        {
            if (members.Contains(method.Name) && method.ContainingType.Is(type))
            {
                return true;
            }
        }

        if (depth == 0 || !IsFollowable(method))
        {
            return false;
        }

        var summary = Returns(method.OriginalDefinition, depth - 1, cancellationToken);
        if (!summary.IsConstant)
        {
            return false;
        }

        // A method that returns its parameter (Quote(name) => $"[{name}]"): constant when this call passes constants.
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { Ordinal: < 64 and var ordinal } && (summary.Parameters & (1UL << ordinal)) != 0
                && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                stack.Push(argument.Value);
            }
        }

        return true;
    }

    private static bool IsText(ITypeSymbol? type) => type switch
    {
        { SpecialType: SpecialType.System_String or SpecialType.System_Char or SpecialType.System_Object } => true,
        IArrayTypeSymbol array => IsText(array.ElementType),
        INamedTypeSymbol { IsGenericType: true } generic => generic.TypeArguments.Any(IsText),
        _ => false,
    };

    /// <summary>What a method returns: constant (given its parameters marked in <see cref="Summary.Parameters"/>) or not.</summary>
    private Summary Returns(IMethodSymbol method, int depth, CancellationToken cancellationToken)
    {
        var key = (Key(method), depth);
        if (_returns.TryGetValue(key, out var known))
        {
            return known;
        }

        var summary = Summary.NotConstant;
        if (Body(method, cancellationToken) is { } body)
        {
            var parameters = 0UL;
            var any = false;
            var constant = true;
            foreach (var returned in Returned(body))
            {
                any = true;
                if (!IsConstant(returned, depth, method, ref parameters, cancellationToken))
                {
                    constant = false;
                    break;
                }
            }

            if (any && constant)
            {
                summary = new Summary(true, parameters);
            }
        }

        return _returns.GetOrAdd(key, summary);
    }

    /// <summary>The values of the <c>return</c>s of a body, not those of lambdas or local functions inside it.</summary>
    private static IEnumerable<IOperation> Returned(IOperation body)
    {
        var stack = new Stack<IOperation>();
        stack.Push(body);
        while (stack.Count > 0)
        {
            var operation = stack.Pop();
            if (operation is IReturnOperation { Kind: OperationKind.Return, ReturnedValue: { } value })
            {
                yield return value;
                continue;
            }

            if (operation is IReturnOperation { Kind: OperationKind.YieldReturn })
            {
                // An iterator: its "return value" is an enumerable of these.
                yield return operation;
                continue;
            }

            foreach (var child in operation.ChildOperations)
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    stack.Push(child);
                }
            }
        }
    }

    /// <summary>A method of this compilation whose body is the only code that can run: not virtual, abstract, extern or partial without body.</summary>
    private bool IsFollowable(IMethodSymbol method) =>
        method.MethodKind is MethodKind.Ordinary or MethodKind.LocalFunction or MethodKind.PropertyGet
        && !method.IsVirtual && !method.IsAbstract && !method.IsOverride && !method.IsExtern
        && method.ContainingType?.TypeKind is not TypeKind.Interface
        && method.IsDeclaredIn(_compilation);

    private IOperation? Body(IMethodSymbol method, CancellationToken cancellationToken)
    {
        if (method.DeclaringSyntaxReferences.Length != 1)
        {
            return null;
        }

        var syntax = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        if (CompilationFacts.ModelOf(_compilation, syntax.SyntaxTree, null) is not { } model)
        {
            return null;
        }

        SyntaxNode? body = syntax switch
        {
            BaseMethodDeclarationSyntax { Body: null, ExpressionBody: null } => null,
            LocalFunctionStatementSyntax { Body: null, ExpressionBody: null } => null,
            AccessorDeclarationSyntax { Body: null, ExpressionBody: null } => null,
            _ => syntax,
        };

        var operation = body is null ? null : model.GetOperation(body, cancellationToken);
        return operation is ILocalFunctionOperation local ? local.Body ?? local.IgnoredBody : operation;
    }

    // ---------------------------------------------------------------- fields and properties

    /// <summary>A class a model binder or JSON serializer can create: public, with a public parameterless constructor (the implicit one included).</summary>
    private static bool MayBeBoundModel(INamedTypeSymbol? type) =>
        type is { TypeKind: TypeKind.Class or TypeKind.Struct, IsAbstract: false, DeclaredAccessibility: Accessibility.Public }
        && type.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility == Accessibility.Public);

    private static bool ThroughThis(IOperation? instance, ISymbol member) =>
        member.IsStatic || instance is null || instance is IInstanceReferenceOperation;

    private bool FieldIsConstant(IFieldSymbol field, bool throughThis, int depth, CancellationToken cancellationToken)
    {
        if (field.IsConst)
        {
            return true;
        }

        // A mutable field of another object that others can reach could be filled by a deserializer.
        if (!field.IsReadOnly && field.DeclaredAccessibility != Accessibility.Private && !throughThis)
        {
            return false;
        }

        if (field.DeclaringSyntaxReferences.Length != 1
            || field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator)
        {
            // Tuple elements, primary-constructor captures, metadata: not followed.
            return false;
        }

        return Memo(field, depth, () => AssignedOnlyConstants(field, declarator.Initializer?.Value, depth, cancellationToken));
    }

    private bool PropertyIsConstant(IPropertyReferenceOperation reference, int depth, CancellationToken cancellationToken)
    {
        var property = reference.Property.OriginalDefinition;
        foreach (var (type, members) in _efModel)
        {
            // table.Name, column.Name of the relational model.
            if (members.Contains(property.Name) && (property.ContainingType.Is(type) || property.ContainingType.AllInterfaces.Any(i => i.Is(type))))
            {
                return true;
            }
        }

        if (property.IsIndexer || property.IsVirtual || property.IsAbstract || property.IsOverride || property.IsExtern
            || property.ContainingType?.TypeKind is TypeKind.Interface || !property.IsDeclaredIn(_compilation)
            || property.DeclaringSyntaxReferences.Length != 1
            || property.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not PropertyDeclarationSyntax declaration)
        {
            return false;
        }

        var isAuto = declaration.ExpressionBody is null
                     && declaration.AccessorList is { } accessors
                     && accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null);
        if (!isAuto)
        {
            // string Schema => "dbo"; string Schema { get { return "dbo"; } }
            return depth > 0 && property.GetMethod is { } getter && Returns(getter, depth - 1, cancellationToken) is { IsConstant: true, Parameters: 0 };
        }

        // A property that a model binder or deserializer could set: only this object's own counts, and only when the
        // object cannot be such a model itself (binders and serializers need a public parameterless constructor: a
        // request DTO building its own ORDER BY is input, a repository with injected dependencies is not).
        if (property.SetMethod is { DeclaredAccessibility: not Accessibility.Private }
            && (!ThroughThis(reference.Instance, property) || !property.IsStatic && MayBeBoundModel(property.ContainingType)))
        {
            return false;
        }

        return Memo(property, depth, () => AssignedOnlyConstants(property, declaration.Initializer?.Value, depth, cancellationToken));
    }

    /// <summary>The initializer and every assignment anywhere in the compilation (and of its elements, for arrays) are constants.</summary>
    private bool AssignedOnlyConstants(ISymbol member, ExpressionSyntax? initializer, int depth, CancellationToken cancellationToken)
    {
        if (depth == 0)
        {
            return false;
        }

        if (initializer is not null && !SyntaxIsConstant(initializer, depth - 1, cancellationToken))
        {
            return false;
        }

        foreach (var (use, value) in WritesOf(member, cancellationToken))
        {
            if (use == NameSites.Use.UnknownWrite || value is null || !SyntaxIsConstant(value, depth - 1, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every write of <paramref name="member"/> in the compilation.</summary>
    private IEnumerable<(NameSites.Use Use, ExpressionSyntax? Value)> WritesOf(ISymbol member, CancellationToken cancellationToken)
    {
        var byMember = _writes.GetOrAdd(member.Name, name => new CompilationFacts.LazyFact<Dictionary<ISymbol, List<(NameSites.Use, ExpressionSyntax?)>>>(
            ct => CollectWrites(name, ct))).Get(cancellationToken);
        return byMember.TryGetValue(member.OriginalDefinition, out var writes) ? writes : Enumerable.Empty<(NameSites.Use, ExpressionSyntax?)>();
    }

    /// <summary>
    /// The writes of every member spelled <paramref name="name"/>, grouped by the member they bind to: each write site is
    /// bound once for the compilation, however many members of that name are asked about.
    /// </summary>
    private Dictionary<ISymbol, List<(NameSites.Use, ExpressionSyntax?)>> CollectWrites(string name, CancellationToken cancellationToken)
    {
        var writes = new Dictionary<ISymbol, List<(NameSites.Use, ExpressionSyntax?)>>(SymbolEqualityComparer.Default);
        foreach (var tree in _compilation.SyntaxTrees)
        {
            // The text scan (shared with the app facts) spares indexing the names of files that never spell it.
            if (!TreeIdentifiers.Contains(tree, name, cancellationToken))
            {
                continue;
            }

            var sites = NameSites.WritesIn(tree, name, cancellationToken);
            if (sites.Count == 0 || CompilationFacts.ModelOf(_compilation, tree, null) is not { } model)
            {
                continue;
            }

            foreach (var site in sites)
            {
                var info = model.GetSymbolInfo(site, cancellationToken);
                var write = NameSites.UseOf(site);
                foreach (var bound in info.Symbol is { } symbol ? new[] { symbol } : info.CandidateSymbols.ToArray())
                {
                    if (bound is IFieldSymbol or IPropertySymbol)
                    {
                        var key = bound.OriginalDefinition;
                        if (!writes.TryGetValue(key, out var list))
                        {
                            writes[key] = list = new List<(NameSites.Use, ExpressionSyntax?)>();
                        }

                        // A write that binds only as a candidate (half-typed code) is of unknown value.
                        list.Add(info.Symbol is null ? (NameSites.Use.UnknownWrite, null) : write);
                    }
                }
            }
        }

        return writes;
    }

    private bool SyntaxIsConstant(ExpressionSyntax expression, int depth, CancellationToken cancellationToken)
    {
        if (CompilationFacts.ModelOf(_compilation, expression.SyntaxTree, null) is not { } model
            || model.GetOperation(expression, cancellationToken) is not { } operation)
        {
            return false;
        }

        ulong unused = 0;
        return IsConstant(operation, depth, null, ref unused, cancellationToken);
    }

    // ---------------------------------------------------------------- parameters

    /// <summary>A parameter of a private method or local function to which every call site passes a constant.</summary>
    private bool ParameterIsConstant(IParameterSymbol parameter, int depth, CancellationToken cancellationToken)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol method
            || parameter.RefKind != RefKind.None || parameter.IsParams
            || !(method.MethodKind == MethodKind.LocalFunction
                 || method.MethodKind == MethodKind.Ordinary && method.DeclaredAccessibility == Accessibility.Private && IsFollowable(method))
            || method.DeclaringSyntaxReferences.Length != 1)
        {
            return false;
        }

        return Memo(parameter, depth, () => EveryCallPassesConstant(method.OriginalDefinition, parameter, depth, cancellationToken));
    }

    private bool EveryCallPassesConstant(IMethodSymbol method, IParameterSymbol parameter, int depth, CancellationToken cancellationToken)
    {
        if (depth == 0)
        {
            return false;
        }

        // Where calls can be: inside the enclosing member (local function) or the declaring type (private method).
        var scopes = new List<SyntaxNode>();
        var declaration = method.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
        if (method.MethodKind == MethodKind.LocalFunction)
        {
            switch (declaration.FirstAncestorOrSelf<MemberDeclarationSyntax>())
            {
                case GlobalStatementSyntax statement:
                    // Top-level statements: any of them can call it.
                    scopes.Add(statement.SyntaxTree.GetRoot(cancellationToken));
                    break;
                case { } member:
                    scopes.Add(member);
                    break;
            }
        }
        else
        {
            scopes.AddRange(method.ContainingType.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)));
        }

        var calls = 0;
        foreach (var scope in scopes)
        {
            var model = CompilationFacts.ModelOf(_compilation, scope.SyntaxTree, null);
            if (model is null)
            {
                return false;
            }

            foreach (var name in NameSites.In(scope.SyntaxTree, method.Name, scope.FullSpan, cancellationToken))
            {
                var info = model.GetSymbolInfo(name, cancellationToken);
                var bound = info.Symbol ?? (info.CandidateSymbols.Length > 0 ? info.CandidateSymbols[0] : null);
                if (bound is not IMethodSymbol target || !Same(target.OriginalDefinition, method))
                {
                    continue;
                }

                SyntaxNode invoked = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
                if (invoked.Parent is not InvocationExpressionSyntax call || call.Expression != invoked)
                {
                    if (invoked.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } })
                    {
                        continue;
                    }

                    // A method group (a delegate, an event handler): its callers are unknown.
                    return false;
                }

                if (model.GetOperation(call, cancellationToken) is not IInvocationOperation invocation
                    || invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == parameter.Ordinal) is not { } argument)
                {
                    return false;
                }

                calls++;
                if (argument.ArgumentKind == ArgumentKind.DefaultValue
                    || argument.Value is IParameterReferenceOperation self && Same(self.Parameter, parameter))
                {
                    // The default value (a constant), or the parameter passed on unchanged by a recursive call.
                    continue;
                }

                ulong unused = 0;
                if (!IsConstant(argument.Value, depth - 1, null, ref unused, cancellationToken))
                {
                    return false;
                }
            }
        }

        return calls > 0;
    }

    // ---------------------------------------------------------------- locals

    /// <summary>A local (of a body other than the one being analyzed) that is only assigned constants, or iterates over a constant array.</summary>
    private bool LocalIsConstant(ILocalReferenceOperation reference, int depth, CancellationToken cancellationToken)
    {
        var local = reference.Local;
        if (local.IsRef || local.DeclaringSyntaxReferences.Length != 1)
        {
            return false;
        }

        return Memo(local, depth, () =>
        {
            if (depth == 0)
            {
                return false;
            }

            var writes = LocalWrites(reference);
            if (!writes.TryGetValue(Key(local), out var values) || values.Count == 0)
            {
                return false;
            }

            foreach (var value in values)
            {
                ulong unused = 0;
                if (value is null || !IsConstant(value, depth - 1, null, ref unused, cancellationToken))
                {
                    return false;
                }
            }

            return true;
        });
    }

    /// <summary>Every value written to each local of a body, keyed by the local's declaration; null for a write of unknown value.</summary>
    private Dictionary<object, List<IOperation?>> LocalWrites(IOperation inside)
    {
        var root = inside.GetRoot();
        return _localWrites.GetValue(root.Syntax, _ =>
        {
            var writes = new Dictionary<object, List<IOperation?>>();
            void Add(ILocalSymbol local, IOperation? value)
            {
                var key = Key(local);
                if (!writes.TryGetValue(key, out var list))
                {
                    writes[key] = list = new List<IOperation?>();
                }

                list.Add(value);
            }

            foreach (var operation in root.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation { Initializer.Value: { } value } declarator:
                        Add(declarator.Symbol, value);
                        break;
                    case IAssignmentOperation { Target: ILocalReferenceOperation target } assignment:
                        Add(target.Local, assignment.Value);
                        break;
                    case IAssignmentOperation { Target: IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation array } } element:
                        Add(array.Local, element.Value);
                        break;
                    case IForEachLoopOperation { LoopControlVariable: IVariableDeclaratorOperation variable } loop:
                        // foreach (var table in Tables): any element of the collection.
                        Add(variable.Symbol, loop.Collection);
                        break;
                    case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref, Value: ILocalReferenceOperation target }:
                        Add(target.Local, null);
                        break;
                    case IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared } when declared.Parent is not IVariableDeclaratorOperation:
                        Add(declared.Local, null);
                        break;
                }
            }

            return writes;
        });
    }

    // ---------------------------------------------------------------- helpers

    private bool Memo(ISymbol symbol, int depth, System.Func<bool> compute)
    {
        var key = (Key(symbol), depth);
        if (_symbols.TryGetValue(key, out var known))
        {
            return known;
        }

        return _symbols.GetOrAdd(key, compute());
    }

    /// <summary>
    /// Symbols of bodies (locals, local functions and their parameters) are created anew by each semantic model, so they
    /// are identified by where they are declared; members by the symbol itself.
    /// </summary>
    private static object Key(ISymbol symbol)
    {
        var isBodySymbol = symbol is ILocalSymbol
                           || symbol is IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction }
                           || symbol is IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.LocalFunction or MethodKind.AnonymousFunction } };
        if (isBodySymbol && symbol.DeclaringSyntaxReferences.Length == 1)
        {
            var reference = symbol.DeclaringSyntaxReferences[0];
            return (reference.SyntaxTree, reference.Span, symbol.Kind);
        }

        return symbol.OriginalDefinition;
    }

    private static bool Same(ISymbol a, ISymbol b) => Key(a) is var x && Key(b) is var y
        && (x is ISymbol sx && y is ISymbol sy ? SymbolEqualityComparer.Default.Equals(sx, sy) : x.Equals(y));

    /// <summary>Symbols by symbol equality, declaration places by value.</summary>
    private sealed class KeyComparer : IEqualityComparer<(object Key, int Depth)>
    {
        public static KeyComparer Instance { get; } = new();

        public bool Equals((object Key, int Depth) x, (object Key, int Depth) y) =>
            x.Depth == y.Depth && (x.Key is ISymbol a && y.Key is ISymbol b ? SymbolEqualityComparer.Default.Equals(a, b) : x.Key.Equals(y.Key));

        public int GetHashCode((object Key, int Depth) obj) =>
            (obj.Key is ISymbol symbol ? SymbolEqualityComparer.Default.GetHashCode(symbol) : obj.Key.GetHashCode()) * 31 + obj.Depth;
    }

    private readonly struct Summary
    {
        public Summary(bool isConstant, ulong parameters)
        {
            IsConstant = isConstant;
            Parameters = parameters;
        }

        public static Summary NotConstant { get; } = new(false, 0);

        public bool IsConstant { get; }

        /// <summary>Bit i: the value also depends on parameter i (constant when the call passes a constant).</summary>
        public ulong Parameters { get; }
    }
}
