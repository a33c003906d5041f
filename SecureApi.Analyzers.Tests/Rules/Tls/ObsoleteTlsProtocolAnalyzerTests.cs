using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Tls.ObsoleteTlsProtocolAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Tls;

/// <summary>SAPI8002: obsolete SSL/TLS versions written in code.</summary>
public sealed class ObsoleteTlsProtocolAnalyzerTests
{
    private const string Usings = """
        #pragma warning disable SYSLIB0014, SYSLIB0039, CS0618
        using System.Net;
        using System.Net.Security;
        using System.Net.Sockets;
        using System.Security.Authentication;

        """;

    private static DiagnosticResult Protocol(int markup, string member, string versions) =>
        Verify.Diagnostic(Descriptors.ObsoleteTlsProtocol).WithLocation(markup).WithArguments(member, versions);

    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task Each_obsolete_member_of_a_combination_is_reported()
    {
        const string source = Usings + """
            public static class Connections
            {
                public static SslClientAuthenticationOptions Broker(string host) => new()
                {
                    TargetHost = host,
                    EnabledSslProtocols = {|#0:SslProtocols.Tls11|} | SslProtocols.Tls12,
                };

                public static HttpClientHandler Legacy()
                {
                    var handler = new HttpClientHandler();
                    handler.SslProtocols = {|#1:SslProtocols.Tls|} | ({|#2:SslProtocols.Ssl3|} | SslProtocols.Tls12);
                    return handler;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Protocol(0, "SslProtocols.Tls11", "TLS 1.1"),
            Protocol(1, "SslProtocols.Tls", "TLS 1.0"),
            Protocol(2, "SslProtocols.Ssl3", "SSL 3.0"));
    }

    [Fact]
    public Task Service_point_manager_arguments_returns_and_initializers()
    {
        const string source = Usings + """
            public static class Legacy
            {
                private const SslProtocols Fallback = {|#0:SslProtocols.Ssl2|};

                public static SslProtocols Protocols { get; } = {|#1:SslProtocols.Default|};

                public static void Configure()
                {
                    ServicePointManager.SecurityProtocol = {|#2:SecurityProtocolType.Tls|} | SecurityProtocolType.Tls12;
                    ServicePointManager.SecurityProtocol |= {|#3:SecurityProtocolType.Tls11|};
                    var chosen = args().Length > 0 ? {|#4:SecurityProtocolType.Ssl3|} : SecurityProtocolType.SystemDefault;
                }

                public static void Authenticate(SslStream ssl) => ssl.AuthenticateAsClient("broker", null, {|#5:SslProtocols.Tls|}, false);

                public static SslProtocols ForVersion(string version) => version switch
                {
                    "1.1" => {|#6:SslProtocols.Tls11|},
                    _ => SslProtocols.None,
                };

                private static string[] args() => Array.Empty<string>();
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Protocol(0, "SslProtocols.Ssl2", "SSL 2.0"),
            Protocol(1, "SslProtocols.Default", "SSL 3.0 and TLS 1.0"),
            Protocol(2, "SecurityProtocolType.Tls", "TLS 1.0"),
            Protocol(3, "SecurityProtocolType.Tls11", "TLS 1.1"),
            Protocol(4, "SecurityProtocolType.Ssl3", "SSL 3.0"),
            Protocol(5, "SslProtocols.Tls", "TLS 1.0"),
            Protocol(6, "SslProtocols.Tls11", "TLS 1.1"));
    }

    [Fact]
    public Task Kestrel_https_defaults()
    {
        const string source = """
            using System.Security.Authentication;

            var builder = WebApplication.CreateBuilder(args);
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
            {
            #pragma warning disable SYSLIB0039
                https.SslProtocols = {|SAPI8002:SslProtocols.Tls11|} | SslProtocols.Tls12;
            #pragma warning restore SYSLIB0039
            }));
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task Current_versions_and_the_operating_system_default()
    {
        const string source = Usings + """
            public static class Modern
            {
                public static void Configure(HttpClientHandler handler, SslClientAuthenticationOptions options)
                {
                    handler.SslProtocols = SslProtocols.None;
                    options.EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                    ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;
                    ServicePointManager.SecurityProtocol = SecurityProtocolType.Tls12 | SecurityProtocolType.Tls13;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Reading_comparing_and_removing_obsolete_versions()
    {
        const string source = Usings + """
            public sealed class Audit(ILogger<Audit> logger)
            {
                public bool IsLegacy(SslStream ssl)
                {
                    var protocol = ssl.SslProtocol;
                    if (protocol == SslProtocols.Tls || protocol == SslProtocols.Tls11)
                    {
                        logger.LogWarning("Peer negotiated {Protocol}; {Old} is deprecated", protocol, SslProtocols.Tls);
                        return true;
                    }

                    switch (protocol)
                    {
                        case SslProtocols.Ssl3:
                            return true;
                    }

                    return protocol.HasFlag(SslProtocols.Ssl2)
                           || (protocol & (SslProtocols.Tls | SslProtocols.Tls11)) != 0
                           || protocol is SslProtocols.Ssl3;
                }

                public static void DisableOld()
                {
                    ServicePointManager.SecurityProtocol &= ~(SecurityProtocolType.Ssl3 | SecurityProtocolType.Tls | SecurityProtocolType.Tls11);
                    ServicePointManager.SecurityProtocol = ServicePointManager.SecurityProtocol & ~SecurityProtocolType.Tls;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }
}
