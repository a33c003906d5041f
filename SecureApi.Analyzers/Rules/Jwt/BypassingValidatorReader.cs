using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Delegates;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>
/// Tells whether a validator delegate assigned to <c>TokenValidationParameters</c> accepts every token: every path
/// returns the accepting value, and nothing on the way can reject (a <c>throw</c>, a <c>false</c>, a call that
/// might throw). Only logging may happen before the return. A signature validator needs only one such path: a
/// branch on the token's own fields that returns the decoded token (<c>if (jwt.Alg == "none") return jwt;</c>)
/// accepts unsigned tokens whatever the other paths check. Anything the reader does not understand counts as a
/// real check, so a finding is always a validator that plainly skips the check.
/// </summary>
internal sealed class BypassingValidatorReader
{
    private const int MaxLocalHops = 3;

    private static readonly HashSet<string> TokenNamespaces = new()
    {
        "System.IdentityModel.Tokens.Jwt", "Microsoft.IdentityModel.JsonWebTokens", "Microsoft.IdentityModel.Tokens",
    };

    // Decode (or test that a string decodes) without validating anything.
    private static readonly HashSet<string> TokenDecoders = new() { "ReadJwtToken", "ReadJsonWebToken", "ReadToken", "CanReadToken" };

    private readonly INamedTypeSymbol? _parameters;
    private readonly INamedTypeSymbol? _securityToken;
    private readonly INamedTypeSymbol?[] _loggers;

    public BypassingValidatorReader(KnownTypes types)
    {
        _parameters = types.TokenValidationParameters;
        _securityToken = types.Get("Microsoft.IdentityModel.Tokens.SecurityToken");
        _loggers = new[]
        {
            types.ILogger, types.LoggerExtensions, types.Get("System.Console"),
            types.Get("System.Diagnostics.Debug"), types.Get("System.Diagnostics.Trace"),
        };
    }

    /// <summary>Does the delegate <paramref name="value"/> accept without checking?</summary>
    public bool AcceptsEverything(IOperation value, ValidatorReturn accepts, CancellationToken cancellationToken)
    {
        if (!DelegateBody.TryResolve(value, cancellationToken, out var body))
        {
            return false;
        }

        if (body.Body is null)
        {
            // A method in another file can only be read syntactically: a literal true is clear enough.
            return accepts == ValidatorReturn.True && body.DeclarationAlwaysReturnsTrue();
        }

        var input = body.Parameters.Length > 0 ? body.Parameters[0] : null;
        var walk = new Walk(this, body.Body, input, accepts, cancellationToken);

        // A signature validator must check on every path: one unchecked return of the decoded token lets forged tokens in.
        return accepts == ValidatorReturn.Token ? walk.AnyPath(body.Body.Operations, 0) : walk.Statements(body.Body.Operations, 0);
    }

    private bool IsLogging(IMethodSymbol method)
    {
        foreach (var logger in _loggers)
        {
            if (method.ContainingType.Is(logger))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsSecurityToken(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Is(_securityToken))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Logging, token decoding and string members cannot reject a token.</summary>
    private bool IsHarmless(IMethodSymbol method) =>
        IsLogging(method) || IsTokenDecoder(method) || method.ContainingType?.SpecialType == SpecialType.System_String;

    /// <summary><c>handler.ReadJwtToken(token)</c> and the like: decode only, never validate.</summary>
    private static bool IsTokenDecoder(IMethodSymbol method) =>
        TokenDecoders.Contains(method.Name)
        && method.ContainingType?.ContainingNamespace?.ToDisplayString() is { } ns
        && TokenNamespaces.Contains(ns);

    /// <summary>One reading of one delegate body.</summary>
    private readonly struct Walk
    {
        private readonly BypassingValidatorReader _reader;
        private readonly IOperation _root;
        private readonly IParameterSymbol? _input;
        private readonly ValidatorReturn _accepts;
        private readonly CancellationToken _cancellationToken;

        public Walk(BypassingValidatorReader reader, IOperation root, IParameterSymbol? input, ValidatorReturn accepts, CancellationToken cancellationToken)
        {
            _reader = reader;
            _root = root;
            _input = input;
            _accepts = accepts;
            _cancellationToken = cancellationToken;
        }

        /// <summary>Do the statements from <paramref name="index"/> on surely end in an accepting return?</summary>
        public bool Statements(IReadOnlyList<IOperation> statements, int index)
        {
            for (var i = index; i < statements.Count; i++)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                switch (statements[i])
                {
                    case IReturnOperation { ReturnedValue: { } value }:
                        return Accepting(value, 0);

                    case IConditionalOperation { WhenTrue: var whenTrue, WhenFalse: var whenFalse } branch when !MayReject(branch.Condition):
                        // Both ways must accept: a branch that throws or returns false is a real check.
                        return Branch(whenTrue) && (whenFalse is null ? Statements(statements, i + 1) : Branch(whenFalse));

                    case IVariableDeclarationGroupOperation declarations when !MayReject(declarations):
                    case IExpressionStatementOperation { Operation: IInvocationOperation call } when _reader.IsLogging(call.TargetMethod) && !MayReject(call):
                    case IEmptyOperation:
                        continue;

                    default:
                        return false;
                }
            }

            return false;
        }

        /// <summary>
        /// Can the statements from <paramref name="index"/> on reach an accepting return before anything that could
        /// check? A branch on the token's own fields (<c>if (jwt.Alg == "none") return jwt;</c>) is no check: either way
        /// may be taken. A conditional that throws, returns or calls something is one, and ends the walk.
        /// </summary>
        public bool AnyPath(IReadOnlyList<IOperation> statements, int index)
        {
            for (var i = index; i < statements.Count; i++)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                switch (statements[i])
                {
                    case IReturnOperation { ReturnedValue: { } value }:
                        return Accepting(value, 0);

                    case IConditionalOperation { WhenTrue: var whenTrue, WhenFalse: var whenFalse } branch when !MayReject(branch.Condition):
                        if (AnyBranch(whenTrue) || whenFalse is not null && AnyBranch(whenFalse))
                        {
                            return true;
                        }

                        if (MayReject(branch) || Leaves(branch))
                        {
                            return false;
                        }

                        continue;

                    case IVariableDeclarationGroupOperation declarations when !MayReject(declarations):
                    case IExpressionStatementOperation { Operation: IInvocationOperation call } when _reader.IsLogging(call.TargetMethod) && !MayReject(call):
                    case IEmptyOperation:
                        continue;

                    default:
                        return false;
                }
            }

            return false;
        }

        private bool AnyBranch(IOperation branch) => branch switch
        {
            IReturnOperation { ReturnedValue: { } value } => Accepting(value, 0),
            IBlockOperation block => AnyPath(block.Operations, 0),
            _ => false,
        };

        /// <summary>A return somewhere in <paramref name="operation"/>: what follows is not reached on every path.</summary>
        private static bool Leaves(IOperation operation)
        {
            foreach (var descendant in operation.DescendantsAndSelf())
            {
                if (descendant is IReturnOperation)
                {
                    return true;
                }
            }

            return false;
        }

        private bool Branch(IOperation branch) => branch switch
        {
            IReturnOperation { ReturnedValue: { } value } => Accepting(value, 0),
            IBlockOperation block => Statements(block.Operations, 0),
            _ => false,
        };

        private bool Accepting(IOperation value, int hops)
        {
            value = value.WalkDownConversions();
            switch (value)
            {
                case IConditionalOperation { WhenFalse: { } whenFalse } ternary:
                    return !MayReject(ternary.Condition) && Accepting(ternary.WhenTrue, hops) && Accepting(whenFalse, hops);

                case ICoalesceOperation coalesce:
                    return Accepting(coalesce.Value, hops) && Accepting(coalesce.WhenNull, hops);

                case ILocalReferenceOperation local when hops < MaxLocalHops:
                    return LocalValues.FindSingleValue(local.Local, _root) is { } initial && Accepting(initial, hops + 1);
            }

            switch (_accepts)
            {
                case ValidatorReturn.True:
                    return value.IsConstantTrue();

                case ValidatorReturn.Issuer:
                    return value switch
                    {
                        IParameterReferenceOperation parameter => SymbolEqualityComparer.Default.Equals(parameter.Parameter, _input),
                        IPropertyReferenceOperation property => property.Property.IsMember(_reader._parameters, "ValidIssuer")
                                                                || (property.Property.Name == "Issuer" && _reader.IsSecurityToken(property.Property.ContainingType)),
                        _ => value.TryGetConstantString(out _),
                    };

                default:
                    return value switch
                    {
                        IObjectCreationOperation creation => _reader.IsSecurityToken(creation.Type) && !MayReject(creation),
                        IInvocationOperation call => IsTokenDecoder(call.TargetMethod) && !MayReject(call),
                        _ => false,
                    };
            }
        }

        /// <summary>A throw, or a call other than logging, decoding or string handling, could be the check.</summary>
        private bool MayReject(IOperation operation)
        {
            foreach (var descendant in operation.DescendantsAndSelf())
            {
                switch (descendant)
                {
                    case IThrowOperation:
                    case IInvocationOperation call when !_reader.IsHarmless(call.TargetMethod):
                        return true;
                }
            }

            return false;
        }
    }
}
