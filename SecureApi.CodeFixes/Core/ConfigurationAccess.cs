using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureApi.Analyzers.Core;

namespace SecureApi.CodeFixes.Core;

/// <summary>
/// Finds an <c>IConfiguration</c> that code at a position can use: a local or parameter of that type, a
/// builder or context that exposes one (<c>builder.Configuration</c>), or a field/property of the class.
/// </summary>
internal static class ConfigurationAccess
{
    public static ExpressionSyntax? Find(SemanticModel model, int position, CancellationToken cancellationToken)
    {
        var configuration = KnownTypes.For(model.Compilation).IConfiguration;
        if (configuration is null)
        {
            return null;
        }

        var node = model.SyntaxTree.GetRoot(cancellationToken).FindToken(position).Parent;
        var staticLambda = node?.AncestorsAndSelf().OfType<AnonymousFunctionExpressionSyntax>()
            .FirstOrDefault(l => l.Modifiers.Any(SyntaxKind.StaticKeyword));
        var inStaticMember = IsInStaticContext(model, position, cancellationToken);

        // Locals and parameters before members, an IConfiguration before an object exposing one, then the nearest declaration.
        (ExpressionSyntax Expression, int Rank, int Position)? best = null;
        foreach (var symbol in model.LookupSymbols(position))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (type, usable, isMember) = symbol switch
            {
                ILocalSymbol local => (local.Type, IsDeclaredBefore(local, position) && IsCapturable(local, staticLambda), false),
                IParameterSymbol parameter => (parameter.Type, IsCapturable(parameter, staticLambda), false),
                IFieldSymbol field => (field.Type, field.IsStatic || (!inStaticMember && staticLambda is null), true),
                IPropertySymbol { IsIndexer: false } property => (property.Type, property.IsStatic || (!inStaticMember && staticLambda is null), true),
                _ => (null, false, false),
            };

            if (type is null || !usable)
            {
                continue;
            }

            var access = Access(symbol, type, configuration);
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

    private static (ExpressionSyntax Expression, bool Direct)? Access(ISymbol symbol, ITypeSymbol type, INamedTypeSymbol configuration)
    {
        var name = SyntaxFactory.IdentifierName(SyntaxFacts.GetKeywordKind(symbol.Name) != SyntaxKind.None ? "@" + symbol.Name : symbol.Name);
        if (Implements(type, configuration))
        {
            return (name, true);
        }

        // WebApplicationBuilder, IHostApplicationBuilder, WebHostBuilderContext, HostBuilderContext, WebApplication...
        var member = AllMembers(type).OfType<IPropertySymbol>()
            .FirstOrDefault(p => p.Name == "Configuration" && !p.IsStatic && p.DeclaredAccessibility == Accessibility.Public && Implements(p.Type, configuration));
        return member is null
            ? null
            : (SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, name, SyntaxFactory.IdentifierName("Configuration")), false);
    }

    private static bool Implements(ITypeSymbol type, INamedTypeSymbol configuration) =>
        SymbolEqualityComparer.Default.Equals(type, configuration)
        || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, configuration));

    private static System.Collections.Generic.IEnumerable<ISymbol> AllMembers(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var member in current.GetMembers("Configuration"))
            {
                yield return member;
            }
        }

        foreach (var itf in type.AllInterfaces)
        {
            foreach (var member in itf.GetMembers("Configuration"))
            {
                yield return member;
            }
        }
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
