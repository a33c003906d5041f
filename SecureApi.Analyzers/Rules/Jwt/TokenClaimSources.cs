using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>
/// One claim that ends up in a token: a <c>new Claim(type, value)</c>, or a dictionary entry (<c>["sst"] = value</c>,
/// <c>{ "sst", value }</c>, <c>payload.Add("sst", value)</c>). <see cref="Site"/> is where it is created (and reported).
/// </summary>
internal readonly struct TokenClaim
{
    public TokenClaim(IOperation site, IOperation? type, IOperation? value)
    {
        Site = site;
        Type = type;
        Value = value;
    }

    public IOperation Site { get; }

    public IOperation? Type { get; }

    public IOperation? Value { get; }
}

/// <summary>
/// The claims a value handed to a token carries (SAPI1008), found backwards through the method that builds it: claim
/// creations, <c>ClaimsIdentity</c> constructors, list, array and dictionary initializers, collection expressions and
/// spreads, locals with what is added to them (<c>Add</c>, <c>AddRange</c>, <c>AddClaim</c>, <c>AddClaims</c>,
/// indexer writes), LINQ and collection methods (<c>Concat</c>, <c>ToList</c>, the lambda of <c>Select</c>), <c>?:</c> and
/// <c>??</c>. Parameters, fields and other methods are not followed: only what this method builds is judged.
/// </summary>
internal sealed class TokenClaimSources
{
    private const int MaxDepth = 8;

    private readonly INamedTypeSymbol? _claim;
    private readonly INamedTypeSymbol? _claimsIdentity;

    public TokenClaimSources(KnownTypes types)
    {
        _claim = types.Claim;
        _claimsIdentity = types.ClaimsIdentity;
    }

    /// <summary>Can a value of this type carry claims: a claim, an identity, a sequence of claims, a claims dictionary?</summary>
    public bool CanCarryClaims(ITypeSymbol? type)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                return array.ElementType.Is(_claim);
            case INamedTypeSymbol named when named.Is(_claim) || named.IsOrDerivesFrom(_claimsIdentity):
                return true;
            case INamedTypeSymbol { IsGenericType: true } generic:
                var arguments = generic.TypeArguments;
                return arguments.Length == 1 && arguments[0].Is(_claim)
                       || arguments.Length == 2 && arguments[0].SpecialType == SpecialType.System_String && arguments[1].SpecialType == SpecialType.System_Object;
            default:
                return false;
        }
    }

    public List<TokenClaim> Find(IOperation value)
    {
        var found = new List<TokenClaim>();
        Collect(value, found, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default), 0);
        return found;
    }

    private void Collect(IOperation operation, List<TokenClaim> found, HashSet<ILocalSymbol> visited, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }

        depth++;
        switch (operation.WalkDownConversions())
        {
            case IObjectCreationOperation creation when creation.Type.Is(_claim):
                found.Add(new TokenClaim(creation, Argument(creation.Arguments, "type"), Argument(creation.Arguments, "value")));
                break;

            // new ClaimsIdentity(claims, ...), new List<Claim>(claims) { ... }, new Dictionary<string, object> { ... }
            case IObjectCreationOperation creation:
                foreach (var argument in creation.Arguments)
                {
                    if (CanCarryClaims(argument.Parameter?.Type))
                    {
                        Collect(argument.Value, found, visited, depth);
                    }
                }

                if (creation.Initializer is { } initializer)
                {
                    foreach (var element in initializer.Initializers)
                    {
                        Added(element, found, visited, depth);
                    }
                }

                break;

            case IArrayCreationOperation { Initializer: { } array }:
                foreach (var element in array.ElementValues)
                {
                    Collect(element, found, visited, depth);
                }

                break;

            // [a, b, .. more]: ICollectionExpressionOperation and ISpreadOperation are newer than Roslyn 4.8; on every
            // version the children of the collection are its elements, and a spread's child is what it spreads.
            case { Syntax: CollectionExpressionSyntax or SpreadElementSyntax } collection:
                foreach (var element in collection.ChildOperations)
                {
                    Collect(element, found, visited, depth);
                }

                break;

            case ILocalReferenceOperation local when visited.Add(local.Local):
                var root = local.GetRoot();
                foreach (var assigned in LocalAssignments.Of(root).ValuesOf(local.Local))
                {
                    Collect(assigned, found, visited, depth);
                }

                foreach (var reference in SymbolReferences.Of(local.Local, root))
                {
                    Added(reference.WalkUpConversions().Parent, found, visited, depth);
                }

                break;

            case IConditionalOperation conditional:
                Collect(conditional.WhenTrue, found, visited, depth);
                if (conditional.WhenFalse is { } whenFalse)
                {
                    Collect(whenFalse, found, visited, depth);
                }

                break;

            case ICoalesceOperation coalesce:
                Collect(coalesce.Value, found, visited, depth);
                Collect(coalesce.WhenNull, found, visited, depth);
                break;

            // claims.Concat(extra).ToList(), roles.Select(role => new Claim(ClaimTypes.Role, role))
            case IInvocationOperation invocation when IsCollectionMethod(invocation.TargetMethod):
                if (invocation.Instance is { } instance)
                {
                    Collect(instance, found, visited, depth);
                }

                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Value.WalkDownConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda })
                    {
                        foreach (var returned in lambda.Body.DescendantsAndSelf())
                        {
                            if (returned is IReturnOperation { ReturnedValue: { } result })
                            {
                                Collect(result, found, visited, depth);
                            }
                        }
                    }
                    else
                    {
                        Collect(argument.Value, found, visited, depth);
                    }
                }

                break;
        }
    }

    /// <summary>
    /// What an initializer element or a use of a local adds to the collection: <c>Add(claim)</c>, <c>AddRange(claims)</c>,
    /// <c>AddClaim(claim)</c>, <c>Add("key", value)</c>, <c>["key"] = value</c>.
    /// </summary>
    private void Added(IOperation? use, List<TokenClaim> found, HashSet<ILocalSymbol> visited, int depth)
    {
        switch (use)
        {
            case IInvocationOperation { TargetMethod.Name: "Add" or "TryAdd", Arguments: { Length: 2 } arguments } entry
                when arguments[0].Value.Type?.SpecialType == SpecialType.System_String:
                found.Add(new TokenClaim(entry, arguments[0].Value, arguments[1].Value));
                break;

            case IInvocationOperation { TargetMethod.Name: "Add" or "AddRange" or "AddClaim" or "AddClaims" or "Insert" or "InsertRange" } add:
                foreach (var argument in add.Arguments)
                {
                    if (CanCarryClaims(argument.Value.WalkDownConversions().Type))
                    {
                        Collect(argument.Value, found, visited, depth);
                    }
                }

                break;

            case IPropertyReferenceOperation { Property.IsIndexer: true, Arguments: { Length: 1 } key, Parent: ISimpleAssignmentOperation write } indexer
                when ReferenceEquals(write.Target, indexer):
                found.Add(new TokenClaim(write, key[0].Value, write.Value));
                break;

            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true, Arguments: { Length: 1 } key } } write:
                found.Add(new TokenClaim(write, key[0].Value, write.Value));
                break;
        }
    }

    private static bool IsCollectionMethod(IMethodSymbol method) =>
        method.ContainingNamespace?.ToDisplayString() is { } name
        && (name == "System.Linq" || name.StartsWith("System.Collections", System.StringComparison.Ordinal));

    private static IOperation? Argument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, string parameter)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Name == parameter)
            {
                return argument.Value;
            }
        }

        return null;
    }
}
