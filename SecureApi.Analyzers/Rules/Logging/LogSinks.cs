using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Logging;

/// <summary>A value a call writes to a log or the console, with the template placeholder that names it.</summary>
internal readonly struct LoggedValue
{
    public LoggedValue(IOperation value, LogPlaceholder? placeholder, bool replaceable)
    {
        Value = value;
        Placeholder = placeholder;
        Replaceable = replaceable;
    }

    public IOperation Value { get; }

    public LogPlaceholder? Placeholder { get; }

    /// <summary>Can the string <c>"[REDACTED]"</c> take the value's place and the call still compile?</summary>
    public bool Replaceable { get; }
}

/// <summary>
/// The calls that write to a log or the console (SAPI5003), described as data: the <c>LoggerExtensions</c> methods
/// (<c>LogInformation</c>, <c>Log</c>, <c>BeginScope</c>, ...), <c>ILogger.Log</c>/<c>BeginScope</c>, methods with
/// <c>[LoggerMessage]</c> (the source-generated partial methods), delegates made by <c>LoggerMessage.Define</c> and
/// <c>DefineScope</c>, <c>Console.Write*</c> (also through <c>Console.Out</c>/<c>Console.Error</c>), and
/// <c>Debug</c>/<c>Trace</c> output.
/// </summary>
internal sealed class LogSinks
{
    /// <summary>Console, Debug and Trace methods that write their arguments; every one has string overloads.</summary>
    private static readonly HashSet<string> PrintMethods = new(System.StringComparer.Ordinal)
    {
        "Write", "WriteLine", "Print", "WriteIf", "WriteLineIf", "TraceInformation", "TraceWarning", "TraceError",
    };

    private readonly INamedTypeSymbol? _console;
    private readonly INamedTypeSymbol? _debug;
    private readonly INamedTypeSymbol? _exception;
    private readonly INamedTypeSymbol? _logger;
    private readonly INamedTypeSymbol? _logLevel;
    private readonly INamedTypeSymbol? _loggerExtensions;
    private readonly INamedTypeSymbol? _loggerMessage;
    private readonly INamedTypeSymbol? _loggerMessageAttribute;
    private readonly INamedTypeSymbol? _textWriter;
    private readonly INamedTypeSymbol? _trace;

    // Resolved once: the properties of KnownTypes are dictionary lookups, and this runs for every call of the app.
    public LogSinks(KnownTypes types)
    {
        _console = types.Console;
        _debug = types.Debug;
        _exception = types.Exception;
        _logger = types.ILogger;
        _logLevel = types.LogLevel;
        _loggerExtensions = types.LoggerExtensions;
        _loggerMessage = types.LoggerMessage;
        _loggerMessageAttribute = types.LoggerMessageAttribute;
        _textWriter = types.TextWriter;
        _trace = types.Trace;
    }

    public bool IsAvailable => _logger is not null || _console is not null || _debug is not null || _trace is not null;

    public IEnumerable<LoggedValue> ValuesLogged(IInvocationOperation call)
    {
        var method = call.TargetMethod;
        var owner = method.ContainingType;
        if (owner is null)
        {
            return Empty;
        }

        if (owner.Is(_loggerExtensions))
        {
            return ExtensionValues(call);
        }

        if (owner.Is(_logger))
        {
            return LoggerValues(call);
        }

        if (PrintMethods.Contains(method.Name) && (owner.Is(_console) || owner.Is(_debug) || owner.Is(_trace) || IsConsoleWriter(call)))
        {
            return PrintValues(call);
        }

        if (owner.TypeKind == TypeKind.Delegate && method.Name == "Invoke" && owner.TypeArguments.Length > 1 && owner.TypeArguments[0].Is(_logger))
        {
            return DefinedValues(call);
        }

        if (method.IsPartialDefinition || method.PartialDefinitionPart is not null)
        {
            return GeneratedValues(call, method.PartialDefinitionPart ?? method);
        }

        return Empty;
    }

    private static readonly LoggedValue[] Empty = new LoggedValue[0];

    /// <summary><c>LogInformation(message, args)</c>, <c>Log(level, message, args)</c>, <c>BeginScope(messageFormat, args)</c>.</summary>
    private static IEnumerable<LoggedValue> ExtensionValues(IInvocationOperation call)
    {
        var placeholders = ImmutableArray<LogPlaceholder>.Empty;
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Name is "message" or "messageFormat")
            {
                if (argument.Value.TryGetConstantString(out var template))
                {
                    placeholders = LogTemplates.Placeholders(template);
                }
                else
                {
                    yield return new LoggedValue(argument.Value, null, replaceable: true);
                }
            }
        }

        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Name != "args" || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            if (argument.Value.WalkDownConversions() is IArrayCreationOperation { Initializer: { } initializer })
            {
                var values = initializer.ElementValues;
                for (var i = 0; i < values.Length; i++)
                {
                    yield return new LoggedValue(values[i], i < placeholders.Length ? placeholders[i] : null, replaceable: true);
                }
            }
            else if (argument.ArgumentKind == ArgumentKind.Explicit && argument.Value is IConversionOperation { Conversion.IsUserDefined: true } or IConversionOperation { Operand: IConversionOperation { Conversion.IsUserDefined: true } })
            {
                // A lone StringValues binds to args itself (its conversion to string[]): the header's values fill the template.
                yield return new LoggedValue(argument.Value, placeholders.Length > 0 ? placeholders[0] : null, replaceable: true);
            }
        }
    }

    /// <summary>
    /// <c>ILogger.Log&lt;TState&gt;(level, id, state, exception, formatter)</c> and <c>BeginScope&lt;TState&gt;(state)</c>: the
    /// state, or the entries of a dictionary built in place (<c>new Dictionary&lt;string, object&gt; { ["Token"] = token }</c>),
    /// whose keys name them like placeholders.
    /// </summary>
    private static IEnumerable<LoggedValue> LoggerValues(IInvocationOperation call)
    {
        if (call.TargetMethod.Name is not ("Log" or "BeginScope"))
        {
            yield break;
        }

        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter?.Name != "state")
            {
                continue;
            }

            // Log's formatter is typed by TState: the state cannot become a string there.
            var replaceable = call.TargetMethod.Name == "BeginScope";
            if (argument.Value.WalkDownConversions() is IObjectCreationOperation { Initializer: { } initializer })
            {
                foreach (var entry in initializer.Initializers)
                {
                    if (Entry(entry) is { } keyed)
                    {
                        yield return new LoggedValue(keyed.Value, new LogPlaceholder(keyed.Key, destructured: false), IsTextParameter(keyed.Value));
                    }
                }
            }
            else
            {
                yield return new LoggedValue(argument.Value, null, replaceable);
            }
        }
    }

    /// <summary><c>["Token"] = token</c> and <c>{ "Token", token }</c> in a collection initializer.</summary>
    private static (string Key, IOperation Value)? Entry(IOperation entry)
    {
        switch (entry)
        {
            case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Arguments: { Length: 1 } index }, Value: var value }
                when index[0].Value.TryGetConstantString(out var key):
                return (key, value);
            case IInvocationOperation { Arguments: { Length: 2 } arguments } when arguments[0].Value.TryGetConstantString(out var key):
                return (key, arguments[1].Value);
            default:
                return null;
        }
    }

    /// <summary>A value whose parameter takes a string: object, string, or a type parameter inferred from it.</summary>
    private static bool IsTextParameter(IOperation value)
    {
        var type = value.WalkUpConversions() is IConversionOperation conversion ? conversion.Type : value.Type;
        return type is { SpecialType: SpecialType.System_Object or SpecialType.System_String } or ITypeParameterSymbol;
    }

    /// <summary><c>Console.Out.WriteLine(...)</c>, <c>Console.Error.Write(...)</c>.</summary>
    private bool IsConsoleWriter(IInvocationOperation call) =>
        call.TargetMethod.ContainingType.IsOrDerivesFrom(_textWriter)
        && call.Instance?.WalkDownConversions() is IPropertyReferenceOperation { Property: { Name: "Out" or "Error" } property }
        && property.ContainingType.Is(_console);

    /// <summary>Every argument a Console/Debug/Trace method prints (not the condition of <c>WriteIf</c>); each has a string overload.</summary>
    private IEnumerable<LoggedValue> PrintValues(IInvocationOperation call)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.DefaultValue || argument.Parameter?.Type.SpecialType == SpecialType.System_Boolean)
            {
                continue;
            }

            if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } elements })
            {
                foreach (var element in elements.ElementValues)
                {
                    yield return new LoggedValue(element, null, replaceable: true);
                }

                continue;
            }

            yield return new LoggedValue(argument.Value, null, replaceable: true);
        }
    }

    /// <summary>
    /// The invocation of a delegate made by <c>LoggerMessage.Define&lt;T1, ...&gt;(level, id, "template")</c> (an
    /// <c>Action&lt;ILogger, T1, ..., Exception?&gt;</c>) or <c>DefineScope</c>: the i-th value after the logger fills the
    /// i-th placeholder of the template, found where the delegate is created.
    /// </summary>
    private IEnumerable<LoggedValue> DefinedValues(IInvocationOperation call)
    {
        var placeholders = LogTemplates.Placeholders(DefinedTemplate(call));
        var arguments = call.Arguments;
        for (var i = 1; i < arguments.Length; i++)
        {
            var argument = arguments[i];
            var type = argument.Parameter?.Type;
            if (type.IsOrDerivesFrom(_exception))
            {
                continue;
            }

            yield return new LoggedValue(argument.Value, i - 1 < placeholders.Length ? placeholders[i - 1] : null, type is { SpecialType: SpecialType.System_Object or SpecialType.System_String });
        }
    }

    /// <summary>The template of the <c>LoggerMessage.Define</c> call that creates the invoked delegate (a field, property or local).</summary>
    private string? DefinedTemplate(IInvocationOperation call)
    {
        switch (call.Instance?.WalkDownConversions())
        {
            case ILocalReferenceOperation local:
                foreach (var value in LocalAssignments.Of(call.GetRoot()).ValuesOf(local.Local))
                {
                    if (value.WalkDownConversions() is IInvocationOperation define && define.TargetMethod.ContainingType.Is(_loggerMessage))
                    {
                        foreach (var argument in define.Arguments)
                        {
                            if (argument.Parameter?.Name == "formatString" && argument.Value.TryGetConstantString(out var template))
                            {
                                return template;
                            }
                        }
                    }
                }

                return null;
            case IFieldReferenceOperation field:
                return DeclaredTemplate(field.Field);
            case IPropertyReferenceOperation property:
                return DeclaredTemplate(property.Property);
            default:
                return null;
        }
    }

    /// <summary>
    /// The template literal in a member's initializer <c>= LoggerMessage.Define&lt;string&gt;(..., "template")</c>, read
    /// from the syntax: the member may be declared in another file, whose semantic model a node action does not have.
    /// </summary>
    private static string? DeclaredTemplate(ISymbol member)
    {
        foreach (var reference in member.DeclaringSyntaxReferences)
        {
            var initializer = reference.GetSyntax() switch
            {
                VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                PropertyDeclarationSyntax property => property.Initializer?.Value,
                _ => null,
            };

            if (initializer is InvocationExpressionSyntax
                {
                    Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Define" or "DefineScope" },
                } define)
            {
                foreach (var argument in define.ArgumentList.Arguments)
                {
                    if (argument.Expression is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.StringLiteralExpression))
                    {
                        return literal.Token.ValueText;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>
    /// A call of a <c>[LoggerMessage]</c> partial method: every parameter but the logger, the level and the exception
    /// is logged under the placeholder of its name.
    /// </summary>
    private IEnumerable<LoggedValue> GeneratedValues(IInvocationOperation call, IMethodSymbol definition)
    {
        if (LoggerMessageTemplate(definition) is not { } template)
        {
            yield break;
        }

        var placeholders = LogTemplates.Placeholders(template);
        foreach (var argument in call.Arguments)
        {
            if (argument.Parameter is not { } parameter
                || argument.ArgumentKind == ArgumentKind.DefaultValue
                || parameter.Type.Is(_logger) || parameter.Type.AllInterfaces.Any(i => i.Is(_logger))
                || parameter.Type.IsOrDerivesFrom(_exception) || parameter.Type.Is(_logLevel))
            {
                continue;
            }

            var placeholder = LogTemplates.Named(placeholders, parameter.Name) ?? new LogPlaceholder(parameter.Name, destructured: false);
            yield return new LoggedValue(argument.Value, placeholder, parameter.Type.SpecialType is SpecialType.System_Object or SpecialType.System_String);
        }
    }

    /// <summary>The message of the method's <c>[LoggerMessage]</c> attribute (constructor or <c>Message =</c>); null without the attribute.</summary>
    private string? LoggerMessageTemplate(IMethodSymbol method)
    {
        if (_loggerMessageAttribute is null)
        {
            return null;
        }

        foreach (var attribute in method.GetAttributes())
        {
            if (!attribute.AttributeClass.Is(_loggerMessageAttribute))
            {
                continue;
            }

            foreach (var named in attribute.NamedArguments)
            {
                if (named.Key == "Message" && named.Value.Value is string message)
                {
                    return message;
                }
            }

            var parameters = attribute.AttributeConstructor?.Parameters ?? ImmutableArray<IParameterSymbol>.Empty;
            for (var i = 0; i < parameters.Length && i < attribute.ConstructorArguments.Length; i++)
            {
                if (parameters[i].Name == "message" && attribute.ConstructorArguments[i].Value is string message)
                {
                    return message;
                }
            }

            return string.Empty;
        }

        return null;
    }
}
