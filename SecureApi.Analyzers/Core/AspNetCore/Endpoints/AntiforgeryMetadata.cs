using System.Collections.Immutable;
using System.Linq;

namespace SecureApi.Analyzers.Core.AspNetCore.Endpoints;

/// <summary>
/// Antiforgery endpoint metadata for the endpoint model: <c>.DisableAntiforgery()</c> and
/// <c>[RequireAntiforgeryToken(false)]</c> on the handler turn the validation <c>UseAntiforgery()</c> does for form-bound
/// minimal-API endpoints off (<c>IAntiforgeryMetadata.RequiresValidation</c> false). <c>[IgnoreAntiforgeryToken]</c> is an
/// MVC filter: minimal APIs do not read it.
/// </summary>
internal static class AntiforgeryMetadata
{
    /// <summary>Validation is off for the endpoint. Only what binds counts: this metadata causes a finding.</summary>
    public static EndpointMetadataKind Disabled(KnownTypes types)
    {
        var require = types.RequireAntiforgeryTokenAttribute;
        return new EndpointMetadataKind(
            ImmutableHashSet.Create("DisableAntiforgery"),
            attributes => require is not null && attributes.Any(a =>
                a.AttributeClass.IsOrDerivesFrom(require) && a.ConstructorArguments.Length == 1 && a.ConstructorArguments[0].Value is false),
            _ => false,
            unboundCallsCount: false);
    }
}
