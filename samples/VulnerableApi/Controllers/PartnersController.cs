using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;
using VulnerableApi.Infrastructure;
using VulnerableApi.Models;

namespace VulnerableApi.Controllers;

[ApiController]
[Route("api/partners/orders")]
[Authorize(Policy = "Partner")]
[EnableCors(CorsSetup.Partners)]
public sealed class PartnersController(OrderStore store) : ControllerBase
{
    [HttpGet]
    public IEnumerable<Order> List([FromQuery] string customer) =>
        store.All().Where(o => string.Equals(o.Customer, customer, StringComparison.OrdinalIgnoreCase));
}
