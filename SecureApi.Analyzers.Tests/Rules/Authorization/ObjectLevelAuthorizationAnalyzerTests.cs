using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Authorization.ObjectLevelAuthorizationAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Authorization;

/// <summary>SAPI2007: a record loaded by a request id and returned, changed or deleted without the caller's identity.</summary>
public sealed class ObjectLevelAuthorizationAnalyzerTests
{
    private const string Usings = """
        using System.Security.Claims;
        using Dapper;
        using Microsoft.AspNetCore.Authorization;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.Data.SqlClient;
        using Microsoft.EntityFrameworkCore;

        """;

    private const string Model = """

        public class Order
        {
            public int Id { get; set; }
            public string CustomerId { get; set; } = "";
            public decimal Total { get; set; }
            public string Status { get; set; } = "";
        }

        public class OrderLine
        {
            public int Id { get; set; }
            public int OrderId { get; set; }
            public string Product { get; set; } = "";
        }

        public class Product
        {
            public int Id { get; set; }
            public string Name { get; set; } = "";
        }

        public class Note
        {
            public int NoteId { get; set; }
            public string OwnerId { get; set; } = "";
            public string Text { get; set; } = "";
        }

        public class Photo
        {
            public int Id { get; set; }
            public string TenantId { get; set; } = "";
        }

        public record InvoiceRow(long Id, string AccountId, decimal Amount);

        public interface ICurrentUser { string? UserId { get; } }
        public interface ITenantProvider { string TenantId { get; } }

        public class ShopDb : DbContext
        {
            private readonly ITenantProvider _tenant;
            public ShopDb(DbContextOptions<ShopDb> options, ITenantProvider tenant) : base(options) => _tenant = tenant;
            public DbSet<Order> Orders => Set<Order>();
            public DbSet<OrderLine> OrderLines => Set<OrderLine>();
            public DbSet<Product> Products => Set<Product>();
            public DbSet<Note> Notes => Set<Note>();
            public DbSet<Photo> Photos => Set<Photo>();

            protected override void OnModelCreating(ModelBuilder builder)
            {
                builder.Entity<Photo>().HasQueryFilter(p => p.TenantId == _tenant.TenantId);
                builder.Entity<Order>().HasQueryFilter(o => o.Status != "deleted");
            }
        }
        """;

    private static DiagnosticResult Bola(int markup, string id, string entity, string use, string owner) =>
        Verify.Diagnostic(Descriptors.ObjectLevelAuthorizationMissing).WithLocation(markup).WithArguments(id, entity, use, owner);

    private static string Controller(string actions, string attributes = "[Authorize]") => $$"""
        [ApiController]
        {{attributes}}
        [Route("api/orders")]
        public class OrdersController : ControllerBase
        {
            private readonly ShopDb _db;
            private readonly IAuthorizationService _authorization;
            private readonly SqlConnection _sql = new();

            public OrdersController(ShopDb db, IAuthorizationService authorization)
            {
                _db = db;
                _authorization = authorization;
            }

        {{actions}}
        }
        """;

    private static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        Verify.VerifyAnalyzerAsync(Usings + source + "\n" + Model, expected);

    // ---------------------------------------------------------------- flagged

    [Fact]
    public Task Find_by_route_id_and_returned() => VerifyAsync(
        Controller("""
                [HttpGet("{id}")]
                public async Task<IActionResult> {|#0:Get|}(int id)
                {
                    var order = await _db.Orders.FindAsync(id);
                    return order is null ? NotFound() : Ok(order);
                }
            """),
        Bola(0, "id", "Order", "returns", "CustomerId"));

    [Theory]
    [InlineData("_db.Orders.FirstOrDefaultAsync(o => o.Id == id)")]
    [InlineData("_db.Orders.AsNoTracking().SingleOrDefaultAsync(o => id == o.Id)")]
    [InlineData("_db.Orders.Where(o => o.Id == id).FirstOrDefaultAsync()")]
    [InlineData("_db.Set<Order>().Where(o => o.Id == id).Select(o => new { o.Id, o.Total }).SingleAsync()")]
    public Task Query_comparing_the_key_and_returned(string query) => VerifyAsync(
        Controller($$"""
                [HttpGet("{id}")]
                public async Task<IActionResult> {|#0:Get|}(int id) => Ok(await {{query}});
            """),
        Bola(0, "id", "Order", "returns", "CustomerId"));

    [Fact]
    public Task Loaded_then_changed() => VerifyAsync(
        Controller("""
                [HttpPut("{orderId}/status")]
                public async Task<IActionResult> {|#0:SetStatus|}(int orderId, [FromBody] string status)
                {
                    var order = await _db.Orders.SingleOrDefaultAsync(o => o.Id == orderId);
                    if (order is null) return NotFound();
                    order.Status = status;
                    await _db.SaveChangesAsync();
                    return NoContent();
                }
            """),
        Bola(0, "orderId", "Order", "updates", "CustomerId"));

    [Fact]
    public Task Loaded_then_deleted_with_a_key_named_after_the_type() => VerifyAsync(
        Controller("""
                [HttpDelete("notes/{noteId}")]
                public async Task<IActionResult> {|#0:DeleteNote|}(int noteId)
                {
                    var note = await _db.Notes.FirstOrDefaultAsync(n => n.NoteId == noteId);
                    if (note is null) return NotFound();
                    _db.Notes.Remove(note);
                    await _db.SaveChangesAsync();
                    return NoContent();
                }
            """),
        Bola(0, "noteId", "Note", "deletes", "OwnerId"));

    [Fact]
    public Task Execute_delete_on_the_key() => VerifyAsync(
        Controller("""
                [HttpDelete("{id}")]
                public async Task<IActionResult> {|#0:Delete|}(int id)
                {
                    await _db.Orders.Where(o => o.Id == id).ExecuteDeleteAsync();
                    return NoContent();
                }
            """),
        Bola(0, "id", "Order", "deletes", "CustomerId"));

    [Fact]
    public Task Dapper_query_by_the_id_only() => VerifyAsync(
        Controller("""
                [HttpGet("invoices/{invoiceId}")]
                public async Task<IActionResult> {|#0:Invoice|}(long invoiceId)
                {
                    var invoice = await _sql.QuerySingleOrDefaultAsync<InvoiceRow>(
                        "SELECT Id, AccountId, Amount FROM Invoices WHERE Id = @invoiceId", new { invoiceId });
                    return invoice is null ? NotFound() : Ok(invoice);
                }
            """),
        Bola(0, "invoiceId", "InvoiceRow", "returns", "AccountId"));

    [Fact]
    public Task Plain_authorize_only_authenticates() => VerifyAsync(
        Controller("""
                [HttpGet("{id}")]
                [Authorize(AuthenticationSchemes = "Bearer")]
                public async Task<IActionResult> {|#0:Get|}([FromRoute] int id) => Ok(await _db.Orders.FindAsync(id));
            """),
        Bola(0, "id", "Order", "returns", "CustomerId"));

    [Fact]
    public Task Minimal_api_handler_with_authentication_only() => VerifyAsync(
        """
        public static class OrderEndpoints
        {
            public static void Map(WebApplication app)
            {
                var orders = app.MapGroup("/api/orders").RequireAuthorization();
                orders.{|#0:MapDelete|}("/{id:int}", async (int id, ShopDb db) =>
                {
                    var order = await db.Orders.FirstOrDefaultAsync(o => o.Id == id);
                    if (order is null) return Results.NotFound();
                    db.Orders.Remove(order);
                    await db.SaveChangesAsync();
                    return Results.NoContent();
                });
                app.{|#1:MapGet|}("/api/orders/{id:int}", GetOrder).RequireAuthorization();
            }

            private static async Task<IResult> GetOrder(int id, ShopDb db) =>
                await db.Orders.FindAsync(id) is { } order ? Results.Ok(order) : Results.NotFound();
        }
        """,
        Bola(0, "id", "Order", "deletes", "CustomerId"),
        Bola(1, "id", "Order", "returns", "CustomerId"));

    // ---------------------------------------------------------------- not flagged

    [Theory]
    [InlineData("[Authorize(Roles = \"Admin\")]")]
    [InlineData("[Authorize(Policy = \"Support\")]")]
    [InlineData("[Authorize(\"Support\")]")]
    [InlineData("[AllowAnonymous]")]
    public Task Role_policy_or_anonymous_on_the_class(string attribute) => VerifyAsync(
        Controller("""
                [HttpGet("{id}")]
                public async Task<IActionResult> Get(int id) => Ok(await _db.Orders.FindAsync(id));
            """, attribute));

    [Fact]
    public Task Role_on_the_action() => VerifyAsync(
        Controller("""
                [HttpGet("{id}")]
                [Authorize(Roles = "Admin")]
                public async Task<IActionResult> Get(int id) => Ok(await _db.Orders.FindAsync(id));
            """));

    [Theory]
    [InlineData("o => o.Id == id && o.CustomerId == User.FindFirstValue(ClaimTypes.NameIdentifier)")]
    [InlineData("o => o.Id == id && o.CustomerId == HttpContext.User.FindFirstValue(\"sub\")")]
    public Task Query_filters_by_the_caller(string predicate) => VerifyAsync(
        Controller($$"""
                [HttpGet("{id}")]
                public async Task<IActionResult> Get(int id) => Ok(await _db.Orders.FirstOrDefaultAsync({{predicate}}));
            """));

    [Fact]
    public Task Resource_based_authorization() => VerifyAsync(
        Controller("""
                [HttpGet("{id}")]
                public async Task<IActionResult> Get(int id)
                {
                    var order = await _db.Orders.FindAsync(id);
                    if (order is null) return NotFound();
                    var result = await _authorization.AuthorizeAsync(User, order, "OrderOwner");
                    return result.Succeeded ? Ok(order) : Forbid();
                }
            """));

    [Fact]
    public Task Current_user_service_and_claims_principal_parameter() => VerifyAsync(
        """
        public static class OrderEndpoints
        {
            public static void Map(WebApplication app)
            {
                app.MapGet("/a/{id:int}", async (int id, ShopDb db, ICurrentUser current) =>
                {
                    var order = await db.Orders.FindAsync(id);
                    return order is null || order.CustomerId != current.UserId ? Results.NotFound() : Results.Ok(order);
                });
                app.MapGet("/b/{id:int}", async (int id, ShopDb db, ClaimsPrincipal user) => Results.Ok(await db.Orders.FindAsync(id)));
                app.MapGet("/c/{id:int}", async (int id, ShopDb db) => Results.Ok(await db.Orders.FindAsync(id))).RequireAuthorization("Support");
                app.MapGroup("/d").RequireAuthorization(p => p.RequireRole("Admin"))
                    .MapGet("/{id:int}", async (int id, ShopDb db) => Results.Ok(await db.Orders.FindAsync(id)));
                app.MapGet("/e/{id:int}", [Authorize(Roles = "Admin")] async (int id, ShopDb db) => Results.Ok(await db.Orders.FindAsync(id)));
                app.MapGet("/f/{id:int}", async (int id, ShopDb db) => Results.Ok(await db.Orders.FindAsync(id))).AllowAnonymous();
            }
        }
        """);

    [Fact]
    public Task Member_of_the_controller_that_reads_the_user() => VerifyAsync(
        Controller("""
                private string CustomerId => User.FindFirstValue("sub") ?? "";

                [HttpGet("{id}")]
                public async Task<IActionResult> Get(int id)
                {
                    var order = await _db.Orders.FindAsync(id);
                    return order is null || order.CustomerId != CustomerId ? NotFound() : Ok(order);
                }
            """));

    [Fact]
    public Task Entities_without_owner_and_query_filtered_by_tenant() => VerifyAsync(
        Controller("""
                [HttpGet("products/{id}")]
                public async Task<IActionResult> Product(int id) => Ok(await _db.Products.FindAsync(id));

                [HttpGet("photos/{id}")]
                public async Task<IActionResult> Photo(int id) => Ok(await _db.Photos.FindAsync(id));

                [HttpGet("lines/{id}")]
                public async Task<IActionResult> Line(int id) => Ok(await _db.OrderLines.FindAsync(id));
            """));

    [Fact]
    public Task Child_filtered_by_its_parent_key() => VerifyAsync(
        Controller("""
                [HttpGet("customers/{customerId}/orders/{id}")]
                public async Task<IActionResult> Get(string customerId, int id) =>
                    Ok(await _db.Orders.SingleOrDefaultAsync(o => o.Id == id && o.CustomerId == customerId));

                [HttpGet("by-customer")]
                public async Task<IActionResult> List([FromQuery] string customerId) =>
                    Ok(await _db.Orders.Where(o => o.CustomerId == customerId).ToListAsync());
            """));

    [Fact]
    public Task Only_checked_counted_or_not_by_key() => VerifyAsync(
        Controller("""
                [HttpHead("{id}")]
                public async Task<IActionResult> Exists(int id) => await _db.Orders.AnyAsync(o => o.Id == id) ? Ok() : NotFound();

                [HttpGet("{id}/exists")]
                public async Task<IActionResult> Exists2(int id)
                {
                    var order = await _db.Orders.FindAsync(id);
                    return order is null ? NotFound() : NoContent();
                }

                [HttpGet("by-total")]
                public async Task<IActionResult> ByTotal(int minId) => Ok(await _db.Orders.Where(o => o.Total > minId).ToListAsync());

                [HttpGet("{id}/memory")]
                public IActionResult InMemory(int id, [FromServices] List<Order> cache) => Ok(cache.FirstOrDefault(o => o.Id == id));

                [HttpPost("{id}")]
                public async Task<IActionResult> FromBody([FromBody] int id) => Ok(await _db.Orders.FindAsync(id));
            """));

    [Fact]
    public Task Dapper_where_reads_the_owner_or_sql_unknown() => VerifyAsync(
        Controller("""
                [HttpGet("invoices/{accountId}/{invoiceId}")]
                public async Task<IActionResult> Invoice(string accountId, long invoiceId) =>
                    Ok(await _sql.QuerySingleAsync<InvoiceRow>("SELECT * FROM Invoices WHERE Id = @invoiceId AND AccountId = @accountId", new { invoiceId, accountId }));

                [HttpGet("invoices/{invoiceId}")]
                public async Task<IActionResult> Invoice2(long invoiceId, string table) =>
                    Ok(await _sql.QuerySingleAsync<InvoiceRow>("SELECT * FROM " + table + " WHERE Id = @invoiceId", new { invoiceId }));
            """));

    [Fact]
    public Task Not_an_action() => VerifyAsync(
        Controller("""
                [NonAction]
                public async Task<Order?> Load(int id) => await _db.Orders.FindAsync(id);
            """));
}
