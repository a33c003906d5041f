using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SecureApi.Analyzers.Core.Operations;

/// <summary>
/// The other member assignments made to the object one member assignment writes, as far as one member body shows
/// them: the siblings in its object initializer, assignments through the same reference (<c>settings.X</c>,
/// <c>o.SerializerSettings.X</c>, <c>_settings.X</c>) anywhere in the body, and the initializers of creations stored
/// in that reference (<c>var settings = new T { X = ... }</c> then <c>settings.Y = ...</c>, either way round).
/// Flow-insensitive: "is Y also set on this object" questions accept any of them.
/// </summary>
internal static class SameObjectAssignments
{
    /// <summary>Assignments to <paramref name="memberName"/> of the object <paramref name="assignment"/> writes a member of.</summary>
    public static IEnumerable<ISimpleAssignmentOperation> Of(ISimpleAssignmentOperation assignment, string memberName)
    {
        if (assignment.Target is not IMemberReferenceOperation target)
        {
            yield break;
        }

        var root = assignment.GetRoot();
        Storage? storage = null;
        if (assignment.Parent is IObjectOrCollectionInitializerOperation initializer)
        {
            foreach (var sibling in Named(initializer, memberName))
            {
                yield return sibling;
            }

            // The created object is named by what stores it: a local, a field, a property (or a nested member initializer).
            storage = initializer.Parent switch
            {
                IObjectCreationOperation creation => StoredIn(creation),
                IMemberInitializerOperation member => new Storage(null, member.InitializedMember),
                _ => null,
            };
        }
        else if (target.Instance is { } instance && instance is not IInstanceReferenceOperation)
        {
            storage = new Storage(null, instance);
        }

        if (storage is not { } named)
        {
            yield break;
        }

        foreach (var operation in root.Descendants())
        {
            if (operation is ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Instance: { } other } member } sibling
                && member.Member.Name == memberName
                && !ReferenceEquals(sibling, assignment)
                && named.Is(other))
            {
                yield return sibling;
            }
            else if (operation is IObjectCreationOperation { Initializer: { } created } creation
                && StoredIn(creation) is { } store
                && store.Is(named))
            {
                foreach (var initialized in Named(created, memberName))
                {
                    yield return initialized;
                }
            }
        }
    }

    /// <summary>Do both operations name the same storage: the same local or parameter, or the same member of the same reference?</summary>
    public static bool IsSameReference(IOperation first, IOperation second)
    {
        first = first.WalkDownConversions();
        second = second.WalkDownConversions();
        return (first, second) switch
        {
            (ILocalReferenceOperation a, ILocalReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Local, b.Local),
            (IParameterReferenceOperation a, IParameterReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Parameter, b.Parameter),
            (IInstanceReferenceOperation, IInstanceReferenceOperation) => true,
            (IFieldReferenceOperation a, IFieldReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Field, b.Field) && SameInstance(a.Instance, b.Instance),
            (IPropertyReferenceOperation { Arguments.Length: 0 } a, IPropertyReferenceOperation { Arguments.Length: 0 } b) =>
                SymbolEqualityComparer.Default.Equals(a.Property, b.Property) && SameInstance(a.Instance, b.Instance),
            _ => false,
        };
    }

    private static bool SameInstance(IOperation? first, IOperation? second) =>
        first is null ? second is null : second is not null && IsSameReference(first, second);

    /// <summary>The local, field or property a creation is stored in: a declared local, or an assignment's target.</summary>
    private static Storage? StoredIn(IObjectCreationOperation creation) => creation.WalkUpConversions().Parent switch
    {
        IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => new Storage(declarator.Symbol, null),
        ISimpleAssignmentOperation { Target: var target } => new Storage(null, target),
        _ => null,
    };

    private static IEnumerable<ISimpleAssignmentOperation> Named(IObjectOrCollectionInitializerOperation initializer, string memberName)
    {
        foreach (var member in initializer.Initializers)
        {
            if (member is ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member.Name: var name } } sibling && name == memberName)
            {
                yield return sibling;
            }
        }
    }

    /// <summary>Where an object is kept: a declared local, or a reference (local, parameter, field or property chain).</summary>
    private readonly struct Storage
    {
        private readonly ILocalSymbol? _local;
        private readonly IOperation? _reference;

        public Storage(ILocalSymbol? local, IOperation? reference)
        {
            _local = local;
            _reference = reference;
        }

        public bool Is(IOperation reference) =>
            _reference is not null
                ? IsSameReference(_reference, reference)
                : reference.WalkDownConversions() is ILocalReferenceOperation local && SymbolEqualityComparer.Default.Equals(local.Local, _local);

        public bool Is(Storage other) =>
            other._reference is not null ? Is(other._reference)
            : _reference is not null ? other.Is(_reference)
            : SymbolEqualityComparer.Default.Equals(_local, other._local);
    }
}
