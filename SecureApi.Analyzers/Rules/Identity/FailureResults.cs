using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AspNetCore.Responses;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Identity;

/// <summary>
/// Compares what two failure branches of a sign-in answer, structurally: the result helper or result type
/// (<c>NotFound(...)</c>, <c>Results.Unauthorized()</c>, <c>new UnauthorizedObjectResult(...)</c>, an app's own
/// <c>LoginResponse</c>), its status code when it is a constant, and the string constants it carries (literals,
/// constants, locals assigned once), plus the messages the branch writes on the way (<c>ModelState.AddModelError</c>,
/// <c>ViewData</c>: see <see cref="ResponseSinks"/>). The same local, field or expression text is the same answer.
/// Different helpers of the app itself (<c>UserNotFound()</c>, <c>WrongPassword()</c>) are not compared: what they
/// send is not seen here.
/// </summary>
internal sealed class FailureResults
{
    private readonly KnownTypes _types;
    private readonly ResponseSinks _sinks;

    public FailureResults(KnownTypes types, ResponseSinks sinks)
    {
        _types = types;
        _sinks = sinks;
    }

    /// <summary>How two answers differ, for the message.</summary>
    public sealed class Difference
    {
        public Difference(string missing, string failed, bool onlyMessagesOnTheWay)
        {
            Missing = missing;
            Failed = failed;
            OnlyMessagesOnTheWay = onlyMessagesOnTheWay;
        }

        /// <summary>What the unknown user gets, as the message quotes it.</summary>
        public string Missing { get; }

        /// <summary>What a wrong password gets.</summary>
        public string Failed { get; }

        /// <summary>The returned results are the same; a model error or view message written before them differs.</summary>
        public bool OnlyMessagesOnTheWay { get; }
    }

    /// <summary>How the two outcomes' answers differ, or null when they are the same or cannot be compared.</summary>
    public Difference? Compare(BranchOutcomes.Outcome missing, BranchOutcomes.Outcome failed, IOperation root)
    {
        if (missing.Returned is not { } first || failed.Returned is not { } second)
        {
            return null;
        }

        var a = Resolve(first, root);
        var b = Resolve(second, root);
        if (SameReference(first, second) || SameText(first.WalkDownConversions(), second.WalkDownConversions()) || SameText(a, b))
        {
            return SideDifference(missing, failed, a, b, root);
        }

        if (Shape(a) is not { } shapeA || Shape(b) is not { } shapeB)
        {
            return null;
        }

        if (shapeA.Status is { } statusA && shapeB.Status is { } statusB)
        {
            if (statusA != statusB)
            {
                return new Difference(DisplayText.Of(a.Syntax), DisplayText.Of(b.Syntax), onlyMessagesOnTheWay: false);
            }
        }
        else if (shapeA.Helper != shapeB.Helper)
        {
            return shapeA.IsFramework && shapeB.IsFramework
                ? new Difference(DisplayText.Of(a.Syntax), DisplayText.Of(b.Syntax), onlyMessagesOnTheWay: false)
                : null;
        }

        return !Literals(a, root).SequenceEqual(Literals(b, root))
            ? new Difference(DisplayText.Of(a.Syntax), DisplayText.Of(b.Syntax), onlyMessagesOnTheWay: false)
            : SideDifference(missing, failed, a, b, root);
    }

    /// <summary>Both return <c>View(model)</c>, but one added the model error "No such user" and the other "Wrong password".</summary>
    private Difference? SideDifference(BranchOutcomes.Outcome missing, BranchOutcomes.Outcome failed, IOperation a, IOperation b, IOperation root)
    {
        var (missingLiterals, missingWrite) = SideMessages(missing.Passed, root);
        var (failedLiterals, failedWrite) = SideMessages(failed.Passed, root);
        if (missingLiterals.SequenceEqual(failedLiterals))
        {
            return null;
        }

        return new Difference(Describe(a, missingWrite), Describe(b, failedWrite), onlyMessagesOnTheWay: true);

        static string Describe(IOperation result, IOperation? write) =>
            write is null ? DisplayText.Of(result.Syntax) : DisplayText.Of(result.Syntax) + " after " + DisplayText.Of(write.Syntax);
    }

    private (List<string> Literals, IOperation? FirstWrite) SideMessages(List<IOperation> statements, IOperation root)
    {
        var literals = new List<string>();
        IOperation? first = null;
        foreach (var statement in statements)
        {
            foreach (var operation in BranchOutcomes.InBody(statement))
            {
                IEnumerable<IOperation> written = operation switch
                {
                    IInvocationOperation call => _sinks.ValuesWritten(call),
                    ISimpleAssignmentOperation assignment when _sinks.ValueWritten(assignment) is { } value => new[] { value },
                    _ => Enumerable.Empty<IOperation>(),
                };
                foreach (var value in written)
                {
                    first ??= operation;
                    literals.AddRange(Literals(value, root));
                }
            }
        }

        return (literals, first);
    }

    /// <summary>A shared local, field or property: the same answer whatever it holds.</summary>
    private static bool SameReference(IOperation first, IOperation second) =>
        first.GetReferencedSymbol() is { } symbol && SymbolEqualityComparer.Default.Equals(symbol, second.GetReferencedSymbol());

    private static bool SameText(IOperation first, IOperation second) => first.Syntax.IsEquivalentTo(second.Syntax, topLevel: false);

    /// <summary>The value of a local assigned once (<c>var rejected = Unauthorized(...); ... return rejected;</c>).</summary>
    private static IOperation Resolve(IOperation returned, IOperation root)
    {
        var value = returned.WalkDownConversions();
        return value is ILocalReferenceOperation local && LocalValues.FindSingleValue(local.Local, root) is { } single ? single.WalkDownConversions() : value;
    }

    private sealed class ResultShape
    {
        public ResultShape(string helper, bool isFramework, int? status)
        {
            Helper = helper;
            IsFramework = isFramework;
            Status = status;
        }

        public string Helper { get; }

        public bool IsFramework { get; }

        public int? Status { get; }
    }

    private ResultShape? Shape(IOperation result)
    {
        switch (result)
        {
            case IInvocationOperation call:
                var isHelper = ResultStatusCodes.IsHelper(call.TargetMethod, _types);
                return new ResultShape(
                    isHelper ? call.TargetMethod.Name : call.TargetMethod.OriginalDefinition.ToDisplayString(),
                    isHelper,
                    isHelper ? ResultStatusCodes.Of(call) : null);
            case IObjectCreationOperation { Type: { } type } creation:
                var isResult = ResultStatusCodes.IsResultType(type);
                return new ResultShape(type.ToDisplayString(), isResult, isResult ? ResultStatusCodes.Of(creation) : null);
            default:
                return null;
        }
    }

    /// <summary>The string constants a value carries, in source order (following locals assigned once, one level deep).</summary>
    private static List<string> Literals(IOperation value, IOperation root)
    {
        var literals = new List<string>();
        Collect(value, root, literals, followLocals: true);
        return literals;
    }

    private static void Collect(IOperation value, IOperation root, List<string> literals, bool followLocals)
    {
        foreach (var operation in BranchOutcomes.InBody(value))
        {
            if (operation.ConstantValue is { HasValue: true, Value: string text })
            {
                // "a" + "b" is one constant: take the outermost.
                if (operation.WalkUpConversions().Parent?.ConstantValue is not { HasValue: true, Value: string })
                {
                    literals.Add(text);
                }
            }
            else if (followLocals && operation is ILocalReferenceOperation local && LocalValues.FindSingleValue(local.Local, root) is { } single)
            {
                Collect(single, root, literals, followLocals: false);
            }
        }
    }
}
