using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Hosting.InsecureCookieAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Hosting;

/// <summary>SAPI8004: cookies without Secure, HttpOnly or SameSite, weakened cookie policies, session cookies without options.</summary>
public sealed class InsecureCookieAnalyzerTests
{
    private static DiagnosticResult Cookie(int markup, string what, string why) =>
        Verify.Diagnostic(Descriptors.InsecureCookie).WithLocation(markup).WithArguments(what, why);

    /// <summary>A method that builds CookieOptions, with <paramref name="statement"/> between creation and return.</summary>
    private static string InOptionsFactory(string statement) => $$"""
        public static class Cookies
        {
            public static CookieOptions Create(IWebHostEnvironment env)
            {
                var options = new CookieOptions { HttpOnly = true };
                {{statement}}
                return options;
            }
        }
        """;

    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task CookieOptions_flags_switched_off()
    {
        const string source = """
            public sealed class RememberDevice
            {
                public void Write(HttpResponse response, string deviceId)
                {
                    response.Cookies.Append("trusted-device", deviceId, new CookieOptions
                    {
                        {|#0:HttpOnly = false|},
                        {|#1:Secure = false|},
                        SameSite = SameSiteMode.Strict,
                    });
                    var options = new CookieOptions();
                    options.{|#2:Secure = false|};
                    response.Cookies.Delete("trusted-device", new CookieOptions { {|#3:Secure = false|} });
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Cookie(0, "HttpOnly = false", "any script on the page, injected script included, can read the cookie"),
            Cookie(1, "Secure = false", "the cookie is also sent over plain HTTP, where anyone on the network path can read it"),
            Cookie(2, "Secure = false", "the cookie is also sent over plain HTTP, where anyone on the network path can read it"),
            Cookie(3, "Secure = false", "the cookie is also sent over plain HTTP, where anyone on the network path can read it"));
    }

    [Fact]
    public Task SameSite_None_without_Secure()
    {
        const string source = """
            public static class Sso
            {
                private const bool Off = false;

                public static void Start(HttpContext context, string state)
                {
                    context.Response.Cookies.Append("sso_state", state, new CookieOptions
                    {
                        HttpOnly = true,
                        {|#0:SameSite = SameSiteMode.None|},
                    });
                    context.Response.Cookies.Append("sso_nonce", state, new CookieOptions { {|#1:SameSite = SameSiteMode.None|}, {|#3:Secure = Off|} });
                    var options = new CookieOptions { HttpOnly = true };
                    options.{|#2:SameSite = SameSiteMode.None|};
                }
            }
            """;
        const string why = "the cookie goes with every cross-site request and over plain HTTP (current browsers drop it)";
        return Verify.VerifyAnalyzerAsync(
            source,
            Cookie(0, "SameSite = None without Secure", why),
            Cookie(1, "SameSite = None without Secure", why),
            Cookie(2, "SameSite = None without Secure", why),
            Cookie(3, "Secure = false", "the cookie is also sent over plain HTTP, where anyone on the network path can read it"));
    }

    [Fact]
    public Task Secure_policies_of_auth_antiforgery_and_session_cookies()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.Cookies;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
                .AddCookie(options =>
                {
                    options.Cookie.{|#0:SecurePolicy = CookieSecurePolicy.SameAsRequest|};
                    options.Cookie.{|#1:HttpOnly = false|};
                });
            builder.Services.AddAntiforgery(options => options.Cookie.{|#2:SecurePolicy = CookieSecurePolicy.None|});
            builder.Services.AddSession(options =>
            {
                options.Cookie.{|#3:SameSite = SameSiteMode.None|};
            });
            builder.Services.ConfigureApplicationCookie(options => options.Cookie = new CookieBuilder { {|#4:SecurePolicy = CookieSecurePolicy.None|}, HttpOnly = true });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Cookie(0, "SecurePolicy = SameAsRequest", "the cookie is issued without Secure on plain HTTP requests and sent over them"),
            Cookie(1, "HttpOnly = false", "any script on the page, injected script included, can read the cookie"),
            Cookie(2, "SecurePolicy = None", "the cookie is issued without Secure on plain HTTP requests and sent over them"),
            Cookie(3, "SameSite = None without Secure", "the cookie goes with every cross-site request and over plain HTTP (current browsers drop it)"),
            Cookie(4, "SecurePolicy = None", "the cookie is issued without Secure on plain HTTP requests and sent over them"));
    }

    [Fact]
    public Task A_new_CookieBuilder_replacing_a_framework_cookie_drops_HttpOnly()
    {
        // eShopOnWeb: HttpOnly = true two lines earlier is lost when the whole builder is replaced.
        const string source = """
            using Microsoft.AspNetCore.Authentication.Cookies;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.ConfigureApplicationCookie(options =>
            {
                options.Cookie.HttpOnly = true;
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                options.{|#0:Cookie|} = new CookieBuilder
                {
                    Name = "eShop.Identity",
                    IsEssential = true,
                };
            });
            builder.Services.AddAuthentication().AddCookie(options => options.{|#1:Cookie|} = new CookieBuilder());
            builder.Services.AddSession(options => options.{|#2:Cookie|} = new() { Name = ".Shop.Session" });
            builder.Services.AddAntiforgery(options => options.{|#3:Cookie|} = new CookieBuilder { Name = "af" });
            builder.Build().Run();
            """;
        const string why = "a new CookieBuilder starts with HttpOnly = false and replaces the {0} cookie's HttpOnly default, so any script on the page can read it";
        return Verify.VerifyAnalyzerAsync(
            source,
            Cookie(0, "CookieAuthenticationOptions.Cookie = new CookieBuilder without HttpOnly", string.Format(why, "authentication")),
            Cookie(1, "CookieAuthenticationOptions.Cookie = new CookieBuilder without HttpOnly", string.Format(why, "authentication")),
            Cookie(2, "SessionOptions.Cookie = new CookieBuilder without HttpOnly", string.Format(why, "session")),
            Cookie(3, "AntiforgeryOptions.Cookie = new CookieBuilder without HttpOnly", string.Format(why, "anti-forgery")));
    }

    [Fact]
    public Task A_new_CookieBuilder_that_sets_HttpOnly_or_an_own_options_type()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.Cookies;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.ConfigureApplicationCookie(options => options.Cookie = new CookieBuilder { Name = "app", HttpOnly = true });
            builder.Services.AddSession(options => options.Cookie = new CookieBuilder { HttpOnly = builder.Configuration.GetValue<bool>("Session:HttpOnly") });
            builder.Services.Configure<ThemeOptions>(options => options.Cookie = new CookieBuilder { Name = "theme" });
            builder.Build().Run();

            // The app's own options: what it does with the builder is up to the app (and SAPI8004 checks where it is used).
            public sealed class ThemeOptions { public CookieBuilder Cookie { get; set; } = new(); }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Weakened_cookie_policy()
    {
        const string source = """
            using Microsoft.AspNetCore.CookiePolicy;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.Configure<CookiePolicyOptions>(options =>
            {
                options.{|#0:MinimumSameSitePolicy = SameSiteMode.None|};
                options.{|#1:HttpOnly = HttpOnlyPolicy.None|};
                options.{|#2:Secure = CookieSecurePolicy.SameAsRequest|};
            });
            var app = builder.Build();
            app.UseCookiePolicy(new CookiePolicyOptions { {|#3:Secure = CookieSecurePolicy.None|} });
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Cookie(0, "MinimumSameSitePolicy = SameSiteMode.None", "the cookie policy lets every cookie go with cross-site requests"),
            Cookie(1, "CookiePolicyOptions.HttpOnly = HttpOnlyPolicy.None", "the cookie policy no longer forces HttpOnly, so script can read cookies"),
            Cookie(2, "CookiePolicyOptions.Secure = SameAsRequest", "the cookie policy no longer forces Secure on the app's cookies"),
            Cookie(3, "CookiePolicyOptions.Secure = None", "the cookie policy no longer forces Secure on the app's cookies"));
    }

    [Theory]
    [InlineData("kiosk_session")]
    [InlineData("ASP.NET_SessionId")]
    [InlineData("hd_refresh_token")]
    [InlineData("access_token")]
    [InlineData("jwt")]
    [InlineData(".AspNetCore.Auth")]
    [InlineData("remember_me")]
    public Task Session_and_token_cookies_appended_without_options(string name)
    {
        var source = $$"""
            public sealed class Sessions
            {
                private const string CookieName = "{{name}}";

                public void Start(HttpResponse response, string value)
                {
                    response.Cookies.{|#0:Append(CookieName, value)|};
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Cookie(0, $"cookie '{name}' is appended without CookieOptions", "it is sent over plain HTTP, readable by script and sent with cross-site requests"));
    }

    [Theory]
    [InlineData("if (!env.IsProduction()) { options.{|#0:Secure = false|}; }")]
    [InlineData("if (env.IsDevelopment()) { } else { options.{|#0:Secure = false|}; }")]
    [InlineData("if (env.IsStaging()) options.{|#0:Secure = false|};")]
    public Task Branches_that_do_not_prove_Development(string statement)
    {
        return Verify.VerifyAnalyzerAsync(InOptionsFactory(statement), Cookie(0, "Secure = false", "the cookie is also sent over plain HTTP, where anyone on the network path can read it"));
    }

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task Secure_settings_are_not_flagged()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.Cookies;
            using Microsoft.AspNetCore.CookiePolicy;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
                .AddCookie(options =>
                {
                    options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                    options.Cookie.HttpOnly = true;
                    options.Cookie.SameSite = SameSiteMode.None;
                });
            builder.Services.AddSession(options =>
            {
                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                options.Cookie.SameSite = SameSiteMode.Lax;
            });
            builder.Services.Configure<CookiePolicyOptions>(options =>
            {
                options.MinimumSameSitePolicy = SameSiteMode.Strict;
                options.HttpOnly = HttpOnlyPolicy.Always;
                options.Secure = CookieSecurePolicy.Always;
            });
            var app = builder.Build();
            app.MapPost("/sso", (HttpContext context, string state) =>
            {
                context.Response.Cookies.Append("sso_state", state, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.None });
                context.Response.Cookies.Append("sso_return", state, new CookieOptions { Secure = context.Request.IsHttps, SameSite = SameSiteMode.None });
                var options = new CookieOptions { HttpOnly = true };
                options.Secure = true;
                options.SameSite = SameSiteMode.None;
                context.Response.Cookies.Append("hd_refresh_token", state, new CookieOptions { HttpOnly = true, Secure = true, SameSite = SameSiteMode.Strict });
                context.Response.Cookies.Delete("hd_refresh_token");
                return Results.Ok();
            });
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Theory]
    [InlineData("clinic.culture")]
    [InlineData("theme")]
    [InlineData("session_expiry")]
    [InlineData("XSRF-TOKEN")]
    [InlineData("consent")]
    public Task Cookies_that_are_not_named_like_sessions_or_tokens(string name)
    {
        var source = $$"""
            public sealed class Preferences
            {
                public void Save(HttpResponse response, string value)
                {
                    response.Cookies.Append("{{name}}", value);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Antiforgery_token_for_script_and_non_constant_names()
    {
        const string source = """
            using Microsoft.AspNetCore.Antiforgery;

            var app = WebApplication.CreateBuilder(args).Build();
            app.Use(async (context, next) =>
            {
                var tokens = context.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(context);
                // Angular reads this cookie and echoes it in a header: HttpOnly must stay off.
                context.Response.Cookies.Append("XSRF-TOKEN", tokens.RequestToken!, new CookieOptions { HttpOnly = false, Secure = true });
                context.Response.Cookies.Append(context.Request.Query["name"].ToString(), "x");
                await next(context);
            });
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Theory]
    [InlineData("if (env.IsDevelopment()) { options.Secure = false; options.SameSite = SameSiteMode.None; }")]
    [InlineData("if (!env.IsDevelopment()) { return options; } options.Secure = false;")]
    [InlineData("if (env.EnvironmentName == \"Development\") options.Secure = false;")]
    public Task Development_only_branches(string statement)
    {
        return Verify.VerifyAnalyzerAsync(InOptionsFactory(statement));
    }

    [Fact]
    public Task Own_types_with_the_same_property_names()
    {
        const string source = """
            public sealed class MyCookie
            {
                public bool Secure { get; set; }
                public bool HttpOnly { get; set; }
                public SameSiteMode SameSite { get; set; }
            }

            public static class Uses
            {
                public static MyCookie Create() => new() { Secure = false, HttpOnly = false, SameSite = SameSiteMode.None };
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Without_ASP_NET_Core_the_rule_is_off()
    {
        const string source = """
            public sealed class CookieOptions { public bool Secure { get; set; } }
            public static class Uses { public static CookieOptions Create() => new() { Secure = false }; }
            """;
        return Verify.VerifyAnalyzerAsync(source, new SnippetOptions { References = ReferencePresets.BaseClassLibraryOnly, ImplicitUsings = false });
    }
}
