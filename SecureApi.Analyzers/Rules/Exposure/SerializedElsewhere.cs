using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AppFacts;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Exposure;

/// <summary>
/// What the <c>[JsonIgnore]</c> fix must know about the app: the types it serializes for storage or transport
/// (<c>JsonSerializer.Serialize/Deserialize</c>, <c>JsonConvert.SerializeObject/DeserializeObject</c>,
/// <c>ReadFromJsonAsync</c>, <c>GetFromJsonAsync</c>, <c>PostAsJsonAsync</c>, ...), where the attribute would drop the
/// member too, and whether MVC writes JSON with Newtonsoft (<c>AddNewtonsoftJson</c>). Both read once per compilation,
/// only when a finding has a member to fix.
/// </summary>
internal sealed class SerializedElsewhere
{
    private static readonly string[] SerializerMethods =
    {
        "Serialize", "SerializeAsync", "SerializeToUtf8Bytes", "SerializeToDocument", "SerializeToElement", "SerializeToNode",
        "Deserialize", "DeserializeAsync", "SerializeObject", "DeserializeObject", "PopulateObject", "FromObject", "ToObject",
        "ReadFromJsonAsync", "GetFromJsonAsync", "PostAsJsonAsync", "PutAsJsonAsync", "PatchAsJsonAsync", "ReadAsAsync",
    };

    private readonly Compilation _compilation;
    private readonly bool _newtonsoftReferenced;
    private readonly CompilationFacts.LazyFact<HashSet<ITypeSymbol>> _types;
    private readonly CompilationFacts.LazyFact<StrongBox<bool>> _newtonsoftMvc;

    public SerializedElsewhere(KnownTypes types)
    {
        _compilation = types.Compilation;
        _newtonsoftReferenced = types.NewtonsoftJsonIgnoreAttribute is not null;
        _types = new CompilationFacts.LazyFact<HashSet<ITypeSymbol>>(Collect);
        _newtonsoftMvc = new CompilationFacts.LazyFact<StrongBox<bool>>(ct => new StrongBox<bool>(
            _newtonsoftReferenced && CompilationFacts.AnyOperationAround(_compilation, "AddNewtonsoftJson", ct, _ => true)));
    }

    /// <summary>Is the type (or a base type declaring the member) serialized somewhere else in the app?</summary>
    public bool IsSerialized(ITypeSymbol type, CancellationToken cancellationToken)
    {
        var serialized = _types.Get(cancellationToken);
        // object is every type's base: serializing an object-typed value says nothing about this type's members.
        for (var current = type; current is not null and not { SpecialType: SpecialType.System_Object }; current = current.BaseType)
        {
            if (serialized.Contains(current.OriginalDefinition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Does MVC write JSON with Newtonsoft.Json (the app calls <c>AddNewtonsoftJson</c>)?</summary>
    public bool MvcUsesNewtonsoft(CancellationToken cancellationToken) => _newtonsoftMvc.Get(cancellationToken).Value;

    private HashSet<ITypeSymbol> Collect(CancellationToken cancellationToken)
    {
        var found = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var name in SerializerMethods)
        {
            CompilationFacts.AnyOperationAround(_compilation, name, cancellationToken, operation =>
            {
                if (operation is IInvocationOperation { TargetMethod: { } method } call && method.Name == name && IsSerializer(method))
                {
                    foreach (var typeArgument in method.TypeArguments)
                    {
                        Add(typeArgument, found);
                    }

                    foreach (var argument in call.Arguments)
                    {
                        if (argument.ArgumentKind != ArgumentKind.DefaultValue && argument.Value.WalkDownConversions().Type is { } type)
                        {
                            Add(type, found);
                        }
                    }
                }

                return false;
            });
        }

        return found;
    }

    /// <summary>System.Text.Json, Newtonsoft.Json and the HTTP JSON extensions (not an app's own method of the same name).</summary>
    private static bool IsSerializer(IMethodSymbol method)
    {
        for (var ns = method.ContainingType?.ContainingNamespace; ns is not null && !ns.IsGlobalNamespace; ns = ns.ContainingNamespace)
        {
            if (ns.ContainingNamespace is { IsGlobalNamespace: true } && ns.Name is "System" or "Newtonsoft" or "Microsoft")
            {
                return true;
            }
        }

        return false;
    }

    private static void Add(ITypeSymbol type, HashSet<ITypeSymbol> found)
    {
        found.Add(type.OriginalDefinition);
        if (type is IArrayTypeSymbol array)
        {
            Add(array.ElementType, found);
        }
        else if (type is INamedTypeSymbol named)
        {
            foreach (var argument in named.TypeArguments)
            {
                if (argument is INamedTypeSymbol or IArrayTypeSymbol)
                {
                    Add(argument, found);
                }
            }
        }
    }
}
