using Microsoft.CodeAnalysis;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;

namespace SecureApi.Analyzers.Tests.Robustness;

/// <summary>
/// Code the analyzers cannot fully bind: no ASP.NET Core or library reference at all, unresolved types, and user types
/// that share a framework type's name in another namespace. Nothing may throw, and a rule reports only what it knows.
/// </summary>
public sealed class MissingReferenceTests
{
    public static TheoryData<string> SnippetFiles() => new(SnippetCorpus.Files().Select(Path.GetFileName)!);

    [Theory]
    [MemberData(nameof(SnippetFiles))]
    public async Task Removing_every_library_reference_never_crashes_and_never_adds_a_finding(string fileName)
    {
        var file = SnippetCorpus.Files().Single(f => Path.GetFileName(f) == fileName);
        var full = await SnippetWorkspace.CreateAsync();
        var bare = await SnippetWorkspace.CreateAsync(ReferencePresets.BaseClassLibraryOnly);
        var added = new List<string>();

        foreach (var snippet in SnippetCorpus.Snippets(file).Where(s => !s.TrimStart().StartsWith('{')))
        {
            var known = (await FindingsAsync(full.With(snippet))).ToHashSet();
            foreach (var finding in await FindingsAsync(bare.With(snippet)))
            {
                if (!known.Contains(finding))
                {
                    added.Add($"{finding} in:\n{snippet}");
                }
            }
        }

        // A rule that cannot resolve the framework type it is about has no business guessing.
        Assert.True(added.Count == 0, $"{added.Count} findings appear only without references:\n\n" + string.Join("\n\n", added.Take(3)));
    }

    /// <summary>"id line:column" of every SAPI finding in the snippet document; no analyzer may throw.</summary>
    private static async Task<IEnumerable<string>> FindingsAsync(Document document) =>
        (await ProductAnalysis.SapiFindingsAsync(document, mustCompile: false))
            .Select(d => $"{d.Id} {d.Location.GetLineSpan().Path}:{d.Location.GetLineSpan().StartLinePosition}");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Look_alike_framework_types_in_another_namespace_are_not_the_framework(bool aspNetCoreReferenced)
    {
        const string source = """
            using System;

            namespace Contoso.Web
            {
                public sealed class CorsPolicyBuilder
                {
                    public CorsPolicyBuilder AllowAnyOrigin() => this;
                    public CorsPolicyBuilder AllowCredentials() => this;
                    public CorsPolicyBuilder WithOrigins(params string[] origins) => this;
                    public CorsPolicyBuilder SetIsOriginAllowed(Func<string, bool> predicate) => this;
                }

                public sealed class TokenValidationParameters
                {
                    public bool ValidateIssuer { get; set; }
                    public bool ValidateLifetime { get; set; }
                    public bool RequireSignedTokens { get; set; }
                    public string[]? ValidAlgorithms { get; set; }
                }

                public sealed class JwtBearerOptions
                {
                    public bool RequireHttpsMetadata { get; set; }
                    public string? MetadataAddress { get; set; }
                    public TokenValidationParameters TokenValidationParameters { get; set; } = new();
                }

                public sealed class SqlCommand
                {
                    public SqlCommand(string commandText) => CommandText = commandText;
                    public string CommandText { get; set; }
                }

                public sealed class Database
                {
                    public int ExecuteSqlRaw(string sql) => sql.Length;
                    public object Query(string sql) => sql;
                }

                public static class Results
                {
                    public static object Problem(string detail) => detail;
                }

                public sealed class MD5
                {
                    public static MD5 Create() => new();
                    public byte[] ComputeHash(byte[] data) => data;
                }

                public static class Setup
                {
                    public static CorsPolicyBuilder Open() =>
                        new CorsPolicyBuilder().WithOrigins("*").AllowAnyOrigin().SetIsOriginAllowed(_ => true).AllowCredentials();

                    public static JwtBearerOptions Loose() => new()
                    {
                        RequireHttpsMetadata = false,
                        MetadataAddress = "http://login.example.com/.well-known/openid-configuration",
                        TokenValidationParameters = new TokenValidationParameters { ValidateIssuer = false, ValidateLifetime = false, RequireSignedTokens = false },
                    };

                    public static object Run(Database database, string name)
                    {
                        var command = new SqlCommand("SELECT * FROM users WHERE name = '" + name + "'");
                        command.CommandText += " OR name = '" + name + "'";
                        database.ExecuteSqlRaw($"DELETE FROM users WHERE name = '{name}'");
                        return database.Query("SELECT * FROM users WHERE name = '" + name + "'");
                    }

                    public static object Fail(Func<object> action)
                    {
                        try
                        {
                            return action();
                        }
                        catch (Exception exception)
                        {
                            return Results.Problem(exception.ToString());
                        }
                    }

                    public static byte[] Hash(byte[] password) => MD5.Create().ComputeHash(password);
                }
            }
            """;

        var findings = await ProductAnalysis.SapiFindingsAsync(
            source, references: aspNetCoreReferenced ? ReferencePresets.Default : ReferencePresets.BaseClassLibraryOnly, mustCompile: aspNetCoreReferenced);

        Assert.Empty(findings);
    }

    [Fact]
    public async Task An_Authorize_attribute_of_your_own_does_not_protect_a_controller()
    {
        // ASP.NET Core reads IAuthorizeData, not a name: this attribute changes nothing, so the action is open.
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            namespace Contoso.Security
            {
                [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
                public sealed class AuthorizeAttribute : Attribute
                {
                    public string? Policy { get; set; }
                }

                [Authorize(Policy = "Admin")]
                [ApiController]
                [Route("admin")]
                public sealed class AdminController : ControllerBase
                {
                    [HttpDelete("users/{id}")]
                    public IActionResult Delete(int id) => NoContent();
                }
            }
            """;

        var findings = await ProductAnalysis.SapiFindingsAsync(source);

        Assert.Equal(["SAPI2001"], findings.Select(d => d.Id));
    }

    [Fact]
    public async Task Unresolved_types_never_crash_and_are_not_guessed_at()
    {
        // A base class, an attribute or a convention from a package that is not restored (or is half typed) may well
        // be what authorizes the endpoint: the rule cannot know, so it stays silent.
        const string source = """
            using Microsoft.AspNetCore.Mvc;

            var app = WebApplication.Create(args);
            app.UseHsts();
            app.UseHttpsRedirection();
            app.MapGet("/orders", () => "o").RequireTenantAuthorization();
            app.MapGroup("/admin").RequireTenantAuthorization().MapGet("/users", () => "u");
            app.MapGet("/reports", [TenantAuthorize] () => "r");
            app.Run();

            public sealed class OrdersController : TenantControllerBase
            {
                [HttpGet("orders")]
                public IActionResult List() => Ok();
            }

            [TenantAuthorize]
            [ApiController]
            public sealed class InvoicesController : ControllerBase
            {
                [HttpGet("invoices")]
                public IActionResult List() => Ok();
            }

            [ApiController]
            public sealed class ExportsController : ControllerBase
            {
                [TenantAuthorize]
                [HttpGet("exports")]
                public IActionResult List() => Ok();

                [HttpGet("exports/{id}")]
                public UnknownResult Get(UnknownId id) => Unknown(id);
            }
            """;

        var findings = await ProductAnalysis.SapiFindingsAsync(source, mustCompile: false);

        // ExportsController.Get is open whatever its types turn out to be: no authorization metadata reaches it.
        Assert.Equal(["SAPI2001"], findings.Select(d => d.Id));
        Assert.Contains("'Get'", findings[0].GetMessage(), StringComparison.Ordinal);
    }
}
