using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.AspNetCore.Responses;

/// <summary>
/// Where a value becomes part of an HTTP response body, described as data: result helpers of controllers and of
/// <c>Results</c>/<c>TypedResults</c> (their value, error, detail, title, content, data, text, extensions and errors
/// parameters), result objects (<c>new ObjectResult(value)</c>, <c>result.Value = ...</c>,
/// <c>ContentResult.Content</c>), <c>ProblemDetails</c> members and its <c>Extensions</c>/<c>Errors</c>
/// dictionaries, <c>HttpResponse.WriteAsync</c>/<c>WriteAsJsonAsync</c>, model-state errors that are sent back
/// as validation problems, and what Razor renders: the model of <c>View</c>/<c>PartialView</c>, <c>ViewData</c>,
/// <c>TempData</c> and <c>ViewBag</c> entries.
/// </summary>
internal sealed class ResponseSinks
{
    /// <summary>Parameters whose value ends up in the body (not routes, locations, content types or status codes).</summary>
    private static readonly HashSet<string> BodyParameters = new(System.StringComparer.Ordinal)
    {
        "value", "error", "detail", "title", "content", "data", "text", "extensions", "errors", "errorMessage",
    };

    /// <summary>Names of every sink method: the cheap test before any symbol comparison.</summary>
    private static readonly HashSet<string> MethodNames = new(System.StringComparer.Ordinal)
    {
        "Ok", "BadRequest", "Conflict", "NotFound", "UnprocessableEntity", "StatusCode", "Problem", "ValidationProblem",
        "Content", "Json", "Text", "Created", "CreatedAtAction", "CreatedAtRoute", "Accepted", "AcceptedAtAction",
        "AcceptedAtRoute", "Unauthorized", "InternalServerError", "WriteAsync", "WriteAsJsonAsync", "AddModelError",
        "TryAddModelError", "Add", "TryAdd", "View", "PartialView",
    };

    private readonly INamedTypeSymbol? _controllerBase;
    private readonly INamedTypeSymbol? _results;
    private readonly INamedTypeSymbol? _typedResults;
    private readonly INamedTypeSymbol? _writing;
    private readonly INamedTypeSymbol? _json;
    private readonly INamedTypeSymbol? _modelState;
    private readonly INamedTypeSymbol? _problemDetails;
    private readonly INamedTypeSymbol? _objectResult;
    private readonly INamedTypeSymbol? _contentResult;
    private readonly INamedTypeSymbol? _jsonResult;
    private readonly INamedTypeSymbol? _controller;
    private readonly INamedTypeSymbol? _viewData;
    private readonly INamedTypeSymbol? _tempData;
    private readonly INamedTypeSymbol? _actionResult;
    private readonly INamedTypeSymbol? _convertToActionResult;
    private readonly INamedTypeSymbol? _result;
    private readonly ConcurrentDictionary<ITypeSymbol, bool> _isResult = new(SymbolEqualityComparer.Default);
    private readonly Func<ITypeSymbol, bool> _computeIsResult;

    /// <summary>The compilation's response sinks, shared by every rule (IsResult is cached per type).</summary>
    public static ResponseSinks For(KnownTypes types) => types.Shared(static t => new ResponseSinks(t));

    private ResponseSinks(KnownTypes types)
    {
        _computeIsResult = ComputeIsResult;
        _controllerBase = types.ControllerBase;
        _results = types.Results;
        _typedResults = types.TypedResults;
        _writing = types.HttpResponseWritingExtensions;
        _json = types.HttpResponseJsonExtensions;
        _modelState = types.ModelStateDictionary;
        _problemDetails = types.ProblemDetails;
        _objectResult = types.ObjectResult;
        _contentResult = types.ContentResult;
        _jsonResult = types.JsonResult;
        _controller = types.Controller;
        _viewData = types.ViewDataDictionary;
        _tempData = types.ITempDataDictionary;
        _actionResult = types.IActionResult;
        _convertToActionResult = types.IConvertToActionResult;
        _result = types.IResult;
    }

    /// <summary>The compilation can write responses at all (ASP.NET Core is referenced).</summary>
    public bool IsAvailable => _writing is not null || _controllerBase is not null || _results is not null;

    /// <summary>A body that the rules check member by member (its members are sinks themselves): ProblemDetails and derived types.</summary>
    public bool IsProblemDetails(ITypeSymbol? type) => type.IsOrDerivesFrom(_problemDetails);

    /// <summary>The arguments of a call that end up in the response body.</summary>
    public IEnumerable<IOperation> ValuesWritten(IInvocationOperation call)
    {
        var method = call.TargetMethod;
        if (!MethodNames.Contains(method.Name))
        {
            return Enumerable.Empty<IOperation>();
        }

        var containing = method.ContainingType;
        var isSink = method.Name switch
        {
            "WriteAsync" => containing.Is(_writing),
            "WriteAsJsonAsync" => containing.Is(_json),
            "AddModelError" or "TryAddModelError" => containing.Is(_modelState),
            "Add" or "TryAdd" => IsProblemDetailsDictionary(call.Instance) || IsViewState(call.Instance),
            "View" or "PartialView" => containing.IsOrDerivesFrom(_controller) && !method.IsStatic,
            _ => containing.IsOrDerivesFrom(_controllerBase) && !method.IsStatic || containing.Is(_results) || containing.Is(_typedResults),
        };
        if (!isSink)
        {
            return Enumerable.Empty<IOperation>();
        }

        if (method.Name is "Add" or "TryAdd")
        {
            return call.Arguments.Where(a => a.Parameter?.Ordinal == 1).Select(a => a.Value);
        }

        if (method.Name is "View" or "PartialView")
        {
            // View(model), View(viewName, model): Razor renders the model into the page; the view name is not content.
            return call.Arguments.Where(a => a.ArgumentKind != ArgumentKind.DefaultValue && a.Parameter?.Name == "model").Select(a => a.Value);
        }

        return BodyArguments(call.Arguments);
    }

    /// <summary>The constructor arguments of a result object that end up in the body: <c>new ObjectResult(value)</c>.</summary>
    public IEnumerable<IOperation> ValuesWritten(IObjectCreationOperation creation) =>
        IsResultObject(creation.Type) ? BodyArguments(creation.Arguments) : Enumerable.Empty<IOperation>();

    /// <summary>
    /// The value an assignment puts in a response body: any ProblemDetails member, an entry of its Extensions or
    /// Errors dictionaries, <c>ObjectResult.Value</c>, <c>JsonResult.Value</c>, <c>ContentResult.Content</c>.
    /// Object initializers are assignments too.
    /// </summary>
    public IOperation? ValueWritten(ISimpleAssignmentOperation assignment)
    {
        if (IsViewBag(assignment.Target))
        {
            return assignment.Value;
        }

        if (assignment.Target is not IPropertyReferenceOperation { Property: var property } target)
        {
            return null;
        }

        if (property.IsIndexer)
        {
            return IsProblemDetailsDictionary(target.Instance) || IsViewState(target.Instance) ? assignment.Value : null;
        }

        var owner = property.ContainingType;
        if (IsProblemDetails(owner))
        {
            return assignment.Value;
        }

        return property.Name switch
        {
            "Value" when owner.IsOrDerivesFrom(_objectResult) || owner.IsOrDerivesFrom(_jsonResult) => assignment.Value,
            "Content" when owner.IsOrDerivesFrom(_contentResult) => assignment.Value,
            _ => null,
        };
    }

    /// <summary>
    /// A value that goes into a view's state rather than into a response of its own: an entry of <c>ViewData</c>
    /// or <c>TempData</c> (indexer, <c>Add</c>), a <c>ViewBag</c> member, or the model of <c>View</c>/<c>PartialView</c>.
    /// Its type matters to the view that reads it.
    /// </summary>
    public bool IsViewValue(IOperation value)
    {
        switch (value.Parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Value == value:
                return IsViewBag(assignment.Target) || assignment.Target is IPropertyReferenceOperation { Property.IsIndexer: true } indexer && IsViewState(indexer.Instance);
            case IArgumentOperation { Parent: IInvocationOperation call } argument:
                return call.TargetMethod.Name is "Add" or "TryAdd" && IsViewState(call.Instance)
                       || call.TargetMethod.Name is "View" or "PartialView" && argument.Parameter?.Name == "model" && call.TargetMethod.ContainingType.IsOrDerivesFrom(_controller);
            default:
                return false;
        }
    }

    /// <summary>
    /// A value that is a response of its own (<c>IActionResult</c>, <c>ActionResult&lt;T&gt;</c>, <c>IResult</c>): returning
    /// it writes what its own sinks (result helpers, result objects) were given.
    /// </summary>
    public bool IsResult(ITypeSymbol? type) =>
        type is { SpecialType: SpecialType.None }
        && _isResult.GetOrAdd(type.OriginalDefinition, _computeIsResult);

    // Asked for every value an action or handler returns: AllInterfaces allocates, so the answer is kept per type
    // definition (what it implements does not depend on type arguments, and a definition hashes cheaply).
    private bool ComputeIsResult(ITypeSymbol type) => Implements(type, _actionResult) || Implements(type, _convertToActionResult) || Implements(type, _result);

    private static bool Implements(ITypeSymbol type, INamedTypeSymbol? contract) =>
        contract is not null
        && (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, contract)
            || type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i.OriginalDefinition, contract)));

    /// <summary><c>ViewData</c> (a <c>ViewDataDictionary</c>) or <c>TempData</c> (an <c>ITempDataDictionary</c>): rendered by Razor.</summary>
    private bool IsViewState(IOperation? instance)
    {
        var type = instance?.WalkDownConversions().Type;
        return type is not null && (type.IsOrDerivesFrom(_viewData as INamedTypeSymbol) || Implements(type, _tempData));
    }

    /// <summary><c>ViewBag.Error = ...</c> in a controller: a dynamic member of <c>Controller.ViewBag</c>.</summary>
    private bool IsViewBag(IOperation target) =>
        target is IDynamicMemberReferenceOperation { Instance: IPropertyReferenceOperation { Property: { Name: "ViewBag" } bag } }
        && bag.ContainingType.IsOrDerivesFrom(_controller);

    private bool IsResultObject(ITypeSymbol? type) =>
        type.IsOrDerivesFrom(_objectResult) || type.IsOrDerivesFrom(_jsonResult) || type.IsOrDerivesFrom(_contentResult);

    /// <summary><c>problem.Extensions</c>, <c>validation.Errors</c>, or the implicit receiver of <c>Extensions = { ["k"] = v }</c>.</summary>
    private bool IsProblemDetailsDictionary(IOperation? instance)
    {
        var dictionary = instance?.WalkDownConversions();
        if (dictionary is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
        {
            // The collection initializer of a member: new ProblemDetails { Extensions = { ["trace"] = ... } }.
            for (var parent = dictionary.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IMemberInitializerOperation member)
                {
                    dictionary = member.InitializedMember;
                    break;
                }

                if (parent is IObjectCreationOperation or IAnonymousObjectCreationOperation)
                {
                    return false;
                }
            }
        }

        return dictionary is IPropertyReferenceOperation { Property.Name: "Extensions" or "Errors", Instance: { } owner } && IsProblemDetails(owner.Type);
    }

    private static IEnumerable<IOperation> BodyArguments(IEnumerable<IArgumentOperation> arguments) =>
        arguments.Where(a => a.ArgumentKind != ArgumentKind.DefaultValue && a.Parameter is { } p && BodyParameters.Contains(p.Name))
            .Select(a => a.Value);
}
