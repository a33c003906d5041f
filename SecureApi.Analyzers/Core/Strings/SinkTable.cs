using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.Strings;

/// <summary>
/// Sinks written as data: (type, member, the string parameters that must not be built from input). A member is a
/// method (static or instance, also on derived types), a constructor (<see cref="Constructor"/>) or a settable
/// property (assigned with <c>=</c> or <c>+=</c>, also in an object initializer). Types are resolved once per
/// compilation; an entry whose type is not referenced never matches. <see cref="Match"/> runs for every invocation,
/// creation and assignment, so it rejects on the member name or type before anything else.
/// </summary>
internal sealed class SinkTable
{
    public const string Constructor = ".ctor";

    private readonly ImmutableArray<(INamedTypeSymbol Type, Entry Entry)> _entries;
    private readonly ImmutableHashSet<string> _names;

    public SinkTable(KnownTypes types, IEnumerable<Entry> entries)
    {
        _entries = entries
            .Select(e => (Type: types.Get(e.Type), Entry: e))
            .Where(e => e.Type is not null)
            .Select(e => (e.Type!, e.Entry))
            .ToImmutableArray();
        _names = _entries.Select(e => e.Entry.Member).ToImmutableHashSet();
    }

    /// <summary>None of the table's types is referenced.</summary>
    public bool IsEmpty => _entries.IsEmpty;

    /// <summary>The sinks <paramref name="operation"/> is: one per table parameter that it passes a string.</summary>
    public ImmutableArray<StringSink> Match(IOperation operation)
    {
        switch (operation)
        {
            case IInvocationOperation invocation when _names.Contains(invocation.TargetMethod.Name):
                return Arguments(invocation.TargetMethod.Name, invocation.TargetMethod.ContainingType, invocation.Arguments, invocation.GetMemberNameLocation());

            case IObjectCreationOperation { Type: INamedTypeSymbol created, Arguments.Length: > 0 } creation when _names.Contains(Constructor):
                return Arguments(Constructor, created, creation.Arguments, CreationLocation(creation));

            case IAssignmentOperation { Target: IPropertyReferenceOperation { Property: var property } } assignment
                when _names.Contains(property.Name)
                     && operation is ISimpleAssignmentOperation or ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add }
                     && assignment.Value.Type?.SpecialType == SpecialType.System_String:
                foreach (var (type, entry) in _entries)
                {
                    if (entry.Member == property.Name && entry.Parameters.IsEmpty && property.ContainingType.IsOrDerivesFrom(type))
                    {
                        return ImmutableArray.Create(new StringSink(assignment.Value, assignment.GetMemberNameLocation(), entry.Api, property.Name));
                    }
                }

                return ImmutableArray<StringSink>.Empty;

            default:
                return ImmutableArray<StringSink>.Empty;
        }
    }

    private ImmutableArray<StringSink> Arguments(string member, INamedTypeSymbol? containing, ImmutableArray<IArgumentOperation> arguments, Location location)
    {
        foreach (var (type, entry) in _entries)
        {
            if (entry.Member != member || !containing.IsOrDerivesFrom(type))
            {
                continue;
            }

            var sinks = ImmutableArray.CreateBuilder<StringSink>();
            foreach (var argument in arguments)
            {
                if (argument.Parameter is { Type.SpecialType: SpecialType.System_String, Name: var name }
                    && argument.ArgumentKind != ArgumentKind.DefaultValue
                    && entry.Parameters.Contains(name))
                {
                    sinks.Add(new StringSink(argument.Value, location, entry.Api, name));
                }
            }

            return sinks.ToImmutable();
        }

        return ImmutableArray<StringSink>.Empty;
    }

    /// <summary><c>new T(...)</c> without its object initializer, which may span many lines.</summary>
    private static Location CreationLocation(IObjectCreationOperation creation) =>
        creation.Syntax is BaseObjectCreationExpressionSyntax { ArgumentList: { } list } syntax
            ? Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.SpanStart, list.Span.End))
            : creation.Syntax.GetLocation();

    /// <summary>One sink: a member of a type and the string parameters that carry the text (none for a property).</summary>
    public sealed class Entry
    {
        public Entry(string type, string member, string api, params string[] parameters)
        {
            Type = type;
            Member = member;
            Api = api;
            Parameters = parameters.ToImmutableHashSet();
        }

        /// <summary>Metadata name of the declaring type.</summary>
        public string Type { get; }

        /// <summary>A method name, <see cref="Constructor"/>, or a property name.</summary>
        public string Member { get; }

        /// <summary>Which API family it is (the code fix needs it).</summary>
        public string Api { get; }

        public ImmutableHashSet<string> Parameters { get; }
    }
}
