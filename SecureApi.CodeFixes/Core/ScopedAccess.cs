using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureApi.Analyzers.Core;

namespace SecureApi.CodeFixes.Core;

/// <summary>
/// Finds a service that code at a position can use (an <c>IConfiguration</c>, an <c>ILogger</c>, the host
/// environment): a local or parameter of that type, a builder or context that exposes one through a property
/// (<c>builder.Configuration</c>, <c>app.Environment</c>), or a field/property of the class. Static contexts and
/// static lambdas are respected.
/// </summary>
internal static class ScopedAccess
{
    public static ExpressionSyntax? Configuration(SemanticModel model, int position, CancellationToken cancellationToken) =>
        Find(model, position, KnownTypes.For(model.Compilation).IConfiguration, "Configuration", cancellationToken);

    public static ExpressionSyntax? Logger(SemanticModel model, int position, CancellationToken cancellationToken) =>
        Find(model, position, KnownTypes.For(model.Compilation).ILogger, exposedAs: null, cancellationToken);

    public static ExpressionSyntax? HostEnvironment(SemanticModel model, int position, CancellationToken cancellationToken) =>
        Find(model, position, KnownTypes.For(model.Compilation).IHostEnvironment, "Environment", cancellationToken);

    /// <param name="service">The interface to reach (null: nothing is found).</param>
    /// <param name="exposedAs">The name of a property through which other objects expose it, if any.</param>
    public static ExpressionSyntax? Find(SemanticModel model, int position, INamedTypeSymbol? service, string? exposedAs, CancellationToken cancellationToken)
    {
        if (service is null)
        {
            return null;
        }

        var node = model.SyntaxTree.GetRoot(cancellationToken).FindToken(position).Parent;
        var staticLambda = node?.AncestorsAndSelf().OfType<AnonymousFunctionExpressionSyntax>()
            .FirstOrDefault(l => l.Modifiers.Any(SyntaxKind.StaticKeyword));
        var inStaticMember = IsInStaticContext(model, position, cancellationToken);
        var enclosing = model.GetEnclosingSymbol(position, cancellationToken);

        // Locals and parameters before members, an IConfiguration before an object exposing one, then the nearest declaration.
        (ExpressionSyntax Expression, int Rank, int Position)? best = null;
        foreach (var symbol in model.LookupSymbols(position))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (type, usable, isMember) = symbol switch
            {
                ILocalSymbol local => (local.Type, IsDeclaredBefore(local, position) && IsCapturable(local, staticLambda) && IsInMethodOf(local, enclosing), false),
                IParameterSymbol parameter => (parameter.Type, IsCapturable(parameter, staticLambda) && IsInMethodOf(parameter, enclosing), false),
                IFieldSymbol field => (field.Type, field.IsStatic || (!inStaticMember && staticLambda is null), true),
                IPropertySymbol { IsIndexer: false } property => (property.Type, property.IsStatic || (!inStaticMember && staticLambda is null), true),
                _ => (null, false, false),
            };

            if (type is null || !usable)
            {
                continue;
            }

            var access = Access(symbol, type, service, exposedAs);
            if (access is null)
            {
                continue;
            }

            var rank = (isMember ? 2 : 0) + (access.Value.Direct ? 0 : 1);
            var declared = symbol.DeclaringSyntaxReferences.FirstOrDefault()?.Span.Start ?? -1;
            if (best is null || rank < best.Value.Rank || (rank == best.Value.Rank && declared > best.Value.Position))
            {
                best = (access.Value.Expression, rank, declared);
            }
        }

        return best?.Expression;
    }

    private static (ExpressionSyntax Expression, bool Direct)? Access(ISymbol symbol, ITypeSymbol type, INamedTypeSymbol service, string? exposedAs)
    {
        var name = SyntaxFactory.IdentifierName(SyntaxFacts.GetKeywordKind(symbol.Name) != SyntaxKind.None ? "@" + symbol.Name : symbol.Name);
        if (Implements(type, service))
        {
            return (name, true);
        }

        // WebApplicationBuilder, IHostApplicationBuilder, WebHostBuilderContext, HostBuilderContext, WebApplication...
        if (exposedAs is null)
        {
            return null;
        }

        var member = AllMembers(type, exposedAs).OfType<IPropertySymbol>()
            .FirstOrDefault(p => !p.IsStatic && p.DeclaredAccessibility == Accessibility.Public && Implements(p.Type, service));
        return member is null
            ? null
            : (SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, name, SyntaxFactory.IdentifierName(exposedAs)), false);
    }

    private static bool Implements(ITypeSymbol type, INamedTypeSymbol service) =>
        SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, service)
        || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, service));

    private static System.Collections.Generic.IEnumerable<ISymbol> AllMembers(ITypeSymbol type, string name)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers(name))
            {
                yield return member;
            }
        }

        foreach (var itf in type.AllInterfaces)
        {
            foreach (var member in itf.GetMembers(name))
            {
                yield return member;
            }
        }
    }

    /// <summary>
    /// For a local or parameter of top-level statements (<c>builder</c>, <c>args</c>): is the position inside them?
    /// Lookup also returns them inside classes of the same file, where using them is CS8801. Any other local or
    /// parameter (a primary constructor's included) is returned by lookup only where it can be used.
    /// </summary>
    private static bool IsInMethodOf(ISymbol symbol, ISymbol? enclosing)
    {
        if (symbol.ContainingSymbol is not IMethodSymbol { Name: WellKnownMemberNames.TopLevelStatementsEntryPointMethodName })
        {
            return true;
        }

        for (var current = enclosing; current is not null; current = current.ContainingSymbol)
        {
            if (SymbolEqualityComparer.Default.Equals(current, symbol.ContainingSymbol))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDeclaredBefore(ISymbol symbol, int position) =>
        symbol.DeclaringSyntaxReferences.Any(r => r.Span.End <= position);

    /// <summary>A static lambda cannot use locals or parameters from outside it.</summary>
    private static bool IsCapturable(ISymbol symbol, AnonymousFunctionExpressionSyntax? staticLambda) =>
        staticLambda is null || symbol.DeclaringSyntaxReferences.Any(r => staticLambda.Span.Contains(r.Span));

    private static bool IsInStaticContext(SemanticModel model, int position, CancellationToken cancellationToken)
    {
        for (var symbol = model.GetEnclosingSymbol(position, cancellationToken); symbol is not null; symbol = symbol.ContainingSymbol)
        {
            if (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } inner)
            {
                if (inner.IsStatic && inner.MethodKind == MethodKind.LocalFunction)
                {
                    return true;
                }

                continue;
            }

            return symbol.IsStatic || symbol is INamedTypeSymbol;
        }

        return true;
    }
}
