using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AspNetCore.Endpoints;
using SecureApi.Analyzers.Core.Cryptography;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>
/// What <see cref="CryptoOutputUses"/> knows about the APIs a crypto output can reach, by type, namespace and
/// name: comparisons, HTTP (sent), files, streams and databases (stored), logging and in-memory collections
/// (neither), and the crypto objects themselves.
/// </summary>
internal sealed class CryptoOutputSinks
{
    private static readonly HashSet<string> CompareNames = new(StringComparer.Ordinal)
    {
        "Equals", "Equal", "NotEqual", "AreEqual", "AreNotEqual", "ReferenceEquals", "SequenceEqual", "FixedTimeEquals",
        "CompareTo", "Compare", "CompareOrdinal", "SequenceCompareTo", "StartsWith", "EndsWith", "Contains", "IndexOf",
    };

    private static readonly string[] ComparePrefixes = { "Verify", "Validate", "Check", "Matches", "Compare" };

    /// <summary>Names of methods that write what they are given somewhere else (a database, a queue, a peer).</summary>
    private static readonly string[] StorePrefixes =
    {
        "Save", "Store", "Persist", "Insert", "Upsert", "Update", "Put", "Write", "Upload", "Export",
    };

    private static readonly string[] SendPrefixes = { "Send", "Post", "Publish", "Enqueue", "Produce", "Notify", "Emit" };

    /// <summary>Namespaces whose APIs send what they are given to another party.</summary>
    private static readonly string[] SentNamespaces =
    {
        "Microsoft.AspNetCore.Http", "Microsoft.AspNetCore.Mvc", "Microsoft.AspNetCore.SignalR", "Microsoft.AspNetCore.Components",
        "System.Net.Http", "System.Net.Mail", "System.Net.Sockets", "System.Net.WebSockets", "Grpc.", "Microsoft.Net.Http.Headers",
    };

    /// <summary>Namespaces whose APIs keep what they are given: databases, caches shared between processes, cloud storage.</summary>
    private static readonly string[] StoredNamespaces =
    {
        "Microsoft.EntityFrameworkCore", "System.Data", "Microsoft.Data", "Microsoft.Extensions.Caching.Distributed",
        "Azure.Storage", "Azure.Data", "Azure.Messaging", "Amazon.", "MongoDB.", "StackExchange.Redis", "Dapper", "Npgsql", "MySql",
    };

    private static readonly string[] IoNamespaces = { "System.IO." };

    private static readonly string[] CollectionNamespaces =
    {
        "System.Collections.Generic", "System.Collections.Concurrent", "System.Collections.Immutable", "System.Collections",
        "Microsoft.Extensions.Caching.Memory",
    };

    private readonly KnownTypes _types;
    private readonly ControllerConventions _controllers;
    private readonly INamedTypeSymbol? _memoryStream;
    private readonly INamedTypeSymbol? _path;
    private readonly INamedTypeSymbol? _cryptoStream;
    private readonly INamedTypeSymbol? _memoryCache;
    private readonly INamedTypeSymbol? _console;
    private readonly INamedTypeSymbol? _debug;
    private readonly INamedTypeSymbol? _trace;

    public CryptoOutputSinks(KnownTypes types)
    {
        _types = types;
        _controllers = ControllerConventions.For(types);
        _memoryStream = types.Get("System.IO.MemoryStream");
        _path = types.Get("System.IO.Path");
        _cryptoStream = types.Get("System.Security.Cryptography.CryptoStream");
        _memoryCache = types.Get("Microsoft.Extensions.Caching.Memory.IMemoryCache");
        _console = types.Get("System.Console");
        _debug = types.Get("System.Diagnostics.Debug");
        _trace = types.Get("System.Diagnostics.Trace");
    }

    /// <summary><c>Equals</c>, <c>SequenceEqual</c>, <c>FixedTimeEquals</c>, <c>CompareTo</c>, <c>StartsWith</c>, <c>Verify*</c>, <c>Validate*</c>, <c>Check*</c>, <c>Matches*</c>, <c>Compare*</c>.</summary>
    public static bool IsComparison(string name)
    {
        if (CompareNames.Contains(name))
        {
            return true;
        }

        foreach (var prefix in ComparePrefixes)
        {
            if (StartsWithWord(name, prefix) || StartsWithWord(name, "Try" + prefix))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"Stored" or "sent" for a method that, by its name, writes what it is given elsewhere (<c>SaveHash</c>, <c>PublishAsync</c>).</summary>
    public static CryptoOutputUse? ByName(string name)
    {
        foreach (var prefix in StorePrefixes)
        {
            if (StartsWithWord(name, prefix))
            {
                return CryptoOutputUse.Stored;
            }
        }

        foreach (var prefix in SendPrefixes)
        {
            if (StartsWithWord(name, prefix))
            {
                return CryptoOutputUse.Sent;
            }
        }

        return null;
    }

    public static bool IsSentNamespace(ITypeSymbol? type) => InNamespaces(type, SentNamespaces);

    public static bool IsStoredNamespace(ITypeSymbol? type) => InNamespaces(type, StoredNamespaces);

    public bool IsCollection(ITypeSymbol? type) => InNamespaces(type, CollectionNamespaces) || type.Is(_memoryCache);

    public bool IsMemoryCache(ITypeSymbol? type) => type.Is(_memoryCache) || (type is not null && Implements(type, _memoryCache));

    public bool IsLogging(ITypeSymbol? type) =>
        type.Is(_console) || type.Is(_debug) || type.Is(_trace) || type.IsInNamespace("Microsoft.Extensions.Logging");

    /// <summary>System.IO, but not <c>Path</c> (it only builds strings) nor <c>MemoryStream</c> (in memory).</summary>
    public bool IsFileOrStream(ITypeSymbol? type) =>
        type is not null && !type.Is(_path) && !type.IsOrDerivesFrom(_memoryStream) && !type.IsOrDerivesFrom(_cryptoStream)
        && InNamespaces(type, IoNamespaces);

    public bool IsMemoryStream(ITypeSymbol? type) => type.IsOrDerivesFrom(_memoryStream);

    public bool IsCryptoStream(ITypeSymbol? type) => type.IsOrDerivesFrom(_cryptoStream);

    public bool IsSymmetricAlgorithm(ITypeSymbol? type) => type.IsOrDerivesFrom(_types.SymmetricAlgorithm);

    /// <summary>The key or IV of <c>CreateEncryptor/CreateDecryptor</c> or an override, by position (see <see cref="CipherInputs.TransformInput"/>).</summary>
    public CipherInput? TransformInput(IMethodSymbol method, IParameterSymbol parameter) =>
        CipherInputs.TransformInput(method, parameter, _types.SymmetricAlgorithm);

    public bool IsHashAlgorithm(ITypeSymbol? type) => type.IsOrDerivesFrom(_types.HashAlgorithm);

    /// <summary>AesGcm, AesCcm, ChaCha20Poly1305.</summary>
    public bool IsAead(ITypeSymbol? type) => type.Is(_types.AesGcm) || type.Is(_types.AesCcm) || type.Is(_types.ChaCha20Poly1305);

    /// <summary>A type of System.Security.Cryptography or derived from one (a hash or cipher object, a transform, a HashAlgorithmName).</summary>
    public static bool IsCryptoObject(ITypeSymbol? type)
    {
        for (var current = type; current is not null && current.SpecialType != SpecialType.System_Object; current = current.BaseType)
        {
            if (current.IsInNamespace("System.Security.Cryptography"))
            {
                return true;
            }
        }

        return type is not null && type.TypeKind == TypeKind.Interface && type.IsInNamespace("System.Security.Cryptography");
    }

    /// <summary>Header dictionaries of ASP.NET Core and HttpClient (<c>Response.Headers</c>, <c>request.Headers</c>).</summary>
    public static bool IsHeaders(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name.IndexOf("Header", StringComparison.Ordinal) >= 0 && IsSentNamespace(current))
            {
                return true;
            }
        }

        if (type is not null)
        {
            foreach (var implemented in type.AllInterfaces)
            {
                if (implemented.Name.IndexOf("Header", StringComparison.Ordinal) >= 0 && IsSentNamespace(implemented))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A public action of a controller: what it returns is the response.</summary>
    public bool IsControllerAction(IMethodSymbol method, CancellationToken cancellationToken) =>
        _controllers.IsAvailable && method.ContainingType is { } type && _controllers.IsController(type, cancellationToken) && _controllers.IsAction(method);

    /// <summary>The handler argument of <c>app.MapGet(pattern, handler)</c> and the other Map methods.</summary>
    public static bool IsEndpointHandler(IArgumentOperation argument) => MinimalApiEndpoints.IsHandlerArgument(argument);

    /// <summary>The header a call or indexer names: the first constant string argument (<c>"ETag"</c>, <c>HeaderNames.ContentMD5</c>).</summary>
    public static string? HeaderName(IEnumerable<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (argument.Value.TryGetConstantString(out var name))
            {
                return name;
            }
        }

        return null;
    }

    /// <summary>
    /// The ETag response header: an opaque validator clients only echo back (RFC 9110). A new ETag costs each cache
    /// one full response; nothing compares it with a stored value.
    /// </summary>
    public static bool IsETag(string? header) => string.Equals(header, "ETag", StringComparison.OrdinalIgnoreCase);

    /// <summary>The request's <c>If-None-Match</c>, which holds an ETag this server sent: comparing with it is revalidation.</summary>
    public static bool IsETagRevalidation(IOperation other)
    {
        var text = other.Syntax.ToString();
        return text.IndexOf("IfNoneMatch", StringComparison.OrdinalIgnoreCase) >= 0
               || text.IndexOf("If-None-Match", StringComparison.OrdinalIgnoreCase) >= 0;
    }

    /// <summary>
    /// A collection that lives in this process and is filled here: a local or field initialized with <c>new</c> or a
    /// collection expression, the collection being initialized, or an <c>IMemoryCache</c>.
    /// </summary>
    public bool IsInMemory(IOperation? instance)
    {
        instance = instance?.WalkDownConversions();
        switch (instance)
        {
            case null:
                return false;
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }:
                return true;
            case IObjectCreationOperation:
                return IsCreated(instance);
            case { Type: var type } when IsMemoryCache(type):
                return true;
            case ILocalReferenceOperation local:
                return LocalValues.FindSingleValue(local.Local, instance.GetRoot())?.WalkDownConversions() is { } initial && IsCreated(initial);
            case IFieldReferenceOperation { Field: var field }:
                foreach (var reference in field.DeclaringSyntaxReferences)
                {
                    // Read as syntax: new(), new(StringComparer.Ordinal), new Dictionary<string, T>(256), [].
                    if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: var value }
                        && (value is BaseObjectCreationExpressionSyntax { ArgumentList: var arguments }
                            && (arguments is null || arguments.Arguments.All(a => a.Expression is LiteralExpressionSyntax or MemberAccessExpressionSyntax))
                            || value is CollectionExpressionSyntax { Elements.Count: 0 }))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>An empty new collection (<c>new HashSet&lt;string&gt;()</c>, <c>new(StringComparer.Ordinal)</c>, <c>[]</c>): filled by this code.</summary>
    private static bool IsCreated(IOperation value) => value switch
    {
        IObjectCreationOperation creation => creation.Arguments.All(a => a.Value.Type is not { } type || !IsSequence(type)),
        _ => value.Syntax is CollectionExpressionSyntax { Elements.Count: 0 },
    };

    private static bool IsSequence(ITypeSymbol type) =>
        type.SpecialType != SpecialType.System_String
        && (type is IArrayTypeSymbol || type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable));

    private static bool Implements(ITypeSymbol type, INamedTypeSymbol? contract)
    {
        if (contract is null)
        {
            return false;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.Is(contract))
            {
                return true;
            }
        }

        return false;
    }

    private static bool InNamespaces(ITypeSymbol? type, string[] prefixes)
    {
        var ns = type?.ContainingNamespace;
        if (ns is null || ns.IsGlobalNamespace)
        {
            return false;
        }

        var name = ns.ToDisplayString();
        foreach (var prefix in prefixes)
        {
            if (prefix.EndsWith(".", StringComparison.Ordinal)
                    ? name.StartsWith(prefix, StringComparison.Ordinal) || name == prefix.Substring(0, prefix.Length - 1)
                    : name == prefix || name.StartsWith(prefix + ".", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>SaveAsync</c> starts with the word Save; <c>Saved</c> and <c>Savings</c> do not.</summary>
    private static bool StartsWithWord(string name, string word) =>
        name.StartsWith(word, StringComparison.Ordinal)
        && (name.Length == word.Length || !char.IsLower(name[word.Length]));
}
