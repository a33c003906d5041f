using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>
/// Follows a <c>new SecurityTokenDescriptor { ... }</c> through its method: is it handed to a token handler's
/// <c>Create*</c> method without ever getting <c>SigningCredentials</c>?
/// </summary>
internal sealed class UnsignedJwtDescriptors
{
    private const string SigningCredentials = "SigningCredentials";

    private readonly INamedTypeSymbol? _descriptor;
    private readonly INamedTypeSymbol? _tokenHandler;

    public UnsignedJwtDescriptors(KnownTypes types)
    {
        _descriptor = types.SecurityTokenDescriptor;
        _tokenHandler = types.Get("Microsoft.IdentityModel.Tokens.TokenHandler");
    }

    public bool IsWrittenUnsigned(IObjectCreationOperation creation)
    {
        if (creation.Initializer is { } initializer)
        {
            foreach (var member in initializer.Initializers)
            {
                // SigningCredentials = null still leaves the token unsigned.
                if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: SigningCredentials } } assignment
                    && !IsNull(assignment.Value))
                {
                    return false;
                }
            }
        }

        var descriptor = creation.WalkUpConversions();
        switch (descriptor.Parent)
        {
            case IArgumentOperation argument:
                return IsTokenCreation(argument);

            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return IsLocalWrittenUnsigned(declarator.Symbol, creation);

            default:
                return false;
        }
    }

    /// <summary>
    /// The local reaches a <c>Create*</c> call, and is never given credentials, reassigned, or passed to other code
    /// (a helper may sign it).
    /// </summary>
    private bool IsLocalWrittenUnsigned(ILocalSymbol local, IOperation creation)
    {
        var written = false;
        foreach (var operation in creation.GetRoot().Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            var use = reference.WalkUpConversions();
            switch (use.Parent)
            {
                case IPropertyReferenceOperation { Property.Name: SigningCredentials } property
                    when property.Parent is IAssignmentOperation assignment && assignment.Target == property:
                    return false;

                case IAssignmentOperation assignment when assignment.Target == use:
                    return false;

                case IArgumentOperation argument when IsTokenCreation(argument):
                    written = true;
                    break;

                case IArgumentOperation:
                case IAssignmentOperation:
                case IVariableInitializerOperation:
                case IReturnOperation:
                case ITupleOperation:
                case IArrayInitializerOperation:
                case IAnonymousObjectCreationOperation:
                    return false;
            }
        }

        return written;
    }

    /// <summary><c>handler.CreateToken(descriptor)</c>, <c>CreateEncodedJwt(descriptor)</c>, <c>CreateJwtSecurityToken(descriptor)</c>...</summary>
    private bool IsTokenCreation(IArgumentOperation argument) =>
        argument.Parent is IInvocationOperation invocation
        && invocation.TargetMethod.Name.StartsWith("Create", StringComparison.Ordinal)
        && argument.Parameter?.Type.Is(_descriptor) == true
        && DerivesFrom(invocation.TargetMethod.ContainingType, _tokenHandler);

    private static bool DerivesFrom(INamedTypeSymbol? type, INamedTypeSymbol? baseType)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Is(baseType))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsNull(IOperation value) => value.WalkDownConversions().ConstantValue is { HasValue: true, Value: null };
}
