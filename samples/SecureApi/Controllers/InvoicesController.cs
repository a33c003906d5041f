using System.Security.Claims;
using Dapper;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;

namespace SecureApi.Controllers;

// The caller's account is part of the query: another customer's invoice id finds nothing.
[ApiController]
[Route("api/invoices")]
[Authorize]
public sealed class InvoicesController : ControllerBase
{
    [HttpGet("{invoiceId:long}")]
    public async Task<IActionResult> Get(long invoiceId)
    {
        var accountId = User.FindFirstValue(ClaimTypes.NameIdentifier);
        await using var connection = new SqliteConnection("Data Source=billing.db");
        var invoice = await connection.QuerySingleOrDefaultAsync<InvoiceRow>(
            "SELECT Id, AccountId, Amount FROM Invoices WHERE Id = @invoiceId AND AccountId = @accountId", new { invoiceId, accountId });
        return invoice is null ? NotFound() : Ok(invoice);
    }
}

public sealed record InvoiceRow(long Id, string AccountId, decimal Amount);
