using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Naming;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>
/// "Is this hash input a password?": a reference with a password-like name (<see cref="PasswordNames"/>), or a
/// value computed from one by encoding (<c>Encoding.UTF8.GetBytes(password)</c>), concatenation with a salt
/// (<c>account.Salt + password</c>, interpolation, <c>string.Concat</c>, LINQ <c>Concat</c>), normalization
/// (<c>Trim()</c>, <c>ToLowerInvariant()</c>, <c>AsSpan()</c>, <c>MemoryMarshal.AsBytes</c>), a local assigned such a value,
/// or a buffer or stream the value is copied or written into (<c>Buffer.BlockCopy</c>, <c>Array.Copy</c>, <c>CopyTo</c>,
/// <c>MemoryStream.Write</c>, then <c>ToArray()</c>).
/// </summary>
internal static class PasswordValues
{
    private const int MaxDepth = 8;

    private static readonly HashSet<string> StringTransforms = new(System.StringComparer.Ordinal)
    {
        "Trim", "TrimStart", "TrimEnd", "ToLower", "ToLowerInvariant", "ToUpper", "ToUpperInvariant", "Normalize", "ToCharArray",
    };

    private static readonly HashSet<string> SequenceParts = new(System.StringComparer.Ordinal)
    {
        "Concat", "Append", "Prepend", "ToArray", "ToList",
    };

    /// <summary>The password-like reference <paramref name="value"/> is computed from, or null.</summary>
    public static IOperation? Find(IOperation? value, WeakHashTypes types) =>
        Find(value, types, 0, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default));

    /// <summary>
    /// For a fix that hashes the password itself: the string expression holding the password in a hash input
    /// written as <c>Encoding.X.GetBytes(s)</c> (here or in the single initializer of a local): <c>password</c>,
    /// <c>request.Password.Trim()</c>. Null when there is none, and when the password is combined with anything else
    /// (<c>salt + password</c>, <c>$"{user}:{password}"</c>): such a hash belongs to a stored format with its own salt,
    /// which a new password hash would silently drop.
    /// </summary>
    public static IOperation? FindPasswordString(IOperation input, WeakHashTypes types)
    {
        var value = input.WalkDownConversions();
        if (value is ILocalReferenceOperation local && LocalValues.FindSingleValue(local.Local, value.GetRoot()) is { } initial)
        {
            value = initial.WalkDownConversions();
        }

        if (value is not IInvocationOperation { TargetMethod.Name: "GetBytes", Arguments.Length: 1 } getBytes
            || !getBytes.TargetMethod.ContainingType.IsOrDerivesFrom(types.Encoding)
            || getBytes.Arguments[0].Value.Type?.SpecialType != SpecialType.System_String)
        {
            return null;
        }

        var text = getBytes.Arguments[0].Value.WalkDownConversions();
        for (var depth = 0; depth < MaxDepth; depth++)
        {
            if (text.Type?.SpecialType != SpecialType.System_String || Find(text, types) is null)
            {
                return null;
            }

            var parts = ConcatenatedParts(text, types);
            if (parts is null)
            {
                if (text is ILocalReferenceOperation { Local: var symbol } reference && !PasswordNames.IsPasswordLike(symbol.Name)
                    && LocalValues.FindSingleValue(symbol, reference.GetRoot()) is { } localValue)
                {
                    text = localValue.WalkDownConversions();
                    continue;
                }

                return text;
            }

            // Salted or combined: the old hash is tied to the other parts.
            return null;
        }

        return null;
    }

    private static IOperation? Find(IOperation? operation, WeakHashTypes types, int depth, HashSet<ILocalSymbol> visited)
    {
        operation = operation?.WalkDownConversions();
        if (operation is null || depth > MaxDepth)
        {
            return null;
        }

        switch (operation)
        {
            case ILocalReferenceOperation local:
                if (PasswordNames.IsPasswordLike(local.Local.Name))
                {
                    return operation;
                }

                if (!visited.Add(local.Local))
                {
                    return null;
                }

                foreach (var assigned in LocalAssignments.Of(operation.GetRoot()).ValuesOf(local.Local))
                {
                    if (Find(assigned, types, depth + 1, visited) is { } found)
                    {
                        return found;
                    }
                }

                foreach (var copied in CopiedInto(local.Local, operation.GetRoot(), types))
                {
                    if (Find(copied, types, depth + 1, visited) is { } found)
                    {
                        return found;
                    }
                }

                return null;

            case IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation { Arguments.Length: 0 }:
                return PasswordNames.IsPasswordLike(operation.GetReferencedSymbol()?.Name) ? operation : null;

            case IInvocationOperation call:
                foreach (var source in Sources(call, types))
                {
                    if (Find(source, types, depth + 1, visited) is { } found)
                    {
                        return found;
                    }
                }

                return null;

            default:
                foreach (var part in ConcatenatedParts(operation, types) ?? Alternatives(operation))
                {
                    if (Find(part, types, depth + 1, visited) is { } found)
                    {
                        return found;
                    }
                }

                return null;
        }
    }

    /// <summary>
    /// What the body copies or writes into a buffer or stream held in <paramref name="local"/>:
    /// <c>Buffer.BlockCopy(src, 0, local, ...)</c>, <c>Array.Copy(src, local, n)</c>, <c>src.CopyTo(local, i)</c>,
    /// <c>src.AsSpan().CopyTo(local.AsSpan(i))</c>, <c>local.Write(src, ...)</c> / <c>WriteAsync</c> on a stream.
    /// </summary>
    private static IEnumerable<IOperation> CopiedInto(ILocalSymbol local, IOperation root, WeakHashTypes types)
    {
        if (local.Type is not (IArrayTypeSymbol or INamedTypeSymbol { TypeKind: TypeKind.Class }) || local.Type.SpecialType == SpecialType.System_String)
        {
            yield break;
        }

        foreach (var operation in root.Descendants())
        {
            if (operation is not IInvocationOperation call)
            {
                continue;
            }

            var method = call.TargetMethod;
            switch (method.Name)
            {
                case "BlockCopy" when method.ContainingType.Is(types.Buffer):
                case "Copy" or "ConstrainedCopy" when method.ContainingType.Is(types.Array):
                    if (Refers(Argument(call, "dst", "destinationArray"), local) && Argument(call, "src", "sourceArray") is { } source)
                    {
                        yield return source;
                    }

                    break;
                case "CopyTo" when call.Instance is { } instance && call.Arguments.Length > 0:
                    if (Refers(call.Arguments[0].Value, local) || Refers(SpanOf(call.Arguments[0].Value, types), local))
                    {
                        yield return instance;
                    }

                    break;
                case "Write" or "WriteAsync" when call.Instance is { } stream && method.ContainingType.IsOrDerivesFrom(types.Stream) && call.Arguments.Length > 0:
                    if (Refers(stream, local))
                    {
                        yield return call.Arguments[0].Value;
                    }

                    break;
            }
        }
    }

    private static IOperation? Argument(IInvocationOperation call, string name, string otherName)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Name == name || argument.Parameter?.Name == otherName)
            {
                return argument.Value;
            }
        }

        return null;
    }

    /// <summary>The array of <c>array.AsSpan(...)</c> / <c>AsMemory(...)</c>.</summary>
    private static IOperation? SpanOf(IOperation value, WeakHashTypes types) =>
        value.WalkDownConversions() is IInvocationOperation { TargetMethod: { Name: "AsSpan" or "AsMemory" } method, Arguments.Length: > 0 } call
        && method.ContainingType.Is(types.MemoryExtensions)
            ? call.Arguments[0].Value
            : null;

    private static bool Refers(IOperation? value, ILocalSymbol local) =>
        value?.WalkDownConversions() is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);

    /// <summary>The values an invocation passes on: the string it encodes, normalizes or joins.</summary>
    private static IEnumerable<IOperation> Sources(IInvocationOperation call, WeakHashTypes types)
    {
        var method = call.TargetMethod;
        if (method.Name == "GetBytes" && method.ContainingType.IsOrDerivesFrom(types.Encoding) && call.Arguments.Length > 0)
        {
            yield return call.Arguments[0].Value;
        }
        else if (call.Instance is { } instance
                 && ((instance.Type?.SpecialType == SpecialType.System_String && StringTransforms.Contains(method.Name)) || (method.Name == "ToString" && method.Parameters.Length == 0)))
        {
            yield return instance;
        }
        else if ((method.Name is "AsSpan" or "AsMemory" && method.ContainingType.Is(types.MemoryExtensions))
                 || (method.Name is "AsBytes" or "Cast" && method.ContainingType.Is(types.MemoryMarshal))
                 || (SequenceParts.Contains(method.Name) && method.ContainingType.Is(types.Enumerable)))
        {
            foreach (var argument in call.Arguments)
            {
                yield return argument.Value;
            }
        }
        else if (call.Instance is { } stream && method.Name is "ToArray" or "GetBuffer" && method.ContainingType.IsOrDerivesFrom(types.Stream))
        {
            // ms.ToArray(): what was written into the stream.
            yield return stream;
        }
        else if (ConcatenatedParts(call, types) is { } parts)
        {
            foreach (var part in parts)
            {
                yield return part;
            }
        }
    }

    /// <summary>The parts of a string concatenation, interpolation, <c>string.Concat</c> or <c>string.Format</c>; null for anything else.</summary>
    private static IEnumerable<IOperation>? ConcatenatedParts(IOperation operation, WeakHashTypes types) => operation switch
    {
        IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } sum when sum.Type?.SpecialType == SpecialType.System_String =>
            new[] { sum.LeftOperand, sum.RightOperand },
        IInterpolatedStringOperation interpolated => InterpolatedParts(interpolated),
        IInvocationOperation { Instance: null, TargetMethod: { Name: "Concat" or "Format" or "Join", ContainingType.SpecialType: SpecialType.System_String } } call =>
            ArgumentParts(call),
        _ => null,
    };

    private static IEnumerable<IOperation> InterpolatedParts(IInterpolatedStringOperation interpolated)
    {
        foreach (var part in interpolated.Parts)
        {
            if (part is IInterpolationOperation hole)
            {
                yield return hole.Expression;
            }
        }
    }

    /// <summary>Arguments, with the elements of a <c>params</c> array.</summary>
    private static IEnumerable<IOperation> ArgumentParts(IInvocationOperation call)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.Value is IArrayCreationOperation { Initializer: { } elements } && argument.ArgumentKind == ArgumentKind.ParamArray)
            {
                foreach (var element in elements.ElementValues)
                {
                    yield return element;
                }
            }
            else
            {
                yield return argument.Value;
            }
        }
    }

    /// <summary>The values a conditional or <c>??</c> expression can take.</summary>
    private static IEnumerable<IOperation> Alternatives(IOperation operation) => operation switch
    {
        IConditionalOperation { WhenFalse: { } whenFalse } conditional => new[] { conditional.WhenTrue, whenFalse },
        ICoalesceOperation coalesce => new[] { coalesce.Value, coalesce.WhenNull },
        _ => System.Array.Empty<IOperation>(),
    };
}
