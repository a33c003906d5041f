using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Identity.IdentityPolicyAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Identity;

/// <summary>SAPI2005: sign-in without lockout, Identity password and lockout options that let password guessing through.</summary>
public sealed class IdentityPolicyAnalyzerTests
{
    private static DiagnosticResult Policy(int markup, string what, string advice) =>
        Verify.Diagnostic(Descriptors.WeakIdentityPolicy).WithLocation(markup).WithArguments(what, advice);

    private const string LockoutAdvice = "pass lockoutOnFailure: true";

    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task Sign_in_without_lockout_in_every_overload_and_argument_form()
    {
        const string source = """
            using Microsoft.AspNetCore.Identity;
            using Microsoft.AspNetCore.Mvc;

            public sealed class AccountController : ControllerBase
            {
                private readonly SignInManager<IdentityUser> _signIn;
                private readonly UserManager<IdentityUser> _users;

                public AccountController(SignInManager<IdentityUser> signIn, UserManager<IdentityUser> users) => (_signIn, _users) = (signIn, users);

                [HttpPost("login")]
                public async Task<IActionResult> Login(string email, string password, bool remember)
                {
                    var result = await _signIn.PasswordSignInAsync(email, password, remember, lockoutOnFailure: {|#0:false|});
                    var user = await _users.FindByEmailAsync(email);
                    var check = await _signIn.CheckPasswordSignInAsync(user!, password, {|#1:false|});
                    var byUser = await _signIn.PasswordSignInAsync(user!, password, isPersistent: false, {|#2:false|});
                    const bool noLockout = false;
                    var viaConstant = await _signIn.PasswordSignInAsync(email, password, false, {|#3:noLockout|});
                    return result.Succeeded && check.Succeeded && byUser.Succeeded && viaConstant.Succeeded ? Ok() : Unauthorized();
                }
            }

            // A SignInManager of the app's own is still Identity's sign-in.
            public sealed class PortalSignInManager : SignInManager<IdentityUser>
            {
                public PortalSignInManager(UserManager<IdentityUser> users, IHttpContextAccessor accessor, IUserClaimsPrincipalFactory<IdentityUser> factory,
                    Microsoft.Extensions.Options.IOptions<IdentityOptions> options, Microsoft.Extensions.Logging.ILogger<SignInManager<IdentityUser>> logger,
                    Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider schemes, IUserConfirmation<IdentityUser> confirmation)
                    : base(users, accessor, factory, options, logger, schemes, confirmation)
                {
                }

                public Task<Microsoft.AspNetCore.Identity.SignInResult> QuickSignIn(string name, string password) => PasswordSignInAsync(name, password, true, {|#4:false|});
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Policy(0, "PasswordSignInAsync(..., lockoutOnFailure: false) never counts failed attempts, so the account never locks", LockoutAdvice),
            Policy(1, "CheckPasswordSignInAsync(..., lockoutOnFailure: false) never counts failed attempts, so the account never locks", LockoutAdvice),
            Policy(2, "PasswordSignInAsync(..., lockoutOnFailure: false) never counts failed attempts, so the account never locks", LockoutAdvice),
            Policy(3, "PasswordSignInAsync(..., lockoutOnFailure: false) never counts failed attempts, so the account never locks", LockoutAdvice),
            Policy(4, "PasswordSignInAsync(..., lockoutOnFailure: false) never counts failed attempts, so the account never locks", LockoutAdvice));
    }

    [Fact]
    public Task Options_through_every_registration_path()
    {
        const string source = """
            using Microsoft.AspNetCore.Identity;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddIdentity<IdentityUser, IdentityRole>(options =>
            {
                {|#0:options.Password.RequiredLength = 8|};
                options.Password.RequireDigit = true;
                {|#1:options.Lockout.MaxFailedAccessAttempts = 50|};
            });
            builder.Services.AddIdentityCore<IdentityUser>(options => {|#2:options.Lockout.AllowedForNewUsers = false|});
            builder.Services.Configure<IdentityOptions>(options =>
            {
                var lockout = options.Lockout;
                {|#3:lockout.AllowedForNewUsers = false|};
                var minimum = 6;
                {|#4:options.Password.RequiredLength = minimum|};
            });
            builder.Services.PostConfigure<IdentityOptions>(options => options.Password = new PasswordOptions { {|#5:RequiredLength = 4|} });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Policy(0, "Password.RequiredLength = 8 accepts passwords shorter than 12 characters", "require at least 12 (length is what makes a password hard to guess)"),
            Policy(1, "Lockout.MaxFailedAccessAttempts = 50 lets an attacker try 50 passwords per account before it locks", "allow at most 10 (Identity's default is 5)"),
            Policy(2, "Lockout.AllowedForNewUsers = false exempts every newly created account from lockout", "leave it true"),
            Policy(3, "Lockout.AllowedForNewUsers = false exempts every newly created account from lockout", "leave it true"),
            Policy(4, "Password.RequiredLength = 6 accepts passwords shorter than 12 characters", "require at least 12 (length is what makes a password hard to guess)"),
            Policy(5, "Password.RequiredLength = 4 accepts passwords shorter than 12 characters", "require at least 12 (length is what makes a password hard to guess)"));
    }

    [Fact]
    public Task The_minimum_length_is_an_option()
    {
        const string source = """
            using Microsoft.AspNetCore.Identity;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.Configure<IdentityOptions>(options =>
            {
                {|#0:options.Password.RequiredLength = 14|};
                options.Password.RequiredLength = 16;
            });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            new SnippetOptions { EditorConfig = "secureapi.min_password_length = 15" },
            Policy(0, "Password.RequiredLength = 14 accepts passwords shorter than 15 characters", "require at least 15 (length is what makes a password hard to guess)"));
    }

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task Lockout_on_failure_and_strong_options()
    {
        const string source = """
            using Microsoft.AspNetCore.Identity;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddIdentity<IdentityUser, IdentityRole>(options =>
            {
                options.Password.RequiredLength = 12;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.MaxFailedAccessAttempts = 10;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            });
            var app = builder.Build();
            app.MapPost("/login", async (SignInManager<IdentityUser> signIn, string name, string password) =>
            {
                var result = await signIn.PasswordSignInAsync(name, password, false, lockoutOnFailure: true);
                var user = await signIn.UserManager.FindByNameAsync(name);
                var check = await signIn.CheckPasswordSignInAsync(user!, password, true);
                // Refreshing a sign-in after a password change, not a guess: no password is checked.
                await signIn.RefreshSignInAsync(user!);
                return result.Succeeded && check.Succeeded ? Results.Ok() : Results.Unauthorized();
            });
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Values_from_configuration_and_computed_values()
    {
        const string source = """
            using Microsoft.AspNetCore.Identity;

            var builder = WebApplication.CreateBuilder(args);
            var configuration = builder.Configuration;
            builder.Services.Configure<IdentityOptions>(configuration.GetSection("Identity"));
            builder.Services.PostConfigure<IdentityOptions>(options =>
            {
                var maxAttempts = configuration.GetValue("Identity:Lockout:MaxFailedAccessAttempts", 50);
                options.Lockout.MaxFailedAccessAttempts = maxAttempts;
                options.Password.RequiredLength = configuration.GetValue<int>("Identity:Password:RequiredLength");
                options.Lockout.AllowedForNewUsers = configuration.GetValue<bool>("Identity:Lockout:AllowedForNewUsers");
            });
            var app = builder.Build();
            app.MapPost("/login", async (SignInManager<IdentityUser> signIn, string name, string password, bool isKiosk) =>
                (await signIn.PasswordSignInAsync(name, password, false, lockoutOnFailure: !isKiosk)).Succeeded ? Results.Ok() : Results.Unauthorized());
            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Development_only_settings_and_look_alike_types()
    {
        const string source = """
            using Microsoft.AspNetCore.Identity;

            var builder = WebApplication.CreateBuilder(args);
            if (builder.Environment.IsDevelopment())
            {
                // Seeded test accounts with short passwords on a developer's machine.
                builder.Services.Configure<IdentityOptions>(options => options.Password.RequiredLength = 4);
            }

            builder.Build().Run();

            // Same names, not Identity's options or sign-in.
            public sealed class KioskPasswordOptions { public int RequiredLength { get; set; } }
            public sealed class ThrottleOptions { public int MaxFailedAccessAttempts { get; set; } public bool AllowedForNewUsers { get; set; } }
            public sealed class PinSignIn { public Task<bool> PasswordSignInAsync(string pin, bool lockoutOnFailure) => Task.FromResult(!lockoutOnFailure); }

            public static class Kiosk
            {
                public static async Task Configure(PinSignIn signIn)
                {
                    var options = new KioskPasswordOptions { RequiredLength = 4 };
                    var throttle = new ThrottleOptions { MaxFailedAccessAttempts = 100, AllowedForNewUsers = false };
                    await signIn.PasswordSignInAsync("1234", lockoutOnFailure: false);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Half_typed_code_does_not_crash()
    {
        const string source = """
            using Microsoft.AspNetCore.Identity;

            public static class Setup
            {
                public static async Task Go(SignInManager<IdentityUser> signIn, IdentityOptions options)
                {
                    await signIn.{|CS1501:PasswordSignInAsync|}("name", "password", false);
                    options.Password.RequiredLength = {|CS0103:unknown|};
                    options.Lockout.{|CS1061:MaxFailedAttempts|} = 50;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }
}
