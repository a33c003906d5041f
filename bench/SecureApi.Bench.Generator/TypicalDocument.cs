using System.Text;

namespace SecureApi.Bench.Generator;

/// <summary>
/// <c>Bench.Api/Controllers/BackOfficeController.cs</c>: an ordinary ~1,500-line controller over many features'
/// repositories. The benchmark's editor-latency figure analyses this document, so it must look like the code a
/// developer types in, not like a stress file.
/// </summary>
public static class TypicalDocument
{
    public const int TargetLines = 1_500;

    public static readonly string RelativePath = Path.Combine("src", Names.ApiProject, "Controllers", "BackOfficeController.cs");

    /// <summary>Lines reserved for the document: the full target, a tenth of a small solution, none below 10k lines.</summary>
    internal static int ReservedLines(int size) => size < 10_000 ? 0 : Math.Min(TargetLines, size / 10);

    internal static void Write(OutputFiles output, IReadOnlyList<Feature> features, int budget)
    {
        if (budget == 0)
        {
            return;
        }

        var actions = new StringBuilder();
        var lines = Header.Count(c => c == '\n') + 3;
        foreach (var f in features)
        {
            var block = Actions(f);
            var blockLines = block.Count(c => c == '\n');
            if (lines + blockLines > budget)
            {
                break;
            }

            actions.Append(block);
            lines += blockLines;
        }

        output.Add(RelativePath, Header + actions.ToString().TrimEnd('\n') + "\n}\n");
    }

    private const string Header = """
        using Bench.Domain.Entities;
        using Bench.Infrastructure.Repositories;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Extensions.Logging;

        namespace Bench.Api.Controllers;

        [ApiController]
        [Route("api/back-office")]
        [Authorize(Policy = "Admin")]
        public sealed class BackOfficeController : ControllerBase
        {
            private readonly ILogger<BackOfficeController> _logger;

            public BackOfficeController(ILogger<BackOfficeController> logger)
            {
                _logger = logger;
            }


        """;

    private static string Actions(Feature f) => $$"""
            [HttpGet("{{f.Route}}/{id:int}")]
            public async Task<ActionResult<{{f.Name}}Dto>> Get{{f.Name}}(int id, [FromServices] {{f.Name}}EfRepository repository, CancellationToken cancellationToken)
            {
                var entity = await repository.FindAsync(id, cancellationToken);
                if (entity is null)
                {
                    _logger.LogInformation("{{f.Name}} {Id} not found", id);
                    return NotFound();
                }

                return Ok(entity.ToDto());
            }

            [HttpGet("{{f.Route}}")]
            public async Task<ActionResult<IEnumerable<{{f.Name}}Dto>>> Search{{f.Plural}}(
                [FromQuery] string name,
                [FromQuery] int skip,
                [FromQuery] int take,
                [FromServices] {{f.Name}}DapperRepository repository,
                CancellationToken cancellationToken)
            {
                if (take is <= 0 or > 100)
                {
                    return BadRequest(new { error = "take must be between 1 and 100" });
                }

                var items = await repository.SearchAsync(name, skip, take, cancellationToken);
                return Ok(items.Select(x => x.ToDto()));
            }

            [HttpDelete("{{f.Route}}/{id:int}")]
            public async Task<IActionResult> Purge{{f.Name}}(int id, [FromServices] {{f.Name}}EfRepository repository, CancellationToken cancellationToken)
            {
                var removed = await repository.PurgeAsync(id, cancellationToken);
                _logger.LogWarning("Purged {{f.Name}} {Id} by {User}", id, User.Identity?.Name);
                return removed > 0 ? NoContent() : NotFound();
            }


        """;
}
