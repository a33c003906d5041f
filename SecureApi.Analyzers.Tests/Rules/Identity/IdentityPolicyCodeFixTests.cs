using SecureApi.CodeFixes.Rules.Identity;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Identity.IdentityPolicyAnalyzer,
    SecureApi.CodeFixes.Rules.Identity.IdentityPolicyCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Identity;

/// <summary>Fix of SAPI2005: the safe value replaces the flagged one (a behaviour change: lockout and password policy).</summary>
public sealed class IdentityPolicyCodeFixTests
{
    private const string Key = IdentityPolicyCodeFix.Key;

    [Fact]
    public Task Every_setting_with_fix_all()
    {
        const string source = """
            using Microsoft.AspNetCore.Identity;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddIdentity<IdentityUser, IdentityRole>(options =>
            {
                {|SAPI2005:options.Password.RequiredLength = 8|}; // was 6
                {|SAPI2005:options.Lockout.MaxFailedAccessAttempts = 50|};
                {|SAPI2005:options.Lockout.AllowedForNewUsers = false|};
            });
            var app = builder.Build();
            app.MapPost("/login", async (SignInManager<IdentityUser> signIn, string name, string password) =>
                (await signIn.PasswordSignInAsync(name, password, false, lockoutOnFailure: {|SAPI2005:false|})).Succeeded ? Results.Ok() : Results.Unauthorized());
            app.Run();
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Identity;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddIdentity<IdentityUser, IdentityRole>(options =>
            {
                options.Password.RequiredLength = 12; // was 6
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.AllowedForNewUsers = true;
            });
            var app = builder.Build();
            app.MapPost("/login", async (SignInManager<IdentityUser> signIn, string name, string password) =>
                (await signIn.PasswordSignInAsync(name, password, false, lockoutOnFailure: true)).Succeeded ? Results.Ok() : Results.Unauthorized());
            app.Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Positional_argument_and_constant_through_a_local()
    {
        const string source = """
            using Microsoft.AspNetCore.Identity;

            public static class Login
            {
                public static async Task<bool> Check(SignInManager<IdentityUser> signIn, IdentityUser user, string password, IdentityOptions options)
                {
                    var shortest = 6;
                    {|SAPI2005:options.Password.RequiredLength = shortest|};
                    return (await signIn.CheckPasswordSignInAsync(user, password, {|SAPI2005:false|})).Succeeded;
                }
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Identity;

            public static class Login
            {
                public static async Task<bool> Check(SignInManager<IdentityUser> signIn, IdentityUser user, string password, IdentityOptions options)
                {
                    var shortest = 6;
                    options.Password.RequiredLength = 12;
                    return (await signIn.CheckPasswordSignInAsync(user, password, true)).Succeeded;
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task The_configured_minimum_is_written()
    {
        const string source = """
            using Microsoft.AspNetCore.Identity;

            public static class Policy
            {
                public static void Apply(IdentityOptions options) => {|SAPI2005:options.Password.RequiredLength = 10|};
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Identity;

            public static class Policy
            {
                public static void Apply(IdentityOptions options) => options.Password.RequiredLength = 16;
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, new Infrastructure.SnippetOptions { EditorConfig = "secureapi.min_password_length = 16" });
    }
}
