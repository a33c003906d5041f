using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using SecureApi.Analyzers.Core;

namespace SecureApi.CodeFixes.Rules.Jwt;

/// <summary>
/// Token refresh: code that reads an EXPIRED access token on purpose, to issue a new one against a refresh token.
/// Its <c>TokenValidationParameters</c> switch the lifetime check off (<c>ValidateLifetime = false</c>, or a
/// <c>LifetimeValidator</c> that accepts), and setting it back makes refresh fail for every token it exists for, so
/// SAPI1002's lifetime fix is not offered there (the finding stays: the page says what else refresh must check).
/// The fixes for other checks switched off in the same parameters are still offered.
/// <para>
/// Recognised where the parameters are written in a method or local function whose name says so
/// (<c>GetPrincipalFromExpiredToken</c>, <c>RefreshToken</c>, <c>RefreshAsync</c>), or in a method, local function or
/// lambda with a parameter or local named like <c>expiredToken</c>, or named like <c>accessToken</c> together with one
/// named like <c>refreshToken</c> (members of those count: <c>request.AccessToken</c>, <c>request.RefreshToken</c>).
/// A method, local function, field or property that builds the parameters and whose name does not say so is refresh
/// code when its name says so or every use of it is in refresh code (two levels of builders).
/// </para>
/// </summary>
internal static class RefreshTokenContext
{
    private const int MaxBuilderDepth = 2;

    /// <summary>The members whose fix would break refresh.</summary>
    public static bool IsLifetimeCheck(string member) =>
        member is "ValidateLifetime" or "LifetimeValidator";

    public static async Task<bool> IsRefreshAsync(Document document, SemanticModel model, SyntaxNode site, CancellationToken cancellationToken)
    {
        try
        {
            return await IsRefreshAsync(document.Project.Solution, model, site, MaxBuilderDepth, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Never throw from a fix: not recognised, the fix is offered as before.
            return false;
        }
    }

    private static async Task<bool> IsRefreshAsync(Solution solution, SemanticModel model, SyntaxNode site, int depth, CancellationToken cancellationToken)
    {
        if (SaysRefresh(site))
        {
            return true;
        }

        if (depth == 0 || Builder(model, site, cancellationToken) is not { } builder)
        {
            return false;
        }

        if (SaysRefresh(builder.Name))
        {
            return true;
        }

        // Every use of the builder is refresh code.
        var references = await SymbolFinder.FindReferencesAsync(builder, solution, cancellationToken).ConfigureAwait(false);
        var any = false;
        foreach (var location in references.SelectMany(r => r.Locations))
        {
            if (location.IsImplicit || !location.Location.IsInSource
                || await location.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not { } root
                || await location.Document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false) is not { } useModel)
            {
                return false;
            }

            var use = root.FindNode(location.Location.SourceSpan, getInnermostNodeForTie: true);
            if (!await IsRefreshAsync(solution, useModel, use, depth - 1, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            any = true;
        }

        return any;
    }

    /// <summary>
    /// The method or local function that returns the parameters written at <paramref name="site"/>, or the field or
    /// property they initialize, when it holds <c>TokenValidationParameters</c>.
    /// </summary>
    private static ISymbol? Builder(SemanticModel model, SyntaxNode site, CancellationToken cancellationToken)
    {
        var parameters = KnownTypes.For(model.Compilation).TokenValidationParameters;
        if (parameters is null)
        {
            return null;
        }

        foreach (var ancestor in site.Ancestors())
        {
            switch (ancestor)
            {
                case AnonymousFunctionExpressionSyntax:
                case GlobalStatementSyntax:
                case BaseTypeDeclarationSyntax:
                    return null;

                case LocalFunctionStatementSyntax or MethodDeclarationSyntax or PropertyDeclarationSyntax:
                    return Holds(model.GetDeclaredSymbol(ancestor, cancellationToken), parameters);

                case VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Parent: FieldDeclarationSyntax } } field:
                    return Holds(model.GetDeclaredSymbol(field, cancellationToken), parameters);

                case BaseMethodDeclarationSyntax or AccessorDeclarationSyntax when ancestor.Parent?.Parent is not PropertyDeclarationSyntax:
                    return null;
            }
        }

        return null;
    }

    private static ISymbol? Holds(ISymbol? symbol, INamedTypeSymbol parameters)
    {
        var type = symbol switch
        {
            IMethodSymbol method => method.ReturnType,
            IPropertySymbol property => property.Type,
            IFieldSymbol field => field.Type,
            _ => null,
        };

        // TokenValidationParameters, a class derived from it, Task<TokenValidationParameters>.
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } wrapper && wrapper.Name is "Task" or "ValueTask")
        {
            type = wrapper.TypeArguments[0];
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, parameters))
            {
                return symbol;
            }
        }

        return null;
    }

    /// <summary>Is <paramref name="site"/> in a function (or one of the functions around it) that says refresh?</summary>
    private static bool SaysRefresh(SyntaxNode site)
    {
        foreach (var ancestor in site.AncestorsAndSelf())
        {
            switch (ancestor)
            {
                case LocalFunctionStatementSyntax local:
                    if (SaysRefresh(local.Identifier.ValueText) || NamesSayRefresh(local, local.ParameterList))
                    {
                        return true;
                    }

                    break;

                case AnonymousFunctionExpressionSyntax lambda:
                    var lambdaParameters = lambda switch
                    {
                        ParenthesizedLambdaExpressionSyntax parenthesized => parenthesized.ParameterList,
                        AnonymousMethodExpressionSyntax anonymous => anonymous.ParameterList,
                        _ => null,
                    };
                    var single = (lambda as SimpleLambdaExpressionSyntax)?.Parameter;
                    if (NamesSayRefresh(lambda, lambdaParameters, single))
                    {
                        return true;
                    }

                    break;

                case MethodDeclarationSyntax method:
                    return SaysRefresh(method.Identifier.ValueText) || NamesSayRefresh(method, method.ParameterList);

                case BaseMethodDeclarationSyntax other:
                    return NamesSayRefresh(other, other.ParameterList);

                case AccessorDeclarationSyntax accessor:
                    return NamesSayRefresh(accessor, null);

                case GlobalStatementSyntax:
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }

    private static bool SaysRefresh(string name) =>
        Contains(name, "refresh") || Contains(name, "expired");

    /// <summary>
    /// <c>expiredToken</c>; or <c>accessToken</c> with <c>refreshToken</c>: among the function's parameters, its own
    /// locals (not those of functions inside it) and the members read on them.
    /// </summary>
    private static bool NamesSayRefresh(SyntaxNode function, ParameterListSyntax? parameterList, ParameterSyntax? single = null)
    {
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var parameter in parameterList?.Parameters ?? default)
        {
            declared.Add(parameter.Identifier.ValueText);
        }

        if (single is not null)
        {
            declared.Add(single.Identifier.ValueText);
        }

        var own = function.DescendantNodes(n => n == function || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).ToList();
        foreach (var node in own)
        {
            switch (node)
            {
                case VariableDeclaratorSyntax variable:
                    declared.Add(variable.Identifier.ValueText);
                    break;
                case SingleVariableDesignationSyntax designation:
                    declared.Add(designation.Identifier.ValueText);
                    break;
                case ForEachStatementSyntax forEach:
                    declared.Add(forEach.Identifier.ValueText);
                    break;
            }
        }

        var names = new List<string>(declared);
        foreach (var node in own)
        {
            if (node is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver } access && declared.Contains(receiver.Identifier.ValueText))
            {
                names.Add(access.Name.Identifier.ValueText);
            }
        }

        return names.Any(n => Contains(n, "expired") && Contains(n, "token"))
               || (names.Any(n => Contains(n, "refresh") && Contains(n, "token")) && names.Any(n => Contains(n, "access") && Contains(n, "token")));
    }

    private static bool Contains(string text, string part) => text.IndexOf(part, StringComparison.OrdinalIgnoreCase) >= 0;
}
