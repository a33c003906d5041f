using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SecureApi.Analyzers.Core;
using Xunit;

namespace SecureApi.Analyzers.Tests.Core;

/// <summary>The shared <c>secureapi.*</c> option reader every rule uses.</summary>
public sealed class SecureApiOptionTests
{
    private static readonly SecureApiOption<int> Threshold = new("test_threshold", 60, SecureApiOptions.ParseInt, "A test threshold.");
    private static readonly SecureApiOption<bool> Switch = new("test_switch", false, SecureApiOptions.ParseBool, "A test switch.");

    [Fact]
    public void Missing_option_gives_the_default()
    {
        var (options, tree) = With();
        Assert.Equal(60, Threshold.GetValue(options, tree));
        Assert.False(Switch.GetValue(options, tree));
    }

    [Theory]
    [InlineData("90", 90)]
    [InlineData(" 600_000 ", 600000)]
    [InlineData("ninety", 60)]
    [InlineData("", 60)]
    public void Integer_values_are_parsed_or_fall_back(string text, int expected)
    {
        var (options, tree) = With(("secureapi.test_threshold", text));
        Assert.Equal(expected, Threshold.GetValue(options, tree));
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("false", false)]
    [InlineData("yes", false)]
    public void Boolean_values_are_parsed_or_fall_back(string text, bool expected)
    {
        var (options, tree) = With(("secureapi.test_switch", text));
        Assert.Equal(expected, Switch.GetValue(options, tree));
    }

    [Fact]
    public void Rule_specific_key_wins_for_that_rule_only()
    {
        var (options, tree) = With(("secureapi.test_threshold", "30"), ("secureapi.SAPI1005.test_threshold", "15"));
        Assert.Equal(15, Threshold.GetValue(options, tree, "SAPI1005"));
        Assert.Equal(30, Threshold.GetValue(options, tree, "SAPI1006"));
        Assert.Equal(30, Threshold.GetValue(options, tree));
    }

    [Fact]
    public void Every_declared_option_has_the_prefix_a_description_and_a_unique_key()
    {
        Assert.All(SecureApiOptions.All, o =>
        {
            Assert.StartsWith(SecureApiOption.Prefix, o.Key, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(o.Description));
        });
        Assert.Equal(SecureApiOptions.All.Length, SecureApiOptions.All.Select(o => o.Key).Distinct().Count());
    }

    [Theory]
    [InlineData("Security:Cors:Origins", "Security:Cors:Origins")]
    [InlineData("Bad\"Key", "Cors:AllowedOrigins")]
    [InlineData("Bad\\Key", "Cors:AllowedOrigins")]
    public void Configuration_keys_that_cannot_go_in_a_string_literal_fall_back(string text, string expected)
    {
        var (options, tree) = With(("secureapi.cors_origins_configuration_key", text));
        Assert.Equal(expected, SecureApiOptions.CorsOriginsConfigurationKey.GetValue(options, tree));
    }

    private static (AnalyzerOptions Options, SyntaxTree Tree) With(params (string Key, string Value)[] values)
    {
        var tree = CSharpSyntaxTree.ParseText("class C { }");
        var provider = new Provider(values.ToImmutableDictionary(v => v.Key, v => v.Value));
        return (new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, provider), tree);
    }

    private sealed class Provider(ImmutableDictionary<string, string> values) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(ImmutableDictionary<string, string>.Empty);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(values);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(values);
    }

    private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
