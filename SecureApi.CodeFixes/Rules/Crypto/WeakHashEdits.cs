using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;
using SecureApi.Analyzers.Rules.Crypto;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Crypto;

/// <summary>One rewrite of a node: built from the node as it is when applied (Fix All may have changed it), plus a using it needs.</summary>
internal sealed class WeakHashEdit
{
    public WeakHashEdit(SyntaxNode node, Func<SyntaxNode, SyntaxNode> build, string? requiredNamespace, SyntaxNode? kept = null)
    {
        Node = node;
        Build = build;
        RequiredNamespace = requiredNamespace;
        Kept = kept;
    }

    public SyntaxNode Node { get; }

    /// <summary>The part of <see cref="Node"/> the rewrite keeps (the password); the rest of it is gone afterwards.</summary>
    public SyntaxNode? Kept { get; }

    public Func<SyntaxNode, SyntaxNode> Build { get; }

    /// <summary>A namespace to import (not yet in scope), or null.</summary>
    public string? RequiredNamespace { get; }
}

/// <summary>The edits of SAPI6001 (to SHA-256) and SAPI6002 (to PasswordHasher), read from the diagnostic's properties.</summary>
internal static class WeakHashEdits
{
    private const string IdentityNamespace = "Microsoft.AspNetCore.Identity";

    public static WeakHashEdit? Sha256(SyntaxNode root, Diagnostic diagnostic)
    {
        if (diagnostic.Id != RuleIds.WeakHashAlgorithm
            || diagnostic.Location.SourceTree != root.SyntaxTree
            || !diagnostic.Properties.TryGetValue(WeakHashAnalyzer.EditProperty, out var kind)
            || !diagnostic.Properties.TryGetValue(WeakHashAnalyzer.ReplacementProperty, out var replacement)
            || replacement is not ("SHA256" or "HMACSHA256")
            || SpanProperty.Decode(diagnostic, WeakHashAnalyzer.EditSpanProperty, root) is not { } span)
        {
            return null;
        }

        var node = root.FindNode(span, getInnermostNodeForTie: true);
        Func<SyntaxNode, SyntaxNode>? build = (kind, node) switch
        {
            // MD5 in MD5.HashData, HMACMD5 in new HMACMD5(key), SHA1 in HashAlgorithmName.SHA1
            (WeakHashAnalyzer.RenameEdit, IdentifierNameSyntax) => current => IdentifierName(replacement).WithTriviaFrom(current),

            // MD5.Create(), System.Security.Cryptography.SHA1.Create("SHA1") -> SHA256.Create()
            (WeakHashAnalyzer.RecreateEdit, InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax }) => current =>
                current is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call && Renamed(access.Expression, replacement) is { } receiver
                    ? call.WithExpression(access.WithExpression(receiver)).WithArgumentList(ArgumentList().WithTriviaFrom(call.ArgumentList))
                    : current,

            // new SHA1Managed() -> SHA256.Create()
            (WeakHashAnalyzer.CreateEdit, ObjectCreationExpressionSyntax) => current =>
                current is ObjectCreationExpressionSyntax creation
                    ? ParseExpression(Qualifier(creation.Type) + replacement + ".Create()").WithTriviaFrom(creation)
                    : current,

            // CryptoConfig.CreateFromName("SHA1") -> CryptoConfig.CreateFromName("SHA256")
            (WeakHashAnalyzer.LiteralEdit, LiteralExpressionSyntax) => current =>
                LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(replacement)).WithTriviaFrom(current),

            // new HashAlgorithmName("SHA1") -> HashAlgorithmName.SHA256
            (WeakHashAnalyzer.NameEdit, ObjectCreationExpressionSyntax) => current =>
                current is ObjectCreationExpressionSyntax creation
                    ? ParseExpression(creation.Type.WithoutTrivia().ToString() + ".SHA256").WithTriviaFrom(creation)
                    : current,

            _ => null,
        };

        return build is null ? null : new WeakHashEdit(node, build, requiredNamespace: null);
    }

    public static WeakHashEdit? PasswordHasher(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (diagnostic.Id != RuleIds.PasswordWithFastHash
            || diagnostic.Location.SourceTree != root.SyntaxTree
            || KnownTypes.For(model.Compilation).PasswordHasher is null
            || SpanProperty.Decode(diagnostic, WeakHashAnalyzer.ConversionSpanProperty, root) is not { } conversionSpan
            || SpanProperty.Decode(diagnostic, WeakHashAnalyzer.PasswordSpanProperty, root) is not { } passwordSpan
            || root.FindNode(conversionSpan, getInnermostNodeForTie: true) is not ExpressionSyntax conversion
            || root.FindNode(passwordSpan, getInnermostNodeForTie: true) is not ExpressionSyntax password)
        {
            return null;
        }

        // PasswordHasher salts by itself: only the password goes in.
        var text = "new PasswordHasher<object>().HashPassword(null!, " + password.WithoutTrivia().ToFullString() + ")";
        var required = Imports.IsInScope(model, conversion.SpanStart, IdentityNamespace, cancellationToken) ? null : IdentityNamespace;
        return new WeakHashEdit(conversion, current => ParseExpression(text).WithTriviaFrom(current), required, password);
    }

    /// <summary>
    /// <c>using var md5 = MD5.Create();</c> and the like in the member of <paramref name="node"/> that nothing uses: an
    /// MD5, SHA-1 or HMAC-MD5 object left over next to a one-shot call. Removed with the fix.
    /// </summary>
    public static IEnumerable<CryptoEdit> UnusedWeakHashObjects(SemanticModel model, SyntaxNode node, CancellationToken cancellationToken)
    {
        var types = KnownTypes.For(model.Compilation);
        var member = CompileCheck.Member(node) ?? node.SyntaxTree.GetRoot(cancellationToken);
        foreach (var (statement, local, value) in Declarations(model, member, cancellationToken))
        {
            if (value.Type is { } type && (type.IsOrDerivesFrom(types.Md5) || type.IsOrDerivesFrom(types.Sha1) || type.IsOrDerivesFrom(types.HmacMd5))
                && value is IObjectCreationOperation or IInvocationOperation { Instance: null }
                && !CryptoEdits.References(model, member, local, cancellationToken).Any()
                && CryptoEdit.Remove(statement) is { } removal)
            {
                yield return removal;
            }
        }
    }

    /// <summary>
    /// The locals a rewrite leaves unused: a hash object or the <c>Encoding.X.GetBytes(...)</c> buffer whose every use
    /// was in the replaced part of <paramref name="edit"/> (and, in turn, locals only those used).
    /// </summary>
    public static IEnumerable<CryptoEdit> Leftovers(SemanticModel model, WeakHashEdit edit, CancellationToken cancellationToken)
    {
        var types = KnownTypes.For(model.Compilation);
        var member = CompileCheck.Member(edit.Node) ?? edit.Node.SyntaxTree.GetRoot(cancellationToken);
        var candidates = Declarations(model, member, cancellationToken)
            .Where(d => d.Value is IObjectCreationOperation or IInvocationOperation { Instance: null } && d.Value.Type.IsOrDerivesFrom(types.HashAlgorithm)
                        || d.Value is IInvocationOperation { TargetMethod.Name: "GetBytes" } getBytes && getBytes.TargetMethod.ContainingType.IsOrDerivesFrom(types.Encoding))
            .ToList();
        var removed = new List<StatementSyntax>();
        bool Gone(SyntaxNode reference) =>
            (edit.Node.Span.Contains(reference.Span) && edit.Kept?.Span.Contains(reference.Span) != true)
            || removed.Any(r => r.Span.Contains(reference.Span));

        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var (statement, local, _) in candidates)
            {
                if (removed.Contains(statement))
                {
                    continue;
                }

                var references = CryptoEdits.References(model, member, local, cancellationToken).ToList();
                if (references.Count > 0 && references.All(Gone))
                {
                    removed.Add(statement);
                    changed = true;
                }
            }
        }

        return removed.Select(CryptoEdit.Remove).OfType<CryptoEdit>();
    }

    /// <summary>Single-variable local declarations of a member, with the local and its initial value.</summary>
    private static IEnumerable<(StatementSyntax Statement, ILocalSymbol Local, IOperation Value)> Declarations(SemanticModel model, SyntaxNode member, CancellationToken cancellationToken)
    {
        foreach (var statement in member.DescendantNodes().OfType<LocalDeclarationStatementSyntax>())
        {
            if (statement.Declaration.Variables is not { Count: 1 } variables
                || variables[0].Initializer?.Value is not { } initializer
                || model.GetDeclaredSymbol(variables[0], cancellationToken) is not ILocalSymbol local
                || model.GetOperation(initializer, cancellationToken)?.WalkDownConversions() is not { } value)
            {
                continue;
            }

            yield return (statement, local, value);
        }
    }

    /// <summary>The receiver with its last name replaced: <c>System.Security.Cryptography.MD5</c> -> <c>System.Security.Cryptography.SHA256</c>.</summary>
    private static ExpressionSyntax? Renamed(ExpressionSyntax receiver, string name) => receiver switch
    {
        IdentifierNameSyntax identifier => IdentifierName(name).WithTriviaFrom(identifier),
        MemberAccessExpressionSyntax access => access.WithName(IdentifierName(name).WithTriviaFrom(access.Name)),
        AliasQualifiedNameSyntax aliased => aliased.WithName(IdentifierName(name).WithTriviaFrom(aliased.Name)),
        _ => null,
    };

    /// <summary>What is written before a type's own name: <c>System.Security.Cryptography.</c>, <c>global::</c>, or nothing.</summary>
    private static string Qualifier(TypeSyntax type) => type switch
    {
        QualifiedNameSyntax qualified => qualified.Left.WithoutTrivia().ToString() + ".",
        AliasQualifiedNameSyntax aliased => aliased.Alias.WithoutTrivia().ToString() + "::",
        _ => string.Empty,
    };
}
