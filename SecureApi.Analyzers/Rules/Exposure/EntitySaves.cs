using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.EntityFramework;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Exposure;

/// <summary>
/// Where EF Core starts tracking an object as it is, to be inserted or updated with every property it carries:
/// <c>Add</c>, <c>AddAsync</c>, <c>AddRange</c>, <c>AddRangeAsync</c>, <c>Update</c>, <c>UpdateRange</c>, <c>Attach</c>,
/// <c>AttachRange</c> of a <c>DbSet&lt;T&gt;</c> or a <c>DbContext</c>, and <c>Entry(x).State = EntityState.Modified</c>
/// (or <c>Added</c>). Answers which parameters of the method are passed there as they are.
/// </summary>
internal sealed class EntitySaves
{
    private static readonly HashSet<string> Methods = new(System.StringComparer.Ordinal)
    {
        "Add", "AddAsync", "AddRange", "AddRangeAsync", "Update", "UpdateRange", "Attach", "AttachRange",
    };

    private readonly EntityTypes _entities;
    private readonly INamedTypeSymbol? _entityState;

    public EntitySaves(KnownTypes types, EntityTypes entities)
    {
        _entities = entities;
        _entityState = types.EntityState;
    }

    /// <summary>
    /// The parameters an EF call (or state assignment) tracks, with the method's name for the message and whether
    /// the receiver is a <c>DbSet&lt;T&gt;</c> (its element type is an entity by definition).
    /// </summary>
    public IEnumerable<(IParameterSymbol Parameter, string Method, bool OnSet)> Tracked(IOperation operation)
    {
        switch (operation)
        {
            case IInvocationOperation call when Methods.Contains(call.TargetMethod.Name):
                var owner = call.TargetMethod.ContainingType;
                var onSet = _entities.IsDbSet(owner);
                if (!onSet && !_entities.IsDbContext(owner))
                {
                    yield break;
                }

                foreach (var argument in call.Arguments)
                {
                    if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter?.Type.Name == "CancellationToken")
                    {
                        continue;
                    }

                    var value = argument.Value.WalkDownConversions();
                    if (value is IArrayCreationOperation { Initializer: { } items } && argument.ArgumentKind == ArgumentKind.ParamArray)
                    {
                        foreach (var item in items.ElementValues)
                        {
                            if (item.WalkDownConversions() is IParameterReferenceOperation element)
                            {
                                yield return (element.Parameter, call.TargetMethod.Name, onSet);
                            }
                        }
                    }
                    else if (value is IParameterReferenceOperation reference)
                    {
                        yield return (reference.Parameter, call.TargetMethod.Name, onSet);
                    }
                }

                break;

            case ISimpleAssignmentOperation
            {
                Target: IPropertyReferenceOperation { Property.Name: "State", Instance: IInvocationOperation { TargetMethod.Name: "Entry", Arguments.Length: 1 } entry },
            } assignment
                when _entities.IsDbContext(entry.TargetMethod.ContainingType)
                     && assignment.Value.WalkDownConversions() is IFieldReferenceOperation { Field: { Name: "Modified" or "Added" } state }
                     && state.ContainingType.Is(_entityState)
                     && entry.Arguments[0].Value.WalkDownConversions() is IParameterReferenceOperation tracked:
                yield return (tracked.Parameter, "Entry(...).State = EntityState." + state.Name, false);
                break;
        }
    }

    /// <summary>Could <see cref="Tracked"/> find anything here? A cheap test before its enumerator is created.</summary>
    public static bool MayTrack(IOperation operation) => operation switch
    {
        IInvocationOperation call => Methods.Contains(call.TargetMethod.Name),
        ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "State" } } => true,
        _ => false,
    };

    /// <summary>Does the declaration spell one of the saving methods or <c>State</c>? A cheap look before its body is bound.</summary>
    public static bool MaySave(SyntaxNode declaration)
    {
        foreach (var token in declaration.DescendantTokens())
        {
            if (token.IsKind(SyntaxKind.IdentifierToken) && (Methods.Contains(token.ValueText) || token.ValueText == "State"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Is the parameter's type (or, for the range methods, its element type) an entity?</summary>
    public bool IsEntityParameter(IParameterSymbol parameter, bool onSet, System.Threading.CancellationToken cancellationToken)
    {
        var type = ResponseBodies.ElementType(parameter.Type);
        return type is INamedTypeSymbol { TypeKind: TypeKind.Class } && (onSet || _entities.IsEntity(type, cancellationToken));
    }
}
