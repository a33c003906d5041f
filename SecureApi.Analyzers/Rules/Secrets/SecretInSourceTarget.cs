using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>
/// Where a string literal goes, as the name it is stored under: a field, property, local, parameter default, named
/// or positional argument, object or anonymous-object member, a dictionary or indexer entry (<c>["Jwt:Key"]</c>,
/// <c>{ "ApiKey", "..." }</c>, <c>new KeyValuePair&lt;,&gt;("ApiKey", "...")</c>), the return value of a member, or
/// the other side of an equality test. Fallbacks (<c>config["ApiKey"] ?? "..."</c>) and conditional branches pass
/// the literal through to what receives the whole expression.
/// </summary>
internal sealed class SecretInSourceTarget
{
    public static readonly SecretInSourceTarget None = new(null, null, isDocumentation: false);

    private static readonly SecretInSourceTarget Documentation = new(null, null, isDocumentation: true);

    /// <summary>Attribute parameters that hold prose (<c>[Obsolete("...")]</c>, <c>[Description("...")]</c>).</summary>
    private static readonly HashSet<string> ProseParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "message", "description", "summary", "remarks", "example", "text", "title", "displayName", "diagnosticMessage",
    };

    /// <summary>The parameter that names the entry a <c>value</c> argument is stored under (<c>Add(key, value)</c>).</summary>
    private static readonly HashSet<string> KeyParameters = new(StringComparer.Ordinal) { "key", "variable" };

    private SecretInSourceTarget(string? name, string? configurationKey, bool isDocumentation)
    {
        Name = name;
        ConfigurationKey = configurationKey;
        IsDocumentation = isDocumentation;
    }

    /// <summary>The name the value is stored under (for a key, its last segment: <c>Key</c> for <c>Jwt:Key</c>).</summary>
    public string? Name { get; }

    /// <summary>The dictionary or indexer key the code writes the value under (<c>Jwt:Key</c>).</summary>
    public string? ConfigurationKey { get; }

    /// <summary>Prose in an attribute: never a secret.</summary>
    public bool IsDocumentation { get; }

    /// <summary>How the name is shown in messages: the key when the code names one.</summary>
    public string? DisplayName => ConfigurationKey ?? Name;

    public static SecretInSourceTarget Of(IOperation literal, ISymbol containingSymbol)
    {
        var value = literal;
        while (value.Parent is { } up
               && (up is IConversionOperation
                   || up is ICoalesceOperation coalesce && coalesce.WhenNull == value
                   || up is IConditionalOperation conditional && (conditional.WhenTrue == value || conditional.WhenFalse == value)))
        {
            value = up;
        }

        return value.Parent switch
        {
            IFieldInitializerOperation field when !field.InitializedFields.IsEmpty => Named(field.InitializedFields[0].Name),
            IPropertyInitializerOperation property when !property.InitializedProperties.IsEmpty => Named(property.InitializedProperties[0].Name),
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => Named(declarator.Symbol?.Name),
            IParameterInitializerOperation parameter => Named(parameter.Parameter?.Name),
            ISimpleAssignmentOperation assignment when assignment.Value == value => OfAssignmentTarget(assignment.Target),
            IArgumentOperation argument => OfArgument(argument),
            IReturnOperation @return => OfReturn(@return, containingSymbol),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary =>
                Named((binary.LeftOperand == value ? binary.RightOperand : binary.LeftOperand).GetReferencedSymbol()?.Name),
            _ => None,
        };
    }

    private static SecretInSourceTarget Named(string? name) => name is null ? None : new SecretInSourceTarget(name, null, isDocumentation: false);

    private static SecretInSourceTarget Keyed(string key) => new(LastSegment(key), key, isDocumentation: false);

    private static SecretInSourceTarget OfAssignmentTarget(IOperation target)
    {
        if (target is IPropertyReferenceOperation { Arguments.Length: 1 } indexer)
        {
            return indexer.Arguments[0].Value.TryGetConstantString(out var key) && key.Length > 0 ? Keyed(key) : None;
        }

        return Named(target.GetReferencedSymbol()?.Name);
    }

    private static SecretInSourceTarget OfArgument(IArgumentOperation argument)
    {
        if (argument.Parameter is not { } parameter)
        {
            return None;
        }

        if (argument.Syntax.Parent?.Parent is AttributeSyntax && ProseParameters.Contains(parameter.Name))
        {
            return Documentation;
        }

        // Add("Jwt:Key", "..."), new KeyValuePair<string, string?>("ApiKey", "..."), SetEnvironmentVariable("API_KEY", "...").
        if (parameter.Name == "value" && KeyOf(argument) is { } key)
        {
            return Keyed(key);
        }

        // A parameter named just "key" takes a lookup key (cache, dictionary, options), not key material.
        return KeyParameters.Contains(parameter.Name) ? None : Named(parameter.Name);
    }

    private static string? KeyOf(IArgumentOperation value)
    {
        var arguments = value.Parent switch
        {
            IInvocationOperation invocation => invocation.Arguments,
            IObjectCreationOperation creation => creation.Arguments,
            _ => default,
        };

        if (arguments.IsDefault)
        {
            return null;
        }

        foreach (var argument in arguments)
        {
            if (argument != value && argument.Parameter is { } parameter && KeyParameters.Contains(parameter.Name)
                && argument.Value.TryGetConstantString(out var key) && key.Length > 0)
            {
                return key;
            }
        }

        return null;
    }

    /// <summary>The member whose value is returned: a property (through its getter), a method, a local function; not a lambda.</summary>
    private static SecretInSourceTarget OfReturn(IReturnOperation @return, ISymbol containingSymbol)
    {
        for (var current = @return.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation:
                    return None;
                case ILocalFunctionOperation local:
                    return Named(local.Symbol?.Name);
            }
        }

        return containingSymbol switch
        {
            IMethodSymbol { AssociatedSymbol: IPropertySymbol property } => Named(property.Name),
            IMethodSymbol { MethodKind: MethodKind.Ordinary } method => Named(method.Name),
            _ => None,
        };
    }

    /// <summary><c>Jwt:SigningKey</c> is stored as <c>SigningKey</c>; <c>Jwt__Key</c> (environment form) as <c>Key</c>.</summary>
    private static string LastSegment(string key)
    {
        var colon = key.LastIndexOf(':');
        var underscores = key.LastIndexOf("__", StringComparison.Ordinal);
        var start = Math.Max(colon + 1, underscores >= 0 ? underscores + 2 : 0);
        return start < key.Length ? key.Substring(start) : key;
    }
}
