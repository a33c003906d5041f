using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Cors;
using Microsoft.AspNetCore.Mvc;
using VulnerableApi.Infrastructure;
using VulnerableApi.Models;

namespace VulnerableApi.Controllers;

[ApiController]
[Route("api/orders")]
[Authorize]
[EnableCors("Dashboards")]
public sealed class OrdersController(OrderStore store) : ControllerBase
{
    [HttpGet]
    public IEnumerable<Order> List() => store.All();

    [HttpGet("{id:int}")]
    public ActionResult<Order> Get(int id) => store.Find(id) is { } order ? order : NotFound();

    [HttpPost]
    public ActionResult<Order> Create(CreateOrderRequest request)
    {
        var order = store.Add(request.Customer, request.Total);
        return CreatedAtAction(nameof(Get), new { id = order.Id }, order);
    }
}
