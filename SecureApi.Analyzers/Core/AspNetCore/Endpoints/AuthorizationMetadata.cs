using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.AppFacts;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.AspNetCore.Endpoints;

/// <summary>
/// Which attributes carry authorization metadata for ASP.NET Core: anything implementing <c>IAuthorizeData</c>
/// (<c>[Authorize]</c>, custom attributes) or <c>IAllowAnonymous</c>, attributes that are authorization filters
/// themselves, and <c>[TypeFilter]</c>/<c>[ServiceFilter]</c> over an authorization filter type — also through an
/// attribute of this compilation deriving from them (<c>ApiKeyAttribute() : base(typeof(ApiKeyFilter))</c>), whose
/// constructor says which filter it adds. An attribute whose type does not resolve counts too: it may be one of these.
/// </summary>
internal sealed class AuthorizationMetadata
{
    private const int MaxDepth = 5;

    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol? _authorizeData;
    private readonly INamedTypeSymbol? _allowAnonymous;
    private readonly INamedTypeSymbol? _authorizationFilter;
    private readonly INamedTypeSymbol? _asyncAuthorizationFilter;
    private readonly INamedTypeSymbol? _typeFilter;
    private readonly INamedTypeSymbol? _serviceFilter;
    private readonly INamedTypeSymbol? _authorizeAttribute;

    // What each filter attribute constructor of this compilation passes to TypeFilterAttribute/ServiceFilterAttribute.
    private readonly ConcurrentDictionary<IMethodSymbol, FilterSource> _constructors = new(SymbolEqualityComparer.Default);

    public AuthorizationMetadata(KnownTypes types)
    {
        _compilation = types.Compilation;
        _authorizeData = types.IAuthorizeData;
        _allowAnonymous = types.IAllowAnonymous;
        _authorizationFilter = types.IAuthorizationFilter;
        _asyncAuthorizationFilter = types.IAsyncAuthorizationFilter;
        _typeFilter = types.TypeFilterAttribute;
        _serviceFilter = types.ServiceFilterAttribute;
        _authorizeAttribute = types.AuthorizeAttribute;
    }

    /// <summary>ASP.NET Core authorization is referenced at all.</summary>
    public bool IsAvailable => _authorizeData is not null;

    /// <summary><c>AuthorizeAttribute</c>: alone it only authenticates (see <see cref="RestrictsAccess"/>).</summary>
    public INamedTypeSymbol? AuthorizeAttributeType => _authorizeAttribute;

    public bool HasAuthorization(ImmutableArray<AttributeData> attributes) => attributes.Any(IsAuthorization);

    /// <summary>An attribute that requires authorization, allows anonymous access, or authorizes as a filter.</summary>
    public bool IsAuthorization(AttributeData attribute)
    {
        // An attribute that does not bind (a package not restored, a name half typed) may well be the authorization:
        // not knowing is not a finding.
        if (attribute.AttributeClass is not { } type || type.HasUnresolvedAncestry())
        {
            return true;
        }

        if (IsAuthorizationType(type))
        {
            return true;
        }

        // [TypeFilter(typeof(ApiKeyFilter))], [ServiceFilter(typeof(ApiKeyFilter))], [ApiKey] deriving from TypeFilterAttribute
        return (type.IsOrDerivesFrom(_typeFilter) || type.IsOrDerivesFrom(_serviceFilter))
               && FilterType(attribute) is { } filter
               && Implements(filter, _authorizationFilter, _asyncAuthorizationFilter);
    }

    /// <summary>
    /// Authorization metadata that decides more than "signed in" (SAPI2007): <c>[Authorize]</c> with roles or a policy,
    /// <c>[AllowAnonymous]</c>, an authorization filter, and attributes that derive from <c>AuthorizeAttribute</c> or
    /// implement <c>IAuthorizeData</c> themselves (their constructor may set either). A plain <c>[Authorize]</c> (or one
    /// naming only authentication schemes) only authenticates.
    /// </summary>
    public bool RestrictsAccess(AttributeData attribute) =>
        IsAuthorization(attribute)
        && !(attribute.AttributeClass.Is(_authorizeAttribute) && !NamesRolesOrPolicy(attribute));

    /// <summary>The policy (constructor argument) or a non-empty <c>Roles</c>/<c>Policy</c>.</summary>
    private static bool NamesRolesOrPolicy(AttributeData attribute) =>
        attribute.ConstructorArguments.Any(a => a.Value is string { Length: > 0 })
        || attribute.NamedArguments.Any(a => a.Key is "Roles" or "Policy" && a.Value.Value is string { Length: > 0 });

    /// <summary>A type whose instances carry authorization metadata (attribute or convention metadata object).</summary>
    public bool IsAuthorizationType(ITypeSymbol type) =>
        Implements(type, _authorizeData, _allowAnonymous, _authorizationFilter, _asyncAuthorizationFilter);

    private static bool Implements(ITypeSymbol type, params INamedTypeSymbol?[] interfaces) =>
        interfaces.Any(i => i is not null && (type.Is(i) || type.AllInterfaces.Any(t => t.Is(i))));

    /// <summary>The filter type a TypeFilter/ServiceFilter attribute (or a subclass of this compilation) adds.</summary>
    private INamedTypeSymbol? FilterType(AttributeData attribute)
    {
        if (attribute.AttributeConstructor is not { } constructor)
        {
            return null;
        }

        var source = SourceOf(constructor, 0);
        if (source.Type is not null)
        {
            return source.Type;
        }

        return source.Ordinal >= 0 && source.Ordinal < attribute.ConstructorArguments.Length
               && attribute.ConstructorArguments[source.Ordinal] is { Kind: TypedConstantKind.Type, Value: INamedTypeSymbol type }
            ? type
            : null;
    }

    /// <summary>
    /// Where a filter attribute constructor takes the filter type from: <c>TypeFilterAttribute(Type type)</c> itself
    /// (its parameter), or a constructor of this compilation that passes <c>typeof(F)</c> or one of its own parameters on
    /// to <c>base(...)</c>/<c>this(...)</c>. Unknown for constructors of other assemblies.
    /// </summary>
    private FilterSource SourceOf(IMethodSymbol constructor, int depth)
    {
        constructor = constructor.OriginalDefinition;
        if (constructor.ContainingType.Is(_typeFilter) || constructor.ContainingType.Is(_serviceFilter))
        {
            var parameter = constructor.Parameters.FirstOrDefault(p => p.Type.Name == "Type");
            return parameter is null ? FilterSource.Unknown : FilterSource.FromParameter(parameter.Ordinal);
        }

        if (depth > MaxDepth || !constructor.IsDeclaredIn(_compilation))
        {
            return FilterSource.Unknown;
        }

        if (_constructors.TryGetValue(constructor, out var known))
        {
            return known;
        }

        return _constructors.GetOrAdd(constructor, Compute(constructor, depth));
    }

    private FilterSource Compute(IMethodSymbol constructor, int depth)
    {
        foreach (var reference in constructor.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax(CancellationToken.None) is not ConstructorDeclarationSyntax { Initializer: { } initializer } declaration
                || CompilationFacts.ModelOf(_compilation, declaration.SyntaxTree, null) is not { } model
                || model.GetOperation(initializer, CancellationToken.None) is not { } operation)
            {
                continue;
            }

            var call = operation.DescendantsAndSelf().OfType<IInvocationOperation>()
                .FirstOrDefault(i => i.TargetMethod.MethodKind == MethodKind.Constructor);
            if (call is null)
            {
                continue;
            }

            var called = SourceOf(call.TargetMethod, depth + 1);
            if (called.Type is not null)
            {
                return called;
            }

            if (called.Ordinal < 0 || call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == called.Ordinal)?.Value.WalkDownConversions() is not { } value)
            {
                continue;
            }

            switch (value)
            {
                case ITypeOfOperation { TypeOperand: INamedTypeSymbol type }:
                    return FilterSource.FromType(type);
                case IParameterReferenceOperation { Parameter: var parameter }
                    when SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol.OriginalDefinition, constructor):
                    return FilterSource.FromParameter(parameter.Ordinal);
            }
        }

        return FilterSource.Unknown;
    }

    /// <summary>A filter type known from the constructor's code, or the ordinal of the constructor parameter that gives it.</summary>
    private readonly struct FilterSource
    {
        private FilterSource(INamedTypeSymbol? type, int ordinal)
        {
            Type = type;
            Ordinal = ordinal;
        }

        public static FilterSource Unknown => new(null, -1);

        public INamedTypeSymbol? Type { get; }

        public int Ordinal { get; }

        public static FilterSource FromType(INamedTypeSymbol type) => new(type, -1);

        public static FilterSource FromParameter(int ordinal) => new(null, ordinal);
    }
}
