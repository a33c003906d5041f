using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>
/// SAPI6002's sinks: the static one-shots of every <c>HashAlgorithm</c> (<c>HashData</c>, <c>HashDataAsync</c>,
/// <c>TryHashData</c>, keys of <c>HMAC*.HashData</c>), <c>CryptographicOperations.HashData</c>/<c>HmacData</c>
/// (.NET 9), <c>ComputeHash</c>/<c>ComputeHashAsync</c>/<c>TryComputeHash</c>/<c>TransformBlock</c>/<c>TransformFinalBlock</c>,
/// <c>IncrementalHash.AppendData</c> and <c>CreateHMAC</c> keys, <c>new HMACSHA256(key)</c> and <c>hmac.Key = ...</c>.
/// </summary>
internal static class PasswordSinks
{
    private static readonly HashSet<string> OneShots = new(System.StringComparer.Ordinal) { "HashData", "HashDataAsync", "TryHashData" };

    private static readonly HashSet<string> InstanceHashes = new(System.StringComparer.Ordinal)
    {
        "ComputeHash", "ComputeHashAsync", "TryComputeHash", "TransformBlock", "TransformFinalBlock",
    };

    public static PasswordHash? Find(IInvocationOperation call, WeakHashTypes types)
    {
        var method = call.TargetMethod;
        var type = method.ContainingType;
        if (call.Instance is null)
        {
            if (OneShots.Contains(method.Name) && type.IsOrDerivesFrom(types.HashAlgorithm))
            {
                return FromParameters(call, call.Arguments, types.AlgorithmOf(type) ?? type.Name, types);
            }

            if (type.Is(types.CryptographicOperations) && (method.Name.StartsWith("Hash", System.StringComparison.Ordinal) || method.Name.StartsWith("TryHash", System.StringComparison.Ordinal)
                                                           || method.Name.StartsWith("Hmac", System.StringComparison.Ordinal) || method.Name.StartsWith("TryHmac", System.StringComparison.Ordinal)))
            {
                var hmac = method.Name.IndexOf("Hmac", System.StringComparison.Ordinal) >= 0;
                return FromParameters(call, call.Arguments, AlgorithmOfName(Argument(call, "hashAlgorithm"), hmac, types) ?? "CryptographicOperations", types);
            }

            if (method.Name == "CreateHMAC" && type.Is(types.IncrementalHash) && Argument(call, "key") is { } key)
            {
                return Create(call, key, AlgorithmOfName(Argument(call, "hashAlgorithm"), hmac: true, types) ?? "HMAC", isKey: true, types);
            }

            return null;
        }

        if (call.Arguments.Length == 0)
        {
            return null;
        }

        if (InstanceHashes.Contains(method.Name) && type.IsOrDerivesFrom(types.HashAlgorithm))
        {
            return Create(call, call.Arguments[0].Value, AlgorithmOfInstance(call.Instance, types), isKey: false, types);
        }

        if (method.Name == "AppendData" && type.Is(types.IncrementalHash))
        {
            return Create(call, call.Arguments[0].Value, AlgorithmOfIncrementalHash(call.Instance, types), isKey: false, types);
        }

        return null;
    }

    /// <summary><c>new HMACSHA256(key)</c>.</summary>
    public static PasswordHash? Find(IObjectCreationOperation creation, WeakHashTypes types) =>
        creation.Arguments.Length > 0 && creation.Type.IsOrDerivesFrom(types.Hmac)
            ? Create(creation, creation.Arguments[0].Value, types.AlgorithmOf(creation.Type) ?? creation.Type?.Name ?? "HMAC", isKey: true, types)
            : null;

    /// <summary><c>hmac.Key = ...</c>.</summary>
    public static PasswordHash? Find(ISimpleAssignmentOperation assignment, WeakHashTypes types) =>
        assignment.Target is IPropertyReferenceOperation { Property.Name: "Key", Instance: { } instance } && instance.Type.IsOrDerivesFrom(types.KeyedHashAlgorithm)
            ? Create(assignment, assignment.Value, AlgorithmOfInstance(instance, types), isKey: true, types)
            : null;

    private static PasswordHash? FromParameters(IOperation sink, IEnumerable<IArgumentOperation> arguments, string algorithm, WeakHashTypes types)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Name is "source" or "key"
                && Create(sink, argument.Value, algorithm, argument.Parameter.Name == "key", types) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static PasswordHash? Create(IOperation sink, IOperation input, string algorithm, bool isKey, WeakHashTypes types) =>
        PasswordValues.Find(input, types) is { } password ? new PasswordHash(sink, input, password, algorithm, isKey) : null;

    private static IOperation? Argument(IInvocationOperation call, string parameter)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Name == parameter)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>SHA-256 for <c>HashAlgorithmName.SHA256</c> (HMAC-SHA256 for an HMAC), following a local.</summary>
    private static string? AlgorithmOfName(IOperation? name, bool hmac, WeakHashTypes types)
    {
        name = name?.WalkDownConversions();
        if (name is ILocalReferenceOperation local)
        {
            name = LocalValues.FindSingleValue(local.Local, name.GetRoot())?.WalkDownConversions();
        }

        if (name is IPropertyReferenceOperation { Instance: null, Property: var property } && property.ContainingType.Is(types.HashAlgorithmName)
            && WeakHashNames.Display(property.Name) is { } display)
        {
            return hmac ? WeakHashNames.Display("HMAC" + property.Name) : display;
        }

        return null;
    }

    /// <summary>The algorithm of a hash object: its type, or the type of the value a local was initialized with.</summary>
    private static string AlgorithmOfInstance(IOperation instance, WeakHashTypes types)
    {
        instance = instance.WalkDownConversions();
        if (types.AlgorithmOf(instance.Type) is { } algorithm)
        {
            return algorithm;
        }

        if (instance is ILocalReferenceOperation local && LocalValues.FindSingleValue(local.Local, instance.GetRoot()) is { } initial
            && types.AlgorithmOf(initial.WalkDownConversions().Type) is { } initialAlgorithm)
        {
            return initialAlgorithm;
        }

        return instance.Type?.Name ?? "HashAlgorithm";
    }

    /// <summary>The algorithm of <c>IncrementalHash.CreateHash(HashAlgorithmName.SHA256)</c> held in a local.</summary>
    private static string AlgorithmOfIncrementalHash(IOperation instance, WeakHashTypes types)
    {
        instance = instance.WalkDownConversions();
        if (instance is ILocalReferenceOperation local
            && LocalValues.FindSingleValue(local.Local, instance.GetRoot())?.WalkDownConversions() is IInvocationOperation { TargetMethod.Name: "CreateHash" or "CreateHMAC" } create
            && AlgorithmOfName(Argument(create, "hashAlgorithm"), create.TargetMethod.Name == "CreateHMAC", types) is { } algorithm)
        {
            return algorithm;
        }

        return "IncrementalHash";
    }
}
