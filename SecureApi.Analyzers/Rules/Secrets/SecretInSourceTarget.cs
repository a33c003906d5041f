using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Naming;
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

    private const int MaxPassThrough = 8;

    /// <summary>Attribute parameters that hold prose (<c>[Obsolete("...")]</c>, <c>[Description("...")]</c>).</summary>
    private static readonly HashSet<string> ProseParameters = new(StringComparer.OrdinalIgnoreCase)
    {
        "message", "description", "summary", "remarks", "example", "text", "title", "displayName", "diagnosticMessage",
    };

    /// <summary>The parameter that names the entry a <c>value</c> argument is stored under (<c>Add(key, value)</c>).</summary>
    private static readonly HashSet<string> KeyParameters = new(StringComparer.Ordinal) { "key", "variable" };

    /// <summary>The parameter or property receiving the value, whose API decides <see cref="Context"/> (read only when the name is a credential's).</summary>
    private readonly ISymbol? _receiver;

    private readonly SecretContext _context;

    private SecretInSourceTarget(string? name, string? configurationKey, bool isDocumentation, SecretContext context = SecretContext.Plain, ISymbol? receiver = null)
    {
        Name = name;
        ConfigurationKey = configurationKey;
        IsDocumentation = isDocumentation;
        _context = context;
        _receiver = receiver;
    }

    /// <summary>The name the value is stored under (for a key, its last segment: <c>Key</c> for <c>Jwt:Key</c>).</summary>
    public string? Name { get; }

    /// <summary>The dictionary or indexer key the code writes the value under (<c>Jwt:Key</c>).</summary>
    public string? ConfigurationKey { get; }

    /// <summary>Prose in an attribute: never a secret.</summary>
    public bool IsDocumentation { get; }

    /// <summary>Whether the receiving API takes credentials, or is plainly about something else (see <see cref="SecretContext"/>).</summary>
    public SecretContext Context => _receiver switch
    {
        IParameterSymbol parameter => ContextOf(parameter),
        IPropertySymbol property => IsCredentialApi(property.ContainingType) ? SecretContext.CredentialApi : SecretContext.Plain,
        _ => _context,
    };

    /// <summary>How the name is shown in messages: the key when the code names one.</summary>
    public string? DisplayName => ConfigurationKey ?? Name;

    public static SecretInSourceTarget Of(IOperation literal, ISymbol containingSymbol)
    {
        var value = literal;
        for (var hops = 0; hops < MaxPassThrough && value.Parent is { } up; hops++)
        {
            if (up is IConversionOperation
                || up is ICoalesceOperation coalesce && coalesce.WhenNull == value
                || up is IConditionalOperation conditional && (conditional.WhenTrue == value || conditional.WhenFalse == value))
            {
                value = up;
            }
            else if (up is IArgumentOperation { Parent: IInvocationOperation hash } && IsHashedSecret(hash, up))
            {
                // new Secret("secret".Sha256()): the hash of a literal is the literal's secret, stored where the hash goes.
                value = hash;
            }
            else
            {
                break;
            }
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

    private static SecretInSourceTarget Named(string? name, SecretContext context = SecretContext.Plain) =>
        name is null ? None : new SecretInSourceTarget(name, null, isDocumentation: false, context);

    /// <summary>Stored under the name of <paramref name="receiver"/>, a parameter or property whose API may take credentials.</summary>
    private static SecretInSourceTarget Received(ISymbol receiver) => new(receiver.Name, null, isDocumentation: false, receiver: receiver);

    /// <summary><c>"secret".Sha256()</c>: IdentityServer's hash extension applied to the value (its <c>this</c> argument).</summary>
    private static bool IsHashedSecret(IInvocationOperation call, IOperation argument) =>
        call.TargetMethod is { IsExtensionMethod: true, Parameters.Length: 1 } method
        && CredentialApis.IsSecretHash(method.Name)
        && call.Arguments.Length == 1 && call.Arguments[0] == argument;

    /// <summary>The API a parameter or property belongs to takes credentials (<see cref="CredentialApis"/>).</summary>
    private static bool IsCredentialApi(INamedTypeSymbol? type) =>
        type is not null && CredentialApis.IsCredentialType(FullMetadataName(type.OriginalDefinition));

    private static string? FullMetadataName(INamedTypeSymbol type)
    {
        if (type.ContainingType is not null)
        {
            return null;
        }

        var ns = type.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? type.MetadataName : ns.ToDisplayString() + "." + type.MetadataName;
    }

    private static SecretInSourceTarget Keyed(string key) => new(LastSegment(key), key, isDocumentation: false);

    private static SecretInSourceTarget OfAssignmentTarget(IOperation target)
    {
        if (target is IPropertyReferenceOperation { Arguments.Length: 1 } indexer)
        {
            return indexer.Arguments[0].Value.TryGetConstantString(out var key) && key.Length > 0 ? Keyed(key) : None;
        }

        if (target is IPropertyReferenceOperation { Property: var property })
        {
            // new Secret { Value = "..." }; builder.Password = "..." on SqlConnectionStringBuilder.
            if (property.Name == "Value" && CredentialApis.IsSecretType(property.ContainingType?.Name))
            {
                return Named(property.ContainingType!.Name, SecretContext.CredentialApi);
            }

            return Received(property);
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

        // new Secret("..."), new ClientSecret("..."): IdentityServer-style secrets, whatever the parameter is called.
        if (argument.Parent is IObjectCreationOperation { Type: { } created } && CredentialApis.IsSecretType(created.Name)
            && parameter.Ordinal == 0 && parameter.Type.SpecialType == SpecialType.System_String)
        {
            return Named(created.Name, SecretContext.CredentialApi);
        }

        // A parameter named just "key" takes a lookup key (cache, dictionary, options), not key material.
        return KeyParameters.Contains(parameter.Name) ? None : Received(parameter);
    }

    /// <summary>Does the method the parameter belongs to take credentials, or is it plainly about something else?</summary>
    private static SecretContext ContextOf(IParameterSymbol parameter)
    {
        if (parameter.ContainingSymbol is not IMethodSymbol method || method.ContainingType is not { } type)
        {
            return SecretContext.Plain;
        }

        if (IsCredentialApi(type))
        {
            return SecretContext.CredentialApi;
        }

        // A constructor is named by its type; a lambda or local function is judged like the code around it.
        if (method.MethodKind is MethodKind.AnonymousFunction or MethodKind.LocalFunction
            || method.MethodKind != MethodKind.Constructor && CredentialApis.IsAboutCredentials(method.Name)
            || CredentialApis.IsAboutCredentials(type.Name))
        {
            return SecretContext.Plain;
        }

        return SecretContext.OtherApi;
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
