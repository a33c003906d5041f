using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Tls.CertificateValidationDisabledAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Tls;

/// <summary>SAPI8001: certificate validation callbacks that accept every certificate.</summary>
public sealed class CertificateValidationDisabledAnalyzerTests
{
    private const string Usings = """
        using System.Net;
        using System.Net.Security;
        using System.Net.Sockets;
        using System.Security.Cryptography.X509Certificates;

        """;

    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task Handler_initializer_with_an_expression_lambda_and_the_dangerous_validator()
    {
        const string source = Usings + """
            public static class Clients
            {
                public static HttpClient Legacy()
                {
                    var handler = new HttpClientHandler
                    {
                        {|SAPI8001:ServerCertificateCustomValidationCallback = (_, _, _, _) => true|},
                        UseProxy = false,
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
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Block_lambdas_anonymous_methods_and_method_groups_that_only_return_true()
    {
        const string source = Usings + """
            public sealed class Gateways(ILogger<Gateways> logger)
            {
                public HttpClientHandler Block() => new()
                {
                    {|SAPI8001:ServerCertificateCustomValidationCallback = (message, cert, chain, errors) =>
                    {
                        if (errors != SslPolicyErrors.None)
                        {
                            logger.LogWarning("Certificate problem {Errors} for {Subject}", errors, cert?.Subject);
                        }

                        return true;
                    }|},
                };

                public SslClientAuthenticationOptions Anonymous() => new()
                {
                    TargetHost = "broker",
                    {|SAPI8001:RemoteCertificateValidationCallback = delegate { return true; }|},
                };

                public HttpClientHandler MethodGroup()
                {
                    var handler = new HttpClientHandler();
                    handler.{|SAPI8001:ServerCertificateCustomValidationCallback = AcceptAll|};
                    return handler;
                }

                private bool AcceptAll(HttpRequestMessage message, X509Certificate2? cert, X509Chain? chain, SslPolicyErrors errors)
                {
                    logger.LogDebug("Accepting {Subject}", cert?.Subject);
                    return true;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Sockets_handler_ssl_options_service_point_manager_and_web_request()
    {
        const string source = Usings + """
            public static class Legacy
            {
                public static SocketsHttpHandler Sockets()
                {
                    var handler = new SocketsHttpHandler
                    {
                        SslOptions = { {|SAPI8001:RemoteCertificateValidationCallback = (_, _, _, _) => true|} },
                    };
                    handler.SslOptions.{|SAPI8001:RemoteCertificateValidationCallback = (sender, cert, chain, errors) => { return true; }|};
                    return handler;
                }

                public static void Global()
                {
            #pragma warning disable SYSLIB0014
                    ServicePointManager.{|SAPI8001:ServerCertificateValidationCallback += (sender, cert, chain, errors) => true|};
                    ServicePointManager.{|SAPI8001:ServerCertificateValidationCallback = delegate { return true; }|};
                    var request = (HttpWebRequest)WebRequest.Create("https://partner.example.com/");
                    request.{|SAPI8001:ServerCertificateValidationCallback = (sender, cert, chain, errors) => true|};
            #pragma warning restore SYSLIB0014
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task SslStream_constructor_callback_lambda_method_group_and_local()
    {
        const string source = Usings + """
            public static class Broker
            {
                public static SslStream Lambda(TcpClient tcp) =>
                    new SslStream(tcp.GetStream(), false, {|SAPI8001:(sender, cert, chain, errors) => true|});

                public static SslStream MethodGroup(TcpClient tcp) =>
                    new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, {|SAPI8001:userCertificateValidationCallback: Accept|});

                public static SslStream Local(TcpClient tcp)
                {
                    RemoteCertificateValidationCallback accept = (sender, cert, chain, errors) => true;
                    return new SslStream(tcp.GetStream(), false, {|SAPI8001:accept|}, null);
                }

                public static SslStream Delegate(TcpClient tcp) =>
                    new SslStream(tcp.GetStream(), false, {|SAPI8001:new RemoteCertificateValidationCallback(Accept)|});

                private static bool Accept(object sender, X509Certificate? cert, X509Chain? chain, SslPolicyErrors errors) => true;
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Readonly_field_holding_an_accepting_callback()
    {
        const string source = Usings + """
            public static class Gateways
            {
                private static readonly Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> AcceptAll = (_, _, _, _) => true;
                private static readonly Func<HttpRequestMessage, X509Certificate2?, X509Chain?, SslPolicyErrors, bool> NoErrors = (_, _, _, errors) => errors == SslPolicyErrors.None;

                public static HttpClientHandler Legacy() => new() { {|SAPI8001:ServerCertificateCustomValidationCallback = AcceptAll|} };

                public static HttpClientHandler Checked() => new() { ServerCertificateCustomValidationCallback = NoErrors };
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Http_client_factory_primary_handler()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddHttpClient("gateways")
                .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
                {
                    {|SAPI8001:ServerCertificateCustomValidationCallback = (_, _, _, _) => true|},
                });
            builder.Services.AddHttpClient("crm")
                .ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
                {
                    SslOptions = new System.Net.Security.SslClientAuthenticationOptions
                    {
                        {|SAPI8001:RemoteCertificateValidationCallback = delegate { return true; }|},
                    },
                });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Development_branches_are_still_reported()
    {
        // The catalog does not exempt development: a test certificate belongs in the machine's trust store.
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            if (builder.Environment.IsDevelopment())
            {
                builder.Services.AddHttpClient("local")
                    .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
                    {
                        {|SAPI8001:ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|},
                    });
            }

            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task Callbacks_that_check_errors_thumbprints_or_chains()
    {
        const string source = Usings + """
            public sealed class Checked(IConfiguration configuration, ILogger<Checked> logger)
            {
                public HttpClientHandler Errors() => new()
                {
                    ServerCertificateCustomValidationCallback = (_, _, _, errors) => errors == SslPolicyErrors.None,
                };

                public HttpClientHandler Thumbprint(string thumbprint) => new()
                {
                    ServerCertificateCustomValidationCallback = (_, cert, _, errors) =>
                        errors == SslPolicyErrors.None
                        || string.Equals(cert?.GetCertHashString(), thumbprint, StringComparison.OrdinalIgnoreCase),
                };

                public SslStream Pinned(TcpClient tcp) => new SslStream(tcp.GetStream(), false, ValidateBroker);

                public HttpClientHandler Chain() => new()
                {
                    ServerCertificateCustomValidationCallback = (_, cert, chain, errors) =>
                    {
                        if (errors == SslPolicyErrors.None)
                        {
                            return true;
                        }

                        if (cert is null || chain is null)
                        {
                            return false;
                        }

                        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                        return chain.Build(cert);
                    },
                };

                public HttpClientHandler Throws() => new()
                {
                    ServerCertificateCustomValidationCallback = (_, _, _, errors) =>
                    {
                        if (errors != SslPolicyErrors.None)
                        {
                            throw new InvalidOperationException("Untrusted certificate");
                        }

                        return true;
                    },
                };

                public HttpClientHandler Helper() => new()
                {
                    ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
                    {
                        Ensure(cert);
                        return true;
                    },
                };

                private static void Ensure(X509Certificate2? cert)
                {
                    if (cert is null) throw new InvalidOperationException();
                }

                // Accept a chain error only for the pinned certificate.
                private bool ValidateBroker(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
                {
                    if (errors == SslPolicyErrors.None)
                        return true;
                    var pinned = configuration["Mqtt:Thumbprint"];
                    var ok = certificate is X509Certificate2 cert && string.Equals(cert.Thumbprint, pinned, StringComparison.OrdinalIgnoreCase);
                    if (!ok)
                        logger.LogWarning("Rejected broker certificate ({Errors})", errors);
                    return ok;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Other_types_server_side_client_certificates_and_no_callback()
    {
        const string source = Usings + """
            using Microsoft.AspNetCore.Server.Kestrel.Https;

            public sealed class MyHandlerOptions
            {
                public Func<object, bool>? ServerCertificateCustomValidationCallback { get; set; }
            }

            public static class Setup
            {
                public static void Configure(WebApplicationBuilder builder)
                {
                    var mine = new MyHandlerOptions { ServerCertificateCustomValidationCallback = _ => true };

                    // Client certificates are validated by the certificate authentication handler, not here.
                    builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
                    {
                        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                        https.ClientCertificateValidation = (cert, chain, errors) => true;
                    }));

                    var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = null };
                }

                public static SslStream Default(TcpClient tcp) => new SslStream(tcp.GetStream(), false);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }
}
