using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Csrf;

/// <summary>
/// Is a minimal-API handler bound from a form? A parameter with <c>[FromForm]</c> (any <c>IFromFormMetadata</c>), or
/// of type <c>IFormFile</c>, <c>IFormFileCollection</c> or <c>IFormCollection</c>: exactly the endpoints to which
/// ASP.NET Core 8 adds antiforgery metadata, so that the antiforgery middleware validates their requests.
/// </summary>
internal sealed class FormBinding
{
    private readonly INamedTypeSymbol? _fromForm;
    private readonly INamedTypeSymbol? _file;
    private readonly INamedTypeSymbol? _files;
    private readonly INamedTypeSymbol? _form;

    public FormBinding(KnownTypes types)
    {
        _fromForm = types.IFromFormMetadata;
        _file = types.IFormFile;
        _files = types.IFormFileCollection;
        _form = types.IFormCollection;
    }

    /// <summary>"[FromForm] 'order'", "IFormFile 'scan'": the first form-bound parameter of the handler, or null.</summary>
    public string? Describe(IOperation? handler)
    {
        if (HandlerMethod(handler) is not { } method)
        {
            return null;
        }

        foreach (var parameter in method.Parameters)
        {
            if (_fromForm is not null && parameter.GetAttributes().Any(a => a.AttributeClass is { } c && c.AllInterfaces.Any(i => i.Is(_fromForm))))
            {
                return $"[FromForm] '{parameter.Name}'";
            }

            var type = parameter.Type;
            foreach (var form in new[] { _file, _files, _form })
            {
                if (form is not null && (type.Is(form) || type.AllInterfaces.Any(i => i.Is(form))))
                {
                    return $"{form.Name} '{parameter.Name}'";
                }
            }
        }

        return null;
    }

    /// <summary>The handler's method: a lambda's or a method group's.</summary>
    private static IMethodSymbol? HandlerMethod(IOperation? handler) => handler?.WalkDownConversions() switch
    {
        IDelegateCreationOperation { Target: var target } => HandlerMethod(target),
        IAnonymousFunctionOperation lambda => lambda.Symbol,
        IMethodReferenceOperation reference => reference.Method,
        _ => null,
    };
}
