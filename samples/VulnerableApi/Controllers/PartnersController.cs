using System.IdentityModel.Tokens.Jwt;
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

    // Gold partners get the extended report; the tier travels in the partner's own token.
    [HttpGet("tier")]
    public bool IsGold([FromHeader(Name = "X-Partner-Token")] string token) =>
        new JwtSecurityTokenHandler().ReadJwtToken(token).Claims.Any(c => c.Type == "tier" && c.Value == "gold");
}
