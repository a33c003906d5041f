using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureApi.CodeFixes.Core;

namespace SecureApi.CodeFixes.Rules.Sql;

/// <summary>
/// What a hole's expression holds. A hole can stand where SQL expects a value and still carry SQL text
/// (<c>var who = all ? "Owner OR 1 = 1" : owner; ... WHERE Owner = {who}</c>): made a parameter, that text would be
/// sent as a string and the query would mean something else, with the injection still where the text is built. A
/// hole is taken for SQL text when its value is visibly assembled as SQL: a <c>StringBuilder</c>, a string local grown
/// with <c>+=</c>, constant pieces that read as SQL (keywords, operators, quotes, parentheses, commas), followed
/// through locals, <c>?:</c>/<c>??</c>/<c>switch</c>, <c>string.Format/Concat/Join</c>, string methods
/// (<c>name.Replace("'", "''")</c>: escaping by hand, which a parameter would store) and helper methods of this
/// compilation that return such text. An enum is refused too: interpolation writes its name, a parameter sends its
/// number. Numbers, dates and other value types, parameters, properties and other calls are values.
/// </summary>
internal static class SqlHoleValues
{
    /// <summary>Helper methods followed from a hole (a helper calling a helper...).</summary>
    private const int MaxCalls = 3;

    private static readonly Regex SqlText = new(
        @"\b(?:SELECT|FROM|WHERE|AND|OR|NOT|ORDER|GROUP|BY|HAVING|JOIN|UNION|INSERT|UPDATE|DELETE|SET|VALUES|INTO|IN|IS|NULL|LIKE|BETWEEN|EXISTS|ASC|DESC|LIMIT|OFFSET|TOP|CASE|WHEN|THEN|END|AS|ON|DISTINCT)\b|[=<>(),;'""\[\]*]|--|/\*",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Is every hole of the template a plain value (not SQL text, not an enum)?</summary>
    public static bool AllAreValues(StringTemplate template, SemanticModel model, CancellationToken cancellationToken) =>
        template.Parts.OfType<ExpressionSyntax>().All(hole => !IsEnum(hole, model, cancellationToken) && !IsSqlText(hole, model, cancellationToken));

    private static bool IsEnum(ExpressionSyntax hole, SemanticModel model, CancellationToken cancellationToken)
    {
        var type = model.GetTypeInfo(hole, cancellationToken).Type;
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type?.TypeKind == TypeKind.Enum;
    }

    /// <summary>Walks what the hole's value is made of (iteratively: a long concatenation is no deep recursion).</summary>
    private static bool IsSqlText(ExpressionSyntax hole, SemanticModel model, CancellationToken cancellationToken)
    {
        var work = new Stack<Item>();
        var visited = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        work.Push(new Item(hole, model, 0));
        while (work.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var item = work.Pop();
            var expression = item.Expression;
            void Push(ExpressionSyntax? next)
            {
                if (next is not null)
                {
                    work.Push(item.With(next));
                }
            }

            var type = item.Model.GetTypeInfo(expression, cancellationToken).Type;
            if (IsStringBuilder(type))
            {
                return true;
            }

            if (type is { IsValueType: true })
            {
                // A number, a date, a Guid, a bool: its text is no SQL (even when grown with +=).
                continue;
            }

            var constant = item.Model.GetConstantValue(expression, cancellationToken);
            if (constant.HasValue)
            {
                if (constant.Value is string text && SqlText.IsMatch(text))
                {
                    return true;
                }

                continue;
            }

            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    Push(parenthesized.Expression);
                    break;
                case CastExpressionSyntax cast:
                    Push(cast.Expression);
                    break;
                case PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } suppressed:
                    Push(suppressed.Operand);
                    break;
                case InterpolatedStringExpressionSyntax interpolated:
                    foreach (var content in interpolated.Contents)
                    {
                        if (content is InterpolatedStringTextSyntax piece && SqlText.IsMatch(piece.TextToken.ValueText))
                        {
                            return true;
                        }

                        Push((content as InterpolationSyntax)?.Expression);
                    }

                    break;
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression) || binary.IsKind(SyntaxKind.CoalesceExpression):
                    Push(binary.Left);
                    Push(binary.Right);
                    break;
                case ConditionalExpressionSyntax conditional:
                    Push(conditional.WhenTrue);
                    Push(conditional.WhenFalse);
                    break;
                case SwitchExpressionSyntax @switch:
                    foreach (var arm in @switch.Arms)
                    {
                        Push(arm.Expression);
                    }

                    break;
                case AssignmentExpressionSyntax assignment:
                    Push(assignment.Right);
                    break;
                case InvocationExpressionSyntax invocation:
                    if (Invocation(invocation, item, visited, work, cancellationToken))
                    {
                        return true;
                    }

                    break;
                case IdentifierNameSyntax or MemberAccessExpressionSyntax:
                    if (Reference(expression, item, visited, work, cancellationToken))
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>An expression to look at, the model of its tree, and how many helper calls led to it.</summary>
    private readonly struct Item
    {
        public Item(ExpressionSyntax expression, SemanticModel model, int calls)
        {
            Expression = expression;
            Model = model;
            Calls = calls;
        }

        public ExpressionSyntax Expression { get; }

        public SemanticModel Model { get; }

        public int Calls { get; }

        public Item With(ExpressionSyntax expression) => new(expression, Model, Calls);
    }

    private static SemanticModel ModelOf(SyntaxTree tree, SemanticModel model) =>
        tree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(tree);

    /// <summary>sb.ToString(), string.Format/Concat/Join, text.Trim(), Helper(...): true when it is SQL text for sure.</summary>
    private static bool Invocation(InvocationExpressionSyntax invocation, Item item, HashSet<ISymbol> visited, Stack<Item> work, CancellationToken cancellationToken)
    {
        var model = item.Model;
        if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol method)
        {
            return false;
        }

        if (IsStringBuilder(method.ContainingType))
        {
            return true;
        }

        if (method.ContainingType?.SpecialType == SpecialType.System_String)
        {
            // Every part of Format/Concat/Join (a format or separator that reads as SQL counts), or the receiver of Trim()...
            foreach (var argument in invocation.ArgumentList.Arguments)
            {
                work.Push(item.With(argument.Expression));
            }

            if (!method.IsStatic && invocation.Expression is MemberAccessExpressionSyntax access)
            {
                work.Push(item.With(access.Expression));
            }

            return false;
        }

        // A helper of this compilation: what it returns.
        if (item.Calls >= MaxCalls || method.ReturnType.SpecialType != SpecialType.System_String || !visited.Add(method.OriginalDefinition))
        {
            return false;
        }

        foreach (var reference in method.OriginalDefinition.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(cancellationToken);
            if (!model.Compilation.ContainsSyntaxTree(declaration.SyntaxTree))
            {
                continue;
            }

            var declaringModel = ModelOf(declaration.SyntaxTree, model);
            foreach (var returned in Returned(declaration))
            {
                work.Push(new Item(returned, declaringModel, item.Calls + 1));
            }
        }

        return false;
    }

    /// <summary>The expressions a method or local function returns (not those of lambdas or local functions inside it).</summary>
    private static IEnumerable<ExpressionSyntax> Returned(SyntaxNode declaration)
    {
        var (body, arrow) = declaration switch
        {
            BaseMethodDeclarationSyntax method => (method.Body as SyntaxNode, method.ExpressionBody),
            LocalFunctionStatementSyntax local => (local.Body, local.ExpressionBody),
            _ => (null, null),
        };
        if (arrow is not null)
        {
            yield return arrow.Expression;
        }

        if (body is null)
        {
            yield break;
        }

        foreach (var node in body.DescendantNodes(n => n == body || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
        {
            if (node is ReturnStatementSyntax { Expression: { } value })
            {
                yield return value;
            }
        }
    }

    /// <summary>A local (every value written to it in its method; += means SQL assembled piece by piece) or a field's initializer.</summary>
    private static bool Reference(ExpressionSyntax expression, Item item, HashSet<ISymbol> visited, Stack<Item> work, CancellationToken cancellationToken)
    {
        var model = item.Model;
        var symbol = model.GetSymbolInfo(expression, cancellationToken).Symbol;
        if (symbol is not (ILocalSymbol or IFieldSymbol) || !visited.Add(symbol))
        {
            return false;
        }

        if (symbol is IFieldSymbol field)
        {
            foreach (var reference in field.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } initializer }
                    && model.Compilation.ContainsSyntaxTree(initializer.SyntaxTree))
                {
                    work.Push(new Item(initializer, ModelOf(initializer.SyntaxTree, model), item.Calls));
                }
            }

            return false;
        }

        if (symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not { } declarator
            || declarator.SyntaxTree != model.SyntaxTree)
        {
            return false;
        }

        if (declarator is VariableDeclaratorSyntax { Initializer.Value: { } value })
        {
            work.Push(item.With(value));
        }

        // The local's method (or the top-level statements): lambdas inside it may write it too.
        var scope = declarator.FirstAncestorOrSelf<SyntaxNode>(n => n is MemberDeclarationSyntax and not GlobalStatementSyntax) ?? declarator.SyntaxTree.GetRoot(cancellationToken);
        foreach (var name in scope.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (name.Identifier.ValueText != symbol.Name
                || name.Parent is not AssignmentExpressionSyntax assignment || assignment.Left != name
                || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, symbol))
            {
                continue;
            }

            if (assignment.IsKind(SyntaxKind.AddAssignmentExpression))
            {
                return true;
            }

            work.Push(item.With(assignment.Right));
        }

        return false;
    }

    private static bool IsStringBuilder(ITypeSymbol? type) =>
        type is { Name: "StringBuilder", ContainingNamespace: { Name: "Text", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };
}
