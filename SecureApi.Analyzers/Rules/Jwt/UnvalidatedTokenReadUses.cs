using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>
/// Where the payload of a decoded token is read: on the decode call itself (<c>handler.ReadJwtToken(t).Claims</c>),
/// or through a local that holds it and is never reassigned (<c>var jwt = ...</c>, <c>... as JwtSecurityToken</c>,
/// <c>... is JwtSecurityToken jwt</c>), also with <c>?.</c>. Header and time fields are not payload reads.
/// </summary>
internal static class UnvalidatedTokenReadUses
{
    private const int MaxConditionalDepth = 16;

    /// <summary>Members that return what the token's author wrote into the payload, with the text the message shows.</summary>
    private static readonly Dictionary<string, string> PayloadMembers = new()
    {
        ["Claims"] = "The claims",
        ["Payload"] = "The claims (Payload)",
        ["Subject"] = "The claims (Subject)",
        ["Issuer"] = "The claims (Issuer)",
        ["Audiences"] = "The claims (Audiences)",
        ["Actor"] = "The claims (Actor)",
        ["Azp"] = "The claims (Azp)",
        ["EncodedPayload"] = "The claims (EncodedPayload)",
        ["RawPayload"] = "The claims (RawPayload)",
        ["GetClaim"] = "The claims (GetClaim)",
        ["TryGetClaim"] = "The claims (TryGetClaim)",
        ["GetPayloadValue"] = "The claims (GetPayloadValue)",
        ["TryGetPayloadValue"] = "The claims (TryGetPayloadValue)",
        ["TryGetValue"] = "The claims (TryGetValue)",
    };

    public static List<PayloadRead> PayloadReads(IOperation decode, IOperation root) => PayloadReads(TokenReferences(decode, root));

    /// <summary>The payload reads among the uses of the decoded token (<see cref="TokenReferences"/>).</summary>
    public static List<PayloadRead> PayloadReads(List<IOperation> tokens)
    {
        var reads = new List<PayloadRead>();
        foreach (var token in tokens)
        {
            AddRead(token, reads);
        }

        return reads;
    }

    /// <summary>
    /// Where the decoded token is used: the decode itself, or every read of the local that holds it (conversions
    /// walked up); none when that local is ever given another value.
    /// </summary>
    public static List<IOperation> TokenReferences(IOperation decode, IOperation root)
    {
        var token = decode.WalkUpConversions();
        switch (token.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                return LocalReferences(declarator.Symbol, root);

            // handler.ReadToken(t) is JwtSecurityToken jwt, also inside `is not`.
            case IIsPatternOperation { Pattern: var pattern }:
                while (pattern is INegatedPatternOperation negated)
                {
                    pattern = negated.Pattern;
                }

                return pattern is IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol local } ? LocalReferences(local, root) : new List<IOperation>();

            default:
                return new List<IOperation> { token };
        }
    }

    /// <summary>Every read of <paramref name="local"/>; none when the local is ever given another value.</summary>
    private static List<IOperation> LocalReferences(ILocalSymbol local, IOperation root)
    {
        var references = new List<IOperation>();
        foreach (var operation in root.Descendants())
        {
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            var written = reference.Parent switch
            {
                IAssignmentOperation assignment => assignment.Target == reference,
                IArgumentOperation argument => argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out,
                ITupleOperation => true,
                _ => false,
            };
            if (written)
            {
                return new List<IOperation>();
            }

            references.Add(reference.WalkUpConversions());
        }

        return references;
    }

    /// <summary>The payload member read directly on <paramref name="token"/>, if any.</summary>
    private static void AddRead(IOperation token, List<PayloadRead> reads)
    {
        var member = token.Parent switch
        {
            IPropertyReferenceOperation property when property.Instance == token => property,
            IInvocationOperation invocation when invocation.Instance == token => invocation,
            IConditionalAccessOperation conditional when conditional.Operation == token => ConditionalMember(conditional.WhenNotNull, 0),
            _ => null,
        };

        var name = member switch
        {
            IPropertyReferenceOperation property => property.Property.Name,
            IInvocationOperation invocation => invocation.TargetMethod.Name,
            _ => null,
        };

        if (member is not null && name is not null && PayloadMembers.TryGetValue(name, out var what))
        {
            reads.Add(new PayloadRead(member, what, NameLocation(member)));
        }
    }

    /// <summary>In <c>jwt?.Claims.First()</c>, the member accessed on the tested value (<c>Claims</c>).</summary>
    private static IOperation? ConditionalMember(IOperation operation, int depth)
    {
        if (depth > MaxConditionalDepth)
        {
            return null;
        }

        switch (operation)
        {
            case IPropertyReferenceOperation { Instance: IConditionalAccessInstanceOperation }:
            case IInvocationOperation { Instance: IConditionalAccessInstanceOperation }:
                return operation;

            // A nested ?. tests something else; only its left part can hold our member.
            case IConditionalAccessOperation nested:
                return ConditionalMember(nested.Operation, depth + 1);
        }

        foreach (var child in operation.ChildOperations)
        {
            if (ConditionalMember(child, depth + 1) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary><c>Claims</c> in <c>jwt.Claims</c>; <c>GetClaim("tenant")</c> in <c>jwt.GetClaim("tenant")</c>.</summary>
    public static Location NameLocation(IOperation member) => member.Syntax switch
    {
        MemberAccessExpressionSyntax access => access.Name.GetLocation(),
        MemberBindingExpressionSyntax binding => binding.Name.GetLocation(),
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax or MemberBindingExpressionSyntax } => member.GetMemberNameLocation(),
        _ => member.Syntax.GetLocation(),
    };

    public readonly struct PayloadRead
    {
        public PayloadRead(IOperation operation, string what, Location location)
        {
            Operation = operation;
            What = what;
            Location = location;
        }

        public IOperation Operation { get; }

        /// <summary>The first message argument, e.g. "The claims (Subject)".</summary>
        public string What { get; }

        public Location Location { get; }
    }
}
