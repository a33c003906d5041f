using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.EntityFramework;
using SecureApi.Analyzers.Core.Naming;

namespace SecureApi.Analyzers.Rules.Exposure;

/// <summary>
/// The members of a response type that a JSON serializer writes and that hold something sensitive
/// (<see cref="SensitiveMemberNames"/>): public readable instance properties, inherited ones included (IdentityUser's
/// PasswordHash and SecurityStamp come from metadata), without <c>[JsonIgnore]</c> (System.Text.Json's with the default
/// or <c>Always</c> condition, or Newtonsoft's). Cached per type for the compilation.
/// </summary>
internal sealed class SensitiveMembers
{
    /// <summary><c>JsonIgnoreCondition.Always</c>: the value of the enum member that ignores in both directions.</summary>
    private const int AlwaysCondition = 1;

    private static readonly System.Func<string, (string? Always, string? Stored)> DescribeName = name =>
        SensitiveMemberNames.Describe(name, storedRecord: true) is { } stored ? (SensitiveMemberNames.Describe(name, storedRecord: false), stored) : (null, null);

    private readonly INamedTypeSymbol? _systemTextJsonIgnore;
    private readonly INamedTypeSymbol? _newtonsoftJsonIgnore;
    private readonly EntityTypes _entities;
    private readonly ConcurrentDictionary<ITypeSymbol, ImmutableArray<Member>> _cache = new(SymbolEqualityComparer.Default);

    // Response types share most member names (Id, Name, CreatedAt): each name is split into words once.
    private readonly ConcurrentDictionary<string, (string? Always, string? Stored)> _byName = new(System.StringComparer.Ordinal);

    public SensitiveMembers(KnownTypes types, EntityTypes entities)
    {
        _systemTextJsonIgnore = types.SystemTextJsonIgnoreAttribute;
        _newtonsoftJsonIgnore = types.NewtonsoftJsonIgnoreAttribute;
        _entities = entities;
    }

    /// <summary>The sensitive serialized members of <paramref name="type"/> (empty for most types).</summary>
    public ImmutableArray<Member> Of(ITypeSymbol type, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue(type, out var known))
        {
            return known;
        }

        var members = Compute(type, cancellationToken);
        return _cache.GetOrAdd(type, members);
    }

    private ImmutableArray<Member> Compute(ITypeSymbol type, CancellationToken cancellationToken)
    {
        // Names first (cheap); whether the type is an entity is asked only when a token or key needs it.
        var candidates = new List<(IPropertySymbol Property, string? Always, string? Stored)>();
        var seen = new HashSet<string>(System.StringComparer.Ordinal);
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            // Member names come without creating member symbols: most types have no sensitive name at all.
            if (current is INamedTypeSymbol named && !named.MemberNames.Any(name => _byName.GetOrAdd(name, DescribeName).Stored is not null))
            {
                continue;
            }

            foreach (var member in current.GetMembers())
            {
                if (member is not IPropertySymbol { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public, GetMethod.DeclaredAccessibility: Accessibility.Public } property
                    || !seen.Add(property.Name) || !CanHoldSecret(property.Type))
                {
                    continue;
                }

                var (always, stored) = _byName.GetOrAdd(property.Name, DescribeName);
                if (stored is not null && !IsIgnored(property))
                {
                    candidates.Add((property, always, stored));
                }
            }
        }

        if (candidates.Count == 0)
        {
            return ImmutableArray<Member>.Empty;
        }

        bool? isRecord = null;
        var result = ImmutableArray.CreateBuilder<Member>();
        foreach (var (property, always, stored) in candidates)
        {
            if (always is not null)
            {
                result.Add(new Member(property, always));
            }
            else if (isRecord ??= _entities.IsEntity(type, cancellationToken))
            {
                result.Add(new Member(property, stored!));
            }
        }

        return result.ToImmutable();
    }

    /// <summary><c>[JsonIgnore]</c> on the property or a property it overrides.</summary>
    private bool IsIgnored(IPropertySymbol property)
    {
        for (var current = property; current is not null; current = current.OverriddenProperty)
        {
            foreach (var attribute in current.GetAttributes())
            {
                if (attribute.AttributeClass.Is(_newtonsoftJsonIgnore))
                {
                    return true;
                }

                if (attribute.AttributeClass.Is(_systemTextJsonIgnore))
                {
                    var always = true;
                    foreach (var argument in attribute.NamedArguments)
                    {
                        if (argument.Key == "Condition")
                        {
                            always = argument.Value.Value is int condition && condition == AlwaysCondition;
                        }
                    }

                    if (always)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>A flag, a date or an enum says something about a secret, never holds one (<c>HasPassword</c>, <c>PasswordHashAlgorithm</c>).</summary>
    private static bool CanHoldSecret(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type.TypeKind != TypeKind.Enum
               && type.SpecialType is not (SpecialType.System_Boolean or SpecialType.System_DateTime)
               && type.Name is not ("DateTimeOffset" or "TimeSpan" or "DateOnly" or "TimeOnly");
    }

    /// <summary>A sensitive member and what it holds (for the message).</summary>
    public readonly struct Member
    {
        public Member(IPropertySymbol property, string what)
        {
            Property = property;
            What = what;
        }

        public IPropertySymbol Property { get; }

        public string What { get; }
    }
}
