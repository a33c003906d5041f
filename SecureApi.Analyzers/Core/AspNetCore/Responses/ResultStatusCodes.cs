using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Core.AspNetCore.Responses;

/// <summary>
/// The HTTP status code a result helper or result object answers with, as data: the helpers of <c>ControllerBase</c>
/// and <c>Controller</c> (<c>NotFound(...)</c>, <c>Unauthorized()</c>, <c>View()</c>), of <c>Results</c> and
/// <c>TypedResults</c>, the MVC result types (<c>new UnauthorizedObjectResult(...)</c>), and the explicit forms
/// (<c>StatusCode(401)</c>, <c>Problem(statusCode: 401)</c>, <c>new ObjectResult(x) { StatusCode = 401 }</c>).
/// </summary>
internal static class ResultStatusCodes
{
    /// <summary>Helper methods by name (the same names on controllers and on <c>Results</c>/<c>TypedResults</c>).</summary>
    private static readonly Dictionary<string, int> Helpers = new(System.StringComparer.Ordinal)
    {
        ["Ok"] = 200, ["Json"] = 200, ["Content"] = 200, ["Text"] = 200, ["View"] = 200, ["PartialView"] = 200, ["Page"] = 200,
        ["File"] = 200, ["PhysicalFile"] = 200, ["Bytes"] = 200, ["Stream"] = 200, ["SignIn"] = 200,
        ["Created"] = 201, ["CreatedAtAction"] = 201, ["CreatedAtRoute"] = 201,
        ["Accepted"] = 202, ["AcceptedAtAction"] = 202, ["AcceptedAtRoute"] = 202, ["NoContent"] = 204,
        ["Redirect"] = 302, ["LocalRedirect"] = 302, ["RedirectToAction"] = 302, ["RedirectToPage"] = 302, ["RedirectToRoute"] = 302,
        ["BadRequest"] = 400, ["ValidationProblem"] = 400, ["Unauthorized"] = 401, ["Challenge"] = 401, ["Forbid"] = 403,
        ["NotFound"] = 404, ["Conflict"] = 409, ["UnprocessableEntity"] = 422, ["Problem"] = 500, ["InternalServerError"] = 500,
    };

    /// <summary>MVC result types by name (<c>Microsoft.AspNetCore.Mvc</c>).</summary>
    private static readonly Dictionary<string, int> ResultTypes = new(System.StringComparer.Ordinal)
    {
        ["OkResult"] = 200, ["OkObjectResult"] = 200, ["JsonResult"] = 200, ["ContentResult"] = 200, ["ViewResult"] = 200,
        ["NoContentResult"] = 204, ["RedirectResult"] = 302, ["LocalRedirectResult"] = 302, ["RedirectToActionResult"] = 302,
        ["BadRequestResult"] = 400, ["BadRequestObjectResult"] = 400, ["UnauthorizedResult"] = 401, ["UnauthorizedObjectResult"] = 401,
        ["ChallengeResult"] = 401, ["ForbidResult"] = 403, ["NotFoundResult"] = 404, ["NotFoundObjectResult"] = 404,
        ["ConflictResult"] = 409, ["ConflictObjectResult"] = 409, ["UnprocessableEntityResult"] = 422,
        ["UnprocessableEntityObjectResult"] = 422,
    };

    /// <summary>Is this method a result helper the table knows (a controller's own, or <c>Results</c>/<c>TypedResults</c>)?</summary>
    public static bool IsHelper(IMethodSymbol method, KnownTypes types) =>
        (Helpers.ContainsKey(method.Name) || method.Name == "StatusCode")
        && (!method.IsStatic && method.ContainingType.IsOrDerivesFrom(types.ControllerBase)
            || !method.IsStatic && method.ContainingType.IsOrDerivesFrom(types.PageModel)
            || method.ContainingType.Is(types.Results) || method.ContainingType.Is(types.TypedResults));

    /// <summary>Is this type an MVC result type the table knows?</summary>
    public static bool IsResultType(ITypeSymbol? type) =>
        type is INamedTypeSymbol named && (ResultTypes.ContainsKey(named.Name) || named.Name is "ObjectResult" or "StatusCodeResult")
        && named.IsInNamespace("Microsoft.AspNetCore.Mvc");

    /// <summary>The status code of a helper call or a result creation, when it is a constant; null otherwise.</summary>
    public static int? Of(IOperation result)
    {
        switch (result)
        {
            case IInvocationOperation call:
                return Explicit(call.Arguments) ?? (Helpers.TryGetValue(call.TargetMethod.Name, out var code) ? code : null);
            case IObjectCreationOperation creation:
                var assigned = creation.Initializer?.Initializers.OfType<ISimpleAssignmentOperation>()
                    .FirstOrDefault(a => a.Target is IPropertyReferenceOperation { Property.Name: "StatusCode" });
                if (assigned is not null)
                {
                    return Constant(assigned.Value);
                }

                return Explicit(creation.Arguments)
                       ?? (creation.Type is { } type && ResultTypes.TryGetValue(type.Name, out var typed) ? typed : null);
            default:
                return null;
        }
    }

    /// <summary><c>StatusCode(401)</c>, <c>Problem(statusCode: 401)</c>, <c>Results.Json(body, statusCode: 401)</c>, <c>new StatusCodeResult(401)</c>.</summary>
    private static int? Explicit(IEnumerable<IArgumentOperation> arguments) =>
        arguments.FirstOrDefault(a => a.ArgumentKind != ArgumentKind.DefaultValue && a.Parameter?.Name == "statusCode") is { } argument
            ? Constant(argument.Value)
            : null;

    private static int? Constant(IOperation value) =>
        value.WalkDownConversions().ConstantValue is { HasValue: true, Value: int code } ? code : null;
}
