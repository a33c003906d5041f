using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AspNetCore;
using SecureApi.Analyzers.Core.AspNetCore.Responses;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Exceptions;

/// <summary>
/// Does a value written to a response carry exception details? The exception object itself, its
/// <c>Message</c>, <c>StackTrace</c>, <c>ToString()</c>, <c>Source</c>, <c>Data</c>, <c>TargetSite</c>,
/// <c>InnerException</c> chain (any member but <c>GetType()</c> and numbers), and strings and objects built from
/// them: interpolation, concatenation, <c>string.Format/Concat/Join</c>, string methods, JSON serialization,
/// anonymous objects, records and DTOs, arrays and dictionaries, <c>?:</c>, <c>??</c>, switch expressions, and locals
/// (every value assigned to them). Exceptions whose type is declared in the compilation (domain errors written
/// for clients), <c>ValidationException</c>s, exceptions only used under an <c>is OwnException</c> check, and
/// values only computed in the Development environment do not count.
/// </summary>
internal sealed class ExceptionLeaks
{
    private const int MaxDepth = 12;

    private readonly ExceptionSources _sources;
    private readonly ResponseSinks _sinks;
    private readonly KnownTypes _types;
    private readonly bool _allowOwnTypes;

    public ExceptionLeaks(ExceptionSources sources, ResponseSinks sinks, KnownTypes types, bool allowOwnTypes)
    {
        _sources = sources;
        _sinks = sinks;
        _types = types;
        _allowOwnTypes = allowOwnTypes;
    }

    /// <summary>
    /// The parts of a sink's value to report, each with the exception it leaks: the value itself, or, for an
    /// object, array or dictionary built in place, each of its leaking members (so the fix can replace just them).
    /// </summary>
    public IEnumerable<(IOperation Site, IOperation Exception)> Sites(IOperation value)
    {
        var assignments = LocalAssignments.Of(value.GetRoot());
        var pending = new Stack<(IOperation Value, int Depth)>();
        pending.Push((value, 0));
        while (pending.Count > 0)
        {
            var (current, depth) = pending.Pop();
            var inner = current.WalkDownConversions();
            var parts = depth < MaxDepth ? Parts(Serialized(inner) ?? inner) : null;
            if (parts is not null)
            {
                foreach (var part in parts.Reverse())
                {
                    pending.Push((part, depth + 1));
                }

                continue;
            }

            if (Leak(current, assignments, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default), 0) is { } exception)
            {
                yield return (current, exception);
            }
        }
    }

    /// <summary>
    /// Does any operation of the body have an exception type (a catch variable, <c>feature.Error</c>, an
    /// <c>Exception</c> parameter, <c>new Exception(...)</c>)? Every leak starts at one, so a body without any has
    /// nothing to report. The analyzer keeps the answer per body.
    /// </summary>
    public static bool MentionsException(IOperation root, INamedTypeSymbol exception)
    {
        // Only a reference, a call, a creation, a cast or an await yields an exception value (what is built from it, a
        // string or a number, is typed otherwise). A base-type walk is two or three steps for most classes: cheaper
        // than remembering the answer per type in a table.
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation is ICatchClauseOperation)
            {
                return true;
            }

            if (operation is (ILocalReferenceOperation or IParameterReferenceOperation or IPropertyReferenceOperation or IFieldReferenceOperation
                    or IArrayElementReferenceOperation or IInvocationOperation or IObjectCreationOperation or IConversionOperation or IAwaitOperation)
                && operation.Type is INamedTypeSymbol { TypeKind: TypeKind.Class, SpecialType: SpecialType.None } type
                && type.IsOrDerivesFrom(exception))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Methods that put their arguments into the collection they are called on.</summary>
    private static readonly HashSet<string> Inserting = new(System.StringComparer.Ordinal)
    {
        "Add", "TryAdd", "AddRange", "Insert", "InsertRange", "Push", "Enqueue", "Append", "AppendLine", "Prepend",
    };

    /// <summary>
    /// The local a value is put into: the receiver of <c>list.Add(value)</c>/<c>TryAdd</c>/<c>Insert</c>/..., of an
    /// indexer (<c>errors["db"] = value</c>) or of a member (<c>body.Detail = value</c>). Strings and structs cannot
    /// be filled this way. Null for anything else.
    /// </summary>
    public static ILocalSymbol? FilledLocal(IOperation operation)
    {
        var receiver = operation switch
        {
            IInvocationOperation call when Inserting.Contains(call.TargetMethod.Name) => call.Instance,
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: var owner } } => owner,
            ISimpleAssignmentOperation { Target: IFieldReferenceOperation { Instance: var owner } } => owner,
            _ => null,
        };
        return receiver?.WalkDownConversions() is ILocalReferenceOperation { Local: { Type: { IsValueType: false, SpecialType: not SpecialType.System_String } } local }
            ? local
            : null;
    }

    /// <summary>
    /// Does the body send <paramref name="local"/>: given to a sink directly or as part of an object, array or tuple
    /// built in place (<c>Ok(errors)</c>, <c>Results.Json(new { errors })</c>), or returned where
    /// <paramref name="returnsResponse"/> says a return is the response?
    /// </summary>
    public bool IsSent(ILocalSymbol local, IOperation root, System.Func<IReturnOperation, bool> returnsResponse)
    {
        foreach (var operation in root.Descendants())
        {
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && Sends(reference, returnsResponse) && !EnvironmentChecks.IsDevelopmentOnly(reference, _types))
            {
                return true;
            }
        }

        return false;
    }

    private bool Sends(IOperation reference, System.Func<IReturnOperation, bool> returnsResponse)
    {
        var current = reference.WalkUpConversions();
        for (var depth = 0; depth < MaxDepth; depth++)
        {
            switch (current.Parent)
            {
                case IArgumentOperation { Parent: IInvocationOperation call } argument:
                    return _sinks.ValuesWritten(call).Contains(argument.Value);
                case IArgumentOperation { Parent: IObjectCreationOperation creation } argument:
                    if (_sinks.ValuesWritten(creation).Contains(argument.Value))
                    {
                        return true;
                    }

                    current = creation.WalkUpConversions();
                    continue;
                case ISimpleAssignmentOperation assignment when assignment.Value == current:
                    if (_sinks.ValueWritten(assignment) == current)
                    {
                        return true;
                    }

                    // new { errors = list }, new Body { Errors = list }: the object built in place is what may be sent.
                    IOperation? created = assignment.Parent switch
                    {
                        IAnonymousObjectCreationOperation anonymous => anonymous,
                        IObjectOrCollectionInitializerOperation { Parent: IObjectCreationOperation creation } => creation,
                        _ => null,
                    };
                    if (created is null)
                    {
                        return false;
                    }

                    current = created.WalkUpConversions();
                    continue;
                case IArrayInitializerOperation { Parent: IArrayCreationOperation array }:
                    current = array.WalkUpConversions();
                    continue;
                case ITupleOperation tuple:
                    current = tuple.WalkUpConversions();
                    continue;
                case IReturnOperation ret:
                    return returnsResponse(ret);
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// An object created in place and turned into text right there (<c>new ErrorDetails { ... }.ToString()</c>,
    /// <c>JsonSerializer.Serialize(new { ... })</c>): its leaking members are the sites, so that the fix replaces a
    /// member and the response keeps its shape.
    /// </summary>
    private IOperation? Serialized(IOperation value)
    {
        if (value is not IInvocationOperation invocation)
        {
            return null;
        }

        var method = invocation.TargetMethod;
        var serialized = method is { Name: "ToString", IsStatic: false, Parameters.Length: 0 } ? invocation.Instance
            : method.IsStatic && (method.ContainingType.Is(_types.JsonSerializer) || method.ContainingType.Is(_types.JsonConvert)) && invocation.Arguments.Length > 0
                ? invocation.Arguments[0].Value
                : null;
        return serialized?.WalkDownConversions() is { } created && Parts(created) is not null ? created : null;
    }

    /// <summary>The members of an object, array or dictionary created in place; null for anything else.</summary>
    private IEnumerable<IOperation>? Parts(IOperation value) => value switch
    {
        IAnonymousObjectCreationOperation anonymous => anonymous.Initializers.Select(i => i is IAssignmentOperation a ? a.Value : i),
        IObjectCreationOperation creation when !_sinks.IsProblemDetails(creation.Type) => CreationParts(creation),
        IArrayCreationOperation { Initializer: { } items } => items.ElementValues,
        ITupleOperation tuple => tuple.Elements,
        _ => null,
    };

    private static IEnumerable<IOperation> CreationParts(IObjectCreationOperation creation)
    {
        foreach (var argument in creation.Arguments)
        {
            if (argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                yield return argument.Value;
            }
        }

        foreach (var initializer in creation.Initializer?.Initializers ?? Enumerable.Empty<IOperation>())
        {
            switch (initializer)
            {
                case IAssignmentOperation assignment:
                    yield return assignment.Value;
                    break;
                case IInvocationOperation add:
                    // Collection initializer: new Dictionary<string, object> { { "error", ex.Message } }.
                    foreach (var argument in add.Arguments)
                    {
                        yield return argument.Value;
                    }

                    break;
            }
        }
    }

    /// <summary>The exception whose details <paramref name="value"/> carries, or null.</summary>
    private IOperation? Leak(IOperation value, LocalAssignments assignments, HashSet<ILocalSymbol> visiting, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        value = value.WalkDownConversions();

        // The exception object itself: serialized, or formatted with ToString(), it carries the stack trace whatever its type.
        if (_sources.Find(value, assignments) is { } exception)
        {
            return EnvironmentChecks.IsDevelopmentOnly(value, _types) ? null : exception;
        }

        IOperation? Any(IEnumerable<IOperation> parts)
        {
            foreach (var part in parts)
            {
                if (Leak(part, assignments, visiting, depth + 1) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        switch (value)
        {
            case IPropertyReferenceOperation { Instance: { } owner } property when CarriesText(property.Type):
                if (_sources.Find(owner, assignments) is { } source)
                {
                    return ReportableMember(source, property.Property, value) ? source : null;
                }

                return Any(new[] { owner });

            case IFieldReferenceOperation { Instance: { } owner } field when CarriesText(field.Type):
                return Any(new[] { owner });

            case IInvocationOperation invocation:
                return Invocation(invocation, Any);

            case IInterpolatedStringOperation interpolated:
                return Any(interpolated.Parts.OfType<IInterpolationOperation>().Select(p => p.Expression));

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } add when add.Type?.SpecialType == SpecialType.System_String:
                return Any(new[] { add.LeftOperand, add.RightOperand });

            case ILocalReferenceOperation local:
                if (!visiting.Add(local.Local))
                {
                    return null;
                }

                var found = Any(assignments.ValuesOf(local.Local));
                visiting.Remove(local.Local);
                return found;

            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return Any(new[] { conditional.WhenTrue, whenFalse });

            case ICoalesceOperation coalesce:
                return Any(new[] { coalesce.Value, coalesce.WhenNull });

            case IConditionalAccessOperation access:
                return Any(new[] { access.WhenNotNull });

            case IConditionalAccessInstanceOperation instance when instance.GetConditionalAccess() is { } access:
                return Any(new[] { access.Operation });

            case ISwitchExpressionOperation switchExpression:
                return Any(switchExpression.Arms.Select(a => a.Value));

            case IAnonymousObjectCreationOperation or IObjectCreationOperation or IArrayCreationOperation or ITupleOperation when Parts(value) is { } parts:
                return Any(parts);

            default:
                return null;
        }
    }

    private IOperation? Invocation(IInvocationOperation invocation, System.Func<IEnumerable<IOperation>, IOperation?> any)
    {
        var method = invocation.TargetMethod;
        if (method.Name == "GetType" || !CarriesText(method.ReturnType))
        {
            return null;
        }

        // ex.ToString(), ex.Message.Substring(0, 80), detail.Trim(): derived from the receiver.
        if (!method.IsStatic && invocation.Instance is { } receiver
            && (method.Name == "ToString" || method.ContainingType?.SpecialType == SpecialType.System_String || _sources.IsException(method.ContainingType)))
        {
            return any(invocation.Arguments.Select(a => a.Value).Prepend(receiver));
        }

        // string.Format/Concat/Join, JsonSerializer.Serialize(ex), JsonConvert.SerializeObject(ex), Convert.ToString(ex).
        var containing = method.ContainingType;
        if (method.IsStatic
            && (containing?.SpecialType == SpecialType.System_String || containing.Is(_types.JsonSerializer) || containing.Is(_types.JsonConvert) || containing.Is(_types.Convert)))
        {
            return any(invocation.Arguments.Where(a => a.ArgumentKind != ArgumentKind.DefaultValue).Select(a => a.Value));
        }

        return null;
    }

    /// <summary>Text and objects carry details; numbers, booleans, enums and types do not.</summary>
    private static bool CarriesText(ITypeSymbol? type) => type switch
    {
        null => false,
        { TypeKind: TypeKind.Enum } => false,
        { SpecialType: SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_Byte or SpecialType.System_SByte
            or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
            or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Single or SpecialType.System_Double
            or SpecialType.System_Decimal or SpecialType.System_DateTime } => false,
        INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable => CarriesText(nullable.TypeArguments[0]),
        _ => type.Name != "Type",
    };

    /// <summary>
    /// A member read from an exception: not reported when it is the client message of a domain exception (its
    /// <c>Message</c>, or a member its own type declares, such as <c>ValidationException.Errors</c>), nor when it is
    /// only read in Development. <c>StackTrace</c>, <c>Source</c>, <c>Data</c>, <c>TargetSite</c> and
    /// <c>InnerException</c> are details whatever the type.
    /// </summary>
    private bool ReportableMember(IOperation exception, ISymbol member, IOperation use)
    {
        var clientMember = member.Name == "Message" || IsClientMessageType(member.ContainingType);
        if (_allowOwnTypes && clientMember && (IsClientMessageType(exception.Type) || GuardedByClientType(exception)))
        {
            return false;
        }

        return !EnvironmentChecks.IsDevelopmentOnly(use, _types);
    }

    /// <summary>
    /// Library exceptions whose message is written for clients: Ardalis.GuardClauses' <c>NotFoundException</c>
    /// ("Queried object x was not found, Key: 5") is what the CleanArchitecture templates turn into a 404.
    /// </summary>
    private static readonly ImmutableHashSet<string> ClientMessageLibraryTypes = ImmutableHashSet.Create("Ardalis.GuardClauses.NotFoundException");

    /// <summary>A domain exception declared in the user's solution (this project or another), a ValidationException (any library's), or a library type above.</summary>
    private bool IsClientMessageType(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == "ValidationException"
                || current.Name == "NotFoundException" && ClientMessageLibraryTypes.Contains(current.ToDisplayString()))
            {
                return true;
            }
        }

        return type is not null && SolutionAssemblies.IsOwn(type.ContainingAssembly, _types.Compilation);
    }

    /// <summary>
    /// <c>catch (Exception ex) when (ex is DomainException)</c>, <c>if (ex is DomainException) return BadRequest(ex.Message);</c>:
    /// the exception is known to be of a client-message type where it is used.
    /// </summary>
    private bool GuardedByClientType(IOperation exception)
    {
        var symbol = exception.WalkDownConversions().GetReferencedSymbol();
        if (symbol is null)
        {
            return false;
        }

        IOperation child = exception;
        for (var parent = exception.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IConditionalOperation conditional when child == conditional.WhenTrue && TestsClientType(conditional.Condition, symbol):
                    return true;
                case ICatchClauseOperation { Filter: { } filter } catchClause when child != filter
                                                                                  && catchClause.Locals.Contains(symbol as ILocalSymbol, SymbolEqualityComparer.Default)
                                                                                  && TestsClientType(filter, symbol):
                    return true;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
            }
        }

        return false;
    }

    private bool TestsClientType(IOperation condition, ISymbol symbol)
    {
        condition = condition.WalkDownConversions();
        return condition switch
        {
            IIsTypeOperation isType => Refers(isType.ValueOperand, symbol) && IsClientMessageType(isType.TypeOperand),
            IIsPatternOperation { Pattern: ITypePatternOperation type } isPattern => Refers(isPattern.Value, symbol) && IsClientMessageType(type.MatchedType),
            IIsPatternOperation { Pattern: IDeclarationPatternOperation declaration } isPattern => Refers(isPattern.Value, symbol) && IsClientMessageType(declaration.MatchedType),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both => TestsClientType(both.LeftOperand, symbol) || TestsClientType(both.RightOperand, symbol),
            _ => false,
        };
    }

    private static bool Refers(IOperation operation, ISymbol symbol) =>
        SymbolEqualityComparer.Default.Equals(operation.WalkDownConversions().GetReferencedSymbol(), symbol);
}
