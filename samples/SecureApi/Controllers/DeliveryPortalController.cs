using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace SecureApi.Controllers;

/// <summary>The tracking web front end: signed-in customers manage their deliveries in the browser (cookie session).</summary>
[Authorize(AuthenticationSchemes = "WebFrontEnd")]
[Route("portal/deliveries")]
public sealed class DeliveryPortalController : Controller
{
    // The cancel form carries the antiforgery token (form tag helper); other sites cannot forge it.
    [HttpPost("{id:int}/cancel")]
    [ValidateAntiForgeryToken]
    public IActionResult CancelDelivery(int id) => RedirectToAction(nameof(Index));

    [HttpGet("")]
    public IActionResult Index() => Ok();
}
