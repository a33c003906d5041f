using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;
using SecureApi.Infrastructure;
using SecureApi.Models;

namespace SecureApi.Controllers;

[ApiController]
[Route("api/partners/orders")]
[Authorize(Policy = "Partner")]
[EnableCors(CorsSetup.Partners)]
public sealed class PartnersController(OrderStore store) : ControllerBase
{
    [HttpGet]
    public IEnumerable<Order> List([FromQuery] string customer) =>
        store.All().Where(o => string.Equals(o.Customer, customer, StringComparison.OrdinalIgnoreCase));

    // Gold partners get the extended report; the tier comes from the validated token of the request.
    [HttpGet("tier")]
    public bool IsGold() => User.HasClaim("tier", "gold");
}
