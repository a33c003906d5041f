using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace VulnerableApi.Controllers;

/// <summary>The tracking web front end: signed-in customers manage their deliveries in the browser (cookie session).</summary>
[Authorize(AuthenticationSchemes = "WebFrontEnd")]
[Route("portal/deliveries")]
public sealed class DeliveryPortalController : Controller
{
    [HttpPost("{id:int}/cancel")]
    public IActionResult CancelDelivery(int id) => RedirectToAction(nameof(Index));

    [HttpGet("")]
    public IActionResult Index() => Ok();
}
