using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Exposure.MassAssignmentAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Exposure;

/// <summary>SAPI5004: EF Core entities bound from the request and saved as they are; sensitive members in responses.</summary>
public sealed class MassAssignmentAnalyzerTests
{
    private const string OverPostingConsequence =
        "a client can set every property it has (keys, owners, roles, prices, status); bind a DTO with only the fields the client may set and copy them onto the entity";

    private const string ExposureConsequence = "every client that can read this response receives them; return a DTO without them or mark them [JsonIgnore]";

    /// <summary>An EF Core model: a patient (national identifier), an appointment, a user with a stored refresh token.</summary>
    private const string ModelUsings = """
        using System.Text.Json.Serialization;
        using Microsoft.AspNetCore.Identity;
        using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
        using Microsoft.EntityFrameworkCore;

        """;

    private const string Model = """
        public class ApplicationUser : IdentityUser
        {
            public string DisplayName { get; set; } = "";
        }

        public class Patient
        {
            public int Id { get; set; }
            public string LastName { get; set; } = "";
            public string Ssn { get; set; } = "";
            public string? InsuranceNumber { get; set; }
        }

        public class Appointment
        {
            public int Id { get; set; }
            public int PatientId { get; set; }
            public string? Reason { get; set; }
        }

        public class Device
        {
            public int Id { get; set; }
            public string ApiKey { get; set; } = "";
            public string? RefreshToken { get; set; }
            public string? ContinuationToken { get; set; }
            public string ConcurrencyStamp { get; set; } = "";
            public string Key { get; set; } = "";
            public bool HasPassword { get; set; }
        }

        public class Doctor
        {
            public int Id { get; set; }
            [JsonIgnore]
            public string? EPrescribingApiKey { get; set; }
            [Newtonsoft.Json.JsonIgnore]
            public string? PasswordHash { get; set; }
        }

        public class ClinicDb : IdentityDbContext<ApplicationUser>
        {
            public ClinicDb(DbContextOptions<ClinicDb> options) : base(options) { }
            public DbSet<Patient> Patients => Set<Patient>();
            public DbSet<Appointment> Appointments => Set<Appointment>();
            public DbSet<Device> Devices => Set<Device>();
            public DbSet<Doctor> Doctors => Set<Doctor>();
        }

        public record PatientCard(int Id, string LastName, string? InsuranceNumber);
        public record CreatePatientRequest(string LastName, string Ssn);
        public record TokenResponse(string AccessToken, string RefreshToken);
        public record ProvisionedDevice(int Id, string ApiKey);
        public record Agent(string Id, string Email, string PasswordHash);
        """;

    private static DiagnosticResult OverPosted(int markup, string parameter, string entity, string method) =>
        Verify.Diagnostic(Descriptors.MassAssignment).WithLocation(markup)
            .WithArguments($"'{parameter}' binds the EF Core entity '{entity}' from the request and is passed to {method}", OverPostingConsequence);

    private static DiagnosticResult Exposed(int markup, string type, string members) =>
        Verify.Diagnostic(Descriptors.MassAssignment).WithLocation(markup)
            .WithOptions(DiagnosticOptions.IgnoreAdditionalLocations)
            .WithArguments($"The response serializes '{type}' with {members}", ExposureConsequence);

    private static string Controller(string actions) => $$"""
        using Microsoft.AspNetCore.Mvc;

        [ApiController]
        [Route("api/clinic")]
        public class ClinicController : ControllerBase
        {
            private readonly ClinicDb _db;

            public ClinicController(ClinicDb db) => _db = db;

        {{actions}}
        }
        """;

    private static Task VerifyAsync(string source, params DiagnosticResult[] expected) =>
        Verify.VerifyAnalyzerAsync(ModelUsings + source + "\n" + Model, expected);

    // ---------------------------------------------------------------- over-posting

    [Theory]
    [InlineData("_db.Patients.Add(patient);", "Add")]
    [InlineData("await _db.Patients.AddAsync(patient);", "AddAsync")]
    [InlineData("_db.Update(patient);", "Update")]
    [InlineData("_db.Attach(patient);", "Attach")]
    [InlineData("_db.Entry(patient).State = EntityState.Modified;", "Entry(...).State = EntityState.Modified")]
    public Task Entity_bound_from_the_request_and_saved(string save, string method) => VerifyAsync(
        Controller($$"""
                [HttpPost]
                public async Task<IActionResult> Create(Patient {|#0:patient|})
                {
                    {{save}}
                    await _db.SaveChangesAsync();
                    return NoContent();
                }
            """),
        OverPosted(0, "patient", "Patient", method));

    [Fact]
    public Task A_list_of_entities_added_as_a_range_and_an_update_reported_once() => VerifyAsync(
        Controller("""
                [HttpPost("bulk")]
                public async Task<IActionResult> Import([FromBody] List<Appointment> {|#0:appointments|})
                {
                    await _db.Appointments.AddRangeAsync(appointments);
                    _db.UpdateRange(appointments);
                    await _db.SaveChangesAsync();
                    return NoContent();
                }

                [HttpPut("{id}")]
                public async Task<IActionResult> Reschedule(int id, Appointment {|#1:appointment|})
                {
                    _db.Appointments.Update(appointment);
                    _db.Update(appointment);
                    await _db.SaveChangesAsync();
                    return NoContent();
                }
            """),
        OverPosted(0, "appointments", "Appointment", "AddRangeAsync"),
        OverPosted(1, "appointment", "Appointment", "Update"));

    [Fact]
    public Task Minimal_api_handlers_that_save_a_bound_entity() => VerifyAsync("""
        var app = WebApplication.CreateBuilder(args).Build();
        app.MapPost("/patients", async (Patient {|#0:patient|}, ClinicDb db) =>
        {
            db.Patients.Add(patient);
            await db.SaveChangesAsync();
            return Results.Created($"/patients/{patient.Id}", new { patient.Id });
        });
        app.MapPut("/devices/{id}", UpdateDevice);
        app.Run();

        static async Task<IResult> UpdateDevice(int id, Device {|#1:device|}, ClinicDb db)
        {
            db.Entry(device).State = EntityState.Modified;
            await db.SaveChangesAsync();
            return Results.NoContent();
        }
        """,
        OverPosted(0, "patient", "Patient", "Add"),
        OverPosted(1, "device", "Device", "Entry(...).State = EntityState.Modified"));

    [Fact]
    public Task DTOs_mapped_to_entities_loaded_entities_services_and_helpers_are_not_flagged() => VerifyAsync(
        Controller("""
                [HttpPost]
                public async Task<IActionResult> Create(CreatePatientRequest request)
                {
                    var patient = new Patient { LastName = request.LastName, Ssn = request.Ssn };
                    _db.Patients.Add(patient);
                    await _db.SaveChangesAsync();
                    return CreatedAtAction(nameof(Create), new { id = patient.Id }, new { patient.Id });
                }

                [HttpPut("{id}")]
                public async Task<IActionResult> Rename(int id, string lastName)
                {
                    var patient = await _db.Patients.FindAsync(id);
                    if (patient is null) return NotFound();
                    patient.LastName = lastName;
                    _db.Update(patient);
                    await _db.SaveChangesAsync();
                    return NoContent();
                }

                [HttpPost("check")]
                public IActionResult Check(Patient patient) => Ok(patient.LastName.Length);

                [HttpPost("seed")]
                public IActionResult Seed([FromServices] Patient template)
                {
                    _db.Add(template);
                    return NoContent();
                }

                private void Save(Patient patient) => _db.Patients.Add(patient);
            """) + """

        public class Importer
        {
            public void Import(ClinicDb db, Patient patient) => db.Patients.Add(patient);
        }
        """);

    // ---------------------------------------------------------------- exposure

    [Fact]
    public Task Entities_and_records_with_sensitive_members_returned_from_actions() => VerifyAsync(
        Controller("""
                [HttpGet("{id}")]
                public async Task<ActionResult<Patient>> Get(int id)
                {
                    var patient = await _db.Patients.FindAsync(id);
                    return patient is null ? NotFound() : Ok({|#0:patient|});
                }

                [HttpGet("agents/{id}")]
                public ActionResult<Agent> Agent(string id, Dictionary<string, Agent> directory)
                {
                    return directory.TryGetValue(id, out var agent) ? {|#1:agent|} : NotFound();
                }

                [HttpGet("me")]
                public async Task<IActionResult> Me(UserManager<ApplicationUser> users)
                {
                    var user = await users.GetUserAsync(User);
                    return user is null ? NotFound() : Ok({|#2:user|});
                }

                [HttpGet("devices")]
                public async Task<List<Device>> Devices() => {|#3:await _db.Devices.ToListAsync()|};

                [HttpPost("devices")]
                public IActionResult Register(int id) => CreatedAtAction(nameof(Devices), new { id }, {|#4:new Device[] { new() { Id = id } }|});

                [HttpGet("devices/{id}")]
                public IActionResult Device(int id) => new ObjectResult({|#5:_db.Devices.Find(id)|});
            """),
        Exposed(0, "Patient", "Ssn (social security number)"),
        Exposed(1, "Agent", "PasswordHash (password hash)"),
        Exposed(2, "ApplicationUser", "PasswordHash (password hash), SecurityStamp (security stamp)"),
        Exposed(3, "Device", "ApiKey (API key), RefreshToken (token)"),
        Exposed(4, "Device", "ApiKey (API key), RefreshToken (token)"),
        Exposed(5, "Device", "ApiKey (API key), RefreshToken (token)"));

    [Fact]
    public Task Minimal_api_results_with_sensitive_members() => VerifyAsync("""
        var app = WebApplication.CreateBuilder(args).Build();
        app.MapGet("/patients/{id}", async (int id, ClinicDb db) =>
            await db.Patients.FindAsync(id) is { } patient ? Results.Ok({|#0:patient|}) : Results.NotFound());
        app.MapGet("/patients", (ClinicDb db) => TypedResults.Ok({|#1:db.Patients.AsNoTracking()|}));
        app.MapGet("/agents", ListAgents);
        app.Run();

        static Agent[] ListAgents() => {|#2:new[] { new Agent("1", "a@example.com", "hash") }|};
        """,
        Exposed(0, "Patient", "Ssn (social security number)"),
        Exposed(1, "Patient", "Ssn (social security number)"),
        Exposed(2, "Agent", "PasswordHash (password hash)"));

    [Fact]
    public Task A_JsonIgnore_with_a_condition_that_still_writes_the_value_does_not_hide_it() => Verify.VerifyAnalyzerAsync("""
        using System.Text.Json.Serialization;
        using Microsoft.AspNetCore.Mvc;

        public class Account
        {
            public int Id { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
            public string? PasswordSalt { get; set; }
            [JsonIgnore(Condition = JsonIgnoreCondition.Always)]
            public string? PasswordHash { get; set; }
            public string? TwoFactorSecret { get; set; }
            public string[] RecoveryCodes { get; set; } = [];
            public string? PassportNumber { get; set; }
        }

        [ApiController]
        public class AccountsController : ControllerBase
        {
            [HttpGet("accounts/{id}")]
            public Account Get(int id) => {|#0:new Account { Id = id }|};
        }
        """,
        Exposed(0, "Account", "PasswordSalt (password salt), TwoFactorSecret (two-factor secret), RecoveryCodes (recovery codes), PassportNumber (passport number)"));

    [Fact]
    public Task DTOs_anonymous_types_ignored_members_token_responses_and_views_are_not_flagged() => VerifyAsync(
        Controller("""
                [HttpGet("{id}/card")]
                public async Task<ActionResult<PatientCard>> Card(int id)
                {
                    var patient = await _db.Patients.FindAsync(id);
                    if (patient is null) return NotFound();
                    return new PatientCard(patient.Id, patient.LastName, patient.InsuranceNumber);
                }

                [HttpGet("{id}/summary")]
                public async Task<IActionResult> Summary(int id)
                {
                    var patient = await _db.Patients.SingleAsync(p => p.Id == id);
                    return Ok(new { patient.Id, patient.LastName });
                }

                [HttpGet("doctors/{id}")]
                public async Task<ActionResult<Doctor>> Doctor(int id) => await _db.Doctors.FindAsync(id) is { } doctor ? doctor : NotFound();

                [HttpGet("appointments")]
                public Task<List<Appointment>> Appointments() => _db.Appointments.ToListAsync();

                [HttpPost("token")]
                public IActionResult Token() => Ok(new TokenResponse("access", "refresh"));

                [HttpPost("devices")]
                public IActionResult Provision() => Ok(new ProvisionedDevice(1, "generated-key"));

                [HttpGet("lookup")]
                public IActionResult Lookup()
                {
                    Func<Patient?> first = () => { return _db.Patients.FirstOrDefault(); };
                    return Ok(first() is null);
                }

                [NonAction]
                public Patient? Load(int id) => _db.Patients.Find(id);

                private Patient? Find(int id) => _db.Patients.Find(id);
            """) + """

        // Not an entity: a token or key it carries is handed out on purpose.
        public class DeviceView
        {
            public int Id { get; set; }
            public string? RefreshToken { get; set; }
            public string? ApiKey { get; set; }
        }

        public class PortalController : Controller
        {
            public IActionResult SignIn() => View(new Agent("1", "a@example.com", ""));
            public DeviceView Device() => new DeviceView();
        }
        """);

    [Fact]
    public Task Paging_tokens_stamps_and_a_bare_key_of_an_entity_are_not_secrets() => Verify.VerifyAnalyzerAsync("""
        using Microsoft.EntityFrameworkCore;

        public class Page
        {
            public int Id { get; set; }
            public string? ContinuationToken { get; set; }
            public string? NextPageToken { get; set; }
            public string ConcurrencyStamp { get; set; } = "";
            public string Key { get; set; } = "";
            public bool HasPassword { get; set; }
            public DateTime PasswordChangedAt { get; set; }
        }

        public class PagesDb : DbContext
        {
            public DbSet<Page> Pages => Set<Page>();
        }

        public static class Endpoints
        {
            public static void Map(WebApplication app) => app.MapGet("/pages", (PagesDb db) => db.Pages.ToList());
        }
        """);

    [Fact]
    public Task Types_returned_outside_actions_and_handlers_are_not_flagged() => Verify.VerifyAnalyzerAsync("""
        public class Account
        {
            public string PasswordHash { get; set; } = "";
        }

        public class AccountService
        {
            public Account Get() => new Account();
        }
        """);

    [Fact]
    public Task An_entity_of_a_context_in_another_project_of_the_solution_is_found()
    {
        // Infrastructure declares the context (and references EF Core); the API project binds and saves its entity.
        const string api = """
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            public class OrdersController : ControllerBase
            {
                private readonly Infrastructure.ShopDb _db;

                public OrdersController(Infrastructure.ShopDb db) => _db = db;

                [HttpPost("orders")]
                public IActionResult Create(Infrastructure.Order {|#0:order|})
                {
                    _db.Add(order);
                    _db.SaveChanges();
                    return Ok();
                }
            }
            """;
        const string infrastructure = """
            using Microsoft.EntityFrameworkCore;

            namespace Infrastructure;

            public class Order
            {
                public int Id { get; set; }
                public decimal Total { get; set; }
            }

            public class ShopDb : DbContext
            {
                public DbSet<Order> Orders => Set<Order>();
            }
            """;
        var test = new Microsoft.CodeAnalysis.CSharp.Testing.CSharpAnalyzerTest<SecureApi.Analyzers.Rules.Exposure.MassAssignmentAnalyzer, DefaultVerifier> { TestCode = api };
        SecureApi.Analyzers.Tests.Infrastructure.TestConfiguration.Apply(test, api, SecureApi.Analyzers.Tests.Infrastructure.SnippetOptions.Default);
        var project = test.TestState.AdditionalProjects["Infrastructure"];
        project.Sources.Add(("/1/ShopDb.cs", infrastructure));
        project.AdditionalReferences.AddRange(SecureApi.Analyzers.Tests.Infrastructure.SnippetOptions.Default.References.All);
        test.TestState.AdditionalProjectReferences.Add("Infrastructure");
        test.ExpectedDiagnostics.Add(Verify.Diagnostic(Descriptors.MassAssignment).WithLocation(0)
            .WithArguments("'order' binds the EF Core entity 'Order' from the request and is passed to Add", OverPostingConsequence));
        return test.RunAsync(CancellationToken.None);
    }
}
