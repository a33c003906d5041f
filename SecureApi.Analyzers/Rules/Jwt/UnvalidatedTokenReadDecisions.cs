using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>
/// SAPI1004 in a method that does validate: the decoded (unvalidated) token decides whether the validation runs at
/// all. A field read on the token (<c>jwt.Header.Alg</c>) is the condition of an <c>if</c> or <c>?:</c> of which
/// exactly one side validates, and the side that skips validation still uses the token (reads its claims or returns
/// it, there or in the code it falls through to): <c>if (jwt.Header.Alg != "none") handler.ValidateToken(...);</c>
/// followed by a claims read. Also the early exit: <c>if (jwt.Header.Alg == "none") return jwt.Claims...;</c> before
/// the validation. A branch that rejects (returns without the token, throws) is a pre-check, not a bypass.
/// </summary>
internal static class UnvalidatedTokenReadDecisions
{
    private const int MaxChainLength = 16;

    /// <summary>Members of the token's header: what the message calls "header fields" rather than "claims".</summary>
    private static readonly HashSet<string> HeaderMembers = new(StringComparer.Ordinal)
    {
        "Header", "EncodedHeader", "SignatureAlgorithm", "Alg", "Kid", "Typ", "Cty", "Enc", "X5t", "Zip", "GetHeaderValue",
        "TryGetHeaderValue",
    };

    public readonly struct Decision
    {
        public Decision(Location location, string what)
        {
            Location = location;
            What = what;
        }

        /// <summary>The field read in the condition.</summary>
        public Location Location { get; }

        /// <summary>The first message argument: "The header fields that let it skip validation (Header.Alg)".</summary>
        public string What { get; }
    }

    public static List<Decision> Find(
        List<IOperation> tokens, List<UnvalidatedTokenReadUses.PayloadRead> reads, IOperation root, UnvalidatedTokenReadScope scope)
    {
        var decisions = new List<Decision>();
        var judged = new HashSet<IOperation>();
        foreach (var token in tokens)
        {
            if (MemberChain(token) is not { } member || ConditionHolding(member) is not { } conditional || !judged.Add(conditional))
            {
                continue;
            }

            if (SkipsValidation(conditional, tokens, reads, root, scope))
            {
                decisions.Add(new Decision(UnvalidatedTokenReadUses.NameLocation(member), Describe(token, member)));
            }
        }

        return decisions;
    }

    /// <summary>The outermost member access on <paramref name="token"/> (<c>jwt.Header.Alg</c>), or null when none is read.</summary>
    private static IOperation? MemberChain(IOperation token)
    {
        var current = token;
        for (var i = 0; i < MaxChainLength; i++)
        {
            var parent = current.WalkUpConversions().Parent;
            var next = parent switch
            {
                IPropertyReferenceOperation property when property.Instance?.WalkDownConversions() == current => parent,
                IInvocationOperation invocation when invocation.Instance?.WalkDownConversions() == current => parent,
                _ => null,
            };
            if (next is null)
            {
                break;
            }

            current = next;
        }

        return current == token ? null : current;
    }

    /// <summary>The <c>if</c> or <c>?:</c> whose condition holds <paramref name="read"/>; null when the read is elsewhere.</summary>
    private static IConditionalOperation? ConditionHolding(IOperation read)
    {
        var child = read;
        for (var parent = read.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when conditional.Condition == child:
                    return conditional;

                // The read left the condition: it is a statement, a value stored or returned, or inside a callback.
                case IConditionalOperation:
                case IBlockOperation:
                case IExpressionStatementOperation:
                case IVariableDeclarationGroupOperation:
                case IReturnOperation:
                case ILoopOperation:
                case ISwitchOperation:
                case IAnonymousFunctionOperation:
                case ILocalFunctionOperation:
                    return null;
            }
        }

        return null;
    }

    private static bool SkipsValidation(
        IConditionalOperation conditional, List<IOperation> tokens, List<UnvalidatedTokenReadUses.PayloadRead> reads, IOperation root, UnvalidatedTokenReadScope scope)
    {
        var whenFalse = conditional.WhenFalse;
        var validatesTrue = scope.ValidatesIn(conditional.WhenTrue);
        var validatesFalse = whenFalse is not null && scope.ValidatesIn(whenFalse);
        var after = TextSpan.FromBounds(conditional.Syntax.Span.End, Math.Max(conditional.Syntax.Span.End, root.Syntax.Span.End));

        if (validatesTrue == validatesFalse)
        {
            // Neither side validates: `if (jwt.Header.Alg == "none") return jwt.Claims...;` leaves before the validation below.
            return !validatesTrue && whenFalse is null && Leaves(conditional.WhenTrue) && ValidatesIn(after, root, scope)
                   && UsesToken(conditional.WhenTrue.Syntax.Span, tokens, reads, scope);
        }

        // The side that does not validate: the missing else falls through to what follows.
        var skip = validatesTrue ? whenFalse : conditional.WhenTrue;
        if (skip is null)
        {
            return UsesToken(after, tokens, reads, scope);
        }

        return UsesToken(skip.Syntax.Span, tokens, reads, scope) || !Leaves(skip) && UsesToken(after, tokens, reads, scope);
    }

    /// <summary>A claims read (not only logged) or a return of the token within <paramref name="span"/>.</summary>
    private static bool UsesToken(TextSpan span, List<IOperation> tokens, List<UnvalidatedTokenReadUses.PayloadRead> reads, UnvalidatedTokenReadScope scope)
    {
        foreach (var read in reads)
        {
            if (span.Contains(read.Operation.Syntax.Span) && !scope.IsOnlyLogged(read.Operation))
            {
                return true;
            }
        }

        foreach (var token in tokens)
        {
            if (span.Contains(token.Syntax.Span) && token.WalkUpConversions().Parent is IReturnOperation)
            {
                return true;
            }
        }

        return false;
    }

    private static bool ValidatesIn(TextSpan span, IOperation root, UnvalidatedTokenReadScope scope)
    {
        foreach (var operation in root.Descendants())
        {
            if (span.Contains(operation.Syntax.Span) && scope.IsValidation(operation))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A return or throw in <paramref name="branch"/>: the code after the conditional is not reached through it.</summary>
    private static bool Leaves(IOperation branch)
    {
        foreach (var descendant in branch.DescendantsAndSelf())
        {
            if (descendant is IReturnOperation or IThrowOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"The header fields that let it skip validation (Header.Alg)", "The claims that let it skip validation (Issuer)".</summary>
    private static string Describe(IOperation token, IOperation member)
    {
        var text = member.Syntax.ToString();
        var offset = token.Syntax.Span.End - member.Syntax.SpanStart;
        var chain = offset > 0 && offset < text.Length ? text.Substring(offset) : text;
        var builder = new System.Text.StringBuilder(chain.Length);
        foreach (var c in chain)
        {
            if (!char.IsWhiteSpace(c))
            {
                builder.Append(c);
            }
        }

        chain = builder.ToString().TrimStart('.', '?', '!');
        var first = chain;
        var end = first.IndexOfAny(new[] { '.', '(', '[', '?', '!' });
        if (end > 0)
        {
            first = first.Substring(0, end);
        }

        var kind = HeaderMembers.Contains(first) ? "The header fields" : "The claims";
        return kind + " that let it skip validation (" + chain + ")";
    }
}
