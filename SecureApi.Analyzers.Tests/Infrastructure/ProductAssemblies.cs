using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureApi.Analyzers.Core;
using SecureApi.CodeFixes.Rules.Cors;

namespace SecureApi.Analyzers.Tests.Infrastructure;

/// <summary>Every analyzer, code fix and descriptor the product ships, found by reflection.</summary>
public static class ProductAssemblies
{
    public static Assembly Analyzers { get; } = typeof(Descriptors).Assembly;

    public static Assembly CodeFixes { get; } = typeof(PermissiveCorsPolicyCodeFix).Assembly;

    public static ImmutableArray<DiagnosticAnalyzer> AllAnalyzers() =>
        Analyzers.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    public static ImmutableArray<CodeFixProvider> AllCodeFixes() =>
        CodeFixes.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray();

    /// <summary>The public static descriptors of <see cref="Descriptors"/>.</summary>
    public static ImmutableArray<DiagnosticDescriptor> AllDescriptors() =>
        typeof(Descriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
}
