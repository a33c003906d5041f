using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Strings;
using SecureApi.Analyzers.Rules.Injection;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Injection;

/// <summary>
/// SAPI4003: pass the arguments one by one instead of as a command line. <c>Process.Start(file, "clone " + url)</c> and
/// <c>new ProcessStartInfo(file, ...)</c> take a <c>new[] { "clone", url }</c> (their <c>IEnumerable&lt;string&gt;</c>
/// overloads); <c>Arguments = ...</c> becomes <c>ArgumentList = { ... }</c> in an object initializer, or one
/// <c>ArgumentList.Add(...)</c> statement per argument. Offered only where the arguments' boundaries are evident from the
/// construction (<see cref="CommandArguments"/>), not for a shell's command line, and not where the same start info
/// also gets <c>Arguments</c> elsewhere (setting both makes <c>Process.Start</c> throw). It changes behaviour on
/// purpose: a value with spaces is now one argument, and an empty value an empty argument.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CommandInjectionCodeFix)), Shared]
public sealed class CommandInjectionCodeFix : CodeFixProvider
{
    public const string UseArgumentList = "SecureApi.Command.UseArgumentList" + FixEffect.ChangesBehavior;

    private const string WhatChanges = "each value becomes exactly one argument";

    private static readonly HashSet<string> Shells = new(System.StringComparer.OrdinalIgnoreCase)
    {
        "sh", "bash", "zsh", "dash", "ksh", "fish", "cmd", "cmd.exe", "powershell", "powershell.exe", "pwsh", "pwsh.exe",
    };

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.CommandInjection);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<CommandInjectionAnalyzer>(changesBehavior: true, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override Task RegisterCodeFixesAsync(CodeFixContext context) =>
        NodeEdits.RegisterEachAsync(context, (root, model, diagnostic) =>
            Plan(root, model, diagnostic, context.CancellationToken) is { } plan
                ? FixEffect.ChangingBehavior(plan.Title, WhatChanges, ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct), UseArgumentList)
                : null);

    private static Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        PlannedEdit.ApplyAllAsync(document, diagnostics, Plan, cancellationToken);

    private static PlannedEdit? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(CommandInjectionAnalyzer.ApiProperty, out var api)
            || !diagnostic.Properties.TryGetValue(CommandInjectionAnalyzer.PartProperty, out var part) || !CommandSinks.IsArguments(part)
            || SpanProperty.Decode(diagnostic, CommandInjectionAnalyzer.ValueSpanProperty, root) is not { } span
            || root.FindNode(span, getInnermostNodeForTie: true) is not ExpressionSyntax value
            || StringSource.Find(value, model, cancellationToken) is not { } source
            || CommandArguments.Split(source.Template, model, cancellationToken) is not { } arguments)
        {
            return null;
        }

        return api switch
        {
            CommandSinks.ProcessStart or CommandSinks.StartInfoCreation => ListOverload(value, source, arguments, model, cancellationToken),
            CommandSinks.StartInfoProperty when source.Declarator is null => ArgumentListProperty(value, arguments, model, cancellationToken),
            _ => null,
        };
    }

    // ------------------------------------------------ Process.Start(file, args), new ProcessStartInfo(file, args)

    private static PlannedEdit? ListOverload(ExpressionSyntax value, StringSource source, List<ExpressionSyntax> arguments, SemanticModel model, CancellationToken cancellationToken)
    {
        if (value.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Arguments.Count: 2 } list } || list.Parent is not { } call
            || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol method
            || !HasListOverload(method)
            || IsShell(list.Arguments[0].Expression, model, cancellationToken)
            || call is BaseObjectCreationExpressionSyntax { Initializer: { } initializer } && Assigns(initializer, "Arguments"))
        {
            return null;
        }

        var array = ImplicitArrayCreationExpression(InitializerExpression(SyntaxKind.ArrayInitializerExpression, SeparatedList(arguments)));
        const string title = "Pass the arguments as a list";
        if (source.Declarator is null)
        {
            return new PlannedEdit(title, new SyntaxNode[] { call }, editor => editor.ReplaceNode(value, array.WithTriviaFrom(value)));
        }

        // var args = $"..."; Process.Start(file, args) -> var args = new[] { ... }; the call then binds to the list overload.
        if (source.Declarator.Parent is not VariableDeclarationSyntax declaration)
        {
            return null;
        }

        return new PlannedEdit(title, new SyntaxNode[] { call, declaration }, editor =>
        {
            var declarator = source.Declarator.WithInitializer(EqualsValueClause(array.WithTriviaFrom(source.Template)));
            var type = declaration.Type.IsVar ? declaration.Type : ParseTypeName("string[]").WithTriviaFrom(declaration.Type);
            editor.ReplaceNode(declaration, declaration.WithType(type).WithVariables(SingletonSeparatedList(declarator)));
        });
    }

    /// <summary>Process.Start(string, IEnumerable&lt;string&gt;) (.NET 5+), ProcessStartInfo(string, IEnumerable&lt;string&gt;) (.NET 8+).</summary>
    private static bool HasListOverload(IMethodSymbol method) =>
        (method.MethodKind == MethodKind.Constructor ? method.ContainingType.InstanceConstructors : method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>())
        .Any(m => m.Parameters.Length == 2 && m.Parameters[0].Type.SpecialType == SpecialType.System_String
                  && m.Parameters[1].Type is INamedTypeSymbol { Name: "IEnumerable", TypeArguments: { Length: 1 } typeArguments } && typeArguments[0].SpecialType == SpecialType.System_String);

    // ------------------------------------------------ Arguments = ...

    private static PlannedEdit? ArgumentListProperty(ExpressionSyntax value, List<ExpressionSyntax> arguments, SemanticModel model, CancellationToken cancellationToken)
    {
        if (value.Parent is not AssignmentExpressionSyntax { RawKind: (int)SyntaxKind.SimpleAssignmentExpression } assignment || assignment.Right != value)
        {
            return null;
        }

        const string title = "Pass each argument separately with ArgumentList";
        if (assignment.Parent is InitializerExpressionSyntax initializer)
        {
            // new ProcessStartInfo { FileName = "git", Arguments = "clone " + url } -> ArgumentList = { "clone", url }
            var creation = initializer.Parent as BaseObjectCreationExpressionSyntax;
            if (creation?.ArgumentList?.Arguments.Count > 1 || IsShell(FileNameIn(initializer, creation), model, cancellationToken)
                || creation is not null && AssignedElsewhere(creation, model, cancellationToken))
            {
                return null;
            }

            // Parsed rather than built, so the formatter keeps it on one line.
            var wrapper = (ObjectCreationExpressionSyntax)ParseExpression($"new T {{ ArgumentList = {{ {string.Join(", ", arguments.Select(a => a.ToString()))} }} }}");
            var list = wrapper.Initializer!.Expressions[0];
            return new PlannedEdit(title, new SyntaxNode[] { assignment }, editor => editor.ReplaceNode(assignment, list.WithTriviaFrom(assignment)));
        }

        // psi.Arguments = "clone " + url; -> psi.ArgumentList.Add("clone"); psi.ArgumentList.Add(url);
        if (assignment is not { Left: MemberAccessExpressionSyntax { Expression: var receiver }, Parent: ExpressionStatementSyntax statement }
            || !IsStable(receiver)
            || statement.Parent is not (BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax)
            || model.GetSymbolInfo(receiver, cancellationToken).Symbol is not { } owner
            || OtherWrites(owner, assignment, model, cancellationToken))
        {
            return null;
        }

        var endOfLine = statement.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var newline = endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : ElasticLineFeed;
        var statements = arguments
            .Select(a => (StatementSyntax)ExpressionStatement(InvocationExpression(
                MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                    MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver.WithoutTrivia(), IdentifierName("ArgumentList")),
                    IdentifierName("Add")),
                ArgumentList(SingletonSeparatedList(Argument(a))))))
            .ToList();
        statements[0] = statements[0].WithLeadingTrivia(statement.GetLeadingTrivia()).WithTrailingTrivia(newline);
        for (var i = 1; i < statements.Count; i++)
        {
            statements[i] = statements[i].WithLeadingTrivia(ElasticMarker).WithTrailingTrivia(newline).WithAdditionalAnnotations(Formatter.Annotation);
        }

        statements[statements.Count - 1] = statements[statements.Count - 1].WithTrailingTrivia(statement.GetTrailingTrivia());
        return new PlannedEdit(title, new SyntaxNode[] { statement }, editor =>
        {
            if (statement.Parent is GlobalStatementSyntax global)
            {
                editor.InsertAfter(global, statements.Skip(1).Select(s => GlobalStatement(s)));
                editor.ReplaceNode(global, global.WithStatement(statements[0]));
            }
            else
            {
                editor.InsertAfter(statement, statements.Skip(1));
                editor.ReplaceNode(statement, statements[0]);
            }
        });
    }

    /// <summary>A receiver that can be written again without running anything twice: psi, this.psi, process.StartInfo.</summary>
    private static bool IsStable(ExpressionSyntax receiver) => receiver switch
    {
        IdentifierNameSyntax or ThisExpressionSyntax => true,
        MemberAccessExpressionSyntax { RawKind: (int)SyntaxKind.SimpleMemberAccessExpression } access => IsStable(access.Expression),
        _ => false,
    };

    /// <summary>The start info held in <paramref name="owner"/> gets Arguments another way too (another assignment, a constructor argument), or runs a shell.</summary>
    private static bool OtherWrites(ISymbol owner, AssignmentExpressionSyntax assignment, SemanticModel model, CancellationToken cancellationToken)
    {
        var body = assignment.FirstAncestorOrSelf<SyntaxNode>(n => n is MemberDeclarationSyntax or CompilationUnitSyntax);
        if (body is null)
        {
            return true;
        }

        foreach (var node in body.DescendantNodes())
        {
            switch (node)
            {
                case AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Arguments" or "ArgumentList", Expression: var other } } write
                    when write != assignment && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(other, cancellationToken).Symbol, owner):
                    return true;
                case AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FileName", Expression: var other } } fileName
                    when SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(other, cancellationToken).Symbol, owner) && IsShell(fileName.Right, model, cancellationToken):
                    return true;
                case VariableDeclaratorSyntax { Initializer.Value: BaseObjectCreationExpressionSyntax creation } declarator
                    when SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(declarator, cancellationToken), owner)
                         && (creation.ArgumentList?.Arguments.Count > 1 || creation.Initializer is { } init && Assigns(init, "Arguments")
                             || IsShell(FileNameIn(creation.Initializer, creation), model, cancellationToken)):
                    return true;
            }
        }

        return false;
    }

    /// <summary>var psi = new ProcessStartInfo { Arguments = ... }; ... psi.Arguments = ...: assigned twice.</summary>
    private static bool AssignedElsewhere(BaseObjectCreationExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken) =>
        creation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
        && model.GetDeclaredSymbol(declarator, cancellationToken) is { } local
        && declarator.FirstAncestorOrSelf<SyntaxNode>(n => n is MemberDeclarationSyntax or CompilationUnitSyntax) is { } body
        && body.DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(a =>
            a.Left is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Arguments" or "ArgumentList", Expression: var other }
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(other, cancellationToken).Symbol, local));

    private static bool Assigns(InitializerExpressionSyntax initializer, string member) =>
        initializer.Expressions.Any(e => e is AssignmentExpressionSyntax { Left: IdentifierNameSyntax name } && name.Identifier.ValueText == member);

    /// <summary>The file name a start info is given in its constructor or initializer.</summary>
    private static ExpressionSyntax? FileNameIn(InitializerExpressionSyntax? initializer, BaseObjectCreationExpressionSyntax? creation) =>
        initializer?.Expressions.OfType<AssignmentExpressionSyntax>().FirstOrDefault(a => a.Left is IdentifierNameSyntax { Identifier.ValueText: "FileName" })?.Right
        ?? creation?.ArgumentList?.Arguments.FirstOrDefault()?.Expression;

    /// <summary>A shell parses its command line again: splitting it into arguments is not the fix there.</summary>
    private static bool IsShell(ExpressionSyntax? fileName, SemanticModel model, CancellationToken cancellationToken) =>
        fileName is not null && model.GetConstantValue(fileName, cancellationToken) is { HasValue: true, Value: string name }
        && Shells.Contains(name.Substring(name.LastIndexOfAny(new[] { '/', '\\' }) + 1));
}
