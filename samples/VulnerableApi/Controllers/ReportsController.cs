using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VulnerableApi.Infrastructure;

namespace VulnerableApi.Controllers;

// Back-office reports. Nobody added [Authorize]: the revenue figures are public to anyone who finds the route.
[ApiController]
[Route("api/reports")]
public sealed class ReportsController(OrderStore store) : ControllerBase
{
    [HttpGet("revenue")]
    public ActionResult<decimal> Revenue() => store.All().Sum(o => o.Total);

    [HttpGet("ping"), AllowAnonymous]
    public IActionResult Ping() => Ok("reports up");
}
