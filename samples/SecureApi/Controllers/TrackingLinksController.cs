using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace SecureApi.Controllers;

/// <summary>Links in shipment e-mails: count the click, then continue to the page the e-mail pointed at.</summary>
[ApiController]
[AllowAnonymous]
[Route("links")]
public sealed class TrackingLinksController : ControllerBase
{
    // Only pages of this site: a link to another host is refused instead of followed (LocalRedirect throws).
    [HttpGet("continue")]
    public IActionResult Continue(string returnUrl) => LocalRedirect(returnUrl);
}
