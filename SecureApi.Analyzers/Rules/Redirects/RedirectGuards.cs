using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Redirects;

/// <summary>
/// Checks in the same method (or handler lambda) that keep a redirect on the site, on the value the redirect target was
/// built from (a local, parameter or bound property it went through, or the same request expression):
/// <c>Url.IsLocalUrl(x)</c> and helpers of that name (<c>IsLocalUrl</c>, <c>IsSafeRedirectUrl</c>, <c>IsAllowedReturnUrl</c>...),
/// <c>Uri.IsWellFormedUriString(x, UriKind.Relative)</c>, <c>Uri.TryCreate(x, UriKind.Relative, out _)</c>, an
/// allow-list lookup (<c>Contains</c>, <c>ContainsKey</c>, <c>TryGetValue</c> on a set, list or dictionary), and a
/// comparison of the URL's host (<c>uri.Host == ...</c>), and IdentityServer's <c>GetAuthorizationContextAsync(returnUrl)</c>
/// (non-null only for the authorize URL of a registered client). Where the check sits is not read (flow-insensitive): a
/// method that checks at all is taken to check before it redirects.
/// </summary>
internal static class RedirectGuards
{
    private const int UriKindRelative = 2;

    private static readonly string[] GuardWords = { "Safe", "Allowed", "Trusted", "Valid", "Permitted", "Whitelisted", "Allowlisted" };

    private static readonly string[] UrlWords = { "Url", "Uri", "Redirect", "Return", "Host", "Origin", "Destination" };

    public static bool IsGuarded(IOperation sink, RedirectTargets targets)
    {
        var scope = Scope(sink);
        var sourceTexts = targets.Sources.Select(s => Normalize(s.Syntax.ToString())).ToList();
        foreach (var operation in scope.Descendants())
        {
            var checkedValues = operation switch
            {
                IInvocationOperation call => CheckedByCall(call),
                IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison => HostComparison(comparison),
                _ => Enumerable.Empty<IOperation>(),
            };

            foreach (var value in checkedValues)
            {
                if (Mentions(value, targets.Path, sourceTexts, 0))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The innermost lambda or local function around the sink, or the method body.</summary>
    private static IOperation Scope(IOperation sink)
    {
        for (var parent = sink.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return parent;
            }
        }

        return sink.GetRoot();
    }

    private static IEnumerable<IOperation> CheckedByCall(IInvocationOperation call)
    {
        var method = call.TargetMethod;
        var name = method.Name;
        if (name.IndexOf("LocalUrl", System.StringComparison.Ordinal) >= 0 || name.IndexOf("LocalUri", System.StringComparison.Ordinal) >= 0
            || name.StartsWith("Is", System.StringComparison.Ordinal) && GuardWords.Any(w => name.IndexOf(w, System.StringComparison.Ordinal) >= 0)
                                                                       && UrlWords.Any(w => name.IndexOf(w, System.StringComparison.Ordinal) >= 0))
        {
            return Arguments(call);
        }

        // IdentityServer/Duende: a return URL that yields an authorization context is a registered client's.
        if (name == "GetAuthorizationContextAsync")
        {
            return Arguments(call);
        }

        if (name is "IsWellFormedUriString" or "TryCreate" && method.ContainingType?.Name == "Uri"
            && call.Arguments.Any(a => a.Value.WalkDownConversions().ConstantValue is { HasValue: true, Value: UriKindRelative }))
        {
            return Arguments(call).Take(1);
        }

        if (name is "Contains" or "ContainsKey" or "TryGetValue" or "ContainsValue")
        {
            var collection = call.Instance ?? (method.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : null);
            if (collection?.WalkDownConversions().Type is { SpecialType: not SpecialType.System_String } collectionType
                && collectionType.Name != "StringValues")
            {
                return Arguments(call).Where(a => !ReferenceEquals(a, collection));
            }
        }

        return Enumerable.Empty<IOperation>();
    }

    private static IEnumerable<IOperation> Arguments(IInvocationOperation call) =>
        call.Arguments.Where(a => a.ArgumentKind != ArgumentKind.DefaultValue && a.Parameter?.RefKind != RefKind.Out).Select(a => a.Value);

    /// <summary><c>uri.Host == expected</c>: the side that reads the host of the value.</summary>
    private static IEnumerable<IOperation> HostComparison(IBinaryOperation comparison)
    {
        foreach (var side in new[] { comparison.LeftOperand, comparison.RightOperand })
        {
            if (side.WalkDownConversions() is IPropertyReferenceOperation { Property.Name: "Host" or "Authority" or "DnsSafeHost" or "IdnHost", Instance: { } instance })
            {
                yield return instance;
            }
        }
    }

    /// <summary>Does the checked value read a symbol the target went through (also through a local it is copied to), or the same request expression?</summary>
    private static bool Mentions(IOperation value, HashSet<ISymbol> path, List<string> sourceTexts, int depth)
    {
        if (depth > 4)
        {
            return false;
        }

        if (sourceTexts.Count > 0)
        {
            var text = Normalize(value.Syntax.ToString());
            if (sourceTexts.Any(s => text.IndexOf(s, System.StringComparison.Ordinal) >= 0))
            {
                return true;
            }
        }

        foreach (var operation in value.DescendantsAndSelf())
        {
            var symbol = operation switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                IPropertyReferenceOperation property => property.Property,
                _ => (ISymbol?)null,
            };

            if (symbol is null)
            {
                continue;
            }

            if (path.Contains(symbol))
            {
                return true;
            }

            // var uri = new Uri(returnUrl); ... allowedHosts.Contains(uri.Host)
            if (symbol is ILocalSymbol copy
                && LocalAssignments.Of(operation.GetRoot()).ValuesOf(copy).Any(v => Mentions(v, path, sourceTexts, depth + 1)))
            {
                return true;
            }
        }

        return false;
    }

    private static string Normalize(string text) => new(text.Where(c => !char.IsWhiteSpace(c)).ToArray());
}
