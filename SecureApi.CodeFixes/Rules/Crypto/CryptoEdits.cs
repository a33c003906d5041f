using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Crypto;

/// <summary>One edit of a crypto fix: a node rebuilt from its current form (other edits inside it applied), or a statement removed.</summary>
internal sealed class CryptoEdit
{
    private CryptoEdit(SyntaxNode node, Func<SyntaxNode, SyntaxNode>? build)
    {
        Node = node;
        Build = build;
    }

    public SyntaxNode Node { get; }

    /// <summary>Null for a removal.</summary>
    public Func<SyntaxNode, SyntaxNode>? Build { get; }

    public bool IsRemoval => Build is null;

    public static CryptoEdit Replace(SyntaxNode node, Func<SyntaxNode, SyntaxNode> build) => new(node, build);

    /// <summary>Removes a statement of a block, a switch section or the top-level program; its comments stay, on the next line.</summary>
    public static CryptoEdit? Remove(StatementSyntax statement) =>
        statement.Parent is BlockSyntax or SwitchSectionSyntax || statement.Parent is GlobalStatementSyntax { Parent: CompilationUnitSyntax }
            ? new CryptoEdit(statement.Parent is GlobalStatementSyntax global ? global : statement, null)
            : null;
}

/// <summary>What one finding's fix does: its title, its edits, the namespaces it needs imported.</summary>
internal sealed class CryptoChange
{
    public CryptoChange(string title, IReadOnlyList<CryptoEdit> edits, IReadOnlyCollection<string>? namespaces = null)
    {
        Title = title;
        Edits = edits;
        Namespaces = namespaces ?? Array.Empty<string>();
    }

    public string Title { get; }

    public IReadOnlyList<CryptoEdit> Edits { get; }

    public IReadOnlyCollection<string> Namespaces { get; }
}

/// <summary>
/// Applying crypto fixes: the edits of one or many findings merged into one pass (Fix All), checked to compile as a
/// whole (<see cref="CompileCheck"/>), and the leftovers of a rewrite: locals renamed where their name states the old
/// algorithm, objects and buffers no longer used removed, comments and line breaks kept.
/// </summary>
internal static class CryptoEdits
{
    /// <summary>The changed member (or file, when a namespace is imported) has no more compiler errors than before.</summary>
    public static Task<bool> KeepsCompilingAsync(Document document, SyntaxNode root, CryptoChange change, CancellationToken cancellationToken)
    {
        if (change.Edits.Count == 0)
        {
            return Task.FromResult(false);
        }

        if (change.Namespaces.Count > 0)
        {
            return CompileCheck.KeepsCompilingAsync(document, root, root, Imports.AddUsings(Apply(root, change.Edits), change.Namespaces), (string?)null, cancellationToken);
        }

        var scope = CommonAncestor(change.Edits.Select(Anchor));
        return scope is null
            ? Task.FromResult(false)
            : CompileCheck.KeepsCompilingAsync(document, root, scope, Apply(scope, change.Edits), (string?)null, cancellationToken);
    }

    /// <summary>The document with every change applied in one pass: edits inside removed statements are dropped, repeated edits applied once.</summary>
    /// <summary>
    /// Fix All for a crypto fixer: each diagnostic's change is planned and checked on its own (a member that would not
    /// compile keeps its algorithm), then all are applied in one pass.
    /// </summary>
    public static async Task<Document> ApplyAllAsync(
        Document document,
        ImmutableArray<Diagnostic> diagnostics,
        Func<SyntaxNode, SemanticModel, Diagnostic, CancellationToken, CryptoChange?> plan,
        CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var changes = new List<CryptoChange>();
        foreach (var diagnostic in diagnostics)
        {
            if (plan(root, model, diagnostic, cancellationToken) is { } change
                && await KeepsCompilingAsync(document, root, change, cancellationToken).ConfigureAwait(false))
            {
                changes.Add(change);
            }
        }

        return Apply(document, root, changes);
    }

    public static Document Apply(Document document, SyntaxNode root, IEnumerable<CryptoChange> changes)
    {
        var all = changes.ToList();
        var changed = Apply(root, all.SelectMany(c => c.Edits));
        return document.WithSyntaxRoot(Imports.AddUsings(changed, all.SelectMany(c => c.Namespaces).Distinct()));
    }

    /// <summary>The edits applied to <paramref name="scope"/>, which holds all their nodes.</summary>
    public static SyntaxNode Apply(SyntaxNode scope, IEnumerable<CryptoEdit> edits)
    {
        var removals = new List<SyntaxNode>();
        var replacements = new List<CryptoEdit>();
        foreach (var edit in edits)
        {
            if (edit.IsRemoval)
            {
                if (!removals.Contains(edit.Node))
                {
                    removals.Add(edit.Node);
                }
            }
            else if (replacements.All(r => r.Node != edit.Node))
            {
                replacements.Add(edit);
            }
        }

        replacements.RemoveAll(r => removals.Any(removed => removed.FullSpan.Contains(r.Node.FullSpan)));
        var containers = removals.Select(r => r.Parent!).Distinct().ToList();
        var tracked = scope.TrackNodes(replacements.Select(r => r.Node).Concat(removals).Concat(containers));

        // Innermost first: an outer edit is built from a node that already holds the inner ones.
        foreach (var edit in replacements.OrderByDescending(r => r.Node.Ancestors().Count()))
        {
            if (tracked.GetCurrentNode(edit.Node) is { } current)
            {
                var built = edit.Build!(current);
                tracked = current == tracked ? built : tracked.ReplaceNode(current, built);
            }
        }

        foreach (var container in containers.OrderByDescending(c => c.Ancestors().Count()))
        {
            if (tracked.GetCurrentNode(container) is not { } current)
            {
                continue;
            }

            var removed = new HashSet<SyntaxNode>(removals.Where(r => r.Parent == container).Select(r => tracked.GetCurrentNode(r)).OfType<SyntaxNode>());
            var rebuilt = WithoutStatements(current, removed);
            tracked = current == tracked ? rebuilt : tracked.ReplaceNode(current, rebuilt);
        }

        return tracked;
    }

    /// <summary>
    /// The local declared by <paramref name="declarator"/> renamed by <paramref name="rename"/> everywhere in its member;
    /// nothing when the name does not change, or the new name is taken or would hide another symbol.
    /// </summary>
    public static IReadOnlyList<CryptoEdit> RenameLocal(SemanticModel model, VariableDeclaratorSyntax? declarator, Func<string, string?> rename, CancellationToken cancellationToken)
    {
        if (declarator is null || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local
            || rename(local.Name) is not { } name || name == local.Name
            || !SyntaxFacts.IsValidIdentifier(name) || SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None)
        {
            return Array.Empty<CryptoEdit>();
        }

        var scope = CompileCheck.Member(declarator) ?? declarator.SyntaxTree.GetRoot(cancellationToken);
        if (scope.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == name)
            || !model.LookupSymbols(declarator.SpanStart, name: name).IsEmpty)
        {
            return Array.Empty<CryptoEdit>();
        }

        var edits = new List<CryptoEdit>
        {
            CryptoEdit.Replace(declarator, current => current is VariableDeclaratorSyntax d ? d.WithIdentifier(Identifier(name).WithTriviaFrom(d.Identifier)) : current),
        };
        foreach (var reference in References(model, scope, local, cancellationToken))
        {
            edits.Add(CryptoEdit.Replace(reference, current => IdentifierName(Identifier(name)).WithTriviaFrom(current)));
        }

        return edits;
    }

    /// <summary>
    /// <see cref="RenameLocal"/> for the locals computed straight from the renamed one (<c>var sha1Digest =
    /// sha1.ComputeHash(data)</c>, <c>var desEncryptor = des.CreateEncryptor()</c>).
    /// </summary>
    public static IEnumerable<CryptoEdit> RenameDerived(SemanticModel model, VariableDeclaratorSyntax? declarator, Func<string, string?> rename, CancellationToken cancellationToken)
    {
        if (declarator is null || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol local)
        {
            return Array.Empty<CryptoEdit>();
        }

        var scope = CompileCheck.Member(declarator) ?? declarator.SyntaxTree.GetRoot(cancellationToken);
        var edits = new List<CryptoEdit>();
        foreach (var reference in References(model, scope, local, cancellationToken))
        {
            SyntaxNode use = reference;
            if (use.Parent is MemberAccessExpressionSyntax access && access.Expression == use)
            {
                use = access.Parent is InvocationExpressionSyntax call && call.Expression == access ? call : access;
                if (use.Parent is AwaitExpressionSyntax awaited)
                {
                    use = awaited;
                }

                if (use.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax derived })
                {
                    edits.AddRange(RenameLocal(model, derived, rename, cancellationToken));
                }
            }
        }

        return edits;
    }

    /// <summary>The names of a local in its member (or file, for top-level statements).</summary>
    public static IEnumerable<IdentifierNameSyntax> References(SemanticModel model, SyntaxNode scope, ILocalSymbol local, CancellationToken cancellationToken) =>
        scope.DescendantNodes().OfType<IdentifierNameSyntax>()
            .Where(n => n.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, cancellationToken).Symbol, local));

    /// <summary>The local whose initializer holds <paramref name="node"/> in the same statement (<c>var md5Hash = MD5.HashData(x)</c>).</summary>
    public static VariableDeclaratorSyntax? DeclaratorOf(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case VariableDeclaratorSyntax declarator when declarator.Parent?.Parent is LocalDeclarationStatementSyntax or UsingStatementSyntax:
                    return declarator;
                case StatementSyntax or AnonymousFunctionExpressionSyntax or MemberDeclarationSyntax or ArgumentSyntax:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// A name with the words that state the old algorithm replaced, in their case style: <c>md5</c> -> <c>sha256</c>,
    /// <c>md5Hash</c> -> <c>sha256Hash</c>, <c>hmacMd5</c> -> <c>hmacSha256</c>, <c>des</c> -> <c>aes</c>,
    /// <c>tripleDes</c> -> <c>aes</c>. Null when no word does.
    /// </summary>
    public static string? Renamed(string name, IReadOnlyDictionary<string, string> words)
    {
        var segments = Segments(name);
        var result = new System.Text.StringBuilder();
        var position = 0;
        var changed = false;
        for (var i = 0; i < segments.Count; i++)
        {
            var (start, length) = segments[i];
            result.Append(name, position, start - position);
            var word = name.Substring(start, length);
            var lower = word.ToLowerInvariant();
            if (lower == "triple" && i + 1 < segments.Count && name.Substring(segments[i + 1].Start, segments[i + 1].Length).ToLowerInvariant() == "des"
                && words.TryGetValue("tripledes", out var joined))
            {
                result.Append(InCaseOf(word, joined));
                position = segments[i + 1].Start + segments[i + 1].Length;
                i++;
                changed = true;
                continue;
            }

            if (words.TryGetValue(lower, out var replacement))
            {
                result.Append(InCaseOf(word, replacement));
                changed = true;
            }
            else
            {
                result.Append(word);
            }

            position = start + length;
        }

        result.Append(name, position, name.Length - position);
        return changed ? result.ToString() : null;
    }

    /// <summary>Words of an identifier: letters with the digits after them (md5, Sha1, rc2), split at camelCase, ACRONYMWord and separators.</summary>
    private static List<(int Start, int Length)> Segments(string name)
    {
        var segments = new List<(int, int)>();
        var start = -1;
        for (var i = 0; i <= name.Length; i++)
        {
            var c = i < name.Length ? name[i] : '_';
            var boundary = !char.IsLetterOrDigit(c)
                           || (start >= 0 && i > start && char.IsUpper(c)
                               && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1])
                                   || (char.IsUpper(name[i - 1]) && i + 1 < name.Length && char.IsLower(name[i + 1]))));
            if (boundary && start >= 0)
            {
                segments.Add((start, i - start));
                start = -1;
            }

            if (char.IsLetterOrDigit(c) && start < 0)
            {
                start = i;
            }
        }

        return segments;
    }

    private static string InCaseOf(string word, string replacement) =>
        word.Length > 1 && word.Where(char.IsLetter).All(char.IsUpper) ? replacement.ToUpperInvariant()
        : char.IsUpper(word[0]) ? char.ToUpperInvariant(replacement[0]) + replacement.Substring(1)
        : replacement;

    /// <summary>The node a compile check must hold for an edit: the node, or the block a removed statement is in.</summary>
    private static SyntaxNode Anchor(CryptoEdit edit) => edit.IsRemoval ? edit.Node.Parent! : edit.Node;

    private static SyntaxNode? CommonAncestor(IEnumerable<SyntaxNode> nodes)
    {
        SyntaxNode? common = null;
        foreach (var node in nodes)
        {
            if (common is null)
            {
                common = node;
                continue;
            }

            common = common.AncestorsAndSelf().FirstOrDefault(a => a.FullSpan.Contains(node.FullSpan) && node.AncestorsAndSelf().Contains(a));
            if (common is null)
            {
                return null;
            }
        }

        return common;
    }

    /// <summary>The block, switch section or compilation unit without the removed statements; their comments and blank lines go to what follows.</summary>
    private static SyntaxNode WithoutStatements(SyntaxNode container, HashSet<SyntaxNode> removed)
    {
        switch (container)
        {
            case BlockSyntax block:
            {
                var (statements, carried) = Without(block.Statements, removed);
                var rebuilt = block.WithStatements(statements);
                return carried.Count == 0 ? rebuilt : rebuilt.WithCloseBraceToken(rebuilt.CloseBraceToken.WithLeadingTrivia(Merge(carried, rebuilt.CloseBraceToken.LeadingTrivia)));
            }

            case SwitchSectionSyntax section:
                return section.WithStatements(Without(section.Statements, removed).Kept);

            case CompilationUnitSyntax unit:
            {
                var (members, carried) = Without(unit.Members, removed);
                var rebuilt = unit.WithMembers(members);
                return carried.Count == 0 ? rebuilt : rebuilt.WithEndOfFileToken(rebuilt.EndOfFileToken.WithLeadingTrivia(Merge(carried, rebuilt.EndOfFileToken.LeadingTrivia)));
            }

            default:
                return container;
        }
    }

    private static (SyntaxList<T> Kept, SyntaxTriviaList Carried) Without<T>(SyntaxList<T> items, HashSet<SyntaxNode> removed)
        where T : SyntaxNode
    {
        var kept = new List<T>();
        var carried = SyntaxTriviaList.Empty;
        SyntaxTriviaList? indentation = null;
        var sameLine = false;
        foreach (var item in items)
        {
            if (removed.Contains(item))
            {
                var leading = item.GetLeadingTrivia();
                carried = carried.AddRange(LinesAbove(leading));
                if (indentation is null && StartsLine(item))
                {
                    indentation = SyntaxTriviaList.Empty.AddRange(leading.Skip(LinesAbove(leading).Count()));
                }

                sameLine = !item.GetTrailingTrivia().Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
                continue;
            }

            var own = item.GetLeadingTrivia();
            if (sameLine && indentation is { } indent)
            {
                // The next statement was on the removed one's line: it takes that line's indentation.
                own = indent.AddRange(own.SkipWhile(t => t.IsKind(SyntaxKind.WhitespaceTrivia)));
            }

            kept.Add(carried.Count == 0 && own == item.GetLeadingTrivia() ? item : item.WithLeadingTrivia(Merge(carried, own)));
            carried = SyntaxTriviaList.Empty;
            indentation = null;
            sameLine = false;
        }

        return (List(kept), carried);
    }

    /// <summary>The node is the first thing on its line.</summary>
    private static bool StartsLine(SyntaxNode node)
    {
        var first = node.GetFirstToken();
        if (first.LeadingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
        {
            return true;
        }

        var previous = first.GetPreviousToken();
        return previous.IsKind(SyntaxKind.None) || previous.TrailingTrivia.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
    }

    /// <summary>The whole lines of leading trivia (comments, blank lines): everything up to the last line break, not the indentation after it.</summary>
    private static IEnumerable<SyntaxTrivia> LinesAbove(SyntaxTriviaList leading)
    {
        var last = -1;
        for (var i = 0; i < leading.Count; i++)
        {
            if (leading[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                last = i;
            }
        }

        return leading.Take(last + 1);
    }

    /// <summary>Carried lines before the next item's own; only blank lines are dropped when the next item starts with one already.</summary>
    private static SyntaxTriviaList Merge(SyntaxTriviaList carried, SyntaxTriviaList leading)
    {
        var onlyBlank = carried.All(t => t.IsKind(SyntaxKind.WhitespaceTrivia) || t.IsKind(SyntaxKind.EndOfLineTrivia));
        if (onlyBlank && leading.Any(t => t.IsKind(SyntaxKind.EndOfLineTrivia)))
        {
            return leading;
        }

        return carried.AddRange(leading);
    }
}
