using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Rules.Sql;
using SecureApi.CodeFixes.Core;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SecureApi.CodeFixes.Rules.Sql;

/// <summary>
/// SAPI4001: parameterize the SQL. EF Core <c>*Raw</c> becomes <c>FromSql</c>/<c>ExecuteSql</c>/<c>SqlQuery</c>
/// with an interpolated string (EF Core turns holes into parameters; <c>*Interpolated</c> before EF Core 7); Dapper
/// holes become <c>@name</c> parameters of an anonymous object (merged into an existing one); ADO.NET holes become
/// <c>@name</c> (<c>?</c> for OleDb/Odbc) parameters added with <c>Parameters.AddWithValue</c> after the command is
/// created. The SQL may be written at the call or in a local declared earlier. Offered only where every hole stands
/// where SQL expects a value (<see cref="SqlValuePositions"/>) and holds a value, not SQL text
/// (<see cref="SqlHoleValues"/>): a parameter cannot replace a clause, a name or a list.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SqlInjectionCodeFix)), Shared]
public sealed class SqlInjectionCodeFix : CodeFixProvider
{
    public const string Parameterize = "SecureApi.Sql.Parameterize";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIds.SqlInjection);

    public override FixAllProvider GetFixAllProvider() => FixAll.For<SqlInjectionAnalyzer>(changesBehavior: false, (document, diagnostics, _, ct) => ApplyAsync(document, diagnostics, ct));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Plan(root, model, diagnostic, context.CancellationToken) is { } plan)
            {
                context.RegisterCodeFix(
                    FixEffect.Preserving(plan.Title, ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct), Parameterize),
                    diagnostic);
            }
        }
    }

    private static Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        PlannedEdit.ApplyAllAsync(document, diagnostics, Plan, cancellationToken);

    private static PlannedEdit? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (!diagnostic.Properties.TryGetValue(SqlInjectionAnalyzer.ApiProperty, out var api) || SpanProperty.Decode(diagnostic, SqlInjectionAnalyzer.SqlSpanProperty, root) is not { } span
            || root.FindNode(span, getInnermostNodeForTie: true) is not ExpressionSyntax sql)
        {
            return null;
        }

        // The SQL is written here, or in a local declared earlier that nothing else writes or reads.
        var source = StringSource.Find(sql, model, cancellationToken);
        if (source is null || StringTemplate.Parse(source.Template, model, cancellationToken) is not { HasHoles: true } template)
        {
            return null;
        }

        // A parameter can only stand for a value: when any hole is a piece of SQL (a clause, a name, a list, text
        // assembled with += or a StringBuilder), no fix at all for the finding, rather than a partial rewrite.
        if (!SqlValuePositions.AllHolesAreValues(template) || !SqlHoleValues.AllAreValues(template, model, cancellationToken))
        {
            return null;
        }

        var sink = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
        return api switch
        {
            SqlSinks.EfCore => EfCore(sink, sql, source, template, model, cancellationToken),
            SqlSinks.Dapper or SqlSinks.DapperCommandDefinition => Dapper(sink, sql, source, template, model, cancellationToken),
            SqlSinks.AdoCommand or SqlSinks.AdoCommandText => AdoNet(sink, source, template, model, cancellationToken),
            _ => null,
        };
    }

    // ---------------------------------------------------------------- EF Core

    private static PlannedEdit? EfCore(SyntaxNode sink, ExpressionSyntax sql, StringSource source, StringTemplate template, SemanticModel model, CancellationToken cancellationToken)
    {
        if (sink.FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { Expression: MemberAccessExpressionSyntax access } call
            || model.GetOperation(call, cancellationToken) is not IInvocationOperation operation
            || operation.Arguments.Any(a => a.Parameter?.Name == "parameters" && a.ArgumentKind != ArgumentKind.DefaultValue && !IsEmptyParams(a))
            || SqlParameters.From(template, new HashSet<string>()) is not { } parameters)
        {
            return null;
        }

        var name = Replacement(access.Name.Identifier.ValueText, operation.TargetMethod.ContainingType);
        if (name is null)
        {
            return null;
        }

        var interpolated = StringLiterals.Interpolated(parameters.Parts.Select(p => p is SqlParameters.Placeholder placeholder ? placeholder.Value : p));
        var newName = (access.Name is GenericNameSyntax generic
            ? (SimpleNameSyntax)generic.WithIdentifier(Identifier(name))
            : IdentifierName(name)).WithTriviaFrom(access.Name);
        var title = $"Use {name} (EF Core turns the holes into parameters)";

        if (source.Declarator is null)
        {
            return new PlannedEdit(title, new SyntaxNode[] { call }, editor =>
            {
                editor.ReplaceNode(access.Name, newName);
                editor.ReplaceNode(sql, interpolated.WithTriviaFrom(sql));
            });
        }

        // var sql = $"..."; ExecuteSqlRaw(sql) -> FormattableString sql = $"..."; ExecuteSql(sql)
        if (source.Declarator.Parent is not VariableDeclarationSyntax declaration)
        {
            return null;
        }

        return new PlannedEdit(title, new SyntaxNode[] { call, declaration }, editor =>
        {
            editor.ReplaceNode(access.Name, newName);
            editor.ReplaceNode(declaration, declaration
                .WithType(IdentifierName("FormattableString").WithTriviaFrom(declaration.Type))
                .WithVariables(SingletonSeparatedList(source.Declarator.WithInitializer(EqualsValueClause(interpolated.WithTriviaFrom(source.Template))))));
        }, requiredNamespace: "System");
    }

    private static bool IsEmptyParams(IArgumentOperation argument) =>
        argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer.ElementValues.Length: 0 };

    /// <summary>
    /// FromSqlRaw -> FromSql (EF Core 7+) or FromSqlInterpolated; the same for ExecuteSqlRaw[Async]; SqlQueryRaw -> SqlQuery;
    /// EF Core 2's FromSql/ExecuteSqlCommand[Async] keep their name (an interpolated string picks the parameterizing overload).
    /// </summary>
    private static string? Replacement(string raw, INamedTypeSymbol declaring)
    {
        string? Existing(params string[] names) => names.FirstOrDefault(n => !declaring.GetMembers(n).IsEmpty);
        return raw switch
        {
            "FromSqlRaw" => Existing("FromSql", "FromSqlInterpolated"),
            "ExecuteSqlRaw" => Existing("ExecuteSql", "ExecuteSqlInterpolated"),
            "ExecuteSqlRawAsync" => Existing("ExecuteSqlAsync", "ExecuteSqlInterpolatedAsync"),
            "SqlQueryRaw" => Existing("SqlQuery"),

            // EF Core 2.x: the same name, whose FormattableString overload an interpolated string binds to.
            "FromSql" or "ExecuteSqlCommand" or "ExecuteSqlCommandAsync" => Existing(raw),
            _ => null,
        };
    }

    // ---------------------------------------------------------------- Dapper

    private static PlannedEdit? Dapper(SyntaxNode sink, ExpressionSyntax sql, StringSource source, StringTemplate template, SemanticModel model, CancellationToken cancellationToken)
    {
        var (arguments, call) = sink.FirstAncestorOrSelf<SyntaxNode>(n => n is InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax) switch
        {
            InvocationExpressionSyntax invocation => (invocation.ArgumentList, (SyntaxNode)invocation),
            BaseObjectCreationExpressionSyntax creation when creation.ArgumentList is { } list => (list, creation),
            _ => (null, null),
        };
        if (arguments is null || call is null || model.GetOperation(call, cancellationToken) is not { } operation)
        {
            return null;
        }

        var argumentOperations = operation switch
        {
            IInvocationOperation invocation => invocation.Arguments,
            IObjectCreationOperation creation => creation.Arguments,
            _ => ImmutableArray<IArgumentOperation>.Empty,
        };
        var parameterArgument = argumentOperations.FirstOrDefault(a => a.Parameter?.Name is "param" or "parameters" && a.ArgumentKind == ArgumentKind.Explicit);
        var existing = parameterArgument?.Syntax is ArgumentSyntax { Expression: var expression } ? expression : null;
        if (existing is not null && existing is not AnonymousObjectCreationExpressionSyntax)
        {
            // DynamicParameters, an entity...: merging is not a mechanical edit.
            return null;
        }

        var anonymous = existing as AnonymousObjectCreationExpressionSyntax;
        var taken = new HashSet<string>(ExistingNames(source.Template, anonymous));
        if (SqlParameters.From(template, taken) is not { } parameters)
        {
            return null;
        }

        var literal = StringLiterals.String(parameters.Text(p => "@" + p.Name));
        var members = parameters.Parameters.Select(p => Member(p.Name, p.Value)).ToList();
        var newObject = anonymous is null
            ? AnonymousObjectCreationExpression(SeparatedList(members))
            : anonymous.WithInitializers(anonymous.Initializers.AddRange(members));
        var parameterName = argumentOperations.Any(a => a.Parameter?.Name == "parameters") ? "parameters" : "param";

        // A new parameter object goes right after the SQL when nothing follows it; otherwise it is passed by name.
        var sqlIndex = arguments.Arguments.IndexOf(a => a.Expression.Span == sql.Span);
        var positional = sqlIndex >= 0 && sqlIndex == arguments.Arguments.Count - 1 && arguments.Arguments.All(a => a.NameColon is null);

        // Tracked edits of the original nodes: other fixes of a Fix All may already have moved the text around them.
        return new PlannedEdit("Pass the values as Dapper @parameters", new SyntaxNode[] { call, source.Template }, editor =>
        {
            editor.ReplaceNode(source.Template, literal.WithTriviaFrom(source.Template));
            if (anonymous is not null)
            {
                editor.ReplaceNode(anonymous, newObject.WithTriviaFrom(anonymous));
            }
            else
            {
                var argument = Argument(newObject);
                editor.ReplaceNode(arguments, (current, _) =>
                    ((ArgumentListSyntax)current).AddArguments(positional ? argument : argument.WithNameColon(NameColon(parameterName))));
            }
        });
    }

    private static AnonymousObjectMemberDeclaratorSyntax Member(string name, ExpressionSyntax value)
    {
        var inferred = value switch
        {
            IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
            MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
            _ => null,
        };
        return inferred == name
            ? AnonymousObjectMemberDeclarator(value)
            : AnonymousObjectMemberDeclarator(NameEquals(name), value);
    }

    /// <summary>Names the SQL already uses as @parameters and the members of an existing parameter object.</summary>
    private static IEnumerable<string> ExistingNames(ExpressionSyntax sql, AnonymousObjectCreationExpressionSyntax? anonymous)
    {
        foreach (Match match in Regex.Matches(sql.ToString(), @"[@:$]([A-Za-z_][A-Za-z0-9_]*)"))
        {
            yield return match.Groups[1].Value;
        }

        foreach (var member in anonymous?.Initializers ?? default)
        {
            if (member.NameEquals is { } name)
            {
                yield return name.Name.Identifier.ValueText;
            }
            else if (member.Expression is IdentifierNameSyntax identifier)
            {
                yield return identifier.Identifier.ValueText;
            }
            else if (member.Expression is MemberAccessExpressionSyntax access)
            {
                yield return access.Name.Identifier.ValueText;
            }
        }
    }

    // ---------------------------------------------------------------- ADO.NET

    private static PlannedEdit? AdoNet(SyntaxNode sink, StringSource source, StringTemplate template, SemanticModel model, CancellationToken cancellationToken)
    {
        // The command and the statement after which its parameters are added.
        ExpressionSyntax? command;
        StatementSyntax? anchor;
        ITypeSymbol? commandType;
        if (sink.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { Left: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CommandText" } target } assignment
            && assignment.Parent is ExpressionStatementSyntax statement)
        {
            // CommandText += ...: SQL assembled piece by piece. CommandText = ... in a loop on a command made outside
            // it: every pass would add the same parameters again (SqlClient then rejects the duplicate names).
            if (!assignment.IsKind(SyntaxKind.SimpleAssignmentExpression) || ReusedInLoop(statement, target.Expression, model, cancellationToken))
            {
                return null;
            }

            command = target.Expression;
            anchor = statement;
            commandType = model.GetTypeInfo(target.Expression, cancellationToken).Type;
        }
        else if (sink.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>() is { Parent: EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator } } creation
                 && declarator.Parent?.Parent is LocalDeclarationStatementSyntax declaration)
        {
            command = IdentifierName(declarator.Identifier.ValueText);
            anchor = declaration;
            commandType = model.GetTypeInfo(creation, cancellationToken).Type;
        }
        else
        {
            return null;
        }

        if (commandType is null || !HasAddWithValue(commandType) || anchor.Parent is not (BlockSyntax or GlobalStatementSyntax or SwitchSectionSyntax))
        {
            return null;
        }

        // OleDb and Odbc only know positional ? placeholders: one parameter per occurrence, in order.
        var positional = commandType.ContainingNamespace?.ToDisplayString() is "System.Data.OleDb" or "System.Data.Odbc";
        var taken = new HashSet<string>(ExistingNames(source.Template, null));
        if (SqlParameters.From(template, taken) is not { } parameters)
        {
            return null;
        }

        var literal = StringLiterals.String(parameters.Text(p => positional ? "?" : "@" + p.Name));
        var added = positional
            ? parameters.Parts.OfType<SqlParameters.Placeholder>().Select(p => (p.Name, p.Value)).ToList()
            : parameters.Parameters;
        // The document's own line break after each statement; the formatter indents them.
        var endOfLine = anchor.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var newline = endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : ElasticLineFeed;
        var statements = added
            .Select(p => ParseStatement($"{command}.Parameters.AddWithValue(\"@{p.Name}\", {p.Value});")
                .WithLeadingTrivia(ElasticMarker)
                .WithTrailingTrivia(newline)
                .WithAdditionalAnnotations(Formatter.Annotation))
            .ToList();

        return new PlannedEdit("Pass the values as command parameters", new SyntaxNode[] { source.Template, anchor }, editor =>
        {
            editor.ReplaceNode(source.Template, literal.WithTriviaFrom(source.Template));
            if (anchor.Parent is GlobalStatementSyntax global)
            {
                editor.InsertAfter(global, statements.Select(s => GlobalStatement(s)));
            }
            else
            {
                editor.InsertAfter(anchor, statements);
            }
        });
    }

    /// <summary>Is the statement in a loop that does not also contain the command's declaration?</summary>
    private static bool ReusedInLoop(StatementSyntax statement, ExpressionSyntax command, SemanticModel model, CancellationToken cancellationToken)
    {
        var declaration = model.GetSymbolInfo(command, cancellationToken).Symbol is ILocalSymbol local
            ? local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken)
            : null;
        foreach (var ancestor in statement.Ancestors())
        {
            if (declaration is not null && ancestor.Span.Contains(declaration.Span))
            {
                return false;
            }

            switch (ancestor)
            {
                case ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax:
                    return true;
                case MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                    return false;
            }
        }

        return false;
    }

    private static bool HasAddWithValue(ITypeSymbol commandType) =>
        commandType.GetMembers("Parameters").OfType<IPropertySymbol>().FirstOrDefault()?.Type is { } collection
        && Hierarchy(collection).Any(t => t.GetMembers("AddWithValue").OfType<IMethodSymbol>()
            .Any(m => m.Parameters.Length == 2 && m.Parameters[0].Type.SpecialType == SpecialType.System_String));

    private static IEnumerable<ITypeSymbol> Hierarchy(ITypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            yield return current;
        }
    }
}
