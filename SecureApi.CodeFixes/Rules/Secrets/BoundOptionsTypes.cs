using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;

namespace SecureApi.CodeFixes.Rules.Secrets;

/// <summary>
/// The classes of a compilation that the app fills from configuration, so that a literal in one of their property
/// initializers is a default the binder replaces: <c>services.Configure&lt;T&gt;(configuration.GetSection(...))</c>,
/// <c>services.Configure&lt;T&gt;(configuration)</c>, <c>configuration.GetSection(...).Bind(obj)</c>,
/// <c>configuration.Bind("Section", obj)</c>, <c>.Get&lt;T&gt;()</c>, <c>.Get(typeof(T))</c>,
/// <c>AddOptions&lt;T&gt;().Bind(...)</c> and <c>.BindConfiguration(...)</c>, written anywhere in the compilation. A
/// generic helper that binds its type parameter (<c>AddSettings&lt;T&gt;(...) =&gt; services.Configure&lt;T&gt;(...)</c>)
/// binds the type arguments of its calls. The binder also fills inherited properties and the properties of nested
/// classes (<c>PaymentsOptions.Stripe</c>), so base classes and the classes of a bound class's properties count too.
/// Computed once per compilation, when a fix first asks, from the compilation's own syntax trees.
/// </summary>
internal sealed class BoundOptionsTypes
{
    private static readonly ConditionalWeakTable<Compilation, BoundOptionsTypes> Cache = new();

    /// <summary>Names of the binding methods, to skip the trees that call none of them without binding anything.</summary>
    private static readonly HashSet<string> BindingMethodNames = new(StringComparer.Ordinal) { "Configure", "Bind", "Get", "BindConfiguration" };

    private const int MaxNestingDepth = 8;

    private readonly Compilation _compilation;
    private readonly object _gate = new();
    private ImmutableHashSet<INamedTypeSymbol>? _types;

    private BoundOptionsTypes(Compilation compilation) => _compilation = compilation;

    public static BoundOptionsTypes For(Compilation compilation) => Cache.GetValue(compilation, static c => new BoundOptionsTypes(c));

    /// <summary>Does the app fill <paramref name="type"/> (a class of this compilation) from configuration?</summary>
    public bool IsBound(INamedTypeSymbol type, CancellationToken cancellationToken) =>
        Types(cancellationToken).Contains(type.OriginalDefinition);

    private ImmutableHashSet<INamedTypeSymbol> Types(CancellationToken cancellationToken)
    {
        if (_types is { } known)
        {
            return known;
        }

        lock (_gate)
        {
            // A cancelled computation stores nothing: the next request starts again.
            return _types ??= Compute(cancellationToken);
        }
    }

    private ImmutableHashSet<INamedTypeSymbol> Compute(CancellationToken cancellationToken)
    {
        var types = KnownTypes.For(_compilation);
        var binders = new[]
        {
            types.ConfigurationBinder,
            types.Get("Microsoft.Extensions.DependencyInjection.OptionsConfigurationServiceCollectionExtensions"),
            types.Get("Microsoft.Extensions.DependencyInjection.OptionsBuilderConfigurationExtensions"),
        }.OfType<INamedTypeSymbol>().ToArray();

        if (binders.Length == 0)
        {
            return ImmutableHashSet<INamedTypeSymbol>.Empty;
        }

        var bound = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
        var genericHelpers = new Dictionary<IMethodSymbol, HashSet<int>>(SymbolEqualityComparer.Default);
        foreach (var (invocation, model) in Invocations(BindingMethodNames, cancellationToken))
        {
            if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
            {
                continue;
            }

            var definition = (method.ReducedFrom ?? method).OriginalDefinition;
            if (!binders.Any(b => SymbolEqualityComparer.Default.Equals(definition.ContainingType, b))
                || BoundType(invocation, method, model, cancellationToken) is not { } type)
            {
                continue;
            }

            // services.Configure<T>(...) inside AddSettings<T>(): the callers' type arguments are bound.
            if (type is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method, DeclaringMethod: { } helper } parameter
                && helper.Locations.Any(l => l.IsInSource))
            {
                var key = helper.OriginalDefinition;
                if (!genericHelpers.TryGetValue(key, out var ordinals))
                {
                    genericHelpers[key] = ordinals = new HashSet<int>();
                }

                ordinals.Add(parameter.Ordinal);
                continue;
            }

            bound.Add(type);
        }

        if (genericHelpers.Count > 0)
        {
            var names = new HashSet<string>(genericHelpers.Keys.Select(m => m.Name), StringComparer.Ordinal);
            foreach (var (invocation, model) in Invocations(names, cancellationToken))
            {
                if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
                    && genericHelpers.TryGetValue((method.ReducedFrom ?? method).OriginalDefinition, out var ordinals))
                {
                    foreach (var ordinal in ordinals)
                    {
                        if (ordinal < method.TypeArguments.Length)
                        {
                            bound.Add(method.TypeArguments[ordinal]);
                        }
                    }
                }
            }
        }

        var result = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
        foreach (var type in bound)
        {
            AddWithNested(type, result, 0, cancellationToken);
        }

        return result.ToImmutableHashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
    }

    /// <summary>The invocations of the compilation's trees whose method is named one of <paramref name="names"/>, with their tree's model.</summary>
    private IEnumerable<(InvocationExpressionSyntax Invocation, SemanticModel Model)> Invocations(HashSet<string> names, CancellationToken cancellationToken)
    {
        foreach (var tree in _compilation.SyntaxTrees)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SemanticModel? model = null;
            foreach (var invocation in tree.GetRoot(cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (MethodName(invocation) is { } name && names.Contains(name))
                {
                    model ??= _compilation.GetSemanticModel(tree);
                    yield return (invocation, model);
                }
            }
        }
    }

    private static string? MethodName(InvocationExpressionSyntax invocation) => invocation.Expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
        SimpleNameSyntax name => name.Identifier.ValueText,
        _ => null,
    };

    /// <summary>The type a binding call fills: its type argument, the type of the instance it binds, or <c>typeof(T)</c>.</summary>
    private static ITypeSymbol? BoundType(InvocationExpressionSyntax invocation, IMethodSymbol method, SemanticModel model, CancellationToken cancellationToken)
    {
        var definition = method.ReducedFrom ?? method;
        switch (method.Name)
        {
            // Configure<T>(IConfiguration), OptionsBuilder<T>.Bind(IConfiguration), BindConfiguration(path), Get<T>().
            case "Configure" or "BindConfiguration" or "Get" when method.TypeArguments.Length == 1:
                return method.TypeArguments[0];

            case "Bind" when method.TypeArguments.Length == 1:
                return method.TypeArguments[0];

            // ConfigurationBinder.Bind(configuration, [key,] instance), ConfigurationBinder.Get(configuration, typeof(T)).
            case "Bind" or "Get":
                if (model.GetOperation(invocation, cancellationToken) is not IInvocationOperation operation)
                {
                    return null;
                }

                foreach (var argument in operation.Arguments)
                {
                    var value = argument.Value;
                    while (value is IConversionOperation conversion)
                    {
                        value = conversion.Operand;
                    }

                    switch (argument.Parameter?.Name)
                    {
                        case "instance" when definition.Name == "Bind":
                            return value.Type;
                        case "type" when value is ITypeOfOperation typeOf:
                            return typeOf.TypeOperand;
                    }
                }

                return null;

            default:
                return null;
        }
    }

    /// <summary>A class of this compilation, its base classes, and the classes its public properties hold (elements of collections too).</summary>
    private void AddWithNested(ITypeSymbol type, HashSet<INamedTypeSymbol> result, int depth, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (depth > MaxNestingDepth)
        {
            return;
        }

        switch (type)
        {
            case IArrayTypeSymbol array:
                AddWithNested(array.ElementType, result, depth + 1, cancellationToken);
                return;

            case INamedTypeSymbol named when named.TypeKind is TypeKind.Class or TypeKind.Struct:
                // List<Endpoint>, Dictionary<string, ClientOptions>, Endpoint?: the classes they hold.
                foreach (var argument in named.TypeArguments)
                {
                    AddWithNested(argument, result, depth + 1, cancellationToken);
                }

                if (!IsInSource(named))
                {
                    return;
                }

                for (INamedTypeSymbol? current = named.OriginalDefinition; current is not null && IsInSource(current); current = current.BaseType)
                {
                    if (!result.Add(current))
                    {
                        break;
                    }

                    foreach (var property in current.GetMembers().OfType<IPropertySymbol>())
                    {
                        if (!property.IsStatic && !property.IsIndexer && property.DeclaredAccessibility == Accessibility.Public)
                        {
                            AddWithNested(property.Type, result, depth + 1, cancellationToken);
                        }
                    }
                }

                return;
        }
    }

    private bool IsInSource(INamedTypeSymbol type) =>
        type.Locations.Any(l => l.IsInSource && l.SourceTree is { } tree && _compilation.ContainsSyntaxTree(tree));
}
