using System;
using Microsoft.CodeAnalysis;

namespace SecureApi.Analyzers.Rules.Cors;

/// <summary>
/// Which policy an operation configures: a variable or parameter holding a builder or <c>CorsPolicy</c>, or the
/// object creation itself when the policy never gets a name.
/// </summary>
internal readonly struct CorsPolicyIdentity : IEquatable<CorsPolicyIdentity>
{
    private readonly ISymbol? _symbol;
    private readonly SyntaxNode? _node;

    private CorsPolicyIdentity(ISymbol? symbol, SyntaxNode? node)
    {
        _symbol = symbol;
        _node = node;
    }

    public static CorsPolicyIdentity Of(ISymbol symbol) => new(symbol, null);

    public static CorsPolicyIdentity Of(SyntaxNode node) => new(null, node);

    public bool Equals(CorsPolicyIdentity other) =>
        _symbol is not null
            ? SymbolEqualityComparer.Default.Equals(_symbol, other._symbol)
            : other._symbol is null && _node == other._node;

    public override bool Equals(object? obj) => obj is CorsPolicyIdentity other && Equals(other);

    public override int GetHashCode() => _symbol is not null ? SymbolEqualityComparer.Default.GetHashCode(_symbol) : _node?.GetHashCode() ?? 0;
}
