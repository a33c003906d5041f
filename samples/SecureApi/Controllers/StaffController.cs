using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace SecureApi.Controllers;

// The staff directory answers with a profile that lists what clients may see; the account record with its password
// hash and security stamp stays on the server.
[ApiController]
[Route("api/staff")]
[Authorize(Policy = "Admin")]
public sealed class StaffController : ControllerBase
{
    private static readonly List<StaffAccount> Accounts = new();

    [HttpGet("{login}")]
    public ActionResult<StaffProfile> Get(string login) =>
        Accounts.Find(a => a.Login == login) is { } account ? new StaffProfile(account.Login, account.DisplayName) : NotFound();
}

public sealed record StaffProfile(string Login, string DisplayName);

public sealed class StaffAccount
{
    public string Login { get; set; } = string.Empty;
    public string DisplayName { get; set; } = string.Empty;
    public string PasswordHash { get; set; } = string.Empty;
    public string SecurityStamp { get; set; } = string.Empty;
}
