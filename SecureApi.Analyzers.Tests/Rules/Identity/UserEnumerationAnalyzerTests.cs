using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Identity.UserEnumerationAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Identity;

/// <summary>SAPI2006: a sign-in that answers an unknown user differently from a wrong password.</summary>
public sealed class UserEnumerationAnalyzerTests
{
    private static DiagnosticResult Enumeration(int markup, string endpoint, string missing, string failed) =>
        Verify.Diagnostic(Descriptors.UserEnumeration).WithLocation(markup).WithArguments(endpoint, missing, failed);

    /// <summary>The app's own types the snippets share: a user entity, its context, request records.</summary>
    private const string Model = """

        public sealed class AppUser
        {
            public int Id { get; set; }
            public string Email { get; set; } = "";
            public string PasswordHash { get; set; } = "";
        }

        public sealed class StaffUser
        {
            public int Id { get; set; }
            public string Badge { get; set; } = "";
            public string PinHash { get; set; } = "";
        }

        public sealed class AppDb : Microsoft.EntityFrameworkCore.DbContext
        {
            public Microsoft.EntityFrameworkCore.DbSet<AppUser> Users => Set<AppUser>();
            public Microsoft.EntityFrameworkCore.DbSet<StaffUser> Staff => Set<StaffUser>();
        }

        public sealed record LoginRequest(string Email, string Password);
        public sealed record TokenError(string Error, string Description);
        """;

    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task Identity_lookups_with_every_password_check_in_controllers()
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
                        {|#0:return NotFound(new { error = "There is no account for this e-mail address." });|}

                    if (!await _users.CheckPasswordAsync(user, request.Password))
                    {
                        Console.WriteLine("failed sign-in");
                        return Unauthorized(new { error = "The password is not correct." });
                    }

                    return Ok();
                }

                [HttpPost("token")]
                public async Task<IActionResult> Token(LoginRequest request)
                {
                    var user = await _users.FindByNameAsync(request.Email);
                    if (user == null)
                        {|#1:return BadRequest(new TokenError("invalid_grant", "Unknown user."));|}

                    var result = await _signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
                    if (!result.Succeeded)
                        return BadRequest(new TokenError("invalid_grant", "Invalid password."));

                    return Ok();
                }

                // The user found is kept for the password check; the else holds the unknown user.
                [HttpPost("sign-in")]
                public async Task<IActionResult> SignIn(LoginRequest request)
                {
                    var user = await _users.FindByIdAsync(request.Email);
                    if (user != null)
                    {
                        if (await _users.CheckPasswordAsync(user, request.Password))
                            return Ok();
                        return Unauthorized("Wrong password");
                    }

                    {|#2:return NotFound("No such user");|}
                }

                // Early return written with else, the check kept in a local, explicit status codes.
                [HttpPost("authenticate")]
                public async Task<IActionResult> Authenticate(LoginRequest request)
                {
                    var user = await _users.FindByEmailAsync(request.Email);
                    if (user is not { })
                    {
                        {|#3:return StatusCode(404, "unknown");|}
                    }
                    else
                    {
                        var ok = await _users.CheckPasswordAsync(user, request.Password);
                        if (ok == false)
                        {
                            return StatusCode(StatusCodes.Status401Unauthorized, "unknown");
                        }

                        return Ok();
                    }
                }

                // A sign-in by name after a lookup by the same name; the lockout case is passed over.
                [HttpPost("login/password")]
                public async Task<IActionResult> PasswordLogin(LoginRequest request)
                {
                    var user = await _users.FindByEmailAsync(request.Email);
                    if (user == null) {|#4:return Unauthorized("No account with this e-mail");|}
                    var result = await _signIn.PasswordSignInAsync(request.Email, request.Password, false, lockoutOnFailure: true);
                    if (result.Succeeded)
                    {
                        return Ok();
                    }

                    if (result.IsLockedOut)
                        return StatusCode(423);
                    return Unauthorized("Invalid login attempt");
                }
            }
            """ + Model;
        return Verify.VerifyAnalyzerAsync(
            source,
            Enumeration(0, "POST /api/auth/login", "NotFound(new { error = \"There is no account for this e-ma...", "Unauthorized(new { error = \"The password is not correct.\" })"),
            Enumeration(1, "POST /api/auth/token", "BadRequest(new TokenError(\"invalid_grant\", \"Unknown user.\"))", "BadRequest(new TokenError(\"invalid_grant\", \"Invalid passw..."),
            Enumeration(2, "POST /api/auth/sign-in", "NotFound(\"No such user\")", "Unauthorized(\"Wrong password\")"),
            Enumeration(3, "POST /api/auth/authenticate", "StatusCode(404, \"unknown\")", "StatusCode(StatusCodes.Status401Unauthorized, \"unknown\")"),
            Enumeration(4, "POST /api/auth/login/password", "Unauthorized(\"No account with this e-mail\")", "Unauthorized(\"Invalid login attempt\")"));
    }

    [Fact]
    public Task Entity_framework_lookups_hashers_and_bcrypt_in_minimal_apis()
    {
        const string source = """
            using Microsoft.AspNetCore.Identity;
            using Microsoft.EntityFrameworkCore;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            var desk = app.MapGroup("/api/desk");

            desk.MapPost("/sign-in", async (LoginRequest request, AppDb db, IPasswordHasher<StaffUser> hasher) =>
            {
                var staff = await db.Staff.SingleOrDefaultAsync(s => s.Badge == request.Email);
                if (staff is null)
                    {|#0:return Results.NotFound(new { error = "Unknown badge number." });|}

                if (hasher.VerifyHashedPassword(staff, staff.PinHash, request.Password) == PasswordVerificationResult.Failed)
                    return Results.Unauthorized();

                return Results.NoContent();
            });

            // A pattern declares the user; BCrypt checks the hash; same helper, other message.
            app.MapPost("/api/login", async (LoginRequest request, AppDb db) =>
            {
                if (await db.Users.FirstOrDefaultAsync(u => u.Email == request.Email) is not { } user)
                    {|#1:return Results.Unauthorized();|}

                if (!BCrypt.Net.BCrypt.Verify(request.Password, user.PasswordHash))
                    return Results.Problem(statusCode: 403, title: "Wrong password");

                return Results.Ok();
            });

            // Find by key, the failure in a conditional expression.
            app.MapPost("/api/token", async (int id, string password, AppDb db, IPasswordHasher<AppUser> hasher) =>
            {
                var user = await db.Users.FindAsync(id);
                if (user == null)
                    {|#2:return Results.BadRequest("no such user");|}

                return hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed
                    ? Results.Ok()
                    : Results.BadRequest("bad password");
            });

            app.Run();
            """ + Model;
        return Verify.VerifyAnalyzerAsync(
            source,
            Enumeration(0, "POST /api/desk/sign-in", "Results.NotFound(new { error = \"Unknown badge number.\" })", "Results.Unauthorized()"),
            Enumeration(1, "POST /api/login", "Results.Unauthorized()", "Results.Problem(statusCode: 403, title: \"Wrong password\")"),
            Enumeration(2, "POST /api/token", "Results.BadRequest(\"no such user\")", "Results.BadRequest(\"bad password\")"));
    }

    [Fact]
    public Task Repository_lookups_response_objects_and_model_errors()
    {
        const string source = """
            using Microsoft.AspNetCore.Identity;
            using Microsoft.AspNetCore.Mvc;

            public interface IMemberRepository
            {
                Task<Member?> GetByEmailAsync(string email);
            }

            public sealed class Member
            {
                public string Email { get; set; } = "";
                public string PasswordHash { get; set; } = "";
            }

            public interface IPasswordService
            {
                bool VerifyPassword(string password, string hash);
            }

            public sealed class LoginResponse
            {
                public bool Success { get; set; }
                public string? Message { get; set; }
            }

            [Route("account")]
            public sealed class AccountController : Controller
            {
                private readonly IMemberRepository _members;
                private readonly IPasswordService _passwords;
                private const string UnknownMember = "Unknown member";
                private const string WrongPassword = "Wrong password";

                public AccountController(IMemberRepository members, IPasswordService passwords) => (_members, _passwords) = (members, passwords);

                [HttpPost("api-login")]
                public async Task<LoginResponse> ApiLogin(string email, string password)
                {
                    var member = await _members.GetByEmailAsync(email);
                    if (member == null)
                    {
                        {|#0:return new LoginResponse { Success = false, Message = UnknownMember };|}
                    }

                    if (!_passwords.VerifyPassword(password, member.PasswordHash))
                    {
                        return new LoginResponse { Success = false, Message = WrongPassword };
                    }

                    return new LoginResponse { Success = true };
                }

                [HttpPost("login")]
                public async Task<IActionResult> Login(string email, string password)
                {
                    var member = await _members.GetByEmailAsync(email);
                    if (member == null)
                    {
                        ModelState.AddModelError(string.Empty, "No member with this e-mail address.");
                        {|#1:return View();|}
                    }

                    if (!_passwords.VerifyPassword(password, member.PasswordHash))
                    {
                        ModelState.AddModelError(string.Empty, "The password is wrong.");
                        return View();
                    }

                    return RedirectToAction("Index", "Home");
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Enumeration(0, "POST /account/api-login", "new LoginResponse { Success = false, Message = UnknownMem...", "new LoginResponse { Success = false, Message = WrongPassw..."),
            Enumeration(1, "POST /account/login", "View() after ModelState.AddModelError(string.Empty, \"No member with th...", "View() after ModelState.AddModelError(string.Empty, \"The password is w..."));
    }

    // ---------------------------------------------------------------- must not flag

    [Fact]
    public Task Same_answer_for_both_failures()
    {
        const string source = """
            using Microsoft.AspNetCore.Identity;
            using Microsoft.AspNetCore.Mvc;
            using System.Security.Claims;

            [ApiController]
            [Route("api/auth")]
            public sealed class AuthController : ControllerBase
            {
                private const string InvalidCredentials = "Invalid credentials";
                private readonly UserManager<IdentityUser> _users;
                private readonly SignInManager<IdentityUser> _signIn;

                public AuthController(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn) => (_users, _signIn) = (users, signIn);

                [HttpPost("login")]
                public async Task<IActionResult> Login(LoginRequest request)
                {
                    var user = await _users.FindByEmailAsync(request.Email);
                    if (user is null)
                        return Unauthorized();

                    var result = await _signIn.CheckPasswordSignInAsync(user, request.Password, lockoutOnFailure: true);
                    if (!result.Succeeded)
                    {
                        Console.WriteLine("Invalid password");
                        return Unauthorized();
                    }

                    return Ok();
                }

                [HttpPost("token")]
                public async Task<IActionResult> Token(LoginRequest request)
                {
                    var user = await _users.FindByNameAsync(request.Email);
                    if (user == null)
                        return Unauthorized(new { error = InvalidCredentials });
                    if (!await _users.CheckPasswordAsync(user, request.Password))
                        return Unauthorized(new { error = "Invalid credentials" });
                    return Ok();
                }

                // One shared local answers both.
                [HttpPost("password/confirm")]
                public async Task<IActionResult> ConfirmPassword(LoginRequest request)
                {
                    var rejected = Unauthorized(new { error = "The password is not correct." });
                    var user = await _users.FindByEmailAsync(request.Email);
                    if (user is null)
                        return rejected;
                    if (!await _users.CheckPasswordAsync(user, request.Password))
                        return rejected;
                    return NoContent();
                }

                // The combined forms: one branch for both failures.
                [HttpPost("signin")]
                public async Task<IActionResult> SignIn(LoginRequest request)
                {
                    var user = await _users.FindByEmailAsync(request.Email);
                    if (user is null || !await _users.CheckPasswordAsync(user, request.Password))
                        return Unauthorized("Invalid credentials");
                    return Ok();
                }

                [HttpPost("logon")]
                public async Task<IActionResult> Logon(LoginRequest request)
                {
                    var user = await _users.FindByEmailAsync(request.Email);
                    if (user != null && await _users.CheckPasswordAsync(user, request.Password))
                    {
                        return Ok();
                    }

                    return Unauthorized("Invalid credentials");
                }

                // The caller's own account: nobody learns whether another one exists.
                [HttpPost("password/change")]
                public async Task<IActionResult> ChangePassword(LoginRequest request)
                {
                    var user = await _users.FindByIdAsync(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
                    if (user is null)
                        return NotFound();
                    if (!await _users.CheckPasswordAsync(user, request.Password))
                        return BadRequest("The current password is wrong.");
                    return NoContent();
                }
            }
            """ + Model;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Lookups_without_password_checks_and_endpoints_out_of_scope()
    {
        const string source = """
            using Microsoft.AspNetCore.Identity;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.EntityFrameworkCore;

            [ApiController]
            [Route("api/account")]
            public sealed class AccountController : ControllerBase
            {
                private readonly UserManager<IdentityUser> _users;

                public AccountController(UserManager<IdentityUser> users) => _users = users;

                // Registration: "already taken" is an accepted trade-off.
                [HttpPost("register")]
                public async Task<IActionResult> Register(LoginRequest request)
                {
                    if (await _users.FindByEmailAsync(request.Email) is not null)
                        return Conflict(new { error = "This e-mail address is already registered." });
                    var user = new IdentityUser(request.Email);
                    if (!await _users.CheckPasswordAsync(user, request.Password))
                        return BadRequest("weak");
                    return Ok();
                }

                // Password recovery: out of scope.
                [HttpPost("forgot-password")]
                public async Task<IActionResult> ForgotPassword(LoginRequest request)
                {
                    var user = await _users.FindByEmailAsync(request.Email);
                    if (user is null)
                        return NotFound(new { error = "There is no account for this e-mail address." });
                    return Accepted();
                }

                // A profile and an admin search: lookups, no password check.
                [HttpGet("users/{id}")]
                public async Task<IActionResult> Profile(string id)
                {
                    var user = await _users.FindByIdAsync(id);
                    if (user is null)
                        return NotFound("No such user");
                    return Ok(user.Email);
                }

                [HttpGet("login/search")]
                public async Task<IActionResult> SearchLogins(string email, AppDb db)
                {
                    var user = await db.Users.FirstOrDefaultAsync(u => u.Email == email);
                    return user is null ? NotFound("No such user") : Ok(user.Id);
                }

                // Not an authentication endpoint: a profile update that asks for the password again.
                [HttpPut("profile")]
                public async Task<IActionResult> UpdateProfile(LoginRequest request)
                {
                    var user = await _users.FindByEmailAsync(request.Email);
                    if (user is null)
                        return NotFound("No such user");
                    if (!await _users.CheckPasswordAsync(user, request.Password))
                        return Unauthorized("Wrong password");
                    return NoContent();
                }

                // Exceptions: what reaches the client is the exception handler's business (not compared).
                [HttpPost("login")]
                public async Task<IActionResult> Login(LoginRequest request)
                {
                    var user = await _users.FindByEmailAsync(request.Email);
                    if (user is null)
                        throw new KeyNotFoundException("No such user");
                    if (!await _users.CheckPasswordAsync(user, request.Password))
                        throw new UnauthorizedAccessException("Wrong password");
                    return Ok();
                }

                // The app's own helpers: what they send is not seen here.
                [HttpPost("token")]
                public async Task<IActionResult> Token(LoginRequest request)
                {
                    var user = await _users.FindByEmailAsync(request.Email);
                    if (user is null)
                        return UnknownUser();
                    if (!await _users.CheckPasswordAsync(user, request.Password))
                        return WrongPassword();
                    return Ok();
                }

                // The lockout answer differs on purpose; the general failure is a conditional the rule does not split.
                [HttpPost("sign-in")]
                public async Task<IActionResult> SignIn(LoginRequest request, SignInManager<IdentityUser> signIn)
                {
                    var user = await _users.FindByEmailAsync(request.Email);
                    if (user is null)
                        return Unauthorized("Invalid credentials");
                    var result = await signIn.CheckPasswordSignInAsync(user, request.Password, true);
                    return result.Succeeded ? Ok() : result.IsLockedOut ? StatusCode(423) : Unauthorized("Invalid credentials");
                }

                private IActionResult UnknownUser() => Unauthorized("Invalid credentials");

                private IActionResult WrongPassword() => Unauthorized("Invalid credentials");
            }

            // A service, not an endpoint: its callers decide what the client sees.
            public sealed class AuthService
            {
                public async Task<string> LoginAsync(UserManager<IdentityUser> users, string email, string password)
                {
                    var user = await users.FindByEmailAsync(email);
                    if (user is null)
                        return "No such user";
                    if (!await users.CheckPasswordAsync(user, password))
                        return "Wrong password";
                    return "ok";
                }
            }
            """ + Model;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Minimal_api_look_alikes()
    {
        const string source = """
            using Microsoft.AspNetCore.Identity;
            using Microsoft.EntityFrameworkCore;
            using System.Security.Claims;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();

            // The signed-in staff member unlocks the tablet: the same answer both ways anyway, and the caller's own id.
            app.MapPost("/api/desk/verify-pin", async (string pin, ClaimsPrincipal principal, AppDb db, IPasswordHasher<StaffUser> hasher) =>
            {
                var staffId = int.Parse(principal.FindFirstValue(ClaimTypes.NameIdentifier)!);
                var staff = await db.Staff.FindAsync(staffId);
                if (staff is null)
                    return Results.Unauthorized();

                return hasher.VerifyHashedPassword(staff, staff.PinHash, pin) == PasswordVerificationResult.Failed
                    ? Results.Unauthorized()
                    : Results.NoContent();
            });

            // A configuration entry, not a user lookup, and one branch for both failures.
            app.MapPost("/api/operator/login", (LoginRequest request, IConfiguration configuration) =>
            {
                var expected = configuration[$"Operators:{request.Email}:PinHash"];
                if (expected is null || !BCrypt.Net.BCrypt.Verify(request.Password, expected))
                    return Results.Unauthorized();
                return Results.NoContent();
            });

            // Both failures in one conditional expression.
            app.MapPost("/api/login", async (LoginRequest request, AppDb db) =>
            {
                var user = await db.Users.SingleOrDefaultAsync(u => u.Email == request.Email);
                return user is not null && BCrypt.Net.BCrypt.Verify(request.Password, user.PasswordHash) ? Results.Ok() : Results.Unauthorized();
            });

            // A one-time code, not a password (UserManager's token checks are not password checks).
            app.MapPost("/api/mfa/verify", async (LoginRequest request, UserManager<IdentityUser> users) =>
            {
                var user = await users.FindByEmailAsync(request.Email);
                if (user is null)
                    return Results.NotFound();
                if (!await users.VerifyTwoFactorTokenAsync(user, "Email", request.Password))
                    return Results.BadRequest("Invalid code");
                return Results.Ok();
            });

            // A lookup that is not of a user.
            app.MapPost("/api/token", async (LoginRequest request, AppDb db) =>
            {
                var order = await db.Set<Order>().FirstOrDefaultAsync(o => o.Reference == request.Email);
                if (order is null)
                    return Results.NotFound("No such order");
                if (!BCrypt.Net.BCrypt.Verify(request.Password, order.AccessCodeHash))
                    return Results.Unauthorized();
                return Results.Ok();
            });

            app.Run();

            public sealed class Order
            {
                public int Id { get; set; }
                public string Reference { get; set; } = "";
                public string AccessCodeHash { get; set; } = "";
            }
            """ + Model;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Incomplete_code_does_not_throw()
    {
        const string source = """
            using Microsoft.AspNetCore.Identity;
            using Microsoft.AspNetCore.Mvc;

            public sealed class AuthController : ControllerBase
            {
                [HttpPost("login")]
                public async Task<IActionResult> Login(UserManager<IdentityUser> users, string email, string password)
                {
                    var user = await users.{|CS7036:FindByEmailAsync|}();
                    if (user is null)
                        return {|CS0103:NotFoundx|}("no user");
                    if (!await users.CheckPasswordAsync(user, password))
                        return Unauthorized();
                    return Ok();
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }
}
