using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>
/// The questions SAPI1004 asks about the code around a decoded token, only after a payload read was found: does the
/// method validate a token, does the code run after the authentication handler validated it, and is a payload read
/// only written to a log?
/// </summary>
internal readonly struct UnvalidatedTokenReadScope
{
    private const int MaxLoggingDepth = 32;

    private readonly INamedTypeSymbol? _logger;
    private readonly INamedTypeSymbol? _loggerExtensions;
    private readonly INamedTypeSymbol? _console;
    private readonly INamedTypeSymbol? _debug;
    private readonly INamedTypeSymbol? _trace;
    private readonly INamedTypeSymbol? _jwtBearerTokenValidated;
    private readonly INamedTypeSymbol? _openIdConnectTokenValidated;

    public UnvalidatedTokenReadScope(KnownTypes types)
    {
        _logger = types.ILogger;
        _loggerExtensions = types.LoggerExtensions;
        _console = types.Get("System.Console");
        _debug = types.Get("System.Diagnostics.Debug");
        _trace = types.Get("System.Diagnostics.Trace");
        _jwtBearerTokenValidated = types.Get("Microsoft.AspNetCore.Authentication.JwtBearer.TokenValidatedContext");
        _openIdConnectTokenValidated = types.Get("Microsoft.AspNetCore.Authentication.OpenIdConnect.TokenValidatedContext");
    }

    /// <summary>
    /// A call in <paramref name="root"/> that validates a token: <c>ValidateToken</c>, <c>ValidateTokenAsync</c>, or
    /// any method whose name says it validates (or verifies) a token or a JWT, such as <c>ValidateJwtAsync</c>.
    /// Where the call sits does not matter: validation after the read usually guards what the claims are used for.
    /// </summary>
    public bool Validates(IOperation root)
    {
        foreach (var operation in root.Descendants())
        {
            if (IsValidation(operation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Does <paramref name="operation"/> (itself included) call a validation?</summary>
    public bool ValidatesIn(IOperation operation)
    {
        foreach (var descendant in operation.DescendantsAndSelf())
        {
            if (IsValidation(descendant))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A call that validates a token (see <see cref="Validates"/>).</summary>
    public bool IsValidation(IOperation operation) =>
        operation is IInvocationOperation invocation && IsValidationName(invocation.TargetMethod.Name);

    /// <summary>
    /// The decode runs in a <c>TokenValidated</c> event (a lambda or method taking a <c>TokenValidatedContext</c>),
    /// which the JwtBearer and OpenID Connect handlers raise only after validating the request's token.
    /// </summary>
    public bool ProvesValidation(IOperation decode, ISymbol containingSymbol)
    {
        for (var operation = decode.Parent; operation is not null; operation = operation.Parent)
        {
            var parameters = operation switch
            {
                IAnonymousFunctionOperation lambda => lambda.Symbol.Parameters,
                ILocalFunctionOperation local => local.Symbol.Parameters,
                _ => ImmutableArray<IParameterSymbol>.Empty,
            };
            if (HasTokenValidatedContext(parameters))
            {
                return true;
            }
        }

        return containingSymbol is IMethodSymbol method && HasTokenValidatedContext(method.Parameters);
    }

    /// <summary>The value of <paramref name="read"/> only goes into a log call (<c>ILogger</c>, <c>Console</c>, <c>Debug</c>, <c>Trace</c>).</summary>
    public bool IsOnlyLogged(IOperation read)
    {
        var depth = 0;
        for (var parent = read.Parent; parent is not null && depth < MaxLoggingDepth; parent = parent.Parent, depth++)
        {
            switch (parent)
            {
                case IInvocationOperation invocation when IsLogging(invocation.TargetMethod):
                    return true;

                // The value leaves the expression: it is stored, returned or decides something.
                case IAssignmentOperation:
                case IVariableInitializerOperation:
                case IReturnOperation:
                case IConditionalOperation:
                case ILoopOperation:
                case ISwitchOperation:
                case IBlockOperation:
                case IExpressionStatementOperation:
                case IAnonymousFunctionOperation:
                case IThrowOperation:
                    return false;
            }
        }

        return false;
    }

    private static bool IsValidationName(string name)
    {
        if (name is "ValidateToken" or "ValidateTokenAsync")
        {
            return true;
        }

        return (Contains(name, "Validate") || Contains(name, "Verify"))
               && (Contains(name, "Token") || Contains(name, "Jwt"));
    }

    private static bool Contains(string text, string part) => text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;

    private bool HasTokenValidatedContext(ImmutableArray<IParameterSymbol> parameters)
    {
        foreach (var parameter in parameters)
        {
            if (parameter.Type.Is(_jwtBearerTokenValidated) || parameter.Type.Is(_openIdConnectTokenValidated))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsLogging(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (type is null)
        {
            return false;
        }

        if (type.Is(_loggerExtensions) || type.Is(_logger) || Implements(type, _logger))
        {
            return true;
        }

        if (type.Is(_console) || type.Is(_debug) || type.Is(_trace))
        {
            return method.Name.StartsWith("Write", StringComparison.Ordinal)
                   || method.Name is "Print" or "TraceInformation" or "TraceWarning" or "TraceError";
        }

        // LoggerMessage.Define delegates (Action<ILogger, ...>) and [LoggerMessage] methods.
        if (type.TypeKind == TypeKind.Delegate && method.Name == "Invoke")
        {
            return method.Parameters.Length > 0 && (method.Parameters[0].Type.Is(_logger) || Implements(method.Parameters[0].Type, _logger));
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (attribute.AttributeClass?.Name == "LoggerMessageAttribute")
            {
                return true;
            }
        }

        return false;
    }

    private static bool Implements(ITypeSymbol type, INamedTypeSymbol? @interface)
    {
        if (@interface is null)
        {
            return false;
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (implemented.Is(@interface))
            {
                return true;
            }
        }

        return false;
    }
}
