using SecureApi.CodeFixes.Rules.Identity;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Identity.UserEnumerationAnalyzer,
    SecureApi.CodeFixes.Rules.Identity.UserEnumerationCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Identity;

/// <summary>Fix of SAPI2006: the unknown-user branch returns a copy of the wrong-password result (a behaviour change).</summary>
public sealed class UserEnumerationCodeFixTests
{
    private const string Key = UserEnumerationCodeFix.Key;

    private const string Model = """

        public sealed class StaffUser
        {
            public int Id { get; set; }
            public string Badge { get; set; } = "";
            public string PinHash { get; set; } = "";
        }

        public sealed class AppDb : Microsoft.EntityFrameworkCore.DbContext
        {
            public Microsoft.EntityFrameworkCore.DbSet<StaffUser> Staff => Set<StaffUser>();
        }

        public sealed record LoginRequest(string Email, string Password);
        public sealed record TokenError(string Error, string Description);
        """;

    [Fact]
    public Task Controller_actions_with_fix_all()
    {
        const string source = """
            using Microsoft.AspNetCore.Identity;
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("api/auth")]
            public sealed class AuthController : ControllerBase
            {
                private readonly UserManager<IdentityUser> _users;
                private readonly SignInManager<IdentityUser> _signIn;

                public AuthController(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn) => (_users, _signIn) = (users, signIn);

                [HttpPost("login")]
                public async Task<IActionResult> Login(LoginRequest request)
                {
                    var user = await _users.FindByEmailAsync(request.Email);
                    if (user is null)
                        {|SAPI2006:return NotFound(new { error = "There is no account for this e-mail address." });|} // unknown

                    if (!await _users.CheckPasswordAsync(user, request.Password))
                    {
                        return Unauthorized(new { error = "Invalid e-mail address or password." });
                    }

                    return Ok();
                }

                [HttpPost("token")]
                public async Task<IActionResult> Token(LoginRequest request)
                {
                    var user = await _users.FindByNameAsync(request.Email);
                    if (user == null)
                        {|SAPI2006:return BadRequest(new TokenError("invalid_grant", "Unknown user."));|}

                    var result = await _signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
                    if (!result.Succeeded)
                        return BadRequest(new TokenError("invalid_grant", "Invalid user name or password."));

                    return Ok();
                }
            }
            """ + Model;
        const string fixedSource = """
            using Microsoft.AspNetCore.Identity;
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("api/auth")]
            public sealed class AuthController : ControllerBase
            {
                private readonly UserManager<IdentityUser> _users;
                private readonly SignInManager<IdentityUser> _signIn;

                public AuthController(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn) => (_users, _signIn) = (users, signIn);

                [HttpPost("login")]
                public async Task<IActionResult> Login(LoginRequest request)
                {
                    var user = await _users.FindByEmailAsync(request.Email);
                    if (user is null)
                        return Unauthorized(new { error = "Invalid e-mail address or password." }); // unknown

                    if (!await _users.CheckPasswordAsync(user, request.Password))
                    {
                        return Unauthorized(new { error = "Invalid e-mail address or password." });
                    }

                    return Ok();
                }

                [HttpPost("token")]
                public async Task<IActionResult> Token(LoginRequest request)
                {
                    var user = await _users.FindByNameAsync(request.Email);
                    if (user == null)
                        return BadRequest(new TokenError("invalid_grant", "Invalid user name or password."));

                    var result = await _signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
                    if (!result.Succeeded)
                        return BadRequest(new TokenError("invalid_grant", "Invalid user name or password."));

                    return Ok();
                }
            }
            """ + Model;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Minimal_api_handler_and_a_local_declared_before_the_lookup()
    {
        const string source = """
            using Microsoft.AspNetCore.Identity;
            using Microsoft.EntityFrameworkCore;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();

            app.MapPost("/api/desk/sign-in", async (LoginRequest request, AppDb db, IPasswordHasher<StaffUser> hasher) =>
            {
                var rejected = Results.Unauthorized();
                var staff = await db.Staff.SingleOrDefaultAsync(s => s.Badge == request.Email);
                if (staff is null)
                    {|SAPI2006:return Results.NotFound(new { error = "Unknown badge number." });|}

                if (hasher.VerifyHashedPassword(staff, staff.PinHash, request.Password) == PasswordVerificationResult.Failed)
                    return rejected;

                return Results.NoContent();
            });

            app.Run();
            """ + Model;
        const string fixedSource = """
            using Microsoft.AspNetCore.Identity;
            using Microsoft.EntityFrameworkCore;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();

            app.MapPost("/api/desk/sign-in", async (LoginRequest request, AppDb db, IPasswordHasher<StaffUser> hasher) =>
            {
                var rejected = Results.Unauthorized();
                var staff = await db.Staff.SingleOrDefaultAsync(s => s.Badge == request.Email);
                if (staff is null)
                    return rejected;

                if (hasher.VerifyHashedPassword(staff, staff.PinHash, request.Password) == PasswordVerificationResult.Failed)
                    return rejected;

                return Results.NoContent();
            });

            app.Run();
            """ + Model;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task No_fix_when_the_wrong_password_result_reads_the_user_or_a_later_local()
    {
        const string source = """
            using Microsoft.AspNetCore.Identity;
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("api/auth")]
            public sealed class AuthController : ControllerBase
            {
                private readonly UserManager<IdentityUser> _users;

                public AuthController(UserManager<IdentityUser> users) => _users = users;

                [HttpPost("login")]
                public async Task<IActionResult> Login(LoginRequest request)
                {
                    var user = await _users.FindByEmailAsync(request.Email);
                    if (user is null)
                        {|SAPI2006:return NotFound("No such user");|}
                    if (!await _users.CheckPasswordAsync(user, request.Password))
                        return Unauthorized(new { error = "Wrong password", user.Email });
                    return Ok();
                }

                [HttpPost("token")]
                public async Task<IActionResult> Token(LoginRequest request)
                {
                    var user = await _users.FindByEmailAsync(request.Email);
                    if (user is null)
                        {|SAPI2006:return NotFound("No such user");|}
                    var message = "Wrong password";
                    if (!await _users.CheckPasswordAsync(user, request.Password))
                        return Unauthorized(message);
                    return Ok();
                }
            }
            """ + Model;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task No_fix_when_only_the_model_errors_differ()
    {
        const string source = """
            using Microsoft.AspNetCore.Identity;
            using Microsoft.AspNetCore.Mvc;

            public sealed class AccountController : Controller
            {
                private readonly UserManager<IdentityUser> _users;

                public AccountController(UserManager<IdentityUser> users) => _users = users;

                [HttpPost]
                public async Task<IActionResult> Login(LoginRequest request)
                {
                    var user = await _users.FindByEmailAsync(request.Email);
                    if (user is null)
                    {
                        ModelState.AddModelError(string.Empty, "No account with this e-mail address.");
                        {|SAPI2006:return View(request);|}
                    }

                    if (!await _users.CheckPasswordAsync(user, request.Password))
                    {
                        ModelState.AddModelError(string.Empty, "Wrong password.");
                        return View(request);
                    }

                    return RedirectToAction("Index", "Home");
                }
            }
            """ + Model;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }
}
