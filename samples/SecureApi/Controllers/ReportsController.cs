using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using SecureApi.Infrastructure;

namespace SecureApi.Controllers;

// Back-office reports: only administrators; the liveness probe is public on purpose.
[ApiController]
[Route("api/reports")]
[Authorize(Policy = "Admin")]
public sealed class ReportsController(OrderStore store) : ControllerBase
{
    [HttpGet("revenue")]
    public ActionResult<decimal> Revenue() => store.All().Sum(o => o.Total);

    [HttpGet("ping"), AllowAnonymous]
    public IActionResult Ping() => Ok("reports up");
}
