using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Deserialization;

/// <summary>
/// SAPI4005: deserializers that create the types the data names. The formatters (<c>BinaryFormatter</c>,
/// <c>SoapFormatter</c>, <c>NetDataContractSerializer</c>, <c>LosFormatter</c>, <c>ObjectStateFormatter</c>) are reported
/// where they are created; a <c>Deserialize</c> call is reported only when the formatter comes from code the rule cannot
/// see (a parameter, a field of a class that never creates one), so one formatter is one finding. Json.NET's
/// <c>TypeNameHandling</c> other than <c>None</c> is reported where it is set (settings, serializer, contract,
/// <c>[JsonProperty]</c>/<c>[JsonObject]</c>-style attributes), unless a <c>SerializationBinder</c> is set on the same
/// settings or serializer.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnsafeDeserializationAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: "start,length" of the TypeNameHandling value the fix replaces (absent: no fix).</summary>
    public const string ValueSpanProperty = "ValueSpan";

    /// <summary>Diagnostic property: the expression that replaces it (<c>TypeNameHandling.None</c>, qualified as the code qualifies it).</summary>
    public const string ReplacementProperty = "Replacement";

    private const string TypeNameHandlingName = "TypeNameHandling";
    private const string ItemTypeNameHandlingName = "ItemTypeNameHandling";

    // Newtonsoft.Json.MetadataPropertyHandling.ReadAhead: read "$type" wherever it is in an object.
    private const int MetadataReadAhead = 1;

    private const string PayloadRisk = "a crafted payload names a type whose construction runs the attacker's code";

    /// <summary>The methods that read an object graph back, per formatter (NetDataContractSerializer also has ReadObject).</summary>
    private static readonly ImmutableHashSet<string> DeserializeMethods =
        ImmutableHashSet.Create("Deserialize", "UnsafeDeserialize", "UnsafeDeserializeMethodResponse", "ReadObject");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.UnsafeDeserialization);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var types = KnownTypes.For(start.Compilation);
            var formatters = new[] { types.BinaryFormatter, types.SoapFormatter, types.NetDataContractSerializer, types.LosFormatter, types.ObjectStateFormatter }
                .Where(t => t is not null)
                .Select(t => t!)
                .ToImmutableArray();
            if (!formatters.IsEmpty)
            {
                var rule = new FormatterRule(formatters);
                start.RegisterOperationAction(rule.AnalyzeCreation, OperationKind.ObjectCreation);
                start.RegisterOperationAction(rule.AnalyzeCall, OperationKind.Invocation);
            }

            if (types.TypeNameHandling is not null)
            {
                var rule = new TypeNameHandlingRule(types);
                // Named attribute arguments ([JsonProperty(TypeNameHandling = ...)]) are assignments in the attribute's operation tree.
                start.RegisterOperationAction(rule.AnalyzeAssignment, OperationKind.SimpleAssignment);
            }
        });
    }

    private sealed class FormatterRule
    {
        private readonly ImmutableArray<INamedTypeSymbol> _formatters;

        public FormatterRule(ImmutableArray<INamedTypeSymbol> formatters) => _formatters = formatters;

        public void AnalyzeCreation(OperationAnalysisContext context)
        {
            var creation = (IObjectCreationOperation)context.Operation;
            if (FormatterOf(creation.Type) is not { } formatter)
            {
                return;
            }

            // "new BinaryFormatter()" without an initializer that may span lines.
            var syntax = creation.Syntax;
            var end = syntax switch
            {
                ObjectCreationExpressionSyntax explicitNew => explicitNew.ArgumentList?.Span.End ?? explicitNew.Type.Span.End,
                ImplicitObjectCreationExpressionSyntax implicitNew => implicitNew.ArgumentList.Span.End,
                _ => syntax.Span.End,
            };
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UnsafeDeserialization,
                Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.SpanStart, end)),
                $"{formatter.Name} is created",
                $"it creates whatever types the serialized data names and no setting makes that safe: {PayloadRisk}"));
        }

        /// <summary><c>formatter.Deserialize(stream)</c> on a formatter whose creation the rule does not see (it reports the creation otherwise).</summary>
        public void AnalyzeCall(OperationAnalysisContext context)
        {
            var call = (IInvocationOperation)context.Operation;
            if (!DeserializeMethods.Contains(call.TargetMethod.Name)
                || call.Instance is not { } receiver
                || FormatterOf(receiver.WalkDownConversions().Type) is not { } formatter
                || CreationInSight(receiver, formatter, context.ContainingSymbol))
            {
                return;
            }

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UnsafeDeserialization,
                call.GetMemberNameLocation(),
                $"{formatter.Name}.{call.TargetMethod.Name} reads data",
                $"the formatter creates whatever types the data names: {PayloadRisk}"));
        }

        /// <summary>The formatter type itself: every one of them is sealed, so one comparison each on the common path.</summary>
        private INamedTypeSymbol? FormatterOf(ITypeSymbol? type)
        {
            foreach (var formatter in _formatters)
            {
                if (type.Is(formatter))
                {
                    return formatter;
                }
            }

            return null;
        }

        /// <summary>
        /// Is the formatter created where the rule reports it: right here, in a local set from a creation, or anywhere in
        /// the calling class (a field set in the constructor or its initializer)? Checked on syntax: it runs only for the
        /// rare calls on a formatter.
        /// </summary>
        private static bool CreationInSight(IOperation receiver, INamedTypeSymbol formatter, ISymbol containingSymbol)
        {
            var value = receiver.WalkDownConversions();
            if (value is IObjectCreationOperation)
            {
                return true;
            }

            if (value is ILocalReferenceOperation local
                && LocalAssignments.Of(receiver.GetRoot()).ValuesOf(local.Local).Any(v => v.WalkDownConversions() is IObjectCreationOperation))
            {
                return true;
            }

            for (var type = containingSymbol.ContainingType; type is not null; type = type.ContainingType)
            {
                foreach (var reference in type.DeclaringSyntaxReferences)
                {
                    if (CreatesByName(reference.GetSyntax(), formatter.Name))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary><c>new Name(...)</c>, or <c>Name x = new()</c>, somewhere below <paramref name="node"/>.</summary>
        private static bool CreatesByName(SyntaxNode node, string name)
        {
            foreach (var descendant in node.DescendantNodes())
            {
                switch (descendant)
                {
                    case ObjectCreationExpressionSyntax { Type: var type } when RightmostName(type) == name:
                        return true;
                    case ImplicitObjectCreationExpressionSyntax implicitNew
                        when implicitNew.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Type: var declared } } }
                             && RightmostName(declared) == name:
                        return true;
                }
            }

            return false;
        }

        private static string? RightmostName(TypeSyntax type) => type switch
        {
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };
    }

    private sealed class TypeNameHandlingRule
    {
        private readonly INamedTypeSymbol? _typeNameHandling;
        private readonly INamedTypeSymbol? _settings;
        private readonly INamedTypeSymbol? _serializer;
        private readonly INamedTypeSymbol? _contractProperty;
        private readonly INamedTypeSymbol? _containerContract;
        private readonly INamedTypeSymbol? _propertyAttribute;
        private readonly INamedTypeSymbol? _containerAttribute;
        private readonly INamedTypeSymbol? _defaultBinder;

        public TypeNameHandlingRule(KnownTypes types)
        {
            _typeNameHandling = types.TypeNameHandling;
            _settings = types.JsonSerializerSettings;
            _serializer = types.NewtonsoftJsonSerializer;
            _contractProperty = types.NewtonsoftJsonProperty;
            _containerContract = types.JsonContainerContract;
            _propertyAttribute = types.JsonPropertyAttribute;
            _containerAttribute = types.JsonContainerAttribute;
            _defaultBinder = types.DefaultSerializationBinder;
        }

        /// <summary>
        /// <c>settings.TypeNameHandling = TypeNameHandling.All</c>, in an initializer or as a statement, on settings, a
        /// serializer, a contract, or as a named argument of <c>[JsonProperty]</c>/<c>[JsonObject]</c>-style attributes.
        /// </summary>
        public void AnalyzeAssignment(OperationAnalysisContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: TypeNameHandlingName or ItemTypeNameHandlingName } property }
                || TypeNameValue(assignment.Value) is not { } value)
            {
                return;
            }

            var owner = property.ContainingType;
            if (owner.IsOrDerivesFrom(_propertyAttribute) || owner.IsOrDerivesFrom(_containerAttribute))
            {
                if (assignment.FindInitializedObject() is { Parent: IAttributeOperation, Type: INamedTypeSymbol attribute })
                {
                    ReportAttributeArgument(context, assignment, attribute, value);
                }

                return;
            }

            var onSettings = owner.IsOrDerivesFrom(_settings) || owner.IsOrDerivesFrom(_serializer);
            if ((!onSettings && !owner.IsOrDerivesFrom(_contractProperty) && !owner.IsOrDerivesFrom(_containerContract))
                || (onSettings && (HasBinder(assignment, "SerializationBinder") || HasBinder(assignment, "Binder"))))
            {
                return;
            }

            // MetadataPropertyHandling.ReadAhead exists to read "$type" anywhere in the JSON: the type names are wanted.
            var fixable = !(onSettings && SameObjectAssignments.Of(assignment, "MetadataPropertyHandling").Any(m => m.Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: MetadataReadAhead }));
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UnsafeDeserialization,
                assignment.GetMemberNameLocation(),
                fixable ? FixProperties(assignment.Value.Syntax) : ImmutableDictionary<string, string?>.Empty,
                $"{property.Name} = {EnumMemberName(value)}" + (onSettings ? " without a SerializationBinder" : string.Empty),
                $"Json.NET creates the types named in the payload's \"$type\": {PayloadRisk}"));
        }

        /// <summary><c>[JsonProperty(TypeNameHandling = ...)]</c>, <c>[JsonProperty(ItemTypeNameHandling = ...)]</c>, <c>[JsonObject(ItemTypeNameHandling = ...)]</c>.</summary>
        private void ReportAttributeArgument(OperationAnalysisContext context, ISimpleAssignmentOperation assignment, INamedTypeSymbol attribute, int value)
        {
            // TypeNameHandling.None on a member of an abstract or interface type makes reading it fail every time.
            var memberType = context.ContainingSymbol switch
            {
                IPropertySymbol property => property.Type,
                IFieldSymbol field => field.Type,
                IParameterSymbol parameter => parameter.Type,
                _ => null,
            };
            var named = ((IPropertyReferenceOperation)assignment.Target).Property.Name;
            var described = named == TypeNameHandlingName ? memberType : ItemType(memberType);
            var fixable = described is not { TypeKind: TypeKind.Interface } and not { IsAbstract: true };
            var location = assignment.Syntax.FirstAncestorOrSelf<AttributeArgumentSyntax>()?.GetLocation() ?? assignment.Syntax.GetLocation();
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UnsafeDeserialization,
                location,
                fixable ? FixProperties(assignment.Value.Syntax) : ImmutableDictionary<string, string?>.Empty,
                $"[{attribute.Name.Replace("Attribute", string.Empty)}({named} = {EnumMemberName(value)})]",
                $"Json.NET creates the types named in the payload's \"$type\" for this member: {PayloadRisk}"));
        }

        /// <summary>A TypeNameHandling constant other than None (also through a cast or a nullable conversion).</summary>
        private int? TypeNameValue(IOperation value)
        {
            for (var current = value; ; current = ((IConversionOperation)current).Operand)
            {
                if (current.Type.Is(_typeNameHandling) && current.ConstantValue is { HasValue: true, Value: int number })
                {
                    return number == 0 ? null : number;
                }

                if (current is not IConversionOperation)
                {
                    return null;
                }
            }
        }

        /// <summary>The TypeNameHandling member of that value (<c>Objects | Arrays</c> is <c>All</c>).</summary>
        private string EnumMemberName(int value)
        {
            var member = _typeNameHandling?.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && f.ConstantValue is int v && v == value);
            return member?.Name ?? value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        /// <summary>A binder is set on the same settings: anything but null or Json.NET's DefaultSerializationBinder (which resolves every type).</summary>
        private bool HasBinder(ISimpleAssignmentOperation assignment, string binderName) =>
            SameObjectAssignments.Of(assignment, binderName).Any(binder =>
                binder.Value.WalkDownConversions() is var value
                && value.ConstantValue is not { HasValue: true, Value: null }
                && !(value is IObjectCreationOperation creation && creation.Type.Is(_defaultBinder)));

        /// <summary>Where the fix writes <c>None</c>: the value, replaced by the enum's None qualified as the code qualifies it.</summary>
        private static ImmutableDictionary<string, string?> FixProperties(SyntaxNode value) =>
            Qualifier(value) is not { } qualifier
                ? ImmutableDictionary<string, string?>.Empty
                : ImmutableDictionary<string, string?>.Empty
                    .Add(ValueSpanProperty, SpanProperty.Encode(value.Span))
                    .Add(ReplacementProperty, qualifier.Length == 0 ? "None" : qualifier + ".None");

        /// <summary>
        /// How the value names the enum: <c>TypeNameHandling</c> in <c>TypeNameHandling.All</c> (also the first member of
        /// <c>Objects | Arrays</c>, or the type of a cast), empty for a member imported with <c>using static</c>; null when unknown.
        /// </summary>
        private static string? Qualifier(SyntaxNode value) => value switch
        {
            MemberAccessExpressionSyntax access => access.Expression.ToString(),
            IdentifierNameSyntax => string.Empty,
            ParenthesizedExpressionSyntax parenthesized => Qualifier(parenthesized.Expression),
            BinaryExpressionSyntax binary => Qualifier(binary.Left),
            CastExpressionSyntax cast => cast.Type.ToString(),
            _ => null,
        };

        /// <summary>The item type of a collection member: an array's element, or the last type argument (a list's item, a dictionary's value).</summary>
        private static ITypeSymbol? ItemType(ITypeSymbol? type) => type switch
        {
            IArrayTypeSymbol array => array.ElementType,
            INamedTypeSymbol { TypeArguments.Length: > 0 } generic => generic.TypeArguments[generic.TypeArguments.Length - 1],
            _ => null,
        };
    }
}
