using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;
using SecureApi.Analyzers.Core.Strings;

namespace SecureApi.Analyzers.Rules.Sql;

/// <summary>
/// Where SQL text is executed, as data: the API, the member and the parameter that carries the SQL. Types are
/// resolved once per compilation; an API whose assembly is not referenced simply never matches.
/// </summary>
internal sealed class SqlSinks
{
    public const string AdoCommand = "AdoCommand";
    public const string AdoCommandText = "AdoCommandText";
    public const string DataAdapter = "DataAdapter";
    public const string EfCore = "EfCore";
    public const string Ef6 = "Ef6";
    public const string Dapper = "Dapper";
    public const string DapperCommandDefinition = "DapperCommandDefinition";

    /// <summary>(declaring type, methods, SQL parameter) for extension and instance methods.</summary>
    private static readonly ImmutableArray<(string Type, ImmutableHashSet<string> Methods, string Parameter, string Api)> MethodSinks = ImmutableArray.Create(
        ("Microsoft.EntityFrameworkCore.RelationalQueryableExtensions", ImmutableHashSet.Create("FromSqlRaw"), "sql", EfCore),
        ("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions", ImmutableHashSet.Create("ExecuteSqlRaw", "ExecuteSqlRawAsync", "SqlQueryRaw"), "sql", EfCore),

        // EF Core 2.x (obsolete in 3.x): the string/RawSqlString overloads; the FormattableString ones parameterize.
        ("Microsoft.EntityFrameworkCore.RelationalQueryableExtensions", ImmutableHashSet.Create("FromSql"), "sql", EfCore),
        ("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions", ImmutableHashSet.Create("ExecuteSqlCommand", "ExecuteSqlCommandAsync"), "sql", EfCore),
        ("System.Data.Entity.Database", ImmutableHashSet.Create("SqlQuery", "ExecuteSqlCommand", "ExecuteSqlCommandAsync"), "sql", Ef6),
        ("System.Data.Entity.DbSet", ImmutableHashSet.Create("SqlQuery"), "sql", Ef6),
        ("System.Data.Entity.DbSet`1", ImmutableHashSet.Create("SqlQuery"), "sql", Ef6),
        ("Dapper.SqlMapper", ImmutableHashSet.Create(
            "Query", "QueryAsync", "QueryFirst", "QueryFirstAsync", "QueryFirstOrDefault", "QueryFirstOrDefaultAsync",
            "QuerySingle", "QuerySingleAsync", "QuerySingleOrDefault", "QuerySingleOrDefaultAsync", "QueryUnbufferedAsync",
            "Execute", "ExecuteAsync", "ExecuteScalar", "ExecuteScalarAsync", "ExecuteReader", "ExecuteReaderAsync",
            "QueryMultiple", "QueryMultipleAsync"), "sql", Dapper));

    private readonly ImmutableArray<(INamedTypeSymbol Type, ImmutableHashSet<string> Methods, string Parameter, string Api)> _methods;
    private readonly ImmutableHashSet<string> _methodNames;
    private readonly INamedTypeSymbol? _dbCommand;
    private readonly INamedTypeSymbol? _dataAdapter;
    private readonly INamedTypeSymbol? _commandDefinition;

    public SqlSinks(KnownTypes types)
    {
        _methods = MethodSinks
            .Select(s => (Type: types.Get(s.Type), s.Methods, s.Parameter, s.Api))
            .Where(s => s.Type is not null)
            .Select(s => (s.Type!, s.Methods, s.Parameter, s.Api))
            .ToImmutableArray();
        _methodNames = _methods.SelectMany(s => s.Methods).ToImmutableHashSet();
        _dbCommand = types.Get("System.Data.IDbCommand");
        _dataAdapter = types.Get("System.Data.IDataAdapter");
        _commandDefinition = types.Get("Dapper.CommandDefinition");
    }

    /// <summary>Nothing to look for: no data-access API is referenced.</summary>
    public bool IsEmpty => _methods.IsEmpty && _dbCommand is null && _commandDefinition is null;

    /// <summary>Is this operation a SQL sink? Cheap rejections first: it runs for every invocation, creation and assignment.</summary>
    public StringSink? Match(IOperation operation)
    {
        switch (operation)
        {
            case IInvocationOperation invocation when _methodNames.Contains(invocation.TargetMethod.Name):
                var method = invocation.TargetMethod;
                foreach (var (type, methods, parameter, api) in _methods)
                {
                    if (methods.Contains(method.Name) && (method.ContainingType.Is(type) || method.ContainingType.IsOrDerivesFrom(type))
                        && Argument(invocation.Arguments, parameter) is { } sql)
                    {
                        return new StringSink(sql, invocation.GetMemberNameLocation(), api);
                    }
                }

                return null;

            case IObjectCreationOperation { Type: INamedTypeSymbol created } creation when creation.Arguments.Length > 0:
                if (created.Is(_commandDefinition) && Argument(creation.Arguments, "commandText") is { } definition)
                {
                    return new StringSink(definition, creation.Syntax.GetLocation(), DapperCommandDefinition);
                }

                if (Implements(created, _dbCommand) && (Argument(creation.Arguments, "cmdText") ?? Argument(creation.Arguments, "commandText")) is { } text)
                {
                    return new StringSink(text, creation.Syntax.GetLocation(), AdoCommand);
                }

                if (Implements(created, _dataAdapter) && Argument(creation.Arguments, "selectCommandText") is { } select)
                {
                    return new StringSink(select, creation.Syntax.GetLocation(), DataAdapter);
                }

                return null;

            case IAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "CommandText", Property.ContainingType: var owner } } assignment
                when operation is ISimpleAssignmentOperation or ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add }
                     && Implements(owner, _dbCommand):
                return new StringSink(assignment.Value, assignment.GetMemberNameLocation(), AdoCommandText);

            default:
                return null;
        }
    }

    private static IOperation? Argument(ImmutableArray<IArgumentOperation> arguments, string parameter)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter is { Name: var name, Type: var type } && name == parameter && IsSqlText(type)
                && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>A string, or EF Core 2's <c>RawSqlString</c> (a string converted implicitly; not a <c>FormattableString</c>).</summary>
    private static bool IsSqlText(ITypeSymbol type) =>
        type.SpecialType == SpecialType.System_String
        || type is INamedTypeSymbol { Name: "RawSqlString", ContainingNamespace: { Name: "EntityFrameworkCore", ContainingNamespace.Name: "Microsoft" } };

    private static bool Implements(ITypeSymbol? type, INamedTypeSymbol? itf) =>
        type is not null && itf is not null && (type.Is(itf) || type.AllInterfaces.Any(i => i.Is(itf)));
}
