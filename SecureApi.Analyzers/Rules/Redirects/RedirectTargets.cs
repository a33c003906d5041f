using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.AspNetCore;
using SecureApi.Analyzers.Core.Operations;

namespace SecureApi.Analyzers.Rules.Redirects;

/// <summary>
/// What a redirect target is made of, read from the start: the constant text it begins with, then the first part that
/// is not constant and whether the client chose that part (request input, followed through locals, <c>??</c>,
/// <c>?:</c>, concatenation, interpolation, <c>string.Concat</c>/<c>Format</c>, decoding and <c>ToString()</c>). An
/// attacker redirects elsewhere only when request input decides the scheme or host: <c>returnUrl</c>,
/// <c>"/" + x</c> (<c>x = "/evil.com"</c>), <c>"https://" + host</c>, <c>"https://shop.example" + x</c>
/// (<c>x = ".evil.com"</c>); <c>"/orders/" + id</c> and <c>"https://shop.example/" + x</c> stay on the site.
/// </summary>
internal sealed class RedirectTargets
{
    private const int MaxAlternatives = 16;
    private const int MaxDepth = 24;

    private static readonly HashSet<string> PassThroughMethods = new(System.StringComparer.Ordinal)
    {
        "ToString", "Trim", "TrimStart", "TrimEnd", "ToLower", "ToLowerInvariant", "ToUpper", "ToUpperInvariant",
        "First", "FirstOrDefault", "Last", "LastOrDefault", "Single", "SingleOrDefault", "ElementAt", "ElementAtOrDefault",
        "GetValueOrDefault", "GetTypedHeaders", "UnescapeDataString", "UrlDecode", "AddQueryString",
    };

    /// <summary>Members of a request-controlled value that keep its start (the rest are parts of it, or not text).</summary>
    private static readonly HashSet<string> PassThroughMembers = new(System.StringComparer.Ordinal)
    {
        "AbsoluteUri", "OriginalString", "Value",
    };

    private readonly RequestInputs _inputs;
    private readonly CancellationToken _cancellationToken;
    private readonly HashSet<ISymbol> _visiting = new(SymbolEqualityComparer.Default);

    public RedirectTargets(RequestInputs inputs, CancellationToken cancellationToken)
    {
        _inputs = inputs;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Locals, parameters and bound properties the request input travelled through (what a guard checks).</summary>
    public HashSet<ISymbol> Path { get; } = new(SymbolEqualityComparer.Default);

    /// <summary>The request-input expressions the value was found to come from (<c>Request.Query["next"]</c>).</summary>
    public List<IOperation> Sources { get; } = new();

    /// <summary>One way the value can be built: its constant start, and what follows it.</summary>
    public readonly struct Target
    {
        public Target(string prefix, bool complete, IOperation? source, string? origin)
        {
            Prefix = prefix;
            Complete = complete;
            Source = source;
            Origin = origin;
        }

        /// <summary>The constant text the value starts with.</summary>
        public string Prefix { get; }

        /// <summary>The whole value is <see cref="Prefix"/> (nothing follows).</summary>
        public bool Complete { get; }

        /// <summary>The request input that follows the prefix; null when what follows is not request input.</summary>
        public IOperation? Source { get; }

        /// <summary>"the query string", "the action parameter 'returnUrl'", ...</summary>
        public string? Origin { get; }

        /// <summary>Request input decides where the redirect goes.</summary>
        public bool IsControlled => Source is not null && !FixesOrigin(Prefix);

        public static Target Constant(string text) => new(text, true, null, null);

        public static Target Unknown(string prefix) => new(prefix, false, null, null);
    }

    /// <summary>The first way <paramref name="value"/> can be built in which the client decides the destination, if any.</summary>
    public Target? Controlled(IOperation value) =>
        Evaluate(value, 0).Where(t => t.IsControlled).Select(t => (Target?)t).FirstOrDefault();

    /// <summary>
    /// Does a constant start fix the scheme and host? A local path (<c>/x</c>, <c>~/x</c>), a query or fragment, a
    /// relative path (<c>orders/</c>), a non-web scheme (<c>mailto:</c>), or an absolute URL whose host is closed by
    /// <c>/</c>, <c>?</c> or <c>#</c>. Not <c>/</c> or <c>~/</c> alone (<c>//evil.com</c>), not <c>https://</c> or
    /// <c>https://shop.example</c> (<c>.evil.com</c>, <c>@evil.com</c>), not a start of <c>http</c>.
    /// </summary>
    public static bool FixesOrigin(string prefix)
    {
        if (prefix.Length == 0)
        {
            return false;
        }

        var first = prefix[0];
        if (first is '/' or '\\')
        {
            return prefix.Length > 1 && (prefix[1] is '/' or '\\' ? HostClosed(prefix, 2) : true);
        }

        if (first == '~')
        {
            return prefix.Length > 2 && prefix[1] == '/' && prefix[2] is not ('/' or '\\');
        }

        if (first is '?' or '#')
        {
            return true;
        }

        var special = prefix.IndexOfAny(new[] { ':', '/', '?', '#', '\\' });
        if (special < 0)
        {
            // "http" + "s://evil.com".
            return !"https:".StartsWith(prefix, System.StringComparison.OrdinalIgnoreCase);
        }

        if (prefix[special] != ':')
        {
            return true;
        }

        var scheme = prefix.Substring(0, special);
        if (!scheme.Equals("http", System.StringComparison.OrdinalIgnoreCase) && !scheme.Equals("https", System.StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return prefix.Length > special + 2 && prefix[special + 1] is '/' or '\\' && prefix[special + 2] is '/' or '\\'
            ? HostClosed(prefix, special + 3)
            : false;
    }

    private static bool HostClosed(string prefix, int hostStart) => prefix.IndexOfAny(new[] { '/', '?', '#', '\\' }, hostStart) >= 0;

    private List<Target> Evaluate(IOperation operation, int depth)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        operation = operation.WalkDownConversions();
        if (operation.ConstantValue is { HasValue: true } constant)
        {
            return One(Target.Constant(constant.Value?.ToString() ?? string.Empty));
        }

        if (depth > MaxDepth || operation.Type is { } type && IsPlainValue(type))
        {
            // A number, flag, id or date starts with neither a slash nor a scheme.
            return One(depth > MaxDepth ? Target.Unknown(string.Empty) : Target.Constant("0"));
        }

        switch (operation)
        {
            case IInterpolatedStringOperation interpolated:
                return Concatenate(interpolated.Parts.Select(p => (object)(p switch
                {
                    IInterpolatedStringTextOperation text => text.Text,
                    IInterpolationOperation hole => hole.Expression,
                    _ => p,
                })), depth);

            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } binary:
                return Concatenate(Flatten(binary), depth);

            case ICoalesceOperation coalesce:
                return Union(depth, coalesce.Value, coalesce.WhenNull);

            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return Union(depth, conditional.WhenTrue, whenFalse);

            case ISwitchExpressionOperation switchExpression:
                return Union(depth, switchExpression.Arms.Select(a => a.Value).ToArray());

            case ILocalReferenceOperation local:
                return Local(local, depth);

            case IParameterReferenceOperation parameter:
                Path.Add(parameter.Parameter);
                return _inputs.IsBound(parameter, _cancellationToken)
                    ? Input(parameter, $"the request parameter '{parameter.Parameter.Name}'")
                    : One(Target.Unknown(string.Empty));

            case IPropertyReferenceOperation property:
                return Member(property, property.Instance, depth);

            case IFieldReferenceOperation field:
                return Member(field, field.Instance, depth);

            case IArrayElementReferenceOperation element:
                return Member(element, element.ArrayReference, depth);

            case IInvocationOperation call:
                return Call(call, depth);

            case IObjectCreationOperation { Type: { Name: "Uri" } } creation when creation.Type.IsInNamespace("System"):
                // new Uri(url), new Uri(base, relative): an absolute relative part replaces the base.
                return Union(depth, creation.Arguments.Where(a => a.Value.Type?.SpecialType == SpecialType.System_String || a.Value.Type?.Name == "Uri")
                    .Select(a => a.Value).ToArray());

            default:
                return One(Target.Unknown(string.Empty));
        }
    }

    private List<Target> Input(IOperation source, string origin)
    {
        Sources.Add(source);
        return One(new Target(string.Empty, false, source, origin));
    }

    private List<Target> Local(ILocalReferenceOperation reference, int depth)
    {
        var local = reference.Local;
        Path.Add(local);
        if (!_visiting.Add(local))
        {
            return new List<Target>();
        }

        try
        {
            var root = reference.GetRoot();
            var values = LocalAssignments.Of(root).ValuesOf(local).ToList();
            var result = Union(depth, values.ToArray());

            // Request.Query.TryGetValue("next", out var next): the out value is the collection's entry.
            foreach (var use in SymbolReferences.Of(local, root))
            {
                var written = use.Parent is IDeclarationExpressionOperation declaration ? declaration : use;
                if (written.Parent is IArgumentOperation { Parameter.RefKind: RefKind.Out, Parent: IInvocationOperation call }
                    && Receiver(call) is { } collection
                    && Evaluate(collection, depth + 1).FirstOrDefault(t => t.IsControlled) is { Source: { } source } controlled)
                {
                    result.Add(new Target(string.Empty, false, source, controlled.Origin));
                }
            }

            return result;
        }
        finally
        {
            _visiting.Remove(local);
        }
    }

    /// <summary><c>Request.Query</c>, <c>form.ReturnUrl</c>, <c>[BindProperty] ReturnUrl</c>, <c>uri.AbsoluteUri</c>, <c>Query["next"]</c>.</summary>
    private List<Target> Member(IOperation member, IOperation? instance, int depth)
    {
        if (member is IPropertyReferenceOperation property)
        {
            if (_inputs.RequestMember(property) is { } requestPart)
            {
                return Input(member, requestPart);
            }

            if (_inputs.IsBound(property.Property) && (instance is null or IInstanceReferenceOperation))
            {
                Path.Add(property.Property);
                return Input(member, $"the bound property '{property.Property.Name}'");
            }
        }

        if (instance is null || instance is IInstanceReferenceOperation)
        {
            return One(Target.Unknown(string.Empty));
        }

        var owner = Evaluate(instance, depth + 1);
        var name = member is IPropertyReferenceOperation { Property.IsIndexer: false } named ? named.Property.Name : null;
        if (name is not null && PassThroughMembers.Contains(name))
        {
            return owner;
        }

        // A member of a bound model or an entry of a request collection: all of it is the client's.
        return owner.FirstOrDefault(t => t.IsControlled) is { Source: not null } controlled
            ? One(new Target(string.Empty, false, controlled.Source, OriginOf(member, controlled.Origin)))
            : One(Target.Unknown(string.Empty));
    }

    private List<Target> Call(IInvocationOperation call, int depth)
    {
        var method = call.TargetMethod;
        if (method.ContainingType?.SpecialType == SpecialType.System_String && method.IsStatic)
        {
            switch (method.Name)
            {
                case "Concat":
                    return Concatenate(Values(call.Arguments).Cast<object>(), depth);
                case "Format" when call.Arguments.FirstOrDefault(a => a.Parameter?.Name == "format") is { } format
                                   && format.Value.TryGetConstantString(out var text):
                    return Concatenate(FormatParts(text, Values(call.Arguments.Where(a => a.Parameter?.Name is not ("format" or "provider"))).ToList()), depth);
            }
        }

        if (!PassThroughMethods.Contains(method.Name))
        {
            return One(Target.Unknown(string.Empty));
        }

        // x.ToString(), Uri.UnescapeDataString(x), WebUtility.UrlDecode(x), QueryHelpers.AddQueryString(x, ...), Query["a"].FirstOrDefault().
        var subject = Receiver(call);
        return subject is null ? One(Target.Unknown(string.Empty)) : Evaluate(subject, depth + 1);
    }

    private static IOperation? Receiver(IInvocationOperation call) =>
        call.Instance ?? (call.Arguments.Length > 0 ? call.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).First().Value : null);

    /// <param name="parts">Operations, and strings for constant text (of a format string).</param>
    private List<Target> Concatenate(IEnumerable<object> parts, int depth)
    {
        var result = One(Target.Constant(string.Empty));
        foreach (var part in parts)
        {
            if (result.All(t => !t.Complete))
            {
                break;
            }

            var next = part is string text ? One(Target.Constant(text)) : Evaluate((IOperation)part, depth + 1);
            var combined = new List<Target>();
            foreach (var start in result)
            {
                if (!start.Complete)
                {
                    combined.Add(start);
                    continue;
                }

                foreach (var tail in next)
                {
                    combined.Add(new Target(start.Prefix + tail.Prefix, tail.Complete, tail.Source, tail.Origin));
                }
            }

            result = Limit(combined);
        }

        return result;
    }

    private List<Target> Union(int depth, params IOperation[] values)
    {
        var result = new List<Target>();
        foreach (var value in values)
        {
            result.AddRange(Evaluate(value, depth + 1));
        }

        return Limit(result);
    }

    /// <summary>Keeps the alternatives a finding is made of first when there are too many to follow.</summary>
    private static List<Target> Limit(List<Target> targets) =>
        targets.Count <= MaxAlternatives ? targets : targets.OrderByDescending(t => t.IsControlled).Take(MaxAlternatives).ToList();

    private static List<Target> One(Target target) => new() { target };

    private static IEnumerable<object> Flatten(IBinaryOperation binary)
    {
        // a + b + c is ((a + b) + c): walk the left spine without recursion (long concatenations).
        var rights = new Stack<object>();
        IOperation current = binary;
        while (current is IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } add)
        {
            rights.Push(add.RightOperand);
            current = add.LeftOperand.WalkDownConversions();
        }

        rights.Push(current);
        return rights;
    }

    private static IEnumerable<IOperation> Values(IEnumerable<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0))
        {
            if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } items })
            {
                foreach (var item in items.ElementValues)
                {
                    yield return item;
                }
            }
            else if (argument.ArgumentKind != ArgumentKind.DefaultValue)
            {
                yield return argument.Value;
            }
        }
    }

    /// <summary>"{0}/orders" with its arguments as parts: text, holes, text... (a hole that does not parse ends the parts).</summary>
    private static IEnumerable<object> FormatParts(string format, List<IOperation> arguments)
    {
        var parts = new List<object>();
        var text = new System.Text.StringBuilder();
        for (var i = 0; i < format.Length; i++)
        {
            var c = format[i];
            if ((c == '{' || c == '}') && i + 1 < format.Length && format[i + 1] == c)
            {
                text.Append(c);
                i++;
                continue;
            }

            if (c != '{')
            {
                text.Append(c);
                continue;
            }

            var end = format.IndexOf('}', i);
            var digits = end < 0 ? string.Empty : new string(format.Substring(i + 1, end - i - 1).TakeWhile(char.IsDigit).ToArray());
            if (digits.Length == 0 || !int.TryParse(digits, out var index) || index >= arguments.Count)
            {
                break;
            }

            parts.Add(text.ToString());
            text.Clear();
            parts.Add(arguments[index]);
            i = end;
        }

        parts.Add(text.ToString());
        return parts;
    }

    private static bool IsPlainValue(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type.IsValueType && type.Name is not ("StringValues" or "HostString" or "PathString" or "QueryString")
               || type.TypeKind == TypeKind.Enum;
    }

    private static string OriginOf(IOperation member, string? owner)
    {
        var text = string.Join(" ", member.Syntax.ToString().Split((char[]?)null, System.StringSplitOptions.RemoveEmptyEntries));
        text = text.Length <= 60 ? text : text.Substring(0, 57) + "...";
        return owner is null ? $"'{text}'" : $"'{text}' ({owner})";
    }
}
