using Xunit;

namespace SecureApi.Analyzers.Tests.EndToEnd;

/// <summary>
/// Code nobody on this project wrote: ASP.NET Core's own project templates (from the installed SDK, offline), each
/// instantiated fresh, given the packed package and built. No analyzer may crash or fail to load, and the SAPI findings
/// must be exactly the reviewed list below. A finding that is not on the list is a false positive to fix in the rule,
/// not an entry to add.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class TemplateEndToEndTests(PackedPackageFixture package)
{
    /// <summary>A finding the review accepted: "file RULE: start of the flagged line", and why it is a true finding.</summary>
    public sealed record Expected(string Where, string Reason)
    {
        public override string ToString() => Where;
    }

    // The templates' sample endpoints are public by design, but nothing in the code says so: SAPI2001/SAPI2002 ask for
    // that decision to be written down ([AllowAnonymous] / .AllowAnonymous()) or for authorization, and no template sets a
    // fallback policy. Each entry below was read in the generated project.
    private static readonly Dictionary<string, Expected[]> Reviewed = new()
    {
        ["webapi"] =
        [
            new("Program.cs SAPI2002: app.MapGet(\"/weatherforecast\"", "The weather endpoint has no RequireAuthorization/AllowAnonymous and the app sets no fallback policy."),
            new("Program.cs SAPI8003: var app = builder.Build();", "The webapi template calls UseHttpsRedirection() but never UseHsts() (the mvc/webapp templates do, outside Development)."),
        ],
        ["webapi --use-controllers"] =
        [
            new("Controllers/WeatherForecastController.cs SAPI2001: public IEnumerable<WeatherForecast> Get()", "The controller and action carry no [Authorize]/[AllowAnonymous]; no global filter or fallback policy."),
            new("Program.cs SAPI8003: var app = builder.Build();", "Same Program.cs as webapi: UseHttpsRedirection() without UseHsts()."),
        ],
        ["webapi --auth Individual"] = [],
        ["mvc --auth Individual"] =
        [
            new("Controllers/HomeController.cs SAPI2001: public IActionResult Index()", "Identity is set up, yet HomeController has no [Authorize]/[AllowAnonymous] and there is no fallback policy: public only by omission."),
            new("Controllers/HomeController.cs SAPI2001: public IActionResult Privacy()", "Same controller, same omission."),
            new("Controllers/HomeController.cs SAPI2001: public IActionResult Error()", "Same controller, same omission (the error page is meant to be public: [AllowAnonymous] says so)."),
        ],

        // Razor Pages (and the Identity UI pages, which come compiled from a Razor class library) are outside SAPI2001.
        ["webapp --auth Individual"] = [],
        ["grpc"] =
        [
            new("Program.cs SAPI2002: app.MapGet(\"/\", () => \"Communication with gRPC endpoints", "The informational GET / endpoint has no authorization metadata (gRPC services are outside the rule)."),
            new("Program.cs SAPI8003: var app = builder.Build();", "The grpc template calls neither UseHttpsRedirection() nor UseHsts(): its GET / endpoint is served over plain HTTP too."),
        ],
        ["webapiaot"] =
        [
            new("Program.cs SAPI2002: todosApi.MapGet(\"/\", () => sampleTodos)", "The /todos group and its list endpoint carry no authorization metadata."),
            new("Program.cs SAPI2002: todosApi.MapGet(\"/{id}\"", "Same group, the by-id endpoint."),
            new("Program.cs SAPI8003: var app = builder.Build();", "The webapiaot template (CreateSlimBuilder) calls neither UseHttpsRedirection() nor UseHsts()."),
        ],
        ["blazor --auth Individual --interactivity Server"] =
        [
            new("Components/Account/IdentityComponentsEndpointRouteBuilderExtensions.cs SAPI2002: accountGroup.MapPost(\"/PerformExternalLogin\"", "The /Account group has no authorization (only its /Manage child group does); login must be public, so AllowAnonymous should say it."),
            new("Components/Account/IdentityComponentsEndpointRouteBuilderExtensions.cs SAPI2002: accountGroup.MapPost(\"/Logout\"", "Same /Account group: signs out whoever calls it, with no metadata either way."),
            new("Components/Account/IdentityComponentsEndpointRouteBuilderExtensions.cs SAPI2002: accountGroup.MapPost(\"/PasskeyCreationOptions\"", "Same group; the handler needs a signed-in user (it looks the user up and returns 404 otherwise) but does not require one."),
            new("Components/Account/IdentityComponentsEndpointRouteBuilderExtensions.cs SAPI2002: accountGroup.MapPost(\"/PasskeyRequestOptions\"", "Same group: the passkey sign-in step, public by design, with no metadata saying so."),
        ],
    };

    public static TheoryData<string> Templates => new(Reviewed.Keys);

    [Theory]
    [MemberData(nameof(Templates))]
    public void Template_builds_without_analyzer_failures_and_with_only_reviewed_findings(string template)
    {
        var arguments = template.Split(' ');
        var name = ProjectName(template);
        var workspace = package.NewWorkspace(name);
        var project = Path.Combine(workspace, name);

        var created = ProcessRunner.Dotnet(workspace, package.Environment, ["new", .. arguments, "-n", name, "-o", name, "--no-restore"]);
        if (created.ExitCode != 0 && template == "webapi --auth Individual")
        {
            // The issue asks for this template "where the SDK offers it": the SDK must say it does not.
            Assert.Contains("'Individual' is not a valid value for --auth", created.Output, StringComparison.Ordinal);
            return;
        }

        Assert.True(created.ExitCode == 0, $"dotnet new {template}: {created}");
        package.Run(project, "add", "package", "SecureApi.Analyzers", "--version", PackedPackageFixture.PackageVersion);

        var build = package.Build(project, "template.sarif", strict: false);

        Assert.True(build.Result.ExitCode == 0, build.Result.ToString());
        var findings = build.Findings.Select(f => f.Finding.Describe(project)).Distinct().Order().ToList();
        var expected = Reviewed[template];
        var unexpected = findings.Where(f => !expected.Any(e => f.StartsWith(e.Where, StringComparison.Ordinal))).ToList();
        var missing = expected.Where(e => findings.Count(f => f.StartsWith(e.Where, StringComparison.Ordinal)) != 1).ToList();
        Assert.True(
            unexpected.Count == 0 && missing.Count == 0,
            $"dotnet new {template}\nnot on the reviewed list (false positives?):\n  {string.Join("\n  ", unexpected)}\n"
            + $"reviewed but not found once:\n  {string.Join("\n  ", missing)}");
    }

    /// <summary>A project name that collides with nothing the template generates (not App, not Pages, ...).</summary>
    private static string ProjectName(string template) =>
        "T" + string.Concat(template.Split(' ', '-').Where(p => p.Length > 0).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
