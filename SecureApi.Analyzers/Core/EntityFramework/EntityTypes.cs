using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using SecureApi.Analyzers.Core.AppFacts;

namespace SecureApi.Analyzers.Core.EntityFramework;

/// <summary>
/// The EF Core entities of the app: the <c>T</c> of every <c>DbSet&lt;T&gt;</c> property of a <c>DbContext</c>
/// subclass (inherited ones too, so <c>IdentityDbContext&lt;TUser&gt;</c> brings its user, role and claim types), and
/// Identity user types (<c>IdentityUser&lt;TKey&gt;</c> and what derives from it). The DbContext often lives in another
/// project of the solution (Infrastructure): the solution's own referenced assemblies (<see cref="SolutionAssemblies"/>)
/// are read too. Computed once per compilation, the first time a rule asks (only when a candidate exists).
/// </summary>
internal sealed class EntityTypes
{
    // Words a tree spells when it declares a context that adds sets (see Collect).
    private static readonly string[] ContextWords = { "DbSet", "DbContext", "IdentityDbContext", "IdentityUserContext" };

    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol? _dbContext;
    private readonly INamedTypeSymbol? _dbSet;
    private readonly INamedTypeSymbol? _identityUser;
    private readonly CompilationFacts.LazyFact<HashSet<ITypeSymbol>> _entities;

    public EntityTypes(KnownTypes types)
    {
        _compilation = types.Compilation;
        _dbContext = types.DbContext;
        _dbSet = types.DbSet;
        _identityUser = types.IdentityUser;
        _entities = new CompilationFacts.LazyFact<HashSet<ITypeSymbol>>(Collect);
    }

    /// <summary>EF Core is referenced: entities can exist.</summary>
    public bool IsAvailable => _dbContext is not null && _dbSet is not null;

    /// <summary>An Identity user type: <c>IdentityUser</c> or a class derived from it.</summary>
    public bool IsIdentityUser(ITypeSymbol? type) => type.IsOrDerivesFrom(_identityUser);

    /// <summary>An entity (or a class derived from one, TPH), or an Identity user type.</summary>
    public bool IsEntity(ITypeSymbol? type, CancellationToken cancellationToken)
    {
        if (type is not INamedTypeSymbol { TypeKind: TypeKind.Class, SpecialType: SpecialType.None } || !IsAvailable && _identityUser is null)
        {
            return false;
        }

        if (IsIdentityUser(type))
        {
            return true;
        }

        if (!IsAvailable)
        {
            return false;
        }

        var entities = _entities.Get(cancellationToken);
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (entities.Contains(current.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Is the type a <c>DbSet&lt;T&gt;</c>?</summary>
    public bool IsDbSet(ITypeSymbol? type) => type.Is(_dbSet);

    /// <summary>Is the type a <c>DbContext</c> (or derived)?</summary>
    public bool IsDbContext(ITypeSymbol? type) => type.IsOrDerivesFrom(_dbContext);

    private HashSet<ITypeSymbol> Collect(CancellationToken cancellationToken)
    {
        // Visiting every type and its base types is the cost: only where a context can be declared. A context that adds
        // sets spells DbSet (or derives from Identity's contexts); an assembly declaring one references EF Core.
        var entities = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        if (_compilation.SyntaxTrees.Any(tree => ContextWords.Any(word => TreeIdentifiers.Contains(tree, word, cancellationToken))))
        {
            Visit(_compilation.Assembly.GlobalNamespace, entities, cancellationToken);
        }

        foreach (var assembly in _compilation.SourceModule.ReferencedAssemblySymbols)
        {
            if (ReferencesEntityFramework(assembly) && SolutionAssemblies.IsOwn(assembly, _compilation))
            {
                Visit(assembly.GlobalNamespace, entities, cancellationToken);
            }
        }

        return entities;
    }

    private static bool ReferencesEntityFramework(IAssemblySymbol assembly) =>
        assembly.Modules.Any(module => module.ReferencedAssemblies.Any(reference => reference.Name.StartsWith("Microsoft.EntityFrameworkCore", System.StringComparison.Ordinal)));

    private void Visit(INamespaceOrTypeSymbol container, HashSet<ITypeSymbol> entities, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (container is INamespaceSymbol ns)
        {
            foreach (var inner in ns.GetNamespaceMembers())
            {
                Visit(inner, entities, cancellationToken);
            }
        }

        // Types only: GetMembers() would load every method and property of every type (of metadata assemblies too).
        foreach (var type in container.GetTypeMembers())
        {
            if (type.TypeKind == TypeKind.Class && !type.Is(_dbContext) && type.IsOrDerivesFrom(_dbContext))
            {
                AddSets(type, entities);
            }

            Visit(type, entities, cancellationToken);
        }
    }

    /// <summary>The element types of the context's <c>DbSet&lt;T&gt;</c> properties, its base contexts' included (as constructed there).</summary>
    private void AddSets(INamedTypeSymbol context, HashSet<ITypeSymbol> entities)
    {
        for (var current = context; current is not null && !current.Is(_dbContext); current = current.BaseType)
        {
            foreach (var member in current.GetMembers())
            {
                if (member is IPropertySymbol { Type: INamedTypeSymbol { TypeArguments.Length: 1 } set } && set.Is(_dbSet)
                    && set.TypeArguments[0] is INamedTypeSymbol { TypeKind: TypeKind.Class } entity)
                {
                    entities.Add(entity.OriginalDefinition);
                }
            }
        }
    }
}
