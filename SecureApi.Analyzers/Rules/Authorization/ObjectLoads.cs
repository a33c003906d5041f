using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.EntityFramework;
using SecureApi.Analyzers.Core.Naming;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Authorization;

/// <summary>
/// A record loaded by an identifier of the request, in the handler's own code (SAPI2007): EF Core <c>Find(Async)</c> on a
/// <c>DbSet&lt;T&gt;</c>, a query on a <c>DbSet&lt;T&gt;</c> whose <c>Where</c>/<c>FirstOrDefault</c>/<c>SingleOrDefault</c>...
/// predicate compares T's key with the identifier, or a Dapper <c>Query*&lt;T&gt;</c> given the identifier as a
/// parameter — where T has an owner member and no predicate of the query (nor the SQL's WHERE) reads it, and the record
/// is then returned, changed or deleted. A repository or helper the handler calls is not followed.
/// </summary>
internal sealed class ObjectLoads
{
    private static readonly ImmutableHashSet<string> PredicateMethods = ImmutableHashSet.Create(
        "Where", "First", "FirstOrDefault", "Single", "SingleOrDefault", "Last", "LastOrDefault",
        "FirstAsync", "FirstOrDefaultAsync", "SingleAsync", "SingleOrDefaultAsync", "LastAsync", "LastOrDefaultAsync");

    /// <summary>Query operators after which the result is still the record (or a projection of it).</summary>
    private static readonly ImmutableHashSet<string> RecordOperators = PredicateMethods.Union(new[]
    {
        "Include", "ThenInclude", "AsNoTracking", "AsNoTrackingWithIdentityResolution", "AsTracking", "AsSplitQuery",
        "AsSingleQuery", "TagWith", "Select", "OrderBy", "OrderByDescending", "ThenBy", "ThenByDescending", "Take", "Skip",
        "ToList", "ToListAsync", "ToArray", "ToArrayAsync", "AsEnumerable", "AsAsyncEnumerable", "AsQueryable",
        "ExecuteDelete", "ExecuteDeleteAsync", "ExecuteUpdate", "ExecuteUpdateAsync",
    });

    private readonly EntityTypes _entities;
    private readonly INamedTypeSymbol? _sqlMapper;
    private readonly INamedTypeSymbol? _keyAttribute;
    private readonly ConcurrentDictionary<ITypeSymbol, string> _owners = new(SymbolEqualityComparer.Default);

    public ObjectLoads(KnownTypes types, EntityTypes entities)
    {
        _entities = entities;
        _sqlMapper = types.DapperSqlMapper;
        _keyAttribute = types.KeyAttribute;
    }

    /// <summary>EF Core or Dapper is referenced: records can be loaded.</summary>
    public bool IsAvailable => _entities.IsAvailable || _sqlMapper is not null;

    /// <summary>The first load in <paramref name="root"/> by one of <paramref name="ids"/> whose record is then used.</summary>
    public ObjectLoad? FirstIn(IOperation root, ImmutableArray<IParameterSymbol> ids, QueryFilters? filters)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation is IInvocationOperation call && Match(call, ids) is { } load
                && (load.Dapper || filters is null || !filters.ScopesToCaller(load.Entity))
                && UseOf(call, root) is { } use)
            {
                return load.With(use);
            }
        }

        return null;
    }

    private ObjectLoad? Match(IInvocationOperation call, ImmutableArray<IParameterSymbol> ids)
    {
        var method = call.TargetMethod;
        switch (method.Name)
        {
            case "Find" or "FindAsync" when _entities.IsDbSet(call.Instance?.Type)
                                           && call.Instance!.Type is INamedTypeSymbol { TypeArguments.Length: 1 } set:
                return IdIn(call.Arguments, ids) is { } found && OwnerOf(set.TypeArguments[0]) is { } owner
                    ? new ObjectLoad(set.TypeArguments[0], found, owner, dapper: false)
                    : null;
            case var name when PredicateMethods.Contains(name):
                return MatchPredicate(call, ids);
            case var name when name.StartsWith("Query", StringComparison.Ordinal) && !name.StartsWith("QueryMultiple", StringComparison.Ordinal)
                               && method.ContainingType.Is(_sqlMapper) && method.TypeArguments.Length > 0:
                return MatchDapper(call, ids);
            default:
                return null;
        }
    }

    /// <summary><c>db.Orders.Where(o =&gt; o.Id == id)</c>: the query starts at a DbSet and compares the entity's key with the id.</summary>
    private ObjectLoad? MatchPredicate(IInvocationOperation call, ImmutableArray<IParameterSymbol> ids)
    {
        if (Lambda(call.Arguments.Skip(1).FirstOrDefault()?.Value) is not { Symbol.Parameters.Length: 1 } predicate
            || predicate.Symbol.Parameters[0] is not { } row || OwnerOf(row.Type) is not { } owner)
        {
            return null;
        }

        IParameterSymbol? key = null;
        foreach (var operation in predicate.Body.Descendants())
        {
            if (operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } comparison
                && (KeyComparedWith(comparison.LeftOperand, comparison.RightOperand, row, ids) ?? KeyComparedWith(comparison.RightOperand, comparison.LeftOperand, row, ids)) is { } found)
            {
                key = found;
                break;
            }
        }

        // The whole query must start at a DbSet (not a list in memory, not a query a helper scoped) and no predicate of
        // it may read an owner member: compared with the caller, or a child filtered by its parent's key.
        return key is not null && Chain(call) is { } chain
               && (_entities.IsDbSet(chain[chain.Count - 1].Type) || _entities.IsDbSet(Source(chain[chain.Count - 1])?.Type))
               && !chain.Any(c => PredicateMethods.Contains(c.TargetMethod.Name) && ReadsOwner(Lambda(c.Arguments.Skip(1).FirstOrDefault()?.Value)))
            ? new ObjectLoad(row.Type, key, owner, dapper: false)
            : null;
    }

    /// <summary><c>connection.QuerySingleAsync&lt;Invoice&gt;("... WHERE Id = @id", new { id })</c>, with a WHERE that does not read the owner column.</summary>
    private ObjectLoad? MatchDapper(IInvocationOperation call, ImmutableArray<IParameterSymbol> ids)
    {
        var row = call.TargetMethod.TypeArguments[call.TargetMethod.TypeArguments.Length - 1];
        if (OwnerOf(row) is not { } owner
            || call.Arguments.FirstOrDefault(a => a.Parameter?.Name == "param") is not { } parameters
            || IdIn(ImmutableArray.Create(parameters), ids) is not { } id
            || call.Arguments.FirstOrDefault(a => a.Parameter?.Name == "sql") is not { } sql
            || !sql.Value.TryGetConstantString(out var text))
        {
            return null;
        }

        var where = text.LastIndexOf("where", StringComparison.OrdinalIgnoreCase);
        return where >= 0 && text.IndexOf(owner, where, StringComparison.OrdinalIgnoreCase) < 0
            ? new ObjectLoad(row, id, owner, dapper: true)
            : null;
    }

    /// <summary><c>row.Id == id</c> (or the key named <c>&lt;Type&gt;Id</c> or marked [Key]): the id parameter compared.</summary>
    private IParameterSymbol? KeyComparedWith(IOperation member, IOperation value, IParameterSymbol row, ImmutableArray<IParameterSymbol> ids) =>
        member.WalkDownConversions() is IPropertyReferenceOperation { Instance: IParameterReferenceOperation instance, Property: var property }
        && SymbolEqualityComparer.Default.Equals(instance.Parameter, row) && IsKey(property, row.Type)
        && value.WalkDownConversions() is IParameterReferenceOperation { Parameter: var parameter } && ids.Contains(parameter, SymbolEqualityComparer.Default)
            ? parameter
            : null;

    private bool IsKey(IPropertySymbol property, ITypeSymbol entity) =>
        property.Name == "Id" || property.Name == entity.Name + "Id"
        || property.GetAttributes().Any(a => a.AttributeClass.Is(_keyAttribute));

    /// <summary>The first owner member of the type (its own or inherited), or null.</summary>
    private string? OwnerOf(ITypeSymbol type)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, SpecialType: SpecialType.None })
        {
            return null;
        }

        var owner = _owners.GetOrAdd(type.OriginalDefinition, static t =>
        {
            for (var current = (INamedTypeSymbol?)t; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
            {
                foreach (var name in current.MemberNames)
                {
                    if (OwnerNames.IsOwnerMember(name) && current.GetMembers(name).Any(m => m is IPropertySymbol or IFieldSymbol { IsImplicitlyDeclared: false }))
                    {
                        return name;
                    }
                }
            }

            return "";
        });
        return owner.Length == 0 ? null : owner;
    }

    private static bool ReadsOwner(IAnonymousFunctionOperation? predicate) =>
        predicate is not null
        && predicate.Body.Descendants().Any(o => o is IPropertyReferenceOperation { Property.Name: var name } && OwnerNames.IsOwnerMember(name));

    private static IParameterSymbol? IdIn(ImmutableArray<IArgumentOperation> arguments, ImmutableArray<IParameterSymbol> ids)
    {
        foreach (var argument in arguments)
        {
            foreach (var operation in argument.Value.DescendantsAndSelf())
            {
                if (operation is IParameterReferenceOperation { Parameter: var parameter } && ids.Contains(parameter, SymbolEqualityComparer.Default))
                {
                    return parameter;
                }
            }
        }

        return null;
    }

    private static IAnonymousFunctionOperation? Lambda(IOperation? value) => value?.WalkDownConversions() switch
    {
        IAnonymousFunctionOperation lambda => lambda,
        IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda } => lambda,
        _ => null,
    };

    /// <summary>The query operators around <paramref name="call"/>, outermost first, innermost last.</summary>
    private static List<IInvocationOperation>? Chain(IInvocationOperation call)
    {
        var outer = call;
        while (Consumer(outer) is { } next && RecordOperators.Contains(next.TargetMethod.Name))
        {
            outer = next;
        }

        var chain = new List<IInvocationOperation>();
        for (IOperation? current = outer; current is IInvocationOperation invocation && chain.Count < 32; current = Source(invocation))
        {
            chain.Add(invocation);
        }

        return chain;
    }

    /// <summary>The query an operator works on: its <c>this</c> argument, or the instance.</summary>
    private static IOperation? Source(IInvocationOperation call) =>
        (call.Instance ?? (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null))?.WalkDownConversions();

    /// <summary>The operator applied to the result of <paramref name="operation"/> (<c>q.Where(...)</c> to <c>q</c>), if any.</summary>
    private static IInvocationOperation? Consumer(IOperation operation)
    {
        var value = operation.WalkUpConversions();
        return value.Parent switch
        {
            IArgumentOperation { Parent: IInvocationOperation call } argument when call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 && call.Arguments[0] == argument => call,
            IInvocationOperation call when call.Instance == value => call,
            _ => null,
        };
    }

    /// <summary>
    /// What the handler does with the loaded record: returns it (in its response, also as a projection or through
    /// a local), changes it (a member assigned, <c>Update</c>, <c>ExecuteUpdate</c>) or deletes it (<c>Remove</c>,
    /// <c>ExecuteDelete</c>). Null when it only checks it (<c>is null</c>, <c>Any</c>, <c>Count</c>).
    /// </summary>
    private static string? UseOf(IInvocationOperation load, IOperation root)
    {
        IOperation current = load;
        while (true)
        {
            if (Consumer(current) is { } consumer)
            {
                if (!RecordOperators.Contains(consumer.TargetMethod.Name))
                {
                    return null;
                }

                if (consumer.TargetMethod.Name.StartsWith("ExecuteDelete", StringComparison.Ordinal))
                {
                    return "deletes";
                }

                if (consumer.TargetMethod.Name.StartsWith("ExecuteUpdate", StringComparison.Ordinal))
                {
                    return "updates";
                }

                current = consumer;
                continue;
            }

            var parent = current.WalkUpConversions().Parent;
            switch (parent)
            {
                case IAwaitOperation or IArgumentOperation or IConversionOperation or IConditionalOperation or ICoalesceOperation
                    or IInvocationOperation or IObjectCreationOperation or IAnonymousObjectCreationOperation or ISimpleAssignmentOperation { Target: IPropertyReferenceOperation }
                    or IMemberInitializerOperation or IObjectOrCollectionInitializerOperation or IPropertyReferenceOperation or IInterpolationOperation
                    or IInterpolatedStringOperation or IArrayInitializerOperation or IArrayCreationOperation or IDelegateCreationOperation:
                    current = parent;
                    continue;
                case IReturnOperation:
                    return "returns";
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: var local } }:
                    return UseOfLocal(local, root);
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation { Local: var local } }:
                    return UseOfLocal(local, root);
                case IIsPatternOperation { Pattern: IRecursivePatternOperation { DeclaredSymbol: ILocalSymbol local } }:
                    return UseOfLocal(local, root);
                case IIsPatternOperation { Pattern: IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol local } }:
                    return UseOfLocal(local, root);
                default:
                    return null;
            }
        }
    }

    private static string? UseOfLocal(ILocalSymbol local, IOperation root)
    {
        string? use = null;
        foreach (var reference in SymbolReferences.Of(local, root))
        {
            var value = reference.WalkUpConversions();
            switch (value.Parent)
            {
                case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: var name } }
                    when name.StartsWith("Remove", StringComparison.Ordinal) || name.StartsWith("Delete", StringComparison.Ordinal):
                    return "deletes";
                case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Update" or "UpdateRange" or "Attach" } }:
                case IMemberReferenceOperation member when IsWritten(member):
                    use = "updates";
                    break;
                case IBinaryOperation or IIsPatternOperation or IIsTypeOperation:
                    break;
                default:
                    if (use is null && IsReturned(value))
                    {
                        use = "returns";
                    }

                    break;
            }
        }

        return use;
    }

    private static bool IsReturned(IOperation value)
    {
        for (var current = value.Parent; current is not null; current = current.Parent)
        {
            if (current is IReturnOperation { ReturnedValue: not null })
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWritten(IMemberReferenceOperation member) => member.WalkUpConversions().Parent switch
    {
        IAssignmentOperation assignment => assignment.Target == member,
        IIncrementOrDecrementOperation => true,
        _ => false,
    };
}

/// <summary>A record loaded by a request identifier: the entity (or Dapper row) type, the identifier, the owner member nobody compared, what the handler does with it.</summary>
internal sealed class ObjectLoad
{
    public ObjectLoad(ITypeSymbol entity, IParameterSymbol id, string owner, bool dapper, string use = "")
    {
        Entity = entity;
        Id = id;
        Owner = owner;
        Dapper = dapper;
        Use = use;
    }

    public ITypeSymbol Entity { get; }

    public IParameterSymbol Id { get; }

    public string Owner { get; }

    public bool Dapper { get; }

    /// <summary>"returns", "updates" or "deletes".</summary>
    public string Use { get; }

    public ObjectLoad With(string use) => new(Entity, Id, Owner, Dapper, use);
}
