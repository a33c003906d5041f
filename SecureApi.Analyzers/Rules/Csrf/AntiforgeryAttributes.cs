using System.Linq;
using Microsoft.CodeAnalysis;
using SecureApi.Analyzers.Core;

namespace SecureApi.Analyzers.Rules.Csrf;

/// <summary>
/// Which antiforgery policy attribute decides for an MVC action or a Razor page. MVC applies the most specific one
/// (<c>IAntiforgeryPolicy</c>, all with the same order): the action's (also on the method it overrides), then the
/// class's or a base class's, then a global filter. <c>[IgnoreAntiforgeryToken]</c> turns validation off;
/// <c>[ValidateAntiForgeryToken]</c>, <c>[AutoValidateAntiforgeryToken]</c> and other policies turn it on.
/// </summary>
internal sealed class AntiforgeryAttributes
{
    private readonly INamedTypeSymbol? _policy;
    private readonly INamedTypeSymbol? _ignore;
    private readonly INamedTypeSymbol? _validate;
    private readonly INamedTypeSymbol? _autoValidate;

    public AntiforgeryAttributes(KnownTypes types)
    {
        _policy = types.IAntiforgeryPolicy;
        _ignore = types.IgnoreAntiforgeryTokenAttribute;
        _validate = types.ValidateAntiForgeryTokenAttribute;
        _autoValidate = types.AutoValidateAntiforgeryTokenAttribute;
    }

    /// <summary>MVC's antiforgery attributes are referenced.</summary>
    public bool IsAvailable => _ignore is not null || _validate is not null;

    /// <summary>The deciding attribute on the action or a method it overrides, null when none.</summary>
    public Decision? OnAction(IMethodSymbol action)
    {
        for (var current = action; current is not null; current = current.OverriddenMethod)
        {
            if (Find(current) is { } decision)
            {
                return decision;
            }
        }

        return null;
    }

    /// <summary>The deciding attribute on the class or a base class, null when none.</summary>
    public Decision? OnClass(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (Find(current) is { } decision)
            {
                return decision;
            }
        }

        return null;
    }

    private Decision? Find(ISymbol owner)
    {
        foreach (var attribute in owner.GetAttributes())
        {
            if (attribute.AttributeClass is not { } type)
            {
                continue;
            }

            if (type.IsOrDerivesFrom(_ignore))
            {
                return new Decision(owner, attribute, validates: false);
            }

            if (type.IsOrDerivesFrom(_validate) || type.IsOrDerivesFrom(_autoValidate)
                || _policy is not null && type.AllInterfaces.Any(i => i.Is(_policy)))
            {
                return new Decision(owner, attribute, validates: true);
            }
        }

        return null;
    }

    /// <summary>An antiforgery attribute and where it sits.</summary>
    public sealed class Decision
    {
        public Decision(ISymbol owner, AttributeData attribute, bool validates)
        {
            Owner = owner;
            Attribute = attribute;
            Validates = validates;
        }

        public ISymbol Owner { get; }

        public AttributeData Attribute { get; }

        public bool Validates { get; }

        /// <summary>The attribute in source, when it is this compilation's (null for metadata).</summary>
        public Location? SourceLocation(Compilation compilation) =>
            Attribute.ApplicationSyntaxReference is { } reference && compilation.ContainsSyntaxTree(reference.SyntaxTree)
                ? reference.SyntaxTree.GetLocation(reference.Span)
                : null;
    }
}
