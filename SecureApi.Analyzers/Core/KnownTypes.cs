using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace SecureApi.Analyzers.Core;

/// <summary>
/// Framework types, resolved at most once per compilation and shared by every rule. A property is null
/// when the compilation does not reference the type: rules use that to switch themselves off early.
/// </summary>
internal sealed class KnownTypes
{
    private static readonly ConditionalWeakTable<Compilation, KnownTypes> Cache = new();

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<string, INamedTypeSymbol?> _types = new();

    private KnownTypes(Compilation compilation) => _compilation = compilation;

    public static KnownTypes For(Compilation compilation) => Cache.GetValue(compilation, static c => new KnownTypes(c));

    // System
    public INamedTypeSymbol? Uri => Get("System.Uri");

    // Microsoft.AspNetCore.Cors
    public INamedTypeSymbol? CorsPolicyBuilder => Get("Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder");
    public INamedTypeSymbol? CorsPolicy => Get("Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicy");

    // Microsoft.Extensions.Configuration
    public INamedTypeSymbol? IConfiguration => Get("Microsoft.Extensions.Configuration.IConfiguration");
    public INamedTypeSymbol? ConfigurationBinder => Get("Microsoft.Extensions.Configuration.ConfigurationBinder");

    /// <summary>Any type by metadata name, cached for the compilation.</summary>
    public INamedTypeSymbol? Get(string metadataName) =>
        _types.GetOrAdd(metadataName, name => _compilation.GetBestTypeByMetadataName(name));
}
