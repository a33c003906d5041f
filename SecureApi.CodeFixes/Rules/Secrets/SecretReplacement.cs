using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using SecureApi.Analyzers.Rules.Secrets;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Secrets;

/// <summary>
/// One secret literal replaced by a read that fails fast when the secret is missing:
/// <c>configuration["Section:Name"] ?? throw new InvalidOperationException(...)</c> when an <c>IConfiguration</c> is in
/// scope (<see cref="ScopedAccess"/>), else <c>Environment.GetEnvironmentVariable("SECTION_NAME") ?? throw ...</c>. A
/// <c>const</c> the literal initializes becomes <c>static readonly</c> (a field) or a plain local. Each form is kept
/// only when the file gains no compiler error (a const used in an attribute, a switch case or another const; an
/// instance member in a field initializer); the first that compiles wins.
/// </summary>
internal sealed class SecretReplacement
{
    private const string SystemNamespace = "System";

    private SecretReplacement(LiteralExpressionSyntax literal, ExpressionSyntax replacement, SyntaxNode? constDeclaration, bool needsSystem, string title)
    {
        Literal = literal;
        Replacement = replacement;
        ConstDeclaration = constDeclaration;
        NeedsSystem = needsSystem;
        Title = title;
    }

    public LiteralExpressionSyntax Literal { get; }

    public ExpressionSyntax Replacement { get; }

    /// <summary>The <c>const</c> field or local declaration the literal initializes, which loses its <c>const</c>.</summary>
    public SyntaxNode? ConstDeclaration { get; }

    public bool NeedsSystem { get; }

    public string Title { get; }

    public static async Task<SecretReplacement?> PlanAsync(Document document, SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.Location.SourceTree != root.SyntaxTree
            || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not LiteralExpressionSyntax literal
            || literal.Span != diagnostic.Location.SourceSpan
            || !literal.IsKind(SyntaxKind.StringLiteralExpression))
        {
            return null;
        }

        var constDeclaration = ConstDeclarationOf(literal);
        if (constDeclaration is not null && !await IsOnlyUsedInAsync(document, model, literal, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        diagnostic.Properties.TryGetValue(SecretProperties.ConfigurationKey, out var namedKey);
        diagnostic.Properties.TryGetValue(SecretProperties.SecretName, out var secretName);
        var derived = string.IsNullOrWhiteSpace(namedKey);
        var typeName = literal.Ancestors().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault()?.Identifier.ValueText;
        var key = SecretReplacementNames.ConfigurationKey(namedKey, typeName, secretName);
        var variable = SecretReplacementNames.EnvironmentVariable(key, derived);
        var needsSystem = !Imports.IsInScope(model, literal.SpanStart, SystemNamespace, cancellationToken);

        var candidates = new List<(ExpressionSyntax Expression, string Title)>();
        if (ScopedAccess.Configuration(model, literal.SpanStart, cancellationToken) is { } configuration)
        {
            candidates.Add((ReadConfiguration(configuration, key), $"Read the secret from configuration (\"{key}\")"));
        }

        candidates.Add((ReadEnvironment(variable), $"Read the secret from the environment variable {variable}"));
        foreach (var (expression, title) in candidates)
        {
            var replacement = new SecretReplacement(literal, Parenthesize(literal, expression), constDeclaration, needsSystem, title);
            var changed = Apply(root, new[] { replacement });
            if (await CompileCheck.KeepsCompilingAsync(document, root, root, changed, requiredNamespace: null, cancellationToken).ConfigureAwait(false))
            {
                return replacement;
            }
        }

        return null;
    }

    /// <summary>The root with every replacement made (literals, const declarations) and <c>using System;</c> when needed.</summary>
    public static SyntaxNode Apply(SyntaxNode root, IReadOnlyCollection<SecretReplacement> replacements)
    {
        var byLiteral = new Dictionary<SyntaxNode, SecretReplacement>();
        foreach (var replacement in replacements)
        {
            byLiteral[replacement.Literal] = replacement;
        }

        var declarations = new HashSet<SyntaxNode>(replacements.Select(r => r.ConstDeclaration).OfType<SyntaxNode>());
        var changed = root.ReplaceNodes(
            byLiteral.Keys.Concat(declarations),
            (original, current) => original switch
            {
                LiteralExpressionSyntax when byLiteral.TryGetValue(original, out var replacement) => replacement.Replacement.WithTriviaFrom(current),
                FieldDeclarationSyntax when current is FieldDeclarationSyntax field => field.WithModifiers(StaticReadonly(field.Modifiers)),
                LocalDeclarationStatementSyntax when current is LocalDeclarationStatementSyntax local => WithoutConst(local),
                _ => current,
            });
        return replacements.Any(r => r.NeedsSystem) ? Imports.AddUsings(changed, new[] { SystemNamespace }) : changed;
    }

    private static ExpressionSyntax ReadConfiguration(ExpressionSyntax configuration, string key) =>
        OrThrow(
            ElementAccessExpression(configuration.WithoutTrivia(), BracketedArgumentList(SingletonSeparatedList(Argument(StringLiteral(key))))),
            key + " is not configured");

    private static ExpressionSyntax ReadEnvironment(string variable) =>
        OrThrow(
            InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName("Environment"), IdentifierName("GetEnvironmentVariable")),
                ArgumentList(SingletonSeparatedList(Argument(StringLiteral(variable))))),
            variable + " is not set");

    private static ExpressionSyntax OrThrow(ExpressionSyntax read, string message) =>
        BinaryExpression(
            SyntaxKind.CoalesceExpression,
            read,
            ThrowExpression(ObjectCreationExpression(IdentifierName("InvalidOperationException"))
                .WithArgumentList(ArgumentList(SingletonSeparatedList(Argument(StringLiteral(message)))))))
        .NormalizeWhitespace();

    private static LiteralExpressionSyntax StringLiteral(string text) =>
        LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(text));

    /// <summary><c>a ?? throw ...</c> binds looser than anything but assignment: parenthesized inside other expressions.</summary>
    private static ExpressionSyntax Parenthesize(LiteralExpressionSyntax literal, ExpressionSyntax expression) =>
        literal.Parent is ArgumentSyntax or EqualsValueClauseSyntax or ArrowExpressionClauseSyntax or ReturnStatementSyntax
            or AnonymousObjectMemberDeclaratorSyntax or InitializerExpressionSyntax
        || (literal.Parent is AssignmentExpressionSyntax assignment && assignment.Right == literal)
            ? expression
            : ParenthesizedExpression(expression);

    /// <summary>The <c>const</c> field or local declaration whose initializer is the literal.</summary>
    private static SyntaxNode? ConstDeclarationOf(LiteralExpressionSyntax literal)
    {
        if (literal.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } })
        {
            return null;
        }

        return declaration.Parent switch
        {
            FieldDeclarationSyntax field when field.Modifiers.Any(SyntaxKind.ConstKeyword) => field,
            LocalDeclarationStatementSyntax local when local.IsConst => local,
            _ => null,
        };
    }

    /// <summary>A const field read in another document could need a constant there: only fixed when every read is in this one.</summary>
    private static async Task<bool> IsOnlyUsedInAsync(Document document, SemanticModel model, LiteralExpressionSyntax literal, CancellationToken cancellationToken)
    {
        if (literal.Parent?.Parent is not VariableDeclaratorSyntax declarator || model.GetDeclaredSymbol(declarator, cancellationToken) is not IFieldSymbol field)
        {
            return true;
        }

        var references = await SymbolFinder.FindReferencesAsync(field, document.Project.Solution, cancellationToken).ConfigureAwait(false);
        return references.SelectMany(r => r.Locations).All(l => l.Document.Id == document.Id);
    }

    private static SyntaxTokenList StaticReadonly(SyntaxTokenList modifiers)
    {
        var result = new List<SyntaxToken>();
        foreach (var modifier in modifiers)
        {
            if (modifier.IsKind(SyntaxKind.ConstKeyword))
            {
                result.Add(Token(modifier.LeadingTrivia, SyntaxKind.StaticKeyword, TriviaList(Space)));
                result.Add(Token(TriviaList(), SyntaxKind.ReadOnlyKeyword, modifier.TrailingTrivia));
            }
            else
            {
                result.Add(modifier);
            }
        }

        return TokenList(result);
    }

    private static LocalDeclarationStatementSyntax WithoutConst(LocalDeclarationStatementSyntax local)
    {
        var leading = local.GetLeadingTrivia();
        var modifiers = TokenList(local.Modifiers.Where(m => !m.IsKind(SyntaxKind.ConstKeyword)));
        return local.WithModifiers(modifiers).WithLeadingTrivia(leading);
    }
}
