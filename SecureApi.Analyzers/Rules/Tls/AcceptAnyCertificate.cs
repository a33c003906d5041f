using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Delegates;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Tls;

/// <summary>
/// Does a certificate validation callback accept every certificate? Yes for
/// <c>HttpClientHandler.DangerousAcceptAnyServerCertificateValidator</c> and for a lambda, anonymous method or
/// method whose every return is the constant <c>true</c> and that cannot reject otherwise: no <c>throw</c> and no
/// call to a method of the project's own (which might throw). Anything else (a <c>false</c> or computed return on
/// some path) counts as a real check, so a callback that tests the policy errors or a thumbprint stays silent.
/// </summary>
internal sealed class AcceptAnyCertificate
{
    private const int MaxLocalHops = 3;
    private const string DangerousValidator = "DangerousAcceptAnyServerCertificateValidator";

    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol? _httpClientHandler;

    public AcceptAnyCertificate(KnownTypes types, INamedTypeSymbol? httpClientHandler)
    {
        _compilation = types.Compilation;
        _httpClientHandler = httpClientHandler;
    }

    public bool AcceptsEverything(IOperation value, CancellationToken cancellationToken)
    {
        for (var hop = 0; hop <= MaxLocalHops; hop++)
        {
            value = value.WalkDownConversions();
            if (value is IDelegateCreationOperation { Target: IPropertyReferenceOperation target })
            {
                value = target;
            }

            switch (value)
            {
                case IPropertyReferenceOperation { Property: var property }:
                    return property.IsMember(_httpClientHandler, DangerousValidator);

                // var accept = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator; handler.X = accept;
                case ILocalReferenceOperation local when LocalValues.FindSingleValue(local.Local, value.GetRoot()) is { } initial
                                                         && initial.WalkDownConversions() is IPropertyReferenceOperation:
                    value = initial;
                    continue;

                // private static readonly Func<...> AcceptAll = (_, _, _, _) => true;
                case IFieldReferenceOperation { Field: { IsReadOnly: true } field } when ReadOnlyFieldValue(field, value, cancellationToken) is { } initial:
                    value = initial;
                    continue;
            }

            break;
        }

        if (!DelegateBody.TryResolve(value, cancellationToken, out var body))
        {
            return false;
        }

        return body.Body is { } block ? AlwaysTrue(block) : DeclarationAlwaysTrue(body);
    }

    /// <summary>The initializer of a readonly field declared in the same file (what every read sees, constructors aside).</summary>
    private static IOperation? ReadOnlyFieldValue(IFieldSymbol field, IOperation site, CancellationToken cancellationToken)
    {
        if (field.DeclaringSyntaxReferences.Length != 1
            || field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer: { } initializer }
            || site.SemanticModel is not { } model
            || initializer.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        return model.GetOperation(initializer.Value, cancellationToken);
    }

    private bool AlwaysTrue(IBlockOperation block)
    {
        var returns = 0;
        foreach (var operation in block.Descendants())
        {
            switch (operation)
            {
                case IReturnOperation @return:
                    if (@return.ReturnedValue is not { } returned || !returned.IsConstantTrue())
                    {
                        return false;
                    }

                    returns++;
                    break;

                case IThrowOperation:
                    return false;

                // A helper of the project's own may throw to reject; framework calls here are logging and reading.
                case IInvocationOperation call when call.TargetMethod.IsDeclaredIn(_compilation) || IsThrowHelper(call.TargetMethod):
                    return false;
            }
        }

        return returns > 0;
    }

    /// <summary>A method in another file, read without a semantic model: returns <c>true</c> only, throws nothing, calls only logging.</summary>
    private static bool DeclarationAlwaysTrue(DelegateBody body)
    {
        if (!body.DeclarationAlwaysReturnsTrue() || body.Declaration is not { } declaration)
        {
            return false;
        }

        foreach (var node in declaration.DescendantNodes())
        {
            switch (node)
            {
                case ThrowStatementSyntax or ThrowExpressionSyntax:
                    return false;

                case InvocationExpressionSyntax invocation when !IsLoggingName(invocation.Expression):
                    return false;
            }
        }

        return true;
    }

    private static bool IsLoggingName(ExpressionSyntax expression)
    {
        var name = expression switch
        {
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            _ => null,
        };
        return name is not null && (name.StartsWith("Log", StringComparison.Ordinal) || name.StartsWith("Write", StringComparison.Ordinal));
    }

    private static bool IsThrowHelper(IMethodSymbol method) => method.Name.StartsWith("Throw", StringComparison.Ordinal);
}
