using Dapper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;

namespace VulnerableApi.Controllers;

// Any signed-in customer reads any invoice by counting up the id: nothing compares AccountId with the caller.
[ApiController]
[Route("api/invoices")]
[Authorize]
public sealed class InvoicesController : ControllerBase
{
    [HttpGet("{invoiceId:long}")]
    public async Task<IActionResult> Get(long invoiceId)
    {
        await using var connection = new SqliteConnection("Data Source=billing.db");
        var invoice = await connection.QuerySingleOrDefaultAsync<InvoiceRow>(
            "SELECT Id, AccountId, Amount FROM Invoices WHERE Id = @invoiceId", new { invoiceId });
        return invoice is null ? NotFound() : Ok(invoice);
    }
}

public sealed record InvoiceRow(long Id, string AccountId, decimal Amount);
