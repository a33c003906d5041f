using SecureApi.CodeFixes.Rules.Redirects;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Redirects.OpenRedirectAnalyzer,
    SecureApi.CodeFixes.Rules.Redirects.OpenRedirectCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Redirects;

/// <summary>The SAPI4004 fix: redirect only to local URLs (changes behaviour: an external URL now throws).</summary>
public sealed class OpenRedirectCodeFixTests
{
    private const string Key = OpenRedirectCodeFix.UseLocalRedirect;

    [Fact]
    public Task Controller_helpers_and_redirect_results_become_local()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class AccountController : Controller
            {
                public IActionResult Login(string returnUrl) => Redirect({|SAPI4004:returnUrl|});

                public IActionResult Moved(string to) => this.RedirectPermanent(url: {|SAPI4004:to|});

                public IActionResult Post(string next) => RedirectPreserveMethod({|SAPI4004:next|});

                public IActionResult PostMoved(string next) => RedirectPermanentPreserveMethod({|SAPI4004:next|});

                public IActionResult Created(string next) => new RedirectResult({|SAPI4004:next|}, permanent: true) { PreserveMethod = true };

                public IActionResult Qualified(string next) => new Microsoft.AspNetCore.Mvc.RedirectResult(url: {|SAPI4004:next|});
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Mvc;

            public class AccountController : Controller
            {
                public IActionResult Login(string returnUrl) => LocalRedirect(returnUrl);

                public IActionResult Moved(string to) => this.LocalRedirectPermanent(localUrl: to);

                public IActionResult Post(string next) => LocalRedirectPreserveMethod(next);

                public IActionResult PostMoved(string next) => LocalRedirectPermanentPreserveMethod(next);

                public IActionResult Created(string next) => new LocalRedirectResult(next, permanent: true) { PreserveMethod = true };

                public IActionResult Qualified(string next) => new Microsoft.AspNetCore.Mvc.LocalRedirectResult(localUrl: next);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Results_and_typed_results_become_local()
    {
        const string source = """
            public static class Sso
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/go", (string to) => Results.Redirect({|SAPI4004:to|}));
                    app.MapGet("/go2", (string to) => TypedResults.Redirect({|SAPI4004:to|}, permanent: true));
                    app.MapGet("/go3", (string? to) =>
                    {
                        var target = to ?? "/";
                        return Results.Redirect(url: {|SAPI4004:target|}, preserveMethod: true);
                    });
                }
            }
            """;
        const string fixedSource = """
            public static class Sso
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/go", (string to) => Results.LocalRedirect(to));
                    app.MapGet("/go2", (string to) => TypedResults.LocalRedirect(to, permanent: true));
                    app.MapGet("/go3", (string? to) =>
                    {
                        var target = to ?? "/";
                        return Results.LocalRedirect(localUrl: target, preserveMethod: true);
                    });
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Not_offered_where_the_result_would_not_compile_or_for_response_redirect()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class AccountController : Controller
            {
                public RedirectResult Login(string returnUrl) => Redirect({|SAPI4004:returnUrl|});

                public void Raw(string next) => Response.Redirect({|SAPI4004:next|});
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }
}
