using SecureApi.CodeFixes.Rules.Exposure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Exposure.MassAssignmentAnalyzer,
    SecureApi.CodeFixes.Rules.Exposure.MassAssignmentCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Exposure;

/// <summary>Fix of SAPI5004: [JsonIgnore] on the sensitive members declared in the app.</summary>
public sealed class MassAssignmentCodeFixTests
{
    private const string Key = MassAssignmentCodeFix.AddJsonIgnore;

    [Fact]
    public Task Sensitive_properties_and_record_parameters_get_JsonIgnore()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class Agent
            {
                public string Id { get; set; } = "";

                /// <summary>PBKDF2 hash.</summary>
                public string PasswordHash { get; set; } = "";
                public string? SecurityStamp { get; set; }
            }

            public record Citizen(int Id, string Name, string Ssn);

            [ApiController]
            public class AgentsController : ControllerBase
            {
                [HttpGet("agents/{id}")]
                public ActionResult<Agent> Get(string id) => id == "" ? NotFound() : {|SAPI5004:new Agent { Id = id }|};

                [HttpGet("citizens/{id}")]
                public IActionResult Citizen(int id) => Ok({|SAPI5004:new Citizen(id, "n", "s")|});

                [HttpGet("agents")]
                public Agent[] All() => {|SAPI5004:new[] { new Agent() }|};
            }
            """;
        const string fixedSource = """
            using System.Text.Json.Serialization;
            using Microsoft.AspNetCore.Mvc;

            public class Agent
            {
                public string Id { get; set; } = "";

                /// <summary>PBKDF2 hash.</summary>
                [JsonIgnore]
                public string PasswordHash { get; set; } = "";
                [JsonIgnore]
                public string? SecurityStamp { get; set; }
            }

            public record Citizen(int Id, string Name, [property: JsonIgnore] string Ssn);

            [ApiController]
            public class AgentsController : ControllerBase
            {
                [HttpGet("agents/{id}")]
                public ActionResult<Agent> Get(string id) => id == "" ? NotFound() : new Agent { Id = id };

                [HttpGet("citizens/{id}")]
                public IActionResult Citizen(int id) => Ok(new Citizen(id, "n", "s"));

                [HttpGet("agents")]
                public Agent[] All() => new[] { new Agent() };
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task A_file_that_imports_Newtonsoft_gets_the_qualified_attribute()
    {
        const string source = """
            using Newtonsoft.Json;

            public class Account
            {
                [JsonProperty("id")]
                public int Id { get; set; }
                public string? PasswordSalt { get; set; }
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app) => app.MapGet("/accounts/{id}", (int id) => Results.Ok({|SAPI5004:new Account { Id = id }|}));
            }
            """;
        const string fixedSource = """
            using Newtonsoft.Json;

            public class Account
            {
                [JsonProperty("id")]
                public int Id { get; set; }
                [System.Text.Json.Serialization.JsonIgnore]
                public string? PasswordSalt { get; set; }
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app) => app.MapGet("/accounts/{id}", (int id) => Results.Ok(new Account { Id = id }));
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Serializing_values_typed_object_elsewhere_does_not_block_the_fix()
    {
        // object is the base of every type: an app that reads untyped JSON somewhere does not store this type.
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            public class Agent
            {
                public string Id { get; set; } = "";
                public string PasswordHash { get; set; } = "";
            }

            public static class LegacyImports
            {
                public static object? Read(string json) => Newtonsoft.Json.JsonConvert.DeserializeObject<object>(json);
            }

            [ApiController]
            public class AgentsController : ControllerBase
            {
                [HttpGet("agents/{id}")]
                public Agent Get(string id) => {|SAPI5004:new Agent { Id = id }|};
            }
            """;
        const string fixedSource = """
            using System.Text.Json.Serialization;
            using Microsoft.AspNetCore.Mvc;

            public class Agent
            {
                public string Id { get; set; } = "";
                [JsonIgnore]
                public string PasswordHash { get; set; } = "";
            }

            public static class LegacyImports
            {
                public static object? Read(string json) => Newtonsoft.Json.JsonConvert.DeserializeObject<object>(json);
            }

            [ApiController]
            public class AgentsController : ControllerBase
            {
                [HttpGet("agents/{id}")]
                public Agent Get(string id) => new Agent { Id = id };
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task No_fix_when_the_type_is_serialized_for_storage_or_the_member_comes_from_metadata()
    {
        const string source = """
            using System.Text.Json;
            using Microsoft.AspNetCore.Identity;
            using Microsoft.AspNetCore.Mvc;

            public class Agent
            {
                public string Id { get; set; } = "";
                public string PasswordHash { get; set; } = "";
            }

            public class AgentCache
            {
                public string Store(Agent agent) => JsonSerializer.Serialize(agent);
            }

            [ApiController]
            public class AgentsController : ControllerBase
            {
                [HttpGet("agents/{id}")]
                public Agent Get(string id) => {|SAPI5004:new Agent { Id = id }|};

                [HttpGet("users/{id}")]
                public IdentityUser GetUser(string id) => {|SAPI5004:new IdentityUser(id)|};
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Over_posting_has_no_fix()
    {
        const string source = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.EntityFrameworkCore;

            public class Order
            {
                public int Id { get; set; }
                public decimal Total { get; set; }
            }

            public class ShopDb : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();
            }

            [ApiController]
            public class OrdersController : ControllerBase
            {
                [HttpPost("orders")]
                public IActionResult Create(Order {|SAPI5004:order|}, [FromServices] ShopDb db)
                {
                    db.Orders.Add(order);
                    db.SaveChanges();
                    return NoContent();
                }
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }
}
