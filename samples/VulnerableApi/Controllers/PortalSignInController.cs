using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using VulnerableApi.Infrastructure;

namespace VulnerableApi.Controllers;

public sealed record PortalSignIn(string Email, string Password);

// Partner staff sign in to the delivery portal; an unknown address is answered differently from a wrong password.
[ApiController]
[Route("api/portal")]
[AllowAnonymous]
[EnableRateLimiting(SignInLimits.Policy)]
public sealed class PortalSignInController(PortalAccounts accounts, IPasswordHasher<PortalUser> hasher) : ControllerBase
{
    [HttpPost("login")]
    public async Task<IActionResult> Login(PortalSignIn request)
    {
        var user = await accounts.FindByEmailAsync(request.Email);
        if (user is null)
            return NotFound(new { error = "No portal account uses this e-mail address." });

        if (hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password) == PasswordVerificationResult.Failed)
            return Unauthorized(new { error = "Invalid e-mail address or password." });

        return Ok(new { user.Email });
    }
}
