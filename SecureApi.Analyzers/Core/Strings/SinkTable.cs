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
/// method (static or instance, also on derived types), a constructor (<see cref="Constructor"/>), a settable
/// property or indexer (assigned with <c>=</c> or <c>+=</c>, also in an object initializer), or the type's
/// user-defined conversion from <c>string</c> (<see cref="FromString"/>: MongoDB's <c>FilterDefinition&lt;T&gt;</c>
/// parses the string as JSON). A string parameter is a <c>string</c>, a <c>string[]</c>, or another type that the
/// argument reaches by an implicit conversion of a string (MongoDB's <c>BsonValue</c>). An entry can require a
/// constant key (<see cref="Entry.When"/>: the document key <c>"$where"</c>). Types are resolved once per
/// compilation; an entry whose type is not referenced never matches. <see cref="Match"/> runs for every operation
/// of <see cref="OperationKinds"/>, so it rejects on the member name or type before anything else.
/// </summary>
internal sealed class SinkTable
{
    public const string Constructor = ".ctor";

    /// <summary>The member name of an entry for the type's implicit or explicit conversion from <c>string</c>.</summary>
    public const string FromString = "op_Implicit(string)";

    private readonly ImmutableArray<(INamedTypeSymbol Type, Entry Entry)> _entries;
    private readonly ImmutableHashSet<string> _names;
    private readonly bool _conversions;

    public SinkTable(KnownTypes types, IEnumerable<Entry> entries)
    {
        _entries = entries
            .Select(e => (Type: types.Get(e.Type), Entry: e))
            .Where(e => e.Type is not null)
            .Select(e => (e.Type!, e.Entry))
            .ToImmutableArray();
        _names = _entries.Select(e => e.Entry.Member).ToImmutableHashSet();
        _conversions = _names.Contains(FromString);
        OperationKinds = _conversions ? StringSinkRule.OperationKinds.Add(OperationKind.Conversion) : StringSinkRule.OperationKinds;
    }

    /// <summary>None of the table's types is referenced.</summary>
    public bool IsEmpty => _entries.IsEmpty;

    /// <summary>The operations the table's sinks can be (conversions only when an entry needs them).</summary>
    public ImmutableArray<OperationKind> OperationKinds { get; }

    /// <summary>The sinks <paramref name="operation"/> is: one per table parameter that it passes a string.</summary>
    public ImmutableArray<StringSink> Match(IOperation operation)
    {
        switch (operation)
        {
            case IInvocationOperation invocation when _names.Contains(invocation.TargetMethod.Name):
                return Arguments(invocation.TargetMethod.Name, invocation.TargetMethod.ContainingType, invocation.Arguments, invocation.GetMemberNameLocation());

            case IObjectCreationOperation { Type: INamedTypeSymbol created, Arguments.Length: > 0 } creation when _names.Contains(Constructor):
                return Arguments(Constructor, created, creation.Arguments, CreationLocation(creation));

            case IAssignmentOperation { Target: IPropertyReferenceOperation { Property: var property } target } assignment
                when _names.Contains(property.Name)
                     && operation is ISimpleAssignmentOperation or ICompoundAssignmentOperation { OperatorKind: BinaryOperatorKind.Add }
                     && StringOf(assignment.Value, property.Type) is { } value:
                foreach (var (type, entry) in _entries)
                {
                    if (entry.Member == property.Name && entry.Parameters.IsEmpty && property.ContainingType.IsOrDerivesFrom(type)
                        && HasKey(entry, target.Arguments))
                    {
                        return ImmutableArray.Create(new StringSink(value, assignment.GetMemberNameLocation(), entry.Api, property.Name));
                    }
                }

                return ImmutableArray<StringSink>.Empty;

            // A string converted by a user-defined operator: the cheap checks (is there such an entry, is it a string) first.
            case IConversionOperation conversion when _conversions
                                                     && conversion.Operand.Type?.SpecialType == SpecialType.System_String
                                                     && conversion.OperatorMethod is { ContainingType: { } converter }:
                foreach (var (type, entry) in _entries)
                {
                    if (entry.Member == FromString && converter.Is(type))
                    {
                        return ImmutableArray.Create(new StringSink(conversion.Operand, ConversionLocation(conversion), entry.Api));
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
            if (entry.Member != member || !containing.IsOrDerivesFrom(type) || !HasKey(entry, arguments))
            {
                continue;
            }

            var sinks = ImmutableArray.CreateBuilder<StringSink>();
            foreach (var argument in arguments)
            {
                if (argument.Parameter is { Name: var name } parameter
                    && argument.ArgumentKind != ArgumentKind.DefaultValue
                    && entry.Parameters.Contains(name)
                    && StringOf(argument.Value, parameter.Type) is { } value)
                {
                    sinks.Add(new StringSink(value, location, entry.Api, name));
                }
            }

            return sinks.ToImmutable();
        }

        return ImmutableArray<StringSink>.Empty;
    }

    /// <summary>
    /// The string passed for a parameter or assigned to a property of type <paramref name="target"/>: the value itself
    /// for <c>string</c> and <c>string[]</c> (a <c>params</c> array is evaluated element by element), the operand of an
    /// implicit conversion of a string to another type (<c>BsonValue</c>); null when no string is passed.
    /// </summary>
    private static IOperation? StringOf(IOperation value, ITypeSymbol? target) =>
        target?.SpecialType == SpecialType.System_String || target is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_String }
            ? value
            : value is IConversionOperation { IsImplicit: true, Operand: { Type.SpecialType: SpecialType.System_String } operand } ? operand : null;

    /// <summary>The entry asks for no key, or the key argument is that constant (<c>doc.Add("$where", js)</c>).</summary>
    private static bool HasKey(Entry entry, ImmutableArray<IArgumentOperation> arguments)
    {
        if (entry.Key is not { } key)
        {
            return true;
        }

        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Name == key.Parameter)
            {
                return argument.Value.ConstantValue is { HasValue: true, Value: string text } && text == key.Value;
            }
        }

        return false;
    }

    /// <summary>A converted argument is reported at the call or creation (<c>Find(json)</c>), anything else at the conversion (the string, or the cast).</summary>
    private static Location ConversionLocation(IConversionOperation conversion) => conversion.Parent switch
    {
        IArgumentOperation { Parent: IInvocationOperation invocation } => invocation.GetMemberNameLocation(),
        IArgumentOperation { Parent: IObjectCreationOperation creation } => CreationLocation(creation),
        _ => conversion.Syntax.GetLocation(),
    };

    /// <summary><c>new T(...)</c> without its object initializer, which may span many lines.</summary>
    private static Location CreationLocation(IObjectCreationOperation creation) =>
        creation.Syntax is BaseObjectCreationExpressionSyntax { ArgumentList: { } list } syntax
            ? Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.SpanStart, list.Span.End))
            : creation.Syntax.GetLocation();

    /// <summary>One sink: a member of a type and the string parameters that carry the text (none for a property).</summary>
    public sealed class Entry
    {
        public Entry(string type, string member, string api, params string[] parameters)
            : this(type, member, api, parameters.ToImmutableHashSet(), null)
        {
        }

        private Entry(string type, string member, string api, ImmutableHashSet<string> parameters, (string Parameter, string Value)? key)
        {
            Type = type;
            Member = member;
            Api = api;
            Parameters = parameters;
            Key = key;
        }

        /// <summary>Metadata name of the declaring type.</summary>
        public string Type { get; }

        /// <summary>A method name, <see cref="Constructor"/>, or a property name.</summary>
        public string Member { get; }

        /// <summary>Which API family it is (the code fix needs it).</summary>
        public string Api { get; }

        public ImmutableHashSet<string> Parameters { get; }

        /// <summary>An argument (by parameter name) that must be the given constant for the entry to match, or null.</summary>
        public (string Parameter, string Value)? Key { get; }

        /// <summary>The same entry, matching only when the argument for <paramref name="parameter"/> is the constant <paramref name="value"/>.</summary>
        public Entry When(string parameter, string value) => new(Type, Member, Api, Parameters, (parameter, value));
    }
}
