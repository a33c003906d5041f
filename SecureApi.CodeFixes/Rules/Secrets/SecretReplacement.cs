using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FindSymbols;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Secrets;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Secrets;

/// <summary>
/// One secret literal taken out of the code. In a property initializer of a class the app binds from configuration
/// (<see cref="BoundOptionsTypes"/>) the binder supplies the value, so the literal goes away
/// (<see cref="BoundOptionsDefault"/>). Elsewhere it is replaced by a read that fails fast when the secret is missing:
/// <c>configuration.GetConnectionString("Name") ?? throw ...</c> for a connection string and
/// <c>configuration["Section:Name"] ?? throw new InvalidOperationException(...)</c> for anything else when an
/// <c>IConfiguration</c> is in scope (<see cref="ScopedAccess"/>), else
/// <c>Environment.GetEnvironmentVariable("SECTION_NAME") ?? throw ...</c>. A <c>const</c> the literal initializes becomes
/// <c>static readonly</c> (a field) or a plain local. Each form is kept only when the file gains no compiler error (a
/// const used in an attribute, a switch case or another const; an instance member in a field initializer); the first
/// that compiles wins.
/// </summary>
internal sealed class SecretReplacement
{
    private const string SystemNamespace = "System";
    private const string ConfigurationNamespace = "Microsoft.Extensions.Configuration";

    private SecretReplacement(
        LiteralExpressionSyntax literal,
        ExpressionSyntax? replacement,
        SyntaxNode? constDeclaration,
        PropertyDeclarationSyntax? initializerRemovedFrom,
        IReadOnlyList<string> namespaces,
        string title)
    {
        Literal = literal;
        Replacement = replacement;
        ConstDeclaration = constDeclaration;
        InitializerRemovedFrom = initializerRemovedFrom;
        Namespaces = namespaces;
        Title = title;
    }

    public LiteralExpressionSyntax Literal { get; }

    /// <summary>What the literal becomes; null when the whole initializer goes (<see cref="InitializerRemovedFrom"/>).</summary>
    public ExpressionSyntax? Replacement { get; }

    /// <summary>The <c>const</c> field or local declaration the literal initializes, which loses its <c>const</c>.</summary>
    public SyntaxNode? ConstDeclaration { get; }

    /// <summary>The bound options property whose initializer (the literal) is removed.</summary>
    public PropertyDeclarationSyntax? InitializerRemovedFrom { get; }

    /// <summary>Namespaces the replacement needs that are not in scope yet.</summary>
    public IReadOnlyList<string> Namespaces { get; }

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

        // Test fixtures need the credentials they log in with: read from the environment, the tests fail wherever it
        // is not set (and a "wrong password" case would read the right one). Suppress there, or secrets_in_tests = false.
        if (TestProjects.Is(model.Compilation))
        {
            return null;
        }

        var constDeclaration = ConstDeclarationOf(literal);
        if (constDeclaration is not null && !await IsOnlyUsedInAsync(document, model, literal, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        // The binder fills the property: the literal only has to go.
        if (BoundOptionsDefault.Plan(model, literal, cancellationToken) is { } bound)
        {
            var removal = new SecretReplacement(literal, bound.Replacement, constDeclaration: null, bound.Property, Array.Empty<string>(), bound.Title);
            return await KeepsCompilingAsync(document, root, removal, cancellationToken).ConfigureAwait(false) ? removal : null;
        }

        diagnostic.Properties.TryGetValue(SecretProperties.ConfigurationKey, out var namedKey);
        diagnostic.Properties.TryGetValue(SecretProperties.SecretName, out var secretName);
        var derived = string.IsNullOrWhiteSpace(namedKey);
        var typeName = SecretOwner.TypeName(model, literal, cancellationToken);
        if (derived && SharesDerivedName(model, literal, secretName, cancellationToken) && EnclosingMethodName(literal) is { } method)
        {
            // Two different values under one derived name (an admin and a user password given to the same parameter)
            // must not be read from one setting: the method tells them apart.
            secretName = method + (secretName is { Length: > 0 } name ? char.ToUpperInvariant(name[0]) + name.Substring(1) : "Secret");
        }

        var key = SecretReplacementNames.ConfigurationKey(namedKey, typeName, secretName);
        var variable = SecretReplacementNames.EnvironmentVariable(key, derived);
        var needsSystem = !Imports.IsInScope(model, literal.SpanStart, SystemNamespace, cancellationToken);
        var withSystem = needsSystem ? new[] { SystemNamespace } : Array.Empty<string>();

        var candidates = new List<(ExpressionSyntax Expression, IReadOnlyList<string> Namespaces, string Title)>();
        if (ScopedAccess.Configuration(model, literal.SpanStart, cancellationToken) is { } configuration)
        {
            if (SecretReplacementNames.ConnectionStringName(namedKey, typeName, secretName, literal.Token.ValueText) is { } connectionName
                && !IsSection(model, literal.SpanStart, configuration, cancellationToken))
            {
                var namespaces = Imports.IsInScope(model, literal.SpanStart, ConfigurationNamespace, cancellationToken)
                    ? withSystem
                    : withSystem.Concat(new[] { ConfigurationNamespace }).ToArray();
                candidates.Add((
                    ReadConnectionString(configuration, connectionName),
                    namespaces,
                    $"Read the connection string from configuration (GetConnectionString(\"{connectionName}\"))"));
            }

            candidates.Add((ReadConfiguration(configuration, key), withSystem, $"Read the secret from configuration (\"{key}\")"));
        }

        candidates.Add((ReadEnvironment(variable), withSystem, $"Read the secret from the environment variable {variable}"));
        foreach (var (expression, namespaces, title) in candidates)
        {
            var replacement = new SecretReplacement(literal, Parenthesize(literal, expression), constDeclaration, initializerRemovedFrom: null, namespaces, title);
            if (await KeepsCompilingAsync(document, root, replacement, cancellationToken).ConfigureAwait(false))
            {
                return replacement;
            }
        }

        return null;
    }

    /// <summary>
    /// Does another literal of the same type, with a different value, go to a target of the same name (and so would be
    /// read from the same derived setting)?
    /// </summary>
    private static bool SharesDerivedName(SemanticModel model, LiteralExpressionSyntax literal, string? secretName, CancellationToken cancellationToken)
    {
        if (secretName is null || literal.Ancestors().OfType<BaseTypeDeclarationSyntax>().FirstOrDefault() is not { } type)
        {
            return false;
        }

        foreach (var other in type.DescendantNodes().OfType<LiteralExpressionSyntax>())
        {
            if (other == literal || !other.IsKind(SyntaxKind.StringLiteralExpression) || other.Token.ValueText == literal.Token.ValueText
                || model.GetOperation(other, cancellationToken) is not { } operation
                || model.GetEnclosingSymbol(other.SpanStart, cancellationToken) is not { } containing)
            {
                continue;
            }

            if (string.Equals(SecretInSourceTarget.Of(operation, containing).Name, secretName, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string? EnclosingMethodName(SyntaxNode node) =>
        node.Ancestors().Select(a => a switch
        {
            MethodDeclarationSyntax method => method.Identifier.ValueText,
            LocalFunctionStatementSyntax local => local.Identifier.ValueText,
            _ => null,
        }).FirstOrDefault(n => n is not null);

    private static Task<bool> KeepsCompilingAsync(Document document, SyntaxNode root, SecretReplacement replacement, CancellationToken cancellationToken) =>
        CompileCheck.KeepsCompilingAsync(document, root, root, Apply(root, new[] { replacement }), requiredNamespace: null, cancellationToken);

    /// <summary>
    /// <c>section.GetConnectionString("Orders")</c> reads <c>Section:ConnectionStrings:Orders</c>: only a whole
    /// configuration is asked for a connection string.
    /// </summary>
    private static bool IsSection(SemanticModel model, int position, ExpressionSyntax configuration, CancellationToken cancellationToken)
    {
        var section = KnownTypes.For(model.Compilation).Get("Microsoft.Extensions.Configuration.IConfigurationSection");
        var type = model.GetSpeculativeTypeInfo(position, configuration, SpeculativeBindingOption.BindAsExpression).Type;
        cancellationToken.ThrowIfCancellationRequested();
        return type is null
               || section is null
               || SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, section)
               || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, section));
    }

    /// <summary>The root with every replacement made (literals, const declarations, removed initializers) and the usings they need.</summary>
    public static SyntaxNode Apply(SyntaxNode root, IReadOnlyCollection<SecretReplacement> replacements)
    {
        var byLiteral = new Dictionary<SyntaxNode, SecretReplacement>();
        foreach (var replacement in replacements)
        {
            byLiteral[replacement.Literal] = replacement;
        }

        var declarations = new HashSet<SyntaxNode>(replacements.Select(r => r.ConstDeclaration).OfType<SyntaxNode>());
        var properties = new HashSet<SyntaxNode>(replacements.Select(r => r.InitializerRemovedFrom).OfType<SyntaxNode>());
        var literals = byLiteral.Where(p => p.Value.Replacement is not null).Select(p => p.Key);
        var changed = root.ReplaceNodes(
            literals.Concat(declarations).Concat(properties),
            (original, current) => original switch
            {
                LiteralExpressionSyntax when byLiteral.TryGetValue(original, out var replacement) && replacement.Replacement is { } expression
                    => expression.WithTriviaFrom(current),
                FieldDeclarationSyntax when current is FieldDeclarationSyntax field => field.WithModifiers(StaticReadonly(field.Modifiers)),
                LocalDeclarationStatementSyntax when current is LocalDeclarationStatementSyntax local => WithoutConst(local),
                PropertyDeclarationSyntax when current is PropertyDeclarationSyntax property => BoundOptionsDefault.WithoutInitializer(property),
                _ => current,
            });
        var namespaces = replacements.SelectMany(r => r.Namespaces).Distinct(StringComparer.Ordinal).ToArray();
        return namespaces.Length > 0 ? Imports.AddUsings(changed, namespaces) : changed;
    }

    private static ExpressionSyntax ReadConfiguration(ExpressionSyntax configuration, string key) =>
        OrThrow(
            ElementAccessExpression(configuration.WithoutTrivia(), BracketedArgumentList(SingletonSeparatedList(Argument(StringLiteral(key))))),
            key + " is not configured");

    private static ExpressionSyntax ReadConnectionString(ExpressionSyntax configuration, string name) =>
        OrThrow(
            InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, configuration.WithoutTrivia(), IdentifierName("GetConnectionString")),
                ArgumentList(SingletonSeparatedList(Argument(StringLiteral(name))))),
            "ConnectionStrings:" + name + " is not configured");

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
