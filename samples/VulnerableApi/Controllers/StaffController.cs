using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace VulnerableApi.Controllers;

// The staff directory answers with the account records the sign-in code keeps: password hash and security stamp
// included, for every signed-in user to read.
[ApiController]
[Route("api/staff")]
[Authorize(Policy = "Admin")]
public sealed class StaffController : ControllerBase
{
    private static readonly List<StaffAccount> Accounts = new();

    [HttpGet("{login}")]
    public ActionResult<StaffAccount> Get(string login) =>
        Accounts.Find(a => a.Login == login) is { } account ? account : NotFound();
}

public sealed class StaffAccount
{
    public string Login { get; set; } = string.Empty;
    public string DisplayName { get; set; } = string.Empty;
    public string PasswordHash { get; set; } = string.Empty;
    public string SecurityStamp { get; set; } = string.Empty;
}
