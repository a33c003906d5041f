using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace VulnerableApi.Controllers;

/// <summary>Links in shipment e-mails: count the click, then continue to the page the e-mail pointed at.</summary>
[ApiController]
[AllowAnonymous]
[Route("links")]
public sealed class TrackingLinksController : ControllerBase
{
    [HttpGet("continue")]
    public IActionResult Continue(string returnUrl) => Redirect(returnUrl);
}
