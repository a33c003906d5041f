using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;
using SecureApi.Analyzers.Rules.Crypto;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Crypto;

/// <summary>
/// SAPI6003: the minimum iteration count for the hash (<c>600_000</c> with the default option), and HMAC-SHA256
/// instead of HMAC-SHA1. A constructor without a hash becomes <c>Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000,
/// HashAlgorithmName.SHA256, n)</c> at its one <c>GetBytes(n)</c>, or else gets those arguments. Offered only where
/// nothing compares, stores or sends the derived bytes and no comment says another system requires the old
/// parameters (<see cref="CryptoFixGate"/>), and where the changed member still compiles.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WeakKeyDerivationCodeFix)), Shared]
public sealed class WeakKeyDerivationCodeFix : CodeFixProvider
{
    public const string StrengthenPbkdf2 = "SecureApi.Crypto.StrengthenPbkdf2" + FixEffect.ChangesBehavior;

    private const string CryptographyNamespace = "System.Security.Cryptography";
    private const string KeyDerivationNamespace = "Microsoft.AspNetCore.Cryptography.KeyDerivation";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.WeakKeyDerivation);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<WeakKeyDerivationAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Plan(root, model, diagnostic, context.CancellationToken) is { } change
                && await CryptoEdits.KeepsCompilingAsync(document, root, change, context.CancellationToken).ConfigureAwait(false))
            {
                context.RegisterCodeFix(
                    FixEffect.ChangingBehavior(change.Title, "derived keys and hashes differ", _ => Task.FromResult(CryptoEdits.Apply(document, root, new[] { change })), StrengthenPbkdf2),
                    diagnostic);
            }
        }
    }

    private static Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        CryptoEdits.ApplyAllAsync(document, diagnostics, Plan, cancellationToken);

    /// <summary>
    /// What the derivation produces: the <c>Pbkdf2(...)</c> call, the <c>new Rfc2898DeriveBytes(...)</c> object, or the
    /// object whose <c>IterationCount</c> is set.
    /// </summary>
    private static IOperation? Output(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
    {
        foreach (var ancestor in node.AncestorsAndSelf())
        {
            switch (model.GetOperation(ancestor, cancellationToken))
            {
                case IInvocationOperation { TargetMethod.Name: "Pbkdf2" } call:
                    return call;
                case IObjectCreationOperation creation:
                    return creation;
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: { } instance } }:
                    return instance is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } ? instance.FindInitializedObject() : instance;
                case IBlockOperation or IMethodBodyOperation:
                    return null;
            }
        }

        return null;
    }

    private static CryptoChange? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.Location.SourceTree != root.SyntaxTree
            || !diagnostic.Properties.TryGetValue(WeakKeyDerivationAnalyzer.MinimumProperty, out var text)
            || !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var minimum)
            || minimum <= 0)
        {
            return null;
        }

        // Stored password hashes, keys of data encrypted before, values another system checks: no fix there.
        var site = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        if (Output(model, site, cancellationToken) is not { } output || !CryptoFixGate.MayChange(output, site, CryptoOutputOptions.Digest, cancellationToken))
        {
            return null;
        }

        var count = Count(minimum, root.SyntaxTree);
        var shown = minimum.ToString("N0", CultureInfo.InvariantCulture);
        var namespaces = new List<string>();
        var iterations = Expression(root, diagnostic, WeakKeyDerivationAnalyzer.IterationsSpanProperty);
        if (diagnostic.Properties.ContainsKey(WeakKeyDerivationAnalyzer.ConstructorProperty))
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is not { ArgumentList: { } arguments } creation
                || model.GetSymbolInfo(creation, cancellationToken).Symbol is not IMethodSymbol { Parameters.Length: >= 2 } constructor
                || (iterations is not null && !creation.Span.Contains(iterations.Span)))
            {
                return null;
            }

            AddIfMissing(namespaces, model, creation.SpanStart, CryptographyNamespace, cancellationToken);
            if (OneTimeDerivation(model, creation, constructor, iterations, count, cancellationToken) is { } edits)
            {
                return new CryptoChange($"Use Rfc2898DeriveBytes.Pbkdf2 with HMAC-SHA256 and {shown} iterations", edits, namespaces);
            }

            var iterationsIndex = iterations is null ? -1 : arguments.Arguments.IndexOf(a => a.Expression == iterations);
            return new CryptoChange(
                $"Use HMAC-SHA256 and {shown} iterations",
                new List<CryptoEdit> { CryptoEdit.Replace(creation, current => StrengthenConstructor((BaseObjectCreationExpressionSyntax)current, constructor, iterationsIndex, count)) },
                namespaces);
        }

        if (iterations is null)
        {
            return null;
        }

        var changeEdits = new List<CryptoEdit> { CryptoEdit.Replace(iterations, current => count.WithTriviaFrom(current)) };
        var title = $"Use {shown} iterations";
        if (Expression(root, diagnostic, WeakKeyDerivationAnalyzer.HashSpanProperty) is { } hash
            && diagnostic.Properties.TryGetValue(WeakKeyDerivationAnalyzer.HashKindProperty, out var kind))
        {
            var (typeName, memberName, oldName, ns) = kind == WeakKeyDerivationAnalyzer.KeyDerivationPrfKind
                ? ("KeyDerivationPrf", "HMACSHA256", "HMACSHA1", KeyDerivationNamespace)
                : ("HashAlgorithmName", "SHA256", "SHA1", CryptographyNamespace);
            if (hash is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name } access && name == oldName)
            {
                // HashAlgorithmName.SHA1 -> HashAlgorithmName.SHA256, keeping any qualification.
                changeEdits.Add(CryptoEdit.Replace(access.Name, current => IdentifierName(memberName).WithTriviaFrom(current)));
            }
            else
            {
                changeEdits.Add(CryptoEdit.Replace(hash, current => ParseExpression(typeName + "." + memberName).WithTriviaFrom(current)));
                AddIfMissing(namespaces, model, hash.SpanStart, ns, cancellationToken);
            }

            title = $"Use HMAC-SHA256 and {shown} iterations";
        }

        return new CryptoChange(title, changeEdits, namespaces);
    }

    /// <summary>
    /// <c>using var kdf = new Rfc2898DeriveBytes(password, salt); return kdf.GetBytes(32);</c> becomes
    /// <c>return Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);</c>: when the local's
    /// only use is one <c>GetBytes</c> in the next statement, the salt is a byte array, and the arguments are plain
    /// values (names, member accesses, literals) that read the same a statement later.
    /// </summary>
    private static List<CryptoEdit>? OneTimeDerivation(
        SemanticModel model,
        BaseObjectCreationExpressionSyntax creation,
        IMethodSymbol constructor,
        ExpressionSyntax? iterations,
        LiteralExpressionSyntax count,
        CancellationToken cancellationToken)
    {
        if (creation.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            || declarator.Parent is not VariableDeclarationSyntax { Variables.Count: 1 }
            || declarator.Parent.Parent is not LocalDeclarationStatementSyntax declaration
            || declaration.AwaitKeyword != default
            || NextStatement(declaration) is not { } next
            || constructor.Parameters[1].Type is not IArrayTypeSymbol
            || creation.ArgumentList is not { } argumentList
            || argumentList.Arguments.Any(a => a.NameColon is not null || !IsPlainValue(a.Expression))
            || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local)
        {
            return null;
        }

        InvocationExpressionSyntax? getBytes = null;
        var scope = declaration.Parent is GlobalStatementSyntax { Parent: { } unit } ? unit : declaration.Parent!;
        foreach (var reference in scope.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (reference.Identifier.ValueText != local.Name || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(reference, cancellationToken).Symbol, local))
            {
                continue;
            }

            if (getBytes is not null
                || reference.Parent is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetBytes" } access
                || access.Expression != reference
                || access.Parent is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: 1 } call
                || call.ArgumentList.Arguments[0] is not { NameColon: null, RefKindKeyword.RawKind: 0 }
                || !next.Span.Contains(call.Span)
                || call.Ancestors().TakeWhile(a => a != next).Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
            {
                return null;
            }

            getBytes = call;
        }

        if (getBytes is null)
        {
            return null;
        }

        // The type as written (a qualified name is re-read as a member access).
        var receiver = creation is ObjectCreationExpressionSyntax { Type: var type } ? ParseExpression(type.WithoutTrivia().ToString()) : IdentifierName("Rfc2898DeriveBytes");
        var given = argumentList.Arguments;
        var derivation = InvocationExpression(
            MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, IdentifierName("Pbkdf2")),
            ArgumentList(SeparatedList(new[]
            {
                Argument(given[0].Expression.WithoutTrivia()),
                Argument(given[1].Expression.WithoutTrivia()),
                Argument(given.Count > 2 && given[2].Expression != iterations ? given[2].Expression.WithoutTrivia() : count),
                Argument(HashAlgorithmSha256()),
                Argument(getBytes.ArgumentList.Arguments[0].Expression.WithoutTrivia()),
            })));

        // The declaration goes; its comments and blank lines stay, in front of the next statement.
        return CryptoEdit.Remove(declaration) is { } removal
            ? new List<CryptoEdit> { CryptoEdit.Replace(getBytes, current => derivation.WithTriviaFrom(current)), removal }
            : null;
    }

    /// <summary><c>(password, salt)</c> -> <c>(password, salt, 600_000, HashAlgorithmName.SHA256)</c>; a non-constant count is kept.</summary>
    private static SyntaxNode StrengthenConstructor(BaseObjectCreationExpressionSyntax creation, IMethodSymbol constructor, int iterationsIndex, LiteralExpressionSyntax count)
    {
        var arguments = creation.ArgumentList!.Arguments;
        if (iterationsIndex >= 0 && iterationsIndex < arguments.Count)
        {
            arguments = arguments.Replace(arguments[iterationsIndex], arguments[iterationsIndex].WithExpression(count.WithTriviaFrom(arguments[iterationsIndex].Expression)));
        }

        var named = arguments.Any(a => a.NameColon is not null);
        if (constructor.Parameters.Length < 3)
        {
            arguments = arguments.Add(Named(Argument(count), "iterations", named));
        }

        arguments = arguments.Add(Named(Argument(HashAlgorithmSha256()), "hashAlgorithm", named));
        return creation.WithArgumentList(creation.ArgumentList.WithArguments(arguments));
    }

    private static ArgumentSyntax Named(ArgumentSyntax argument, string name, bool named) =>
        named ? argument.WithNameColon(NameColon(IdentifierName(name))) : argument;

    private static ExpressionSyntax HashAlgorithmSha256() =>
        MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName("HashAlgorithmName"), IdentifierName("SHA256"));

    /// <summary>600_000 (digit separators from C# 7 on).</summary>
    private static LiteralExpressionSyntax Count(int value, SyntaxTree tree)
    {
        var digits = value.ToString(CultureInfo.InvariantCulture);
        if (((CSharpParseOptions)tree.Options).LanguageVersion >= LanguageVersion.CSharp7)
        {
            for (var i = digits.Length - 3; i > 0; i -= 3)
            {
                digits = digits.Insert(i, "_");
            }
        }

        return LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(digits, value));
    }

    private static bool IsPlainValue(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax or IdentifierNameSyntax or ThisExpressionSyntax => true,
        MemberAccessExpressionSyntax access => IsPlainValue(access.Expression),
        ParenthesizedExpressionSyntax parenthesized => IsPlainValue(parenthesized.Expression),
        _ => false,
    };

    private static StatementSyntax? NextStatement(StatementSyntax statement)
    {
        switch (statement.Parent)
        {
            case BlockSyntax block:
                var index = block.Statements.IndexOf(statement);
                return index + 1 < block.Statements.Count ? block.Statements[index + 1] : null;
            case SwitchSectionSyntax section:
                var position = section.Statements.IndexOf(statement);
                return position + 1 < section.Statements.Count ? section.Statements[position + 1] : null;
            case GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } global:
                var member = unit.Members.IndexOf(global);
                return member + 1 < unit.Members.Count && unit.Members[member + 1] is GlobalStatementSyntax following ? following.Statement : null;
            default:
                return null;
        }
    }

    private static ExpressionSyntax? Expression(SyntaxNode root, Diagnostic diagnostic, string property) =>
        SpanProperty.Decode(diagnostic, property, root) is { } span && root.FindNode(span, getInnermostNodeForTie: true) is ExpressionSyntax expression && expression.Span == span
            ? expression
            : null;

    private static void AddIfMissing(List<string> namespaces, SemanticModel model, int position, string ns, CancellationToken cancellationToken)
    {
        if (!namespaces.Contains(ns) && !Imports.IsInScope(model, position, ns, cancellationToken))
        {
            namespaces.Add(ns);
        }
    }
}
