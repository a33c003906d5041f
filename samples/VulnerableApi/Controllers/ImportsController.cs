using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using VulnerableApi.Infrastructure;

namespace VulnerableApi.Controllers;

/// <summary>Raised for input the import format cannot accept; its message is written for the uploader.</summary>
public sealed class ImportRejectedException(string message) : Exception(message);

[ApiController]
[Route("api/imports")]
[Authorize]
public sealed class ImportsController(OrderStore store, ILogger<ImportsController> logger) : ControllerBase
{
    [HttpPost, DisableRequestSizeLimit] // nightly bulk imports can be large
    public IActionResult Import([FromBody] string csv)
    {
        try
        {
            var count = 0;
            foreach (var line in csv.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var parts = line.Split(';');
                if (parts.Length != 2)
                {
                    throw new ImportRejectedException($"Line {count + 1} needs 'customer;total'.");
                }

                store.Add(parts[0], decimal.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
                count++;
            }

            logger.LogInformation("Imported {Count} orders", count);
            return Ok(new { imported = count });
        }
        catch (ImportRejectedException ex)
        {
            // A domain message meant for the uploader: fine to return.
            return BadRequest(new { error = ex.Message });
        }
        catch (Exception ex)
        {
            // The support team asked to see what went wrong without reading the logs.
            return StatusCode(500, new { error = "Import failed", detail = ex.Message });
        }
    }
}
