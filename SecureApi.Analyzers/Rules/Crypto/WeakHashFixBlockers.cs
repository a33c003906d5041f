using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>
/// Where SHA-256 is the wrong replacement for a weak hash: the code hashes a password (SAPI6002 asks for a password
/// hash instead), or relies on the 16/20-byte digest: a destination buffer not visibly 32 bytes or more
/// (<c>MD5.HashData(data, stackalloc byte[16])</c>, <c>TryComputeHash</c>), a digest turned into a <c>Guid</c>
/// (exactly 16 bytes), a signature over a hash computed elsewhere (<c>SignHash</c>/<c>VerifyHash</c>).
/// </summary>
internal static class WeakHashFixBlockers
{
    private const int Sha256Length = 32;

    public static bool Blocks(WeakHashUse use, PasswordHash? hashesPassword, WeakHashTypes types)
    {
        if (hashesPassword is not null)
        {
            return true;
        }

        switch (use.Subject)
        {
            case WeakHashSubject.OneShot:
                return use.Operation is IInvocationOperation call && DependsOnLength(call, types);

            case WeakHashSubject.HashObject:
                foreach (var reference in References(use.Operation))
                {
                    var parent = reference.WalkUpConversions().Parent;
                    if (parent is IInvocationOperation method && (PasswordSinks.Find(method, types) is not null || DependsOnLength(method, types)))
                    {
                        return true;
                    }

                    if (parent is IPropertyReferenceOperation { Property.Name: "Hash" } hash && ReachesGuid(hash, types, 0))
                    {
                        return true;
                    }
                }

                return false;

            default:
                return WeakHashForms.Consumer(use.Operation) is IInvocationOperation consumer
                       && (consumer.TargetMethod.Name is "SignHash" or "VerifyHash" or "TrySignHash" || PasswordSinks.Find(consumer, types) is not null);
        }
    }

    private static bool DependsOnLength(IInvocationOperation call, WeakHashTypes types)
    {
        var destination = call.Arguments.FirstOrDefault(a => a.Parameter?.Name == "destination");
        return (destination is not null && !IsLargeEnough(destination.Value, 0)) || ReachesGuid(call, types, 0);
    }

    /// <summary>The created hash object, or every reference to the local it is stored in.</summary>
    private static IEnumerable<IOperation> References(IOperation created)
    {
        if (StoredIn(created) is not { } local)
        {
            return new[] { created };
        }

        return created.GetRoot().Descendants().OfType<ILocalReferenceOperation>().Where(r => SymbolEqualityComparer.Default.Equals(r.Local, local));
    }

    /// <summary>The local a value is stored in by its declaration or an assignment.</summary>
    private static ILocalSymbol? StoredIn(IOperation value)
    {
        var top = value.WalkUpConversions();
        return top.Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == top => target.Local,
            _ => null,
        };
    }

    /// <summary>A digest given to <c>new Guid(...)</c>, directly or through a local.</summary>
    private static bool ReachesGuid(IOperation value, WeakHashTypes types, int depth)
    {
        var top = value.WalkUpConversions();
        while (top.Parent is IAwaitOperation awaited)
        {
            top = awaited.WalkUpConversions();
        }

        if (top.Parent is IArgumentOperation { Parent: IObjectCreationOperation creation } && creation.Type.Is(types.Guid))
        {
            return true;
        }

        return depth == 0 && StoredIn(top) is { } local
               && top.GetRoot().Descendants().OfType<ILocalReferenceOperation>()
                   .Any(r => SymbolEqualityComparer.Default.Equals(r.Local, local) && ReachesGuid(r, types, depth + 1));
    }

    /// <summary><c>new byte[32]</c>, <c>stackalloc byte[64]</c>, <c>buffer.AsSpan()</c>, a local initialized with one of those.</summary>
    private static bool IsLargeEnough(IOperation value, int depth)
    {
        value = value.WalkDownConversions();
        if (depth > 3)
        {
            return false;
        }

        switch (value)
        {
            case ILocalReferenceOperation local:
                return LocalValues.FindSingleValue(local.Local, value.GetRoot()) is { } initial && IsLargeEnough(initial, depth + 1);
            case IArrayCreationOperation { DimensionSizes.Length: 1 } array:
                return IsLargeEnough(array.DimensionSizes[0].ConstantValue);
            case IInvocationOperation { TargetMethod.Name: "AsSpan" or "AsMemory", Arguments.Length: 1 } view:
                return IsLargeEnough(view.Arguments[0].Value, depth + 1);
            case IObjectCreationOperation { Arguments.Length: 1 } span when span.Type?.Name is "Span" or "Memory":
                return IsLargeEnough(span.Arguments[0].Value, depth + 1);
            default:
                return value.Syntax is StackAllocArrayCreationExpressionSyntax { Type: ArrayTypeSyntax { RankSpecifiers: { Count: 1 } ranks } }
                       && ranks[0].Sizes.Count == 1
                       && value.SemanticModel is { } model
                       && IsLargeEnough(model.GetConstantValue(ranks[0].Sizes[0]));
        }
    }

    private static bool IsLargeEnough(Optional<object?> size) => size is { HasValue: true, Value: int length } && length >= Sha256Length;
}
