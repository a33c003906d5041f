using SecureApi.CodeFixes.Rules.Hosting;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Hosting.InsecureCookieAnalyzer,
    SecureApi.CodeFixes.Rules.Hosting.InsecureCookieCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Hosting;

/// <summary>Fix of SAPI8004: flags back on, Secure next to SameSite = None, secure options for Append.</summary>
public sealed class InsecureCookieCodeFixTests
{
    private const string Key = InsecureCookieCodeFix.SecureTheCookie;

    [Fact]
    public Task Flags_in_an_initializer_are_switched_back_on()
    {
        const string source = """
            public sealed class RememberDevice
            {
                public void Write(HttpResponse response, string deviceId)
                {
                    response.Cookies.Append("trusted-device", deviceId, new CookieOptions
                    {
                        {|SAPI8004:HttpOnly = false|}, // read by the portal's script
                        {|SAPI8004:Secure = false|},
                        SameSite = SameSiteMode.Strict,
                    });
                }
            }
            """;
        const string fixedSource = """
            public sealed class RememberDevice
            {
                public void Write(HttpResponse response, string deviceId)
                {
                    response.Cookies.Append("trusted-device", deviceId, new CookieOptions
                    {
                        HttpOnly = true, // read by the portal's script
                        Secure = true,
                        SameSite = SameSiteMode.Strict,
                    });
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task A_new_CookieBuilder_gets_HttpOnly_back()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.ConfigureApplicationCookie(options =>
            {
                options.{|SAPI8004:Cookie|} = new CookieBuilder
                {
                    Name = "eShop.Identity",
                    IsEssential = true
                };
            });
            builder.Services.AddSession(options => options.{|SAPI8004:Cookie|} = new() { Name = ".Shop.Session", });
            builder.Services.AddAntiforgery(options => options.{|SAPI8004:Cookie|} = new CookieBuilder());
            builder.Build().Run();
            """;
        const string fixedSource = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.ConfigureApplicationCookie(options =>
            {
                options.Cookie = new CookieBuilder
                {
                    Name = "eShop.Identity",
                    IsEssential = true,
                    HttpOnly = true
                };
            });
            builder.Services.AddSession(options => options.Cookie = new() { Name = ".Shop.Session", HttpOnly = true, });
            builder.Services.AddAntiforgery(options => options.Cookie = new CookieBuilder { HttpOnly = true });
            builder.Build().Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task SameSite_None_gets_Secure_in_initializers_and_statements()
    {
        const string source = """
            public static class Sso
            {
                public static void Start(HttpContext context, string state)
                {
                    context.Response.Cookies.Append("sso_state", state, new CookieOptions
                    {
                        HttpOnly = true,
                        {|SAPI8004:SameSite = SameSiteMode.None|},
                    });
                    context.Response.Cookies.Append("sso_nonce", state, new CookieOptions { {|SAPI8004:SameSite = SameSiteMode.None|} });
                    var options = new CookieOptions { HttpOnly = true };
                    options.{|SAPI8004:SameSite = SameSiteMode.None|};
                    context.Response.Cookies.Append("sso_return", state, options);
                }
            }
            """;
        const string fixedSource = """
            public static class Sso
            {
                public static void Start(HttpContext context, string state)
                {
                    context.Response.Cookies.Append("sso_state", state, new CookieOptions
                    {
                        HttpOnly = true,
                        Secure = true,
                        SameSite = SameSiteMode.None,
                    });
                    context.Response.Cookies.Append("sso_nonce", state, new CookieOptions { Secure = true, SameSite = SameSiteMode.None });
                    var options = new CookieOptions { HttpOnly = true };
                    options.Secure = true;
                    options.SameSite = SameSiteMode.None;
                    context.Response.Cookies.Append("sso_return", state, options);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Policies_become_Always_and_Lax()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.Cookies;
            using Microsoft.AspNetCore.CookiePolicy;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
                .AddCookie(options => options.Cookie.{|SAPI8004:SecurePolicy = CookieSecurePolicy.SameAsRequest|});
            builder.Services.AddSession(options =>
            {
                options.Cookie.{|SAPI8004:SameSite = SameSiteMode.None|};
            });
            builder.Services.Configure<CookiePolicyOptions>(options =>
            {
                options.{|SAPI8004:MinimumSameSitePolicy = SameSiteMode.None|};
                options.{|SAPI8004:HttpOnly = HttpOnlyPolicy.None|};
                options.{|SAPI8004:Secure = Microsoft.AspNetCore.Http.CookieSecurePolicy.None|};
            });
            builder.Build().Run();
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Authentication.Cookies;
            using Microsoft.AspNetCore.CookiePolicy;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
                .AddCookie(options => options.Cookie.SecurePolicy = CookieSecurePolicy.Always);
            builder.Services.AddSession(options =>
            {
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                options.Cookie.SameSite = SameSiteMode.None;
            });
            builder.Services.Configure<CookiePolicyOptions>(options =>
            {
                options.MinimumSameSitePolicy = SameSiteMode.Lax;
                options.HttpOnly = HttpOnlyPolicy.Always;
                options.Secure = Microsoft.AspNetCore.Http.CookieSecurePolicy.Always;
            });
            builder.Build().Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Append_gets_secure_options_Strict_for_tokens_and_Lax_for_sessions()
    {
        const string source = """
            namespace Kiosk;

            public sealed class Sessions
            {
                private const string RefreshCookie = "hd_refresh_token";

                public void Start(Microsoft.AspNetCore.Http.HttpResponse response, string id, string refresh)
                {
                    response.Cookies.{|SAPI8004:Append("kiosk_session", id)|};
                    response.Cookies.{|SAPI8004:Append(RefreshCookie, refresh)|};
                }
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Http;

            namespace Kiosk;

            public sealed class Sessions
            {
                private const string RefreshCookie = "hd_refresh_token";

                public void Start(Microsoft.AspNetCore.Http.HttpResponse response, string id, string refresh)
                {
                    response.Cookies.Append("kiosk_session", id, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Lax });
                    response.Cookies.Append(RefreshCookie, refresh, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict });
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, new Infrastructure.SnippetOptions { ImplicitUsings = false }, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Session_cookie_builder_statement()
    {
        const string source = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddSession(options =>
            {
                options.Cookie.{|SAPI8004:SameSite = SameSiteMode.None|};
            });
            builder.Build().Run();
            """;
        const string fixedSource = """
            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddSession(options =>
            {
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                options.Cookie.SameSite = SameSiteMode.None;
            });
            builder.Build().Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task A_constant_value_gets_no_fix_for_enums()
    {
        const string source = """
            public static class Policy
            {
                private const CookieSecurePolicy Relaxed = CookieSecurePolicy.None;

                public static CookieBuilder Create() => new() { {|#0:SecurePolicy = Relaxed|} };
            }
            """;
        return Verify.VerifyNoCodeFixAsync(
            source,
            Key,
            expected: Verify.Diagnostic(SecureApi.Analyzers.Core.Descriptors.InsecureCookie).WithLocation(0).WithArguments("SecurePolicy = Relaxed", "the cookie is issued without Secure on plain HTTP requests and sent over them"));
    }
}
