using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Naming;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Logging;

/// <summary>An expression that carries a secret, and what it carries ("a password", "the Authorization header").</summary>
internal readonly struct SecretSite
{
    public SecretSite(IOperation site, string what)
    {
        Site = site;
        What = what;
    }

    public IOperation Site { get; }

    public string What { get; }
}

/// <summary>
/// Does a logged value carry a secret (SAPI5003)? By the name of the variable or member it reads (the one credential
/// vocabulary, <see cref="CredentialNames"/>; authentication cookies by <see cref="CookieNames"/>), by what request
/// API it reads (the Authorization and Cookie headers, the request's cookies, headers, form or body text), by the
/// template placeholder it fills (<c>{Password}</c>), and through locals, string building, <c>await</c> and
/// pass-through string methods. Numbers, booleans and values computed from a secret by any other method (a hash, a
/// mask, <c>Substring</c>) carry nothing.
/// </summary>
internal sealed class SecretValues
{
    private const int MaxDepth = 6;

    /// <summary>Methods whose result is their receiver's (or first argument's) text, unchanged in substance.</summary>
    private static readonly HashSet<string> PassThroughMethods = new(StringComparer.Ordinal)
    {
        "ToString", "Trim", "TrimStart", "TrimEnd", "ToLower", "ToUpper", "ToLowerInvariant", "ToUpperInvariant", "Normalize",
        "AsSpan", "AsMemory", "ToCharArray", "ToArray", "ToList", "First", "FirstOrDefault", "Single", "SingleOrDefault",
        "Last", "LastOrDefault", "ElementAt", "GetString", "ToBase64String", "Concat", "Format", "Join", "GetValue",
    };

    /// <summary>Verbs of methods that hand out what their name says: <c>GetToken</c>, <c>GenerateApiKeyAsync</c>.</summary>
    private static readonly HashSet<string> ProducingVerbs = new(StringComparer.Ordinal)
    {
        "get", "read", "generate", "create", "issue", "new", "build", "find", "fetch", "load", "retrieve", "request", "acquire", "mint",
    };

    private readonly KnownTypes _types;

    public SecretValues(KnownTypes types) => _types = types;

    /// <summary>
    /// The parts of a logged value that carry a secret: each hole of an interpolated string and each operand of a
    /// concatenation on its own (the fix redacts just that part), else the value itself.
    /// </summary>
    public IEnumerable<SecretSite> Find(LoggedValue logged)
    {
        var value = logged.Value.WalkDownConversions();
        if (value is IInterpolatedStringOperation interpolated)
        {
            foreach (var part in interpolated.Parts)
            {
                if (part is IInterpolationOperation hole && Carried(hole.Expression, destructured: false, 0) is { } what)
                {
                    yield return new SecretSite(hole.Expression, what);
                }
            }

            yield break;
        }

        if (IsConcatenation(value))
        {
            foreach (var operand in Operands((IBinaryOperation)value))
            {
                if (Carried(operand, destructured: false, 0) is { } what)
                {
                    yield return new SecretSite(operand, what);
                }
            }

            yield break;
        }

        var destructured = logged.Placeholder is { Destructured: true };
        if ((Carried(value, destructured, 0) ?? ByPlaceholder(value, logged.Placeholder)) is { } carried)
        {
            yield return new SecretSite(logged.Value, carried);
        }
    }

    private static bool IsConcatenation(IOperation value) =>
        value is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String };

    private static IEnumerable<IOperation> Operands(IBinaryOperation concatenation)
    {
        foreach (var side in new[] { concatenation.LeftOperand, concatenation.RightOperand })
        {
            var operand = side.WalkDownConversions();
            if (IsConcatenation(operand))
            {
                foreach (var inner in Operands((IBinaryOperation)operand))
                {
                    yield return inner;
                }
            }
            else
            {
                yield return side;
            }
        }
    }

    /// <summary>What the value carries, or null.</summary>
    private string? Carried(IOperation operation, bool destructured, int depth)
    {
        var value = operation.WalkDownConversions();
        if (depth > MaxDepth || value.ConstantValue.HasValue)
        {
            return null;
        }

        // Request headers, cookies and forms are collections that print their entries; an awaited call's own type is a task.
        if (value is IPropertyReferenceOperation request && RequestData(request) is { } data)
        {
            return data;
        }

        if (value is IAwaitOperation { Operation: var awaitedOperation } && awaitedOperation.WalkDownConversions() is IInvocationOperation asynchronous)
        {
            return FromCall(asynchronous, destructured, depth + 1);
        }

        if (value.Type is { } type && !CanHoldText(type) && !PrintsMembers(type, destructured))
        {
            return null;
        }

        switch (value)
        {
            case ILocalReferenceOperation local:
                return ByName(local.Local.Name, local.Type) ?? FromLocal(local, destructured, depth) ?? WholeObject(local.Type, destructured);
            case IParameterReferenceOperation parameter:
                return ByName(parameter.Parameter.Name, parameter.Type) ?? WholeObject(parameter.Type, destructured);
            case IFieldReferenceOperation field:
                return ByName(field.Field.Name, field.Type) ?? WholeObject(field.Type, destructured);
            case IPropertyReferenceOperation property:
                return (property.Property.IsIndexer ? ByKey(property) : ByName(property.Property.Name, property.Type))
                       ?? WholeObject(property.Type, destructured);
            case IInvocationOperation call:
                return FromCall(call, destructured, depth);
            case IAwaitOperation awaited:
                return Carried(awaited.Operation, destructured, depth + 1);
            case IConditionalAccessOperation access:
                return Carried(access.WhenNotNull, destructured, depth + 1);
            case IConditionalAccessInstanceOperation instance:
                return instance.GetConditionalAccess() is { } outer ? Carried(outer.Operation, destructured, depth + 1) : null;
            case ICoalesceOperation coalesce:
                return Carried(coalesce.Value, destructured, depth + 1) ?? Carried(coalesce.WhenNull, destructured, depth + 1);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return Carried(conditional.WhenTrue, destructured, depth + 1) ?? Carried(whenFalse, destructured, depth + 1);
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    if (part is IInterpolationOperation hole && Carried(hole.Expression, false, depth + 1) is { } inHole)
                    {
                        return inHole;
                    }
                }

                return null;
            case IBinaryOperation binary when IsConcatenation(binary):
                return Carried(binary.LeftOperand, false, depth + 1) ?? Carried(binary.RightOperand, false, depth + 1);
            case IAnonymousObjectCreationOperation anonymous:
                foreach (var initializer in anonymous.Initializers)
                {
                    if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation member } assignment
                        && (ByName(member.Property.Name, member.Type) ?? Carried(assignment.Value, false, depth + 1)) is { } inMember)
                    {
                        return inMember;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary><c>token</c>, <c>request.Password</c>, <c>_options.ClientSecret</c>, <c>authCookie</c>: the name says it.</summary>
    private string? ByName(string name, ITypeSymbol? type)
    {
        if (type is not null && !CanHoldText(type))
        {
            return null;
        }

        if (Credential(name) is { } kind)
        {
            return WithArticle(kind);
        }

        var last = CredentialNames.Significant(name);
        return last.Length > 1 && last[last.Length - 1] is "cookie" or "cookies" && CookieNames.IsAuthenticationCookie(name)
            ? "an authentication cookie"
            : null;
    }

    /// <summary>
    /// What the name holds, by the credential vocabulary; a bare <c>key</c> says too little (a cache or dictionary key
    /// more often than a secret), so it needs a qualifier (<c>signingKey</c>, <c>Jwt:Key</c>).
    /// </summary>
    private static string? Credential(string? name) =>
        CredentialNames.Describe(name) is { } kind && !(kind == "key" && SecretNames.IsOnly(name, "key")) ? kind : null;

    /// <summary>
    /// The Authorization and Cookie headers, the request's cookies, headers and form as a whole, and the credentials of
    /// an outgoing request's <c>AuthenticationHeaderValue</c>.
    /// </summary>
    private string? RequestData(IPropertyReferenceOperation reference)
    {
        var property = reference.Property;
        var owner = property.ContainingType;
        if (owner.Is(_types.IHeaderDictionary) || owner.Is(_types.HttpRequestHeaders))
        {
            return property.Name switch
            {
                "Authorization" or "ProxyAuthorization" => "the Authorization header",
                "Cookie" => "the Cookie header",
                _ => null,
            };
        }

        if (owner.Is(_types.AuthenticationHeaderValue))
        {
            return property.Name == "Parameter" ? "the Authorization header's credentials" : null;
        }

        if (owner.Is(_types.HttpRequest))
        {
            return property.Name switch
            {
                "Headers" => "every request header, Authorization and Cookie included",
                "Cookies" => "the request's cookies",
                "Form" => "the whole request form",
                _ => null,
            };
        }

        return null;
    }

    /// <summary>
    /// <c>Headers["Authorization"]</c>, <c>Headers["X-Api-Key"]</c>, <c>Cookies[".AspNetCore.Session"]</c>,
    /// <c>Query["token"]</c>, <c>configuration["Jwt:Key"]</c>: an indexer read with a constant key that names a credential.
    /// </summary>
    private string? ByKey(IPropertyReferenceOperation indexer)
    {
        if (indexer.Arguments.Length != 1 || !indexer.Arguments[0].Value.TryGetConstantString(out var key) || indexer.Type is null || !CanHoldText(indexer.Type))
        {
            return null;
        }

        if (indexer.Property.ContainingType.Is(_types.IRequestCookieCollection) || indexer.Instance?.Type.Is(_types.IRequestCookieCollection) == true)
        {
            return CookieNames.IsAuthenticationCookie(key) ? "an authentication cookie" : null;
        }

        if (key.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || key.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase))
        {
            return "the Authorization header";
        }

        if (key.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
        {
            return "the Cookie header";
        }

        return KeyOf(key);
    }

    /// <summary>A local without a credential name: what it was given (<c>var body = await reader.ReadToEndAsync();</c>).</summary>
    private string? FromLocal(ILocalReferenceOperation local, bool destructured, int depth)
    {
        foreach (var value in LocalAssignments.Of(local.GetRoot()).ValuesOf(local.Local))
        {
            if (Carried(value, destructured, depth + 1) is { } carried)
            {
                return carried;
            }
        }

        return null;
    }

    private string? FromCall(IInvocationOperation call, bool destructured, int depth)
    {
        var method = call.TargetMethod;
        if (IsBodyRead(call))
        {
            return "the request body";
        }

        if (method.Name == "ReadFormAsync" && method.ContainingType.Is(_types.HttpRequest))
        {
            return "the whole request form";
        }

        // JsonSerializer.Serialize(request) writes every member, as destructuring does.
        if (method.Name is "Serialize" or "SerializeObject"
            && (method.ContainingType.Is(_types.JsonSerializer) || method.ContainingType.Is(_types.JsonConvert))
            && call.Arguments.Length > 0)
        {
            var serialized = call.Arguments[0].Value;
            return Carried(serialized, destructured: true, depth + 1) ?? WholeObject(serialized.WalkDownConversions().Type, destructured: true);
        }

        if (PassThroughMethods.Contains(method.Name))
        {
            if (call.Instance is { } receiver && Carried(receiver, false, depth + 1) is { } fromReceiver)
            {
                return fromReceiver;
            }

            // Enumerable.First(values), string.Join(", ", values), Encoding.GetString(bytes), configuration.GetValue<string>("Jwt:Key").
            foreach (var argument in call.Arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.DefaultValue && Carried(argument.Value, false, depth + 1) is { } fromArgument)
                {
                    return fromArgument;
                }

                if (method.Name == "GetValue" && argument.Value.TryGetConstantString(out var key) && KeyOf(key) is { } byKey)
                {
                    return byKey;
                }
            }

            return null;
        }

        // GetTokenAsync("access_token"), GenerateApiKey(): the method hands out what its name says.
        var words = IdentifierWords.Split(method.Name);
        if (words.Length > 1 && ProducingVerbs.Contains(words[0]) && CanHoldText(Awaited(method.ReturnType))
            && Credential(string.Join(" ", words.Skip(1).Take(words.Length - (words[words.Length - 1] == "async" ? 2 : 1)))) is { } produced)
        {
            return WithArticle(produced);
        }

        return null;
    }

    /// <summary>The result of a <c>Task&lt;T&gt;</c> or <c>ValueTask&lt;T&gt;</c>; other types as they are.</summary>
    private static ITypeSymbol Awaited(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "Task" or "ValueTask", TypeArguments.Length: 1 } task && task.IsInNamespace("System.Threading.Tasks")
            ? task.TypeArguments[0]
            : type;

    /// <summary>A key naming a credential; a configuration path by its last segment (<c>"Jwt:Key"</c>, <c>"Stripe__ApiKey"</c>).</summary>
    private static string? KeyOf(string key)
    {
        // The section qualifies a bare name: "Jwt:Key" is a JWT key, "Cache:Key" is not a credential.
        var segments = key.Replace("__", ":").Split(':');
        var name = segments.Length > 1 ? segments[segments.Length - 2] + " " + segments[segments.Length - 1] : key;
        return Credential(name) is { } kind ? WithArticle(kind) : null;
    }

    /// <summary><c>reader.ReadToEndAsync()</c> where the reader is <c>new StreamReader(Request.Body)</c>.</summary>
    private bool IsBodyRead(IInvocationOperation call)
    {
        if (call.TargetMethod.Name is not ("ReadToEnd" or "ReadToEndAsync") || call.Instance is not { } instance)
        {
            return false;
        }

        var reader = instance.WalkDownConversions();
        if (reader is ILocalReferenceOperation local)
        {
            foreach (var value in LocalAssignments.Of(call.GetRoot()).ValuesOf(local.Local))
            {
                if (ReadsBody(value))
                {
                    return true;
                }
            }

            return false;
        }

        return ReadsBody(reader);
    }

    private bool ReadsBody(IOperation value) =>
        value.WalkDownConversions() is IObjectCreationOperation { Arguments: { Length: > 0 } arguments } creation
        && creation.Type.IsOrDerivesFrom(_types.StreamReader)
        && arguments[0].Value.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "Body" } body
        && body.Property.ContainingType.Is(_types.HttpRequest);

    /// <summary>
    /// A placeholder named like a credential (<c>{Password}</c>) filled from a variable or member whose own name says
    /// nothing (<c>value</c>, <c>input</c>, <c>request.Text</c>). A name that mentions a credential without being one
    /// (<c>passwordHash</c>, <c>tokenId</c>) and a value computed by a method (a hash, a mask) are something else.
    /// </summary>
    private string? ByPlaceholder(IOperation value, LogPlaceholder? placeholder)
    {
        if (placeholder is not { } named || Credential(named.Name) is not { } kind
            || value.ConstantValue.HasValue || value.Type is not { } type || !CanHoldText(type))
        {
            return null;
        }

        var symbol = value.GetReferencedSymbol() ?? (value as IPropertyReferenceOperation)?.Property;
        if (symbol is null || CredentialNames.Mentions(symbol.Name))
        {
            return null;
        }

        if (value is ILocalReferenceOperation local)
        {
            foreach (var assigned in LocalAssignments.Of(local.GetRoot()).ValuesOf(local.Local))
            {
                if (assigned.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: var name } && !PassThroughMethods.Contains(name))
                {
                    return null;
                }
            }
        }

        return WithArticle(kind) + " (logged as {" + named.Name + "})";
    }

    /// <summary>
    /// A whole object whose text shows a secret member: records and anonymous types print every member, and a
    /// destructured placeholder (<c>{@Request}</c>) or a serializer writes them too.
    /// </summary>
    private string? WholeObject(ITypeSymbol? type, bool destructured)
    {
        if (type is not INamedTypeSymbol named || !PrintsMembers(named, destructured))
        {
            return null;
        }

        foreach (var member in named.GetMembers())
        {
            if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public || member.IsImplicitlyDeclared)
            {
                continue;
            }

            var memberType = member switch
            {
                IPropertySymbol { IsIndexer: false } property => property.Type,
                IFieldSymbol field => field.Type,
                _ => null,
            };

            if (memberType is not null && ByName(member.Name, memberType) is { } kind)
            {
                return WithArticle(named.IsAnonymousType ? "object" : named.Name) + " whose " + member.Name + " is printed";
            }
        }

        return null;
    }

    private static bool PrintsMembers(ITypeSymbol type, bool destructured) =>
        type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } named
        && (named.IsRecord || named.IsAnonymousType || destructured && named.Locations.Length > 0 && named.Locations[0].IsInSource);

    /// <summary>Could a value of the type show a secret's text when written (not a number, a flag or a date)?</summary>
    private bool CanHoldText(ITypeSymbol type)
    {
        if (type is IArrayTypeSymbol array)
        {
            return array.ElementType.SpecialType is SpecialType.System_Char or SpecialType.System_Byte or SpecialType.System_String;
        }

        if (type is ITypeParameterSymbol || type.TypeKind == TypeKind.Dynamic)
        {
            return true;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_String:
            case SpecialType.System_Object:
                return true;
            case SpecialType.None:
                break;
            default:
                return false;
        }

        if (type is not INamedTypeSymbol named)
        {
            return false;
        }

        if (named.IsGenericType && named.ConstructedFrom.SpecialType == SpecialType.System_Nullable_T)
        {
            return CanHoldText(named.TypeArguments[0]);
        }

        // By name: libraries of other versions bring their own copy of StringValues.
        if (named.Name == "StringValues" && named.IsInNamespace("Microsoft.Extensions.Primitives") || named.Is(_types.AuthenticationHeaderValue)
            || named.Name == "Guid" && named.IsInNamespace("System"))
        {
            return true;
        }

        // Spans and memory of chars or bytes; sequences of strings (Microsoft.Extensions.Logging writes each element).
        if (named.IsGenericType && named.TypeArguments.Length == 1
            && named.TypeArguments[0].SpecialType is SpecialType.System_Char or SpecialType.System_Byte or SpecialType.System_String)
        {
            return named.Name is "ReadOnlySpan" or "Span" or "ReadOnlyMemory" or "Memory"
                   || named.TypeArguments[0].SpecialType == SpecialType.System_String
                   && (named.Name == "IEnumerable" || named.AllInterfaces.Any(i => i.Name == "IEnumerable" && i.TypeArguments.Length == 1 && i.TypeArguments[0].SpecialType == SpecialType.System_String));
        }

        return false;
    }

    /// <summary>"a password", "an API key", "the Authorization header" (kept).</summary>
    private static string WithArticle(string kind) =>
        kind.StartsWith("the ", StringComparison.Ordinal) || kind.StartsWith("Authorization", StringComparison.Ordinal)
            ? (kind.StartsWith("the ", StringComparison.Ordinal) ? kind : "the " + kind)
            : ("aeiouAEIOU".IndexOf(kind[0]) >= 0 ? "an " : "a ") + kind;
}
