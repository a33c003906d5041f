using System;
using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SecureApi.Analyzers.Core;

/// <summary>
/// A typed <c>.editorconfig</c> option. The key is <c>secureapi.&lt;name&gt;</c>; a rule-specific
/// <c>secureapi.&lt;RULEID&gt;.&lt;name&gt;</c> overrides it for that rule. Invalid values fall back to the default.
/// </summary>
public abstract class SecureApiOption
{
    public const string Prefix = "secureapi.";

    private readonly ConcurrentDictionary<string, string> _ruleKeys = new(StringComparer.Ordinal);

    protected SecureApiOption(string name, string description)
    {
        Name = name;
        Key = Prefix + name;
        Description = description;
    }

    public string Name { get; }

    public string Key { get; }

    public string Description { get; }

    public abstract string DefaultText { get; }

    protected string? ReadRaw(AnalyzerOptions options, SyntaxTree tree, string? ruleId)
    {
        var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        if (ruleId is not null && config.TryGetValue(RuleKey(ruleId), out var ruleValue))
        {
            return ruleValue;
        }

        return config.TryGetValue(Key, out var value) ? value : null;
    }

    // Options are read in per-node actions: the keys are built once, not concatenated on every read.
    private string RuleKey(string ruleId) =>
        _ruleKeys.TryGetValue(ruleId, out var key) ? key : _ruleKeys.GetOrAdd(ruleId, Prefix + ruleId + "." + Name);
}

public sealed class SecureApiOption<T> : SecureApiOption
{
    private readonly T _default;
    private readonly TryParse _parse;

    public delegate bool TryParse(string text, out T value);

    public SecureApiOption(string name, T defaultValue, TryParse parse, string description)
        : base(name, description)
    {
        _default = defaultValue;
        _parse = parse;
    }

    public T Default => _default;

    /// <summary>The default as written in .editorconfig (<c>false</c>, not <c>False</c>).</summary>
    public override string DefaultText => _default is bool flag
        ? (flag ? "true" : "false")
        : System.Convert.ToString(_default, CultureInfo.InvariantCulture) ?? string.Empty;

    public T GetValue(AnalyzerOptions options, SyntaxTree tree, string? ruleId = null)
    {
        var raw = ReadRaw(options, tree, ruleId);
        return raw is not null && _parse(raw.Trim(), out var value) ? value : _default;
    }
}
