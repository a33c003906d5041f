using System.Globalization;
using System.Text;

namespace SecureApi.Bench.Generator;

/// <summary>The files of one feature slice, across the Domain, Infrastructure and host projects.</summary>
internal static class FeatureFiles
{
    public static void Write(OutputFiles output, FeatureSites sites, Feature f)
    {
        output.Add(Names.Src(Names.DomainProject, $"Entities/{f.Name}.cs"), Entity(f));
        output.Add(Names.Src(Names.InfrastructureProject, $"Data/AppDbContext.{f.Name}.cs"), DbContextPart(f));
        output.Add(Names.Src(Names.InfrastructureProject, $"Repositories/{f.Name}DapperRepository.cs"), DapperRepository(f, sites));
        output.Add(Names.Src(Names.InfrastructureProject, $"Repositories/{f.Name}EfRepository.cs"), EfRepository(f, sites));
        output.Add(Names.Src(Names.InfrastructureProject, $"Services/{f.Name}Service.cs"), Service(f, sites));
        output.Add(Names.Src(f.Host, $"Controllers/{f.Plural}Controller.cs"), Controller(f, sites));
        output.Add(Names.Src(f.Host, $"Endpoints/{f.Name}Endpoints.cs"), Endpoints(f, sites));
    }

    private static string Lines(IEnumerable<string> lines, string indent) =>
        string.Join("\n", lines.Select(l => indent + l));

    private static string Default(string type) => type switch
    {
        "string" => " = string.Empty;",
        _ => "",
    };

    private static string Entity(Feature f) => $$"""
        namespace Bench.Domain.Entities;

        /// <summary>A {{f.Lower}} as stored by the application.</summary>
        public sealed class {{f.Name}}
        {
            public int Id { get; set; }

            public string Name { get; set; } = string.Empty;

        {{Lines(f.Properties.Select(p => $"public {p.Type} {p.Name} {{ get; set; }}{Default(p.Type)}\n"), "    ")}}
            public string OwnerId { get; set; } = string.Empty;

            public DateTime CreatedAt { get; set; }

            public DateTime? UpdatedAt { get; set; }
        }

        /// <summary>The {{f.Lower}} as returned by the API.</summary>
        public sealed record {{f.Name}}Dto(
            int Id,
            string Name,
        {{Lines(f.Properties.Select(p => $"{p.Type} {p.Name},"), "    ")}}
            DateTime CreatedAt);

        /// <summary>The body of a request creating a {{f.Lower}}.</summary>
        public sealed record Create{{f.Name}}Request(
        {{Lines(f.Properties.Select(p => $"{p.Type} {p.Name},"), "    ")}}
            string Name);

        public static class {{f.Name}}Mapping
        {
            public static {{f.Name}}Dto ToDto(this {{f.Name}} entity) => new(
                entity.Id,
                entity.Name,
        {{Lines(f.Properties.Select(p => $"entity.{p.Name},"), "        ")}}
                entity.CreatedAt);

            public static {{f.Name}} ToEntity(this Create{{f.Name}}Request request, string ownerId) => new()
            {
                Name = request.Name.Trim(),
        {{Lines(f.Properties.Select(p => $"{p.Name} = request.{p.Name},"), "        ")}}
                OwnerId = ownerId,
                CreatedAt = DateTime.UtcNow,
            };
        }
        """;

    private static string DbContextPart(Feature f) => $$"""
        using Bench.Domain.Entities;
        using Microsoft.EntityFrameworkCore;

        namespace Bench.Infrastructure.Data;

        public partial class AppDbContext
        {
            public DbSet<{{f.Name}}> {{f.Plural}} => Set<{{f.Name}}>();

            private static void Configure{{f.Name}}(ModelBuilder modelBuilder)
            {
                modelBuilder.Entity<{{f.Name}}>(entity =>
                {
                    entity.ToTable("{{f.Plural}}");
                    entity.HasKey(x => x.Id);
                    entity.Property(x => x.Name).HasMaxLength(200).IsRequired();
        {{Lines(f.Properties.Where(p => p.Type is "string" or "decimal").Select(p => p.Type == "string"
            ? $"entity.Property(x => x.{p.Name}).HasMaxLength({(p.Name.Length * 37 % 400) + 50});"
            : $"entity.Property(x => x.{p.Name}).HasPrecision(18, 2);"), "            ")}}
                    entity.HasIndex(x => x.OwnerId);
                });
            }
        }
        """;

    private static string Columns(Feature f) =>
        string.Join(", ", new[] { "Id", "Name" }.Concat(f.Properties.Select(p => p.Name)).Concat(["OwnerId", "CreatedAt", "UpdatedAt"]));

    private static string DapperRepository(Feature f, FeatureSites sites)
    {
        var insertColumns = new[] { "Name" }.Concat(f.Properties.Select(p => p.Name)).Concat(["OwnerId", "CreatedAt"]).ToArray();
        var search = sites.Has(Pattern.DapperSqlConcatenation)
            ? $$"""
                var sql = "SELECT " + Columns + " FROM {{f.Plural}} WHERE Name LIKE '%" + name + "%' ORDER BY Id LIMIT " + take + " OFFSET " + skip;
                        var rows = await connection.QueryAsync<{{f.Name}}>(new CommandDefinition(sql, cancellationToken: cancellationToken));
                """
            : $$"""
                var sql = "SELECT " + Columns + " FROM {{f.Plural}} WHERE Name LIKE @pattern ORDER BY Id LIMIT @take OFFSET @skip";
                        var rows = await connection.QueryAsync<{{f.Name}}>(new CommandDefinition(sql, new { pattern = "%" + name + "%", skip, take }, cancellationToken: cancellationToken));
                """;
        return $$"""
            using Bench.Domain.Entities;
            using Bench.Infrastructure.Data;
            using Dapper;

            namespace Bench.Infrastructure.Repositories;

            /// <summary>Read-heavy queries for {{f.Plural}}, written in SQL.</summary>
            public sealed class {{f.Name}}DapperRepository
            {
                private const string Columns = "{{Columns(f)}}";
                private readonly IDbConnectionFactory _connections;

                public {{f.Name}}DapperRepository(IDbConnectionFactory connections)
                {
                    _connections = connections;
                }

                public async Task<{{f.Name}}?> GetByIdAsync(int id, CancellationToken cancellationToken)
                {
                    using var connection = _connections.Open();
                    var command = new CommandDefinition(
                        "SELECT " + Columns + " FROM {{f.Plural}} WHERE Id = @id",
                        new { id },
                        cancellationToken: cancellationToken);
                    return await connection.QuerySingleOrDefaultAsync<{{f.Name}}>(command);
                }

                public async Task<IReadOnlyList<{{f.Name}}>> SearchAsync(string name, int skip, int take, CancellationToken cancellationToken)
                {
                    using var connection = _connections.Open();
                    {{search}}
                    return rows.AsList();
                }

                public async Task<int> InsertAsync({{f.Name}} entity, CancellationToken cancellationToken)
                {
                    using var connection = _connections.Open();
                    const string sql = "INSERT INTO {{f.Plural}} ({{string.Join(", ", insertColumns)}}) "
                        + "VALUES ({{string.Join(", ", insertColumns.Select(c => "@" + c))}}) RETURNING Id";
                    return await connection.ExecuteScalarAsync<int>(new CommandDefinition(sql, entity, cancellationToken: cancellationToken));
                }

                public async Task<bool> DeleteAsync(int id, string ownerId, CancellationToken cancellationToken)
                {
                    using var connection = _connections.Open();
                    var affected = await connection.ExecuteAsync(new CommandDefinition(
                        "DELETE FROM {{f.Plural}} WHERE Id = @id AND OwnerId = @ownerId",
                        new { id, ownerId },
                        cancellationToken: cancellationToken));
                    return affected > 0;
                }

                public async Task<int> CountForOwnersAsync(IReadOnlyCollection<string> owners, CancellationToken cancellationToken)
                {
                    if (owners.Count == 0)
                    {
                        return 0;
                    }

                    using var connection = _connections.Open();
                    return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
                        "SELECT COUNT(*) FROM {{f.Plural}} WHERE OwnerId IN @owners",
                        new { owners },
                        cancellationToken: cancellationToken));
                }
            }
            """;
    }

    private static string EfRepository(Feature f, FeatureSites sites)
    {
        var byOwner = sites.Has(Pattern.EfFromSqlRawConcatenation)
            ? $$"""_db.{{f.Plural}}.FromSqlRaw("SELECT * FROM {{f.Plural}} WHERE OwnerId = '" + ownerId + "'").AsNoTracking().ToListAsync(cancellationToken);"""
            : $$"""_db.{{f.Plural}}.FromSql($"SELECT * FROM {{f.Plural}} WHERE OwnerId = {ownerId}").AsNoTracking().ToListAsync(cancellationToken);""";
        return $$"""
            using Bench.Domain.Entities;
            using Bench.Infrastructure.Data;
            using Microsoft.EntityFrameworkCore;

            namespace Bench.Infrastructure.Repositories;

            /// <summary>Writes and simple reads of {{f.Plural}} through EF Core.</summary>
            public sealed class {{f.Name}}EfRepository
            {
                private readonly AppDbContext _db;

                public {{f.Name}}EfRepository(AppDbContext db)
                {
                    _db = db;
                }

                public Task<{{f.Name}}?> FindAsync(int id, CancellationToken cancellationToken) =>
                    _db.{{f.Plural}}.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);

                public async Task<List<{{f.Name}}>> ListAsync(string? filter, int skip, int take, CancellationToken cancellationToken)
                {
                    IQueryable<{{f.Name}}> query = _db.{{f.Plural}}.AsNoTracking();
                    if (!string.IsNullOrWhiteSpace(filter))
                    {
                        query = query.Where(x => x.Name.Contains(filter));
                    }

                    return await query.OrderBy(x => x.Id).Skip(skip).Take(take).ToListAsync(cancellationToken);
                }

                public Task<List<{{f.Name}}>> ByOwnerAsync(string ownerId, CancellationToken cancellationToken) =>
                    {{byOwner}}

                public async Task<{{f.Name}}> AddAsync({{f.Name}} entity, CancellationToken cancellationToken)
                {
                    _db.{{f.Plural}}.Add(entity);
                    await _db.SaveChangesAsync(cancellationToken);
                    return entity;
                }

                public Task<int> PurgeAsync(int id, CancellationToken cancellationToken) =>
                    _db.{{f.Plural}}.Where(x => x.Id == id).ExecuteDeleteAsync(cancellationToken);
            }
            """;
    }

    private static readonly string[] BannedWords =
    [
        "admin", "root", "test", "null", "undefined", "drop", "select", "script", "iframe", "onload", "javascript", "system",
    ];

    private static string ValidationRules(Feature f)
    {
        var lines = new List<string>();
        foreach (var (name, type) in f.Properties)
        {
            lines.Add(type switch
            {
                "string" => $"if (request.{name}.Length > 400)\n{{\n    errors.Add(\"{name} is too long.\");\n}}\n",
                "decimal" => $"if (request.{name} < 0m || request.{name} > 1_000_000m)\n{{\n    errors.Add(\"{name} is out of range.\");\n}}\n",
                "int" => $"if (request.{name} < 0)\n{{\n    errors.Add(\"{name} must not be negative.\");\n}}\n",
                "DateTime" => $"if (request.{name}.Year < 2000)\n{{\n    errors.Add(\"{name} is too far in the past.\");\n}}\n",
                _ => $"if (!request.{name} && request.Name.Length == 0)\n{{\n    errors.Add(\"{name} requires a name.\");\n}}\n",
            });
        }

        for (var i = 0; i < f.ExtraValidationRules; i++)
        {
            var word = BannedWords[i % BannedWords.Length] + (i / BannedWords.Length).ToString(CultureInfo.InvariantCulture);
            lines.Add($"if (request.Name.Contains(\"{word}\", StringComparison.OrdinalIgnoreCase))\n{{\n    errors.Add(\"Name must not contain '{word}'.\");\n}}\n");
        }

        var text = new StringBuilder();
        foreach (var line in string.Join("\n", lines).Split('\n'))
        {
            text.Append(line.Length == 0 ? "\n" : "        " + line + "\n");
        }

        return text.ToString().TrimEnd('\n');
    }

    private static string Service(Feature f, FeatureSites sites)
    {
        var secret = sites.Has(Pattern.HardCodedSecret)
            ? $"\"whsec_{f.Random.Next():x8}{f.Random.Next():x8}{f.Random.Next():x8}\""
            : $"configuration[\"Webhooks:{f.Name}:Secret\"] ?? string.Empty";
        var hash = sites.Has(Pattern.Md5Hash) ? "MD5" : "SHA256";
        var code = sites.Has(Pattern.RandomForCode)
            ? "new Random().Next(100_000, 1_000_000)"
            : "RandomNumberGenerator.GetInt32(100_000, 1_000_000)";
        return $$"""
            using System.Security.Cryptography;
            using System.Text;
            using Bench.Domain.Entities;
            using Bench.Infrastructure.Repositories;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.Logging;

            namespace Bench.Infrastructure.Services;

            /// <summary>Business rules for {{f.Plural}}.</summary>
            public sealed class {{f.Name}}Service
            {
                private readonly {{f.Name}}DapperRepository _queries;
                private readonly {{f.Name}}EfRepository _store;
                private readonly ILogger<{{f.Name}}Service> _logger;
                private readonly string _webhookSecret;

                public {{f.Name}}Service(
                    {{f.Name}}DapperRepository queries,
                    {{f.Name}}EfRepository store,
                    IConfiguration configuration,
                    ILogger<{{f.Name}}Service> logger)
                {
                    _queries = queries;
                    _store = store;
                    _logger = logger;
                    _webhookSecret = {{secret}};
                }

                public Task<{{f.Name}}?> GetAsync(int id, CancellationToken cancellationToken) => _store.FindAsync(id, cancellationToken);

                public Task<List<{{f.Name}}>> ListAsync(string? filter, int skip, int take, CancellationToken cancellationToken) =>
                    _store.ListAsync(filter, Math.Max(0, skip), Math.Clamp(take, 1, 100), cancellationToken);

                public Task<IReadOnlyList<{{f.Name}}>> SearchAsync(string name, CancellationToken cancellationToken) =>
                    _queries.SearchAsync(name, 0, 50, cancellationToken);

                public Task<List<{{f.Name}}>> MineAsync(string ownerId, CancellationToken cancellationToken) =>
                    _store.ByOwnerAsync(ownerId, cancellationToken);

                public async Task<{{f.Name}}> CreateAsync(Create{{f.Name}}Request request, string ownerId, CancellationToken cancellationToken)
                {
                    var errors = Validate(request);
                    if (errors.Count > 0)
                    {
                        throw new InvalidOperationException(string.Join("; ", errors));
                    }

                    var entity = request.ToEntity(ownerId);
                    await _store.AddAsync(entity, cancellationToken);
                    _logger.LogInformation("Created {{f.Lower}} {Id} for {OwnerId}", entity.Id, ownerId);
                    return entity;
                }

                public Task<bool> DeleteAsync(int id, string ownerId, CancellationToken cancellationToken) =>
                    _queries.DeleteAsync(id, ownerId, cancellationToken);

                public string ComputeEtag({{f.Name}} entity)
                {
                    var payload = Encoding.UTF8.GetBytes(entity.Id + ":" + entity.Name + ":" + (entity.UpdatedAt ?? entity.CreatedAt).Ticks);
                    return Convert.ToHexString({{hash}}.HashData(payload));
                }

                public string CreateVerificationCode()
                {
                    var verificationCode = {{code}};
                    return verificationCode.ToString("D6");
                }

                public string SignWebhook(string body)
                {
                    using var hmac = new HMACSHA256(Encoding.UTF8.GetBytes(_webhookSecret));
                    return Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(body)));
                }

                private static List<string> Validate(Create{{f.Name}}Request request)
                {
                    var errors = new List<string>();
                    if (string.IsNullOrWhiteSpace(request.Name))
                    {
                        errors.Add("Name is required.");
                        return errors;
                    }

            {{ValidationRules(f)}}
                    return errors;
                }
            }
            """;
    }

    private static string Controller(Feature f, FeatureSites sites)
    {
        var missing = sites.Has(Pattern.MissingAuthorize);
        var classAuthorize = missing ? "" : "[Authorize]\n";
        var actionAuthorize = missing ? "    [Authorize]\n" : "";
        var error = sites.Has(Pattern.ExceptionMessageInResponse) ? "ex.Message" : $"\"The {f.Lower} could not be created.\"";
        return $$"""
            using System.Security.Claims;
            using Bench.Domain.Entities;
            using Bench.Infrastructure.Services;
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.Logging;

            namespace {{f.Host}}.Controllers;

            [ApiController]
            [Route("api/{{f.Route}}")]
            {{classAuthorize}}public sealed class {{f.Plural}}Controller : ControllerBase
            {
                private readonly {{f.Name}}Service _service;
                private readonly ILogger<{{f.Plural}}Controller> _logger;

                public {{f.Plural}}Controller({{f.Name}}Service service, ILogger<{{f.Plural}}Controller> logger)
                {
                    _service = service;
                    _logger = logger;
                }

                private string CurrentUserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous";

                [HttpGet("{id:int}")]
            {{actionAuthorize}}    public async Task<ActionResult<{{f.Name}}Dto>> Get(int id, CancellationToken cancellationToken)
                {
                    var entity = await _service.GetAsync(id, cancellationToken);
                    if (entity is null)
                    {
                        return NotFound();
                    }

                    Response.Headers.ETag = "\"" + _service.ComputeEtag(entity) + "\"";
                    return Ok(entity.ToDto());
                }

                [HttpGet]
            {{actionAuthorize}}    public async Task<ActionResult<IEnumerable<{{f.Name}}Dto>>> List(
                    [FromQuery] string? filter,
                    [FromQuery] int skip = 0,
                    [FromQuery] int take = 20,
                    CancellationToken cancellationToken = default)
                {
                    var items = await _service.ListAsync(filter, skip, take, cancellationToken);
                    return Ok(items.Select(x => x.ToDto()));
                }

                [HttpPost]
            {{actionAuthorize}}    public async Task<ActionResult<{{f.Name}}Dto>> Create(Create{{f.Name}}Request request, CancellationToken cancellationToken)
                {
                    try
                    {
                        var entity = await _service.CreateAsync(request, CurrentUserId, cancellationToken);
                        return CreatedAtAction(nameof(Get), new { id = entity.Id }, entity.ToDto());
                    }
                    catch (InvalidOperationException ex)
                    {
                        _logger.LogWarning(ex, "Rejected {{f.Lower}} for {UserId}", CurrentUserId);
                        return BadRequest(new { error = {{error}} });
                    }
                }

                [HttpDelete("{id:int}")]
                [Authorize(Policy = "Admin")]
                public async Task<IActionResult> Delete(int id, CancellationToken cancellationToken)
                {
                    return await _service.DeleteAsync(id, CurrentUserId, cancellationToken) ? NoContent() : NotFound();
                }

                [HttpGet("export")]
                public async Task<IActionResult> Export(CancellationToken cancellationToken)
                {
                    var items = await _service.MineAsync(CurrentUserId, cancellationToken);
                    var lines = items.Select(x => x.Id + "," + x.Name.Replace(",", " ", StringComparison.Ordinal));
                    return Content(string.Join("\n", lines), "text/csv");
                }
            }
            """;
    }

    private static string Endpoints(Feature f, FeatureSites sites)
    {
        var status = sites.Has(Pattern.AnonymousMinimalEndpoint) ? "" : ".AllowAnonymous()";
        return $$"""
            using Bench.Domain.Entities;
            using Bench.Infrastructure.Services;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Routing;

            namespace {{f.Host}}.Endpoints;

            public static class {{f.Name}}Endpoints
            {
                public static IEndpointRouteBuilder Map{{f.Name}}Endpoints(this IEndpointRouteBuilder routes)
                {
                    var group = routes.MapGroup("/v2/{{f.Route}}").RequireAuthorization();

                    group.MapGet("/", async ({{f.Name}}Service service, string? filter, int? skip, int? take, CancellationToken cancellationToken) =>
                    {
                        var items = await service.ListAsync(filter, skip ?? 0, take ?? 20, cancellationToken);
                        return Results.Ok(items.Select(x => x.ToDto()));
                    });

                    group.MapGet("/{id:int}", async (int id, {{f.Name}}Service service, CancellationToken cancellationToken) =>
                        await service.GetAsync(id, cancellationToken) is { } entity ? Results.Ok(entity.ToDto()) : Results.NotFound());

                    group.MapGet("/search", async (string name, {{f.Name}}Service service, CancellationToken cancellationToken) =>
                        Results.Ok((await service.SearchAsync(name, cancellationToken)).Select(x => x.ToDto())));

                    group.MapPost("/", async (Create{{f.Name}}Request request, {{f.Name}}Service service, HttpContext http, CancellationToken cancellationToken) =>
                    {
                        var entity = await service.CreateAsync(request, http.User.Identity?.Name ?? "anonymous", cancellationToken);
                        return Results.Created($"/v2/{{f.Route}}/{entity.Id}", entity.ToDto());
                    });

                    group.MapPost("/{id:int}/verification", ({{f.Name}}Service service) =>
                        Results.Ok(new { code = service.CreateVerificationCode() }))
                        .RequireAuthorization("Admin");

                    routes.MapGet("/v2/{{f.Route}}-status", () => Results.Ok(new { status = "ok" })){{status}};
                    return routes;
                }
            }
            """;
    }
}
