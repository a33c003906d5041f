using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.Delegates;

/// <summary>
/// The code behind a delegate value (a lambda, a method group, or a local holding one), so rules can ask
/// what a callback returns: CORS origin predicates, token validators, certificate validation callbacks.
/// </summary>
internal readonly struct DelegateBody
{
    private const int MaxLocalHops = 3;

    private DelegateBody(IBlockOperation? body, ImmutableArray<IParameterSymbol> parameters, SyntaxNode? declaration)
    {
        Body = body;
        Parameters = parameters;
        Declaration = declaration;
    }

    /// <summary>The body as operations; null when the code lives in another syntax tree (see <see cref="Declaration"/>).</summary>
    public IBlockOperation? Body { get; }

    public ImmutableArray<IParameterSymbol> Parameters { get; }

    /// <summary>The declaration syntax of a method in another file, which can only be read syntactically.</summary>
    public SyntaxNode? Declaration { get; }

    public static bool TryResolve(IOperation? value, CancellationToken cancellationToken, out DelegateBody body)
    {
        for (var hop = 0; value is not null && hop <= MaxLocalHops; hop++)
        {
            value = value.WalkDownConversions();
            switch (value)
            {
                case IDelegateCreationOperation creation:
                    value = creation.Target;
                    continue;

                case IAnonymousFunctionOperation lambda:
                    body = new DelegateBody(lambda.Body, lambda.Symbol.Parameters, null);
                    return true;

                case IMethodReferenceOperation methodReference:
                    return TryResolveMethod(methodReference.Method, value, cancellationToken, out body);

                case ILocalReferenceOperation localReference:
                    value = LocalValues.FindSingleValue(localReference.Local, value.GetRoot());
                    continue;

                default:
                    value = null;
                    break;
            }
        }

        body = default;
        return false;
    }

    /// <summary>The body of a method declared in source, as operations when it is in the same tree as <paramref name="site"/>.</summary>
    public static bool TryResolveMethod(IMethodSymbol method, IOperation site, CancellationToken cancellationToken, out DelegateBody body)
    {
        body = default;
        var reference = method.OriginalDefinition.DeclaringSyntaxReferences.FirstOrDefault();
        if (reference is null)
        {
            return false;
        }

        var declaration = reference.GetSyntax(cancellationToken);
        var model = site.SemanticModel;
        if (model is not null && declaration.SyntaxTree == model.SyntaxTree)
        {
            var operation = model.GetOperation(declaration, cancellationToken);
            var block = operation switch
            {
                IMethodBodyOperation methodBody => methodBody.BlockBody ?? methodBody.ExpressionBody,
                ILocalFunctionOperation localFunction => localFunction.Body ?? localFunction.IgnoredBody,
                _ => null,
            };
            if (block is not null)
            {
                body = new DelegateBody(block, method.Parameters, null);
                return true;
            }
        }

        if (declaration is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax)
        {
            body = new DelegateBody(null, method.Parameters, declaration);
            return true;
        }

        return false;
    }

    /// <summary>
    /// Read without a semantic model: does every return of the method return the literal <c>true</c>?
    /// </summary>
    public bool DeclarationAlwaysReturnsTrue()
    {
        var (expressionBody, block) = Declaration switch
        {
            BaseMethodDeclarationSyntax method => (method.ExpressionBody, (SyntaxNode?)method.Body),
            LocalFunctionStatementSyntax local => (local.ExpressionBody, local.Body),
            _ => (null, null),
        };

        if (expressionBody is not null)
        {
            return expressionBody.Expression.IsKind(SyntaxKind.TrueLiteralExpression);
        }

        if (block is null)
        {
            return false;
        }

        var returns = block.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            .OfType<ReturnStatementSyntax>()
            .ToList();
        return returns.Count > 0 && returns.All(r => r.Expression.IsKind(SyntaxKind.TrueLiteralExpression));
    }
}
