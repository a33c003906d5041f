using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Crypto;

/// <summary>
/// How one reported <c>System.Random</c> call becomes its <c>RandomNumberGenerator</c> twin: <c>Next(a, b)</c> →
/// <c>GetInt32(a, b)</c>, <c>Next(b)</c> → <c>GetInt32(b)</c>, <c>Next()</c> → <c>GetInt32(int.MaxValue)</c>,
/// <c>NextBytes(buffer)</c> → <c>Fill(buffer)</c>, <c>GetItems(choices, n)</c> → <c>GetItems(choices, n)</c> (with an
/// explicit type argument where the array overload inferred it), <c>new string(r.GetItems(alphabet, n))</c> →
/// <c>GetString(alphabet, n)</c>, <c>Shuffle(values)</c> → <c>Shuffle(values)</c>. None for <c>NextDouble</c>,
/// <c>NextSingle</c> and <c>NextInt64</c>, which have no twin.
/// </summary>
internal sealed class InsecureRandomnessRewrite
{
    public const string GeneratorName = "RandomNumberGenerator";

    private InsecureRandomnessRewrite(SyntaxNode node, string method, Func<SyntaxNode, SyntaxNode> replace, SyntaxNode member, ExpressionSyntax receiver)
    {
        Node = node;
        Method = method;
        Replace = replace;
        Member = member;
        Receiver = receiver;
    }

    /// <summary>What is replaced: the call, or the <c>new string(...)</c> around it.</summary>
    public SyntaxNode Node { get; }

    /// <summary>The RandomNumberGenerator method called instead (for the title).</summary>
    public string Method { get; }

    /// <summary>The replacement, built from the node as rewritten so far (a nested call may have changed already).</summary>
    public Func<SyntaxNode, SyntaxNode> Replace { get; }

    /// <summary>The member holding the call: it must still compile afterwards.</summary>
    public SyntaxNode Member { get; }

    /// <summary>The Random the call was made on (<c>random</c> in <c>random.Next(6)</c>), which the rewrite drops.</summary>
    public ExpressionSyntax Receiver { get; }

    public static InsecureRandomnessRewrite? For(SemanticModel model, SyntaxNode root, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.Location.SourceTree != root.SyntaxTree
            || !root.FullSpan.Contains(diagnostic.Location.SourceSpan)
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } invocation
            || invocation.Expression is not MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access
            || invocation.FirstAncestorOrSelf<MemberDeclarationSyntax>() is not { } member
            || model.GetOperation(invocation, cancellationToken) is not IInvocationOperation { Instance: { } instance } call
            || KnownTypes.For(model.Compilation) is not { Random: { } random, RandomNumberGenerator: { } generator }
            || !call.TargetMethod.ContainingType.Is(random))
        {
            return null;
        }

        // Dropping the receiver must not drop a call (new Random(NextSeed()).Next(...)).
        if (instance.DescendantsAndSelf().Any(o => o is IInvocationOperation) || !InParameterOrder(invocation, call.TargetMethod))
        {
            return null;
        }

        var method = call.TargetMethod;
        SyntaxNode node = invocation;
        string name;
        Func<SyntaxNode, SyntaxNode> replace;
        switch (method.Name, invocation.ArgumentList.Arguments.Count)
        {
            case ("Next", 0):
                (name, replace) = ("GetInt32", Call("GetInt32", null, ArgumentList(SingletonSeparatedList(Argument(ParseExpression("int.MaxValue"))))));
                break;
            case ("Next", 1 or 2):
                (name, replace) = ("GetInt32", Call("GetInt32", null, null));
                break;
            case ("NextBytes", 1):
                (name, replace) = ("Fill", Call("Fill", null, null));
                break;
            case ("GetItems", 2) when NewString(model, invocation, method, cancellationToken) is { } creation:
                (node, name, replace) = (creation, "GetString", GetString());
                break;
            case ("GetItems", 2) or ("Shuffle", 1):
                (name, replace) = (method.Name, Call(method.Name, TypeArguments(model, access, method), null));
                break;
            default:
                return null;
        }

        return generator.GetMembers(name).Any() ? new InsecureRandomnessRewrite(node, name, replace, member, access.Expression) : null;
    }

    /// <summary><c>random.Next(6)</c> → <c>RandomNumberGenerator.GetInt32(6)</c>, keeping the arguments (without their names).</summary>
    private static Func<SyntaxNode, SyntaxNode> Call(string name, TypeArgumentListSyntax? typeArguments, ArgumentListSyntax? arguments) => current =>
    {
        var invocation = (InvocationExpressionSyntax)current;
        var list = arguments is null ? WithoutNames(invocation.ArgumentList) : invocation.ArgumentList.WithArguments(arguments.Arguments);
        return invocation.WithExpression(GeneratorMember(name, typeArguments).WithTriviaFrom(invocation.Expression)).WithArgumentList(list);
    };

    /// <summary><c>new string(random.GetItems(alphabet, n))</c> → <c>RandomNumberGenerator.GetString(alphabet, n)</c>.</summary>
    private static Func<SyntaxNode, SyntaxNode> GetString() => current =>
    {
        var creation = (BaseObjectCreationExpressionSyntax)current;
        var items = creation.ArgumentList?.Arguments.FirstOrDefault()?.Expression as InvocationExpressionSyntax;
        return items is null ? current : InvocationExpression(GeneratorMember("GetString", null), WithoutNames(items.ArgumentList)).WithTriviaFrom(creation);
    };

    private static ExpressionSyntax GeneratorMember(string name, TypeArgumentListSyntax? typeArguments) =>
        MemberAccessExpression(
            SyntaxKind.SimpleMemberAccessExpression,
            IdentifierName(GeneratorName),
            typeArguments is null ? IdentifierName(name) : GenericName(Identifier(name), typeArguments));

    private static ArgumentListSyntax WithoutNames(ArgumentListSyntax list) =>
        list.WithArguments(SeparatedList(list.Arguments.Select(a => a.WithNameColon(null)), list.Arguments.GetSeparators()));

    /// <summary>
    /// RandomNumberGenerator only takes spans: where Random's array overload inferred <c>T</c> from an array,
    /// C# cannot infer it for the span, so it is written out (<c>GetItems&lt;char&gt;</c>). An explicit one is kept.
    /// </summary>
    private static TypeArgumentListSyntax? TypeArguments(SemanticModel model, MemberAccessExpressionSyntax access, IMethodSymbol method)
    {
        if (access.Name is GenericNameSyntax generic)
        {
            return generic.TypeArgumentList;
        }

        if (method.TypeArguments.Length != 1 || method.Parameters.FirstOrDefault()?.Type is not IArrayTypeSymbol)
        {
            return null;
        }

        var type = method.TypeArguments[0].ToMinimalDisplayString(model, access.SpanStart);
        return TypeArgumentList(SingletonSeparatedList(ParseTypeName(type)));
    }

    /// <summary>The <c>new string(...)</c> whose only argument is the <c>GetItems(choices, length)</c> call.</summary>
    private static BaseObjectCreationExpressionSyntax? NewString(SemanticModel model, InvocationExpressionSyntax invocation, IMethodSymbol method, CancellationToken cancellationToken) =>
        method.ReturnType is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Char }
        && invocation.Parent is ArgumentSyntax { NameColon: null, Parent: ArgumentListSyntax { Arguments.Count: 1, Parent: BaseObjectCreationExpressionSyntax creation } }
        && model.GetTypeInfo(creation, cancellationToken).Type?.SpecialType == SpecialType.System_String
            ? creation
            : null;

    /// <summary>Named arguments are dropped (the parameter names differ), which is only right when they are in order.</summary>
    private static bool InParameterOrder(InvocationExpressionSyntax invocation, IMethodSymbol method)
    {
        var arguments = invocation.ArgumentList.Arguments;
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i].NameColon is { } name && (i >= method.Parameters.Length || method.Parameters[i].Name != name.Name.Identifier.ValueText))
            {
                return false;
            }
        }

        return true;
    }
}
