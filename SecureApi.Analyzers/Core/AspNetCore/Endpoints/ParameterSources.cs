using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SecureApi.Analyzers.Core.AspNetCore.Endpoints;

/// <summary>Where model binding takes an endpoint parameter's value from.</summary>
internal enum BindingSource
{
    /// <summary>The code does not say (no attribute, and not a simple value whose source the framework infers).</summary>
    Unknown,
    Query,
    Route,
    Header,
    Body,
    Form,
    Services,

    /// <summary>An attribute names a source of its own (<c>[ModelBinder]</c>, a custom <c>IBindingSourceMetadata</c>).</summary>
    Other,
}

/// <summary>
/// Where model binding fills a parameter of a controller action or a minimal-API handler from: the source an attribute
/// names (<c>[FromQuery]</c>, <c>[FromRoute]</c>, <c>[FromHeader]</c>, <c>[FromBody]</c>, <c>[FromForm]</c>,
/// <c>[FromServices]</c>: MVC's and minimal APIs' share the <c>IFrom*Metadata</c> interfaces) with the name it binds
/// under, or the source the framework infers for a simple value: a route value when a route template of the endpoint
/// has a parameter of that name, the query string otherwise (minimal APIs, and <c>[ApiController]</c> actions).
/// </summary>
internal static class ParameterSources
{
    /// <summary>The source an attribute on the parameter names, and the name it binds under (<c>Name = "api_key"</c>; null: the parameter's).</summary>
    public static (BindingSource Source, string? Name) Explicit(IParameterSymbol parameter)
    {
        foreach (var attribute in parameter.GetAttributes())
        {
            if (attribute.AttributeClass is not { } type)
            {
                continue;
            }

            var source = SourceOf(type);
            if (source != BindingSource.Unknown)
            {
                return (source, attribute.NamedArguments.FirstOrDefault(a => a.Key == "Name").Value.Value as string);
            }
        }

        return (BindingSource.Unknown, null);
    }

    /// <summary>
    /// The source the framework infers for a parameter without attribute: <see cref="BindingSource.Route"/> when one of
    /// <paramref name="routeTemplates"/> has a parameter of its name, <see cref="BindingSource.Query"/> otherwise; only for
    /// simple values (text, GUIDs, <c>StringValues</c>, arrays of text). Anything else is <see cref="BindingSource.Unknown"/>
    /// (a body, a service, a special type such as <c>CancellationToken</c>).
    /// </summary>
    public static BindingSource Inferred(IParameterSymbol parameter, IEnumerable<string?> routeTemplates) =>
        !IsSimple(parameter.Type) ? BindingSource.Unknown
        : routeTemplates.Any(t => EndpointRoute.HasParameter(t, parameter.Name)) ? BindingSource.Route
        : BindingSource.Query;

    /// <summary>Values binding reads from one string of the request: text, a GUID, <c>StringValues</c>, text arrays (nullable too).</summary>
    public static bool IsSimple(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type.SpecialType == SpecialType.System_String
               || type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_String }
               || type.Name == "Guid" && type.IsInNamespace("System")
               || type.Name == "StringValues" && type.IsInNamespace("Microsoft.Extensions.Primitives");
    }

    private static BindingSource SourceOf(INamedTypeSymbol attribute)
    {
        foreach (var contract in attribute.AllInterfaces)
        {
            if (!contract.IsInNamespace("Microsoft.AspNetCore.Http.Metadata"))
            {
                continue;
            }

            switch (contract.Name)
            {
                case "IFromQueryMetadata": return BindingSource.Query;
                case "IFromRouteMetadata": return BindingSource.Route;
                case "IFromHeaderMetadata": return BindingSource.Header;
                case "IFromBodyMetadata": return BindingSource.Body;
                case "IFromFormMetadata": return BindingSource.Form;
                case "IFromServiceMetadata": return BindingSource.Services;
            }
        }

        // [FromKeyedServices], [AsParameters], [ModelBinder], [FromClaim]...: a source of their own, never the query.
        return attribute.Name is "FromKeyedServicesAttribute" ? BindingSource.Services
            : attribute.AllInterfaces.Any(i => i.Name == "IBindingSourceMetadata" && i.IsInNamespace("Microsoft.AspNetCore.Mvc.ModelBinding"))
              || attribute.Name is "AsParametersAttribute" or "ModelBinderAttribute"
                ? BindingSource.Other
                : BindingSource.Unknown;
    }
}
