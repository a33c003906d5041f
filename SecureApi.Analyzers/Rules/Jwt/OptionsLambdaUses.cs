using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>What a JwtBearer options lambda does with <c>options.TokenValidationParameters</c>.</summary>
internal readonly struct OptionsLambdaUses
{
    public static OptionsLambdaUses None { get; } = new(false, false, false, []);

    private OptionsLambdaUses(bool touches, bool replaces, bool pins, IOperation[] keys)
    {
        TouchesParameters = touches;
        ReplacesParameters = replaces;
        Pins = pins;
        Keys = keys;
    }

    /// <summary>Sets a property of <c>options.TokenValidationParameters</c> (other than ValidAlgorithms).</summary>
    public bool TouchesParameters { get; }

    /// <summary>Assigns <c>options.TokenValidationParameters = ...</c>.</summary>
    public bool ReplacesParameters { get; }

    /// <summary>Sets <c>options.TokenValidationParameters.ValidAlgorithms</c>.</summary>
    public bool Pins { get; }

    /// <summary>Values assigned to <c>IssuerSigningKey</c>/<c>IssuerSigningKeys</c>.</summary>
    public IOperation[] Keys { get; }

    public static OptionsLambdaUses Read(IAnonymousFunctionOperation lambda, TokenValidationParametersCode parameters)
    {
        var options = lambda.Symbol.Parameters.FirstOrDefault();
        if (options is null)
        {
            return None;
        }

        bool touches = false, replaces = false, pins = false;
        var keys = new List<IOperation>();
        foreach (var operation in lambda.Body.Descendants())
        {
            if (operation is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment)
            {
                continue;
            }

            if (target.Instance?.WalkDownConversions() is IParameterReferenceOperation owner && SymbolEqualityComparer.Default.Equals(owner.Parameter, options))
            {
                // options.X = ...
                replaces |= target.Property.Name == "TokenValidationParameters";
            }
            else if (target.Instance is { } instance && parameters.IsOptionsParameters(instance, out var symbol) && SymbolEqualityComparer.Default.Equals(symbol, options))
            {
                // options.TokenValidationParameters.X = ...
                if (target.Property.Name == "ValidAlgorithms")
                {
                    pins = true;
                }
                else
                {
                    touches = true;
                    if (target.Property.Name is "IssuerSigningKey" or "IssuerSigningKeys")
                    {
                        keys.Add(assignment.Value);
                    }
                }
            }
        }

        return new OptionsLambdaUses(touches, replaces, pins, keys.ToArray());
    }
}
