using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Delegates;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>
/// Which algorithm the SAPI1001 fix pins: HS256 for a symmetric key, RS256 for RSA/X509 keys or an
/// Authority/metadata setup (and when nothing tells), ES256 for an ECDsa key.
/// </summary>
internal sealed class SigningAlgorithmChoice
{
    public const string Hmac = "HmacSha256";
    public const string Rsa = "RsaSha256";
    public const string Ecdsa = "EcdsaSha256";

    private const int MaxDepth = 3;

    private readonly INamedTypeSymbol? _symmetric;
    private readonly INamedTypeSymbol? _rsa;
    private readonly INamedTypeSymbol? _x509;
    private readonly INamedTypeSymbol? _ecdsa;

    public SigningAlgorithmChoice(KnownTypes types)
    {
        _symmetric = types.SymmetricSecurityKey;
        _rsa = types.RsaSecurityKey;
        _x509 = types.X509SecurityKey;
        _ecdsa = types.ECDsaSecurityKey;
    }

    /// <summary>The algorithm for the keys assigned in <paramref name="keyAssignments"/> (values of IssuerSigningKey[s]).</summary>
    public string Choose(IOperation[] keyAssignments, CancellationToken cancellationToken)
    {
        foreach (var key in keyAssignments)
        {
            if (Classify(key, 0, cancellationToken) is { } algorithm)
            {
                return algorithm;
            }
        }

        return Rsa;
    }

    private string? Classify(IOperation? value, int depth, CancellationToken cancellationToken)
    {
        if (value is null || depth > MaxDepth)
        {
            return null;
        }

        value = value.WalkDownConversions();
        if (ByType(value.Type) is { } byType)
        {
            return byType;
        }

        switch (value)
        {
            case IObjectCreationOperation { Type: var created }:
                return ByType(created);
            case IArrayCreationOperation { Initializer: { } initializer }:
                return initializer.ElementValues.Select(e => Classify(e, depth + 1, cancellationToken)).FirstOrDefault(a => a is not null);
            case ILocalReferenceOperation local:
                return Classify(LocalValues.FindSingleValue(local.Local, value.GetRoot()), depth + 1, cancellationToken);
            case IInvocationOperation invocation when DelegateBody.TryResolveMethod(invocation.TargetMethod, invocation, cancellationToken, out var body) && body.Body is { } block:
                // A helper of ours: what it returns.
                return block.Descendants().OfType<IReturnOperation>()
                    .Select(r => Classify(r.ReturnedValue, depth + 1, cancellationToken))
                    .FirstOrDefault(a => a is not null);
            case IPropertyReferenceOperation { Property.Name: "Key", Instance: { } credentials }:
                // credentials.Key of new SigningCredentials(key, ...)
                return credentials.WalkDownConversions() is ILocalReferenceOperation credentialsLocal
                       && LocalValues.FindSingleValue(credentialsLocal.Local, value.GetRoot())?.WalkDownConversions() is IObjectCreationOperation { Arguments.Length: > 0 } creation
                    ? Classify(creation.Arguments[0].Value, depth + 1, cancellationToken)
                    : null;
            default:
                return null;
        }
    }

    private string? ByType(ITypeSymbol? type)
    {
        if (type.IsOrDerivesFrom(_symmetric))
        {
            return Hmac;
        }

        if (type.IsOrDerivesFrom(_rsa) || type.IsOrDerivesFrom(_x509))
        {
            return Rsa;
        }

        return type.IsOrDerivesFrom(_ecdsa) ? Ecdsa : null;
    }
}
