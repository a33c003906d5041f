using SecureApi.CodeFixes.Rules.Tls;
using Xunit;
using CertificateFix = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Tls.CertificateValidationDisabledAnalyzer,
    SecureApi.CodeFixes.Rules.Tls.CertificateValidationDisabledCodeFix>;
using HttpsFix = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Tls.IdentityEndpointOverHttpAnalyzer,
    SecureApi.CodeFixes.Rules.Tls.IdentityEndpointOverHttpCodeFix>;
using ProtocolFix = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Tls.ObsoleteTlsProtocolAnalyzer,
    SecureApi.CodeFixes.Rules.Tls.ObsoleteTlsProtocolCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Tls;

/// <summary>Fixes of SAPI8001 (remove the callback), SAPI8002 (drop obsolete versions) and SAPI8007 (https://).</summary>
public sealed class TlsCodeFixTests
{
    // ---------------------------------------------------------------- SAPI8001

    [Fact]
    public Task Certificate_callbacks_are_removed_from_initializers_statements_and_constructors()
    {
        const string source = """
            using System.Net;
            using System.Net.Security;
            using System.Net.Sockets;

            public static class Clients
            {
                public static HttpClient Legacy()
                {
                    var handler = new HttpClientHandler
                    {
                        UseProxy = false,
                        {|SAPI8001:ServerCertificateCustomValidationCallback = (_, _, _, _) => true|},
                        MaxConnectionsPerServer = 2,
                    };
                    return new HttpClient(handler);
                }

                public static HttpClientHandler Crm()
                {
                    var handler = new HttpClientHandler();
                    // The appliance ships with a self-signed certificate.
                    handler.{|SAPI8001:ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|};
                    return handler;
                }

                public static SslStream Broker(TcpClient tcp) => new SslStream(tcp.GetStream(), false, {|SAPI8001:(s, c, ch, e) => true|});

                public static SslStream WithSelection(TcpClient tcp) => new SslStream(tcp.GetStream(), false, {|SAPI8001:(s, c, ch, e) => true|}, null);
            }
            """;
        const string fixedSource = """
            using System.Net;
            using System.Net.Security;
            using System.Net.Sockets;

            public static class Clients
            {
                public static HttpClient Legacy()
                {
                    var handler = new HttpClientHandler
                    {
                        UseProxy = false,
                        MaxConnectionsPerServer = 2,
                    };
                    return new HttpClient(handler);
                }

                public static HttpClientHandler Crm()
                {
                    var handler = new HttpClientHandler();
                    return handler;
                }

                public static SslStream Broker(TcpClient tcp) => new SslStream(tcp.GetStream(), false);

                public static SslStream WithSelection(TcpClient tcp) => new SslStream(tcp.GetStream(), false, null, null);
            }
            """;
        return CertificateFix.VerifyCodeFixAsync(source, fixedSource, CertificateValidationDisabledCodeFix.RemoveCallback);
    }

    [Fact]
    public Task Certificate_callback_in_a_top_level_program()
    {
        const string source = """
            #pragma warning disable SYSLIB0014
            using System.Net;

            var app = WebApplication.Create(args);
            ServicePointManager.{|SAPI8001:ServerCertificateValidationCallback += (sender, cert, chain, errors) => true|};
            app.Run();
            """;
        const string fixedSource = """
            #pragma warning disable SYSLIB0014
            using System.Net;

            var app = WebApplication.Create(args);
            app.Run();
            """;
        return CertificateFix.VerifyCodeFixAsync(source, fixedSource, CertificateValidationDisabledCodeFix.RemoveCallback);
    }

    [Fact]
    public Task Certificate_callback_in_an_expression_lambda_has_no_fix()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHttpClient("x").ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler())
                .ConfigureHttpMessageHandlerBuilder(b => ((HttpClientHandler)b.PrimaryHandler).{|SAPI8001:ServerCertificateCustomValidationCallback = (_, _, _, _) => true|});
            builder.Build().Run();
            """;
        return CertificateFix.VerifyNoCodeFixAsync(source, CertificateValidationDisabledCodeFix.RemoveCallback);
    }

    // ---------------------------------------------------------------- SAPI8002

    [Fact]
    public Task Obsolete_versions_are_dropped_from_combinations_and_replaced_by_the_system_default()
    {
        const string source = """
            #pragma warning disable SYSLIB0014, SYSLIB0039, CS0618
            using System.Net;
            using System.Net.Security;
            using System.Security.Authentication;

            public static class Legacy
            {
                public static SslClientAuthenticationOptions Broker(string host) => new()
                {
                    TargetHost = host,
                    EnabledSslProtocols = {|SAPI8002:SslProtocols.Tls11|} | SslProtocols.Tls12,
                };

                public static void Configure(HttpClientHandler handler)
                {
                    handler.SslProtocols = {|SAPI8002:SslProtocols.Tls|} | ({|SAPI8002:SslProtocols.Ssl3|} | SslProtocols.Tls12) | SslProtocols.Tls13;
                    ServicePointManager.SecurityProtocol = {|SAPI8002:SecurityProtocolType.Tls|} | {|SAPI8002:SecurityProtocolType.Tls11|};
                }

                public static void Authenticate(SslStream ssl) => ssl.AuthenticateAsClient("broker", null, {|SAPI8002:SslProtocols.Tls|}, false);
            }
            """;
        const string fixedSource = """
            #pragma warning disable SYSLIB0014, SYSLIB0039, CS0618
            using System.Net;
            using System.Net.Security;
            using System.Security.Authentication;

            public static class Legacy
            {
                public static SslClientAuthenticationOptions Broker(string host) => new()
                {
                    TargetHost = host,
                    EnabledSslProtocols = SslProtocols.Tls12,
                };

                public static void Configure(HttpClientHandler handler)
                {
                    handler.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13;
                    ServicePointManager.SecurityProtocol = SecurityProtocolType.SystemDefault;
                }

                public static void Authenticate(SslStream ssl) => ssl.AuthenticateAsClient("broker", null, SslProtocols.None, false);
            }
            """;
        return ProtocolFix.VerifyCodeFixAsync(source, fixedSource, ObsoleteTlsProtocolCodeFix.DropObsoleteProtocols);
    }

    // ---------------------------------------------------------------- SAPI8007

    [Fact]
    public Task Http_becomes_https_in_literals_interpolations_and_uris()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            var builder = WebApplication.CreateBuilder(args);
            var realm = builder.Configuration["Sso:Realm"];
            builder.Services.AddAuthentication()
                .AddJwtBearer(options =>
                {
                    options.Authority = {|SAPI8007:"http://sso.corp.internal/realms/api"|};
                    options.MetadataAddress = {|SAPI8007:$"http://sso.corp.internal/realms/{realm}/.well-known/openid-configuration"|};
                    options.Backchannel = new HttpClient { BaseAddress = new Uri({|SAPI8007:@"http://sso.corp.internal/"|}) };
                });
            builder.Build().Run();
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            var builder = WebApplication.CreateBuilder(args);
            var realm = builder.Configuration["Sso:Realm"];
            builder.Services.AddAuthentication()
                .AddJwtBearer(options =>
                {
                    options.Authority = "https://sso.corp.internal/realms/api";
                    options.MetadataAddress = $"https://sso.corp.internal/realms/{realm}/.well-known/openid-configuration";
                    options.Backchannel = new HttpClient { BaseAddress = new Uri(@"https://sso.corp.internal/") };
                });
            builder.Build().Run();
            """;
        return HttpsFix.VerifyCodeFixAsync(source, fixedSource, IdentityEndpointOverHttpCodeFix.UseHttps);
    }

    [Fact]
    public Task Http_in_a_constant_elsewhere_has_no_fix()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            public static class Sso
            {
                public const string Authority = "http://sso.corp.internal";

                public static void Configure(JwtBearerOptions options) => options.Authority = {|SAPI8007:Authority|};
            }
            """;
        return HttpsFix.VerifyNoCodeFixAsync(source, IdentityEndpointOverHttpCodeFix.UseHttps);
    }
}
