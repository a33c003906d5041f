using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.AspNetCore;

/// <summary>
/// Where JwtBearerOptions are configured, and for which scheme: <c>AddJwtBearer(scheme, o =&gt; ...)</c>,
/// <c>Configure/PostConfigure/ConfigureAll/PostConfigureAll&lt;JwtBearerOptions&gt;(...)</c>,
/// <c>AddOptions&lt;JwtBearerOptions&gt;(name).Configure(...)</c>, and <c>IConfigureOptions</c>,
/// <c>IConfigureNamedOptions</c> and <c>IPostConfigureOptions&lt;JwtBearerOptions&gt;</c> classes.
/// </summary>
internal sealed class JwtBearerOptionsCode
{
    /// <summary><c>JwtBearerDefaults.AuthenticationScheme</c>.</summary>
    public const string DefaultScheme = "Bearer";

    private readonly INamedTypeSymbol? _options;
    private readonly INamedTypeSymbol? _jwtBearerExtensions;
    private readonly INamedTypeSymbol? _optionsExtensions;
    private readonly INamedTypeSymbol? _optionsBuilder;
    private readonly INamedTypeSymbol? _configureOptions;
    private readonly INamedTypeSymbol? _configureNamedOptions;
    private readonly INamedTypeSymbol? _postConfigureOptions;

    public JwtBearerOptionsCode(KnownTypes types)
    {
        _options = types.JwtBearerOptions;
        _jwtBearerExtensions = types.JwtBearerExtensions;
        _optionsExtensions = types.OptionsServiceCollectionExtensions;
        _optionsBuilder = types.OptionsBuilder;
        _configureOptions = types.IConfigureOptions;
        _configureNamedOptions = types.IConfigureNamedOptions;
        _postConfigureOptions = types.IPostConfigureOptions;
    }

    public INamedTypeSymbol? OptionsType => _options;

    /// <summary>Cheap name test for the hot path, before any symbol work.</summary>
    public static bool MayConfigure(string methodName) =>
        methodName is "AddJwtBearer" or "Configure" or "PostConfigure" or "ConfigureAll" or "PostConfigureAll";

    /// <summary>
    /// Is this call one that configures JwtBearerOptions? Gives the options lambda (null for <c>AddJwtBearer()</c>)
    /// and the schemes it applies to.
    /// </summary>
    public bool TryGetConfigurationCall(IInvocationOperation invocation, out IAnonymousFunctionOperation? lambda, out SchemeSet schemes)
    {
        lambda = null;
        schemes = SchemeSet.Unknown;
        if (_options is null)
        {
            return false;
        }

        var method = invocation.TargetMethod;
        var containing = method.ContainingType;
        if (containing.Is(_jwtBearerExtensions) && method.Name == "AddJwtBearer")
        {
            lambda = Lambda(invocation, "configureOptions");
            var scheme = Argument(invocation, "authenticationScheme");
            schemes = scheme is null ? SchemeSet.Named(DefaultScheme) : NameOf(scheme);
            return true;
        }

        if (containing.Is(_optionsExtensions) && method.TypeArguments.Length > 0 && method.TypeArguments[0].Is(_options))
        {
            switch (method.Name)
            {
                case "Configure" or "PostConfigure":
                    lambda = Lambda(invocation, "configureOptions");
                    var name = Argument(invocation, "name");
                    schemes = name is null ? SchemeSet.Named(string.Empty) : NameOf(name);
                    return lambda is not null;
                case "ConfigureAll" or "PostConfigureAll":
                    lambda = Lambda(invocation, "configureOptions");
                    schemes = SchemeSet.All;
                    return lambda is not null;
            }
        }

        // services.AddOptions<JwtBearerOptions>(name).Configure(o => ...)
        if (containing is { IsGenericType: true } builder && builder.OriginalDefinition.Is(_optionsBuilder)
            && builder.TypeArguments.Length == 1 && builder.TypeArguments[0].Is(_options)
            && method.Name is "Configure" or "PostConfigure")
        {
            lambda = invocation.Arguments.Select(a => a.Value.WalkDownConversions()).OfType<IDelegateCreationOperation>()
                .Select(d => d.Target).OfType<IAnonymousFunctionOperation>().FirstOrDefault();
            schemes = OptionsBuilderName(invocation.Instance);
            return lambda is not null;
        }

        return false;
    }

    /// <summary>
    /// The schemes that code using <paramref name="optionsParameter"/> (a JwtBearerOptions parameter) at
    /// <paramref name="site"/> configures: the configuration call around its lambda, or the name checks of an
    /// options class method.
    /// </summary>
    public bool TryGetSchemes(IParameterSymbol optionsParameter, IOperation site, out SchemeSet schemes)
    {
        schemes = SchemeSet.Unknown;
        if (!optionsParameter.Type.Is(_options))
        {
            return false;
        }

        if (optionsParameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction } lambdaSymbol)
        {
            for (var current = site; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation lambda && SymbolEqualityComparer.Default.Equals(lambda.Symbol, lambdaSymbol))
                {
                    return InvocationTaking(lambda) is { } call && TryGetConfigurationCall(call, out _, out schemes);
                }
            }

            return false;
        }

        if (optionsParameter.ContainingSymbol is IMethodSymbol method && IsOptionsClassMethod(method))
        {
            var nameParameter = method.Parameters.Length == 2 && method.Parameters[0].Type.SpecialType == SpecialType.System_String
                ? method.Parameters[0]
                : null;
            schemes = nameParameter is null ? SchemeSet.Named(string.Empty) : NameChecks.SchemeGuarding(site, nameParameter) ?? SchemeSet.All;
            return true;
        }

        return false;
    }

    /// <summary>The call a lambda is an argument of.</summary>
    public static IInvocationOperation? InvocationTaking(IAnonymousFunctionOperation lambda)
    {
        var current = lambda.Parent;
        while (current is IDelegateCreationOperation or IConversionOperation or IArgumentOperation)
        {
            current = current.Parent;
        }

        return current as IInvocationOperation;
    }

    private bool IsOptionsClassMethod(IMethodSymbol method)
    {
        if (method.Name is not ("Configure" or "PostConfigure") || method.ContainingType is not { } type)
        {
            return false;
        }

        foreach (var itf in type.AllInterfaces)
        {
            if (itf.TypeArguments.Length == 1 && itf.TypeArguments[0].Is(_options)
                && (itf.OriginalDefinition.Is(_configureOptions) || itf.OriginalDefinition.Is(_configureNamedOptions) || itf.OriginalDefinition.Is(_postConfigureOptions)))
            {
                return true;
            }
        }

        return false;
    }

    private SchemeSet OptionsBuilderName(IOperation? receiver)
    {
        // Walk back through chained Configure/PostConfigure/Validate calls to AddOptions<T>(name).
        for (var current = receiver?.WalkDownConversions(); current is IInvocationOperation call; current = call.Instance?.WalkDownConversions())
        {
            if (call.TargetMethod.Name == "AddOptions")
            {
                var name = call.Arguments.FirstOrDefault(a => a.Parameter?.Name == "name");
                return name is null ? SchemeSet.Named(string.Empty) : NameOf(name.Value);
            }

            if (call.Instance is null)
            {
                break;
            }
        }

        return SchemeSet.Unknown;
    }

    private static IOperation? Argument(IInvocationOperation invocation, string parameterName)
    {
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter?.Name == parameterName && argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                return argument.Value;
            }
        }

        return null;
    }

    private static IAnonymousFunctionOperation? Lambda(IInvocationOperation invocation, string parameterName) =>
        Argument(invocation, parameterName)?.WalkDownConversions() is IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }
            ? lambda
            : null;

    private static SchemeSet NameOf(IOperation value)
    {
        var constant = value.WalkDownConversions().ConstantValue;
        if (!constant.HasValue)
        {
            return SchemeSet.Unknown;
        }

        // A null name is the default options instance (Options.DefaultName).
        return SchemeSet.Named(constant.Value as string ?? string.Empty);
    }
}
