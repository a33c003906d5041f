using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureApi.Analyzers.Core;
using SecureApi.CodeFixes.Rules.Exceptions;

namespace SecureApi.Cli;

/// <summary>The analyzers, code fixes and rules this tool runs: the same assemblies the NuGet package ships.</summary>
public sealed class ProductCatalog
{
    private ProductCatalog(ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<CodeFixProvider> fixers)
    {
        Analyzers = analyzers;
        Fixers = fixers;
        Rules = analyzers.SelectMany(a => a.SupportedDiagnostics)
            .Where(d => d.Id.StartsWith("SAPI", StringComparison.Ordinal))
            .GroupBy(d => d.Id, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

    public ImmutableArray<CodeFixProvider> Fixers { get; }

    /// <summary>Every SAPI rule, by id.</summary>
    public ImmutableArray<DiagnosticDescriptor> Rules { get; }

    public IReadOnlySet<string> RuleIds => Rules.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);

    public static string Version { get; } =
        typeof(ProductCatalog).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static ProductCatalog Load() => new(
        Create<DiagnosticAnalyzer>(typeof(Descriptors).Assembly, t => t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null),
        Create<CodeFixProvider>(typeof(DeveloperExceptionPageCodeFix).Assembly, t => t.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null));

    public DiagnosticDescriptor? Rule(string id) => Rules.FirstOrDefault(r => r.Id == id);

    private static ImmutableArray<T> Create<T>(Assembly assembly, Func<Type, bool> exported) =>
        assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(T).IsAssignableFrom(t) && exported(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (T)Activator.CreateInstance(t)!)
            .ToImmutableArray();
}
