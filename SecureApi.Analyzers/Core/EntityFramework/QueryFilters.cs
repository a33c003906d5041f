using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.AppFacts;
using SecureApi.Analyzers.Core.Naming;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.EntityFramework;

/// <summary>
/// Entity types whose EF Core global query filter (<c>HasQueryFilter</c>, in <c>OnModelCreating</c> or an
/// <c>IEntityTypeConfiguration&lt;T&gt;</c>) refers to a user or tenant: every query of the type is already scoped to
/// the caller. A filter on a type not known here (the non-generic <c>EntityTypeBuilder</c>, a type parameter of a helper
/// that applies it to many types) or built from an expression that is not a lambda is taken to scope every entity:
/// not knowing is not a finding. Computed once per compilation, binding only the trees that spell <c>HasQueryFilter</c>.
/// </summary>
internal sealed class QueryFilters
{
    private readonly HashSet<ITypeSymbol> _filtered;
    private readonly bool _everyType;

    private QueryFilters(HashSet<ITypeSymbol> filtered, bool everyType)
    {
        _filtered = filtered;
        _everyType = everyType;
    }

    /// <summary>Is every query of <paramref name="entity"/> (or of a base type it is stored with) scoped to the caller?</summary>
    public bool ScopesToCaller(ITypeSymbol entity)
    {
        if (_everyType)
        {
            return true;
        }

        for (var current = entity; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (_filtered.Contains(current.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    public static QueryFilters Compute(Compilation compilation, KnownTypes types, CancellationToken cancellationToken)
    {
        var filtered = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var everyType = false;
        foreach (var (model, name) in CompilationFacts.NamesMentioning(compilation, "HasQueryFilter", cancellationToken))
        {
            if (name.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } syntax
                || model.GetOperation(syntax, cancellationToken) is not IInvocationOperation { TargetMethod.Name: "HasQueryFilter" } call
                || !call.Arguments.Any(a => RefersToCaller(a.Value)))
            {
                continue;
            }

            var builder = call.Instance?.Type ?? call.TargetMethod.ContainingType;
            if (builder is INamedTypeSymbol { TypeArguments.Length: 1 } generic && generic.TypeArguments[0] is INamedTypeSymbol entity
                && builder.IsOrDerivesFrom(types.EntityTypeBuilder))
            {
                filtered.Add(entity.OriginalDefinition);
            }
            else
            {
                everyType = true;
            }
        }

        return new QueryFilters(filtered, everyType);
    }

    /// <summary>A filter lambda that reads an owner member or the caller (<c>e.TenantId == _tenant.Id</c>); any other filter expression counts.</summary>
    private static bool RefersToCaller(IOperation value)
    {
        value = value.WalkDownConversions();
        if (value is IDelegateCreationOperation creation)
        {
            value = creation.Target;
        }

        if (value is not IAnonymousFunctionOperation lambda)
        {
            // A filter name (EF Core 10 named filters) is not the filter; an expression built elsewhere may be anything.
            return value.Type?.SpecialType != SpecialType.System_String;
        }

        foreach (var operation in lambda.Body.DescendantsAndSelf())
        {
            var name = operation switch
            {
                IMemberReferenceOperation member => member.Member.Name,
                IInvocationOperation invocation => invocation.TargetMethod.Name,
                ILocalReferenceOperation local => local.Local.Name,
                _ => null,
            };
            if (name is not null && (OwnerNames.IsOwnerMember(name) || OwnerNames.SaysCallerIdentity(name)))
            {
                return true;
            }
        }

        return false;
    }
}
