using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>Recognizes the ways code reaches a TokenValidationParameters object and its ValidAlgorithms.</summary>
internal sealed class TokenValidationParametersCode
{
    private readonly INamedTypeSymbol? _parameters;
    private readonly INamedTypeSymbol? _jwtBearerOptions;
    private readonly INamedTypeSymbol? _openIdConnectOptions;

    public TokenValidationParametersCode(KnownTypes types)
    {
        _parameters = types.TokenValidationParameters;
        _jwtBearerOptions = types.JwtBearerOptions;
        _openIdConnectOptions = types.OpenIdConnectOptions;
    }

    public INamedTypeSymbol? ParametersType => _parameters;

    /// <summary><c>instance.ValidAlgorithms = ...</c>: gives the instance.</summary>
    public bool IsValidAlgorithmsAssignment(IOperation operation, out IOperation instance)
    {
        if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: { } target } property }
            && property.Property.IsMember(_parameters, "ValidAlgorithms"))
        {
            instance = target.WalkDownConversions();
            return true;
        }

        instance = operation;
        return false;
    }

    /// <summary><c>options.TokenValidationParameters</c> of JwtBearer/OpenIdConnect options: gives the options symbol.</summary>
    public bool IsOptionsParameters(IOperation operation, out ISymbol? options)
    {
        options = null;
        if (operation.WalkDownConversions() is IPropertyReferenceOperation { Instance: { } instance } property
            && property.Property.Name == "TokenValidationParameters"
            && (property.Property.ContainingType.Is(_jwtBearerOptions) || property.Property.ContainingType.Is(_openIdConnectOptions)))
        {
            options = instance.GetReferencedSymbol();
            return options is not null;
        }

        return false;
    }

    /// <summary>Every <c>x.ValidAlgorithms = ...</c> below <paramref name="root"/>, as their instances.</summary>
    public List<IOperation> ValidAlgorithmsInstances(IOperation root)
    {
        var instances = new List<IOperation>();
        foreach (var operation in root.Descendants())
        {
            if (IsValidAlgorithmsAssignment(operation, out var instance))
            {
                instances.Add(instance);
            }
        }

        return instances;
    }

    /// <summary>The options whose TokenValidationParameters are set to the local: <c>options.TokenValidationParameters = local</c>.</summary>
    public IEnumerable<(ISymbol Options, IOperation Site)> OptionsAssignedFrom(ILocalSymbol local, IOperation root)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation is ISimpleAssignmentOperation { Value: var value } assignment
                && value.WalkDownConversions() is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && IsOptionsParameters(assignment.Target, out var options) && options is not null)
            {
                yield return (options, assignment);
            }
        }
    }

    /// <summary>Does the object initializer of this creation set ValidAlgorithms?</summary>
    public bool InitializerPins(IObjectCreationOperation creation)
    {
        if (creation.Initializer is null)
        {
            return false;
        }

        foreach (var member in creation.Initializer.Initializers)
        {
            if (IsValidAlgorithmsAssignment(member, out _))
            {
                return true;
            }
        }

        return false;
    }
}
