using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Hosting.ForwardedHeadersTrustAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Hosting;

/// <summary>SAPI8006: forwarded headers accepted from any sender.</summary>
public sealed class ForwardedHeadersTrustAnalyzerTests
{
    private const string Cleared = "KnownNetworks and KnownProxies are cleared and no trusted proxy is added, so forwarded headers are accepted from every sender";

    private static DiagnosticResult Trust(int markup, string what) =>
        Verify.Diagnostic(Descriptors.ForwardedHeadersTrustAll).WithLocation(markup).WithArguments(what);

    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task Both_lists_cleared_reported_once_on_the_first_clear()
    {
        const string source = """
            using Microsoft.AspNetCore.HttpOverrides;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.Configure<ForwardedHeadersOptions>(options =>
            {
                options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                // The load balancer's addresses change on every deployment.
                options.KnownNetworks.{|#0:Clear()|};
                options.KnownProxies.Clear();
            });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Trust(0, Cleared));
    }

    [Fact]
    public Task Networks_that_contain_every_address_and_no_forward_limit()
    {
        const string source = """
            using System.Net;
            using Microsoft.AspNetCore.HttpOverrides;

            public static class Proxies
            {
                public static void UseProxies(this WebApplication app)
                {
                    var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.All, {|#0:ForwardLimit = null|} };
                    options.KnownNetworks.{|#1:Add(new Microsoft.AspNetCore.HttpOverrides.IPNetwork(IPAddress.Any, 0))|};
                    options.KnownNetworks.{|#2:Add(Microsoft.AspNetCore.HttpOverrides.IPNetwork.Parse("::/0"))|};
                    options.KnownNetworks.{|#3:Add(new Microsoft.AspNetCore.HttpOverrides.IPNetwork(IPAddress.Parse("0.0.0.0"), 0))|};
                    app.UseForwardedHeaders(options);
                }
            }
            """;
        const string everything = "KnownNetworks.Add of a network with prefix length 0 trusts every address as a proxy";
        return Verify.VerifyAnalyzerAsync(
            source,
            Trust(0, "ForwardLimit = null processes every entry of X-Forwarded-For, however long the chain a client sends"),
            Trust(1, everything),
            Trust(2, everything),
            Trust(3, everything));
    }

    [Fact]
    public Task System_Net_IPNetwork_parse()
    {
        const string source = """
            using Microsoft.AspNetCore.HttpOverrides;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.Configure<ForwardedHeadersOptions>(options =>
            {
                options.KnownNetworks.{|#0:Add(Microsoft.AspNetCore.HttpOverrides.IPNetwork.Parse("0.0.0.0/0"))|};
            });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source, Trust(0, "KnownNetworks.Add of a network with prefix length 0 trusts every address as a proxy"));
    }

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task Cleared_and_refilled_with_trusted_entries()
    {
        const string source = """
            using System.Net;
            using Microsoft.AspNetCore.HttpOverrides;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.Configure<ForwardedHeadersOptions>(options =>
            {
                options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
                options.KnownNetworks.Clear();
                options.KnownProxies.Clear();
                options.KnownNetworks.Add(new Microsoft.AspNetCore.HttpOverrides.IPNetwork(IPAddress.Parse("10.20.0.0"), 16));
                options.KnownProxies.Add(IPAddress.Parse("10.20.0.5"));
                options.ForwardLimit = 2;
            });
            builder.Services.Configure<ForwardedHeadersOptions>(options =>
            {
                // Only the networks: the loopback proxies stay trusted.
                options.KnownNetworks.Clear();
            });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Other_lists_and_other_types()
    {
        const string source = """
            using System.Net;

            public sealed class MyOptions
            {
                public List<IPAddress> KnownProxies { get; } = new();
                public List<string> KnownNetworks { get; } = new();
                public int? ForwardLimit { get; set; }
            }

            public static class Uses
            {
                public static void Configure(MyOptions options, Microsoft.AspNetCore.Builder.ForwardedHeadersOptions forwarded)
                {
                    options.KnownProxies.Clear();
                    options.KnownNetworks.Clear();
                    options.KnownNetworks.Add("0.0.0.0/0");
                    options.ForwardLimit = null;
                    forwarded.AllowedHosts.Clear();
                    forwarded.KnownNetworks.Add(Microsoft.AspNetCore.HttpOverrides.IPNetwork.Parse("10.0.0.0/8"));
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Without_ASP_NET_Core_the_rule_is_off()
    {
        const string source = """
            public sealed class ForwardedHeadersOptions { public int? ForwardLimit { get; set; } }
            public static class Uses { public static ForwardedHeadersOptions Create() => new() { ForwardLimit = null }; }
            """;
        return Verify.VerifyAnalyzerAsync(source, new SnippetOptions { References = ReferencePresets.BaseClassLibraryOnly, ImplicitUsings = false });
    }
}
