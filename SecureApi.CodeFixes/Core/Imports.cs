using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SecureApi.CodeFixes.Core;

/// <summary>Adds a <c>using</c> directive only when the namespace is not already in scope (global usings count).</summary>
internal static class Imports
{
    public static bool IsInScope(SemanticModel model, int position, string namespaceName, CancellationToken cancellationToken)
    {
        foreach (var scope in model.GetImportScopes(position, cancellationToken))
        {
            if (scope.Imports.Any(i => i.NamespaceOrType is INamespaceSymbol ns && ns.ToDisplayString() == namespaceName))
            {
                return true;
            }
        }

        // Code inside the namespace (or a child of it) sees its members without a using.
        for (var ns = model.GetEnclosingSymbol(position, cancellationToken)?.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
        {
            if (ns.ToDisplayString() == namespaceName)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The fixed root with a <c>using</c> for each namespace (in order; no-op for an empty list or a non-C# root).</summary>
    public static SyntaxNode AddUsings(SyntaxNode root, System.Collections.Generic.IEnumerable<string> namespaceNames)
    {
        if (root is not CompilationUnitSyntax unit)
        {
            return root;
        }

        foreach (var namespaceName in namespaceNames.OrderBy(n => n, StringComparer.Ordinal))
        {
            unit = AddUsing(unit, namespaceName);
        }

        return unit;
    }

    /// <summary>Inserts <c>using <paramref name="namespaceName"/>;</c> in order among the file's usings.</summary>
    public static CompilationUnitSyntax AddUsing(CompilationUnitSyntax root, string namespaceName)
    {
        if (root.Usings.Any(u => u.Alias is null && u.StaticKeyword == default && u.Name?.ToString() == namespaceName))
        {
            return root;
        }

        var newline = DetectNewline(root);
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(namespaceName))
            .WithTrailingTrivia(SyntaxFactory.EndOfLine(newline));

        var usings = root.Usings;
        if (usings.Count == 0)
        {
            // Keep a leading file header or #nullable in front of the new directive.
            var first = root.GetLeadingTrivia();
            var body = root.WithoutLeadingTrivia();
            var separated = ((CompilationUnitSyntax)body).AddUsings(directive.WithTrailingTrivia(SyntaxFactory.EndOfLine(newline), SyntaxFactory.EndOfLine(newline)));
            return separated.WithLeadingTrivia(first);
        }

        var index = 0;
        while (index < usings.Count && Compare(usings[index], namespaceName) < 0)
        {
            index++;
        }

        if (index == 0)
        {
            // Take over the first directive's leading trivia (a header comment stays on top).
            directive = directive.WithLeadingTrivia(usings[0].GetLeadingTrivia());
            usings = usings.Replace(usings[0], usings[0].WithLeadingTrivia());
        }

        return root.WithUsings(usings.Insert(index, directive));
    }

    private static int Compare(UsingDirectiveSyntax existing, string namespaceName)
    {
        if (existing.Alias is not null || existing.StaticKeyword != default || existing.GlobalKeyword != default)
        {
            return existing.GlobalKeyword != default ? -1 : 1;
        }

        var name = existing.Name?.ToString() ?? string.Empty;
        var existingIsSystem = IsSystem(name);
        var newIsSystem = IsSystem(namespaceName);
        if (existingIsSystem != newIsSystem)
        {
            return existingIsSystem ? -1 : 1;
        }

        return string.Compare(name, namespaceName, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsSystem(string name) => name == "System" || name.StartsWith("System.", StringComparison.Ordinal);

    /// <summary>The end-of-line sequence the file already uses (LF when it has none).</summary>
    public static string DetectNewline(SyntaxNode root)
    {
        var endOfLine = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine.ToString() : "\n";
    }
}
