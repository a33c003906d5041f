using SecureApi.CodeFixes.Rules.Crypto;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Crypto.WeakHashAnalyzer,
    SecureApi.CodeFixes.Rules.Crypto.WeakHashCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Crypto;

/// <summary>
/// SAPI6001's fix changes the digest: it is offered only where nothing compares, stores or sends the old one
/// (CryptoOutputUses), and not where a comment says another system requires the algorithm.
/// </summary>
public sealed class WeakHashFixGateTests
{
    private const string Key = WeakHashCodeFix.UseSha256;

    // ---------------------------------------------------------------- regressions: no fix

    [Fact]
    public Task Not_offered_for_a_Content_MD5_header()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class BlobUploader(HttpClient http)
            {
                public async Task UploadAsync(string url, byte[] body)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Put, url);
                    request.Content = new ByteArrayContent(body);
                    request.Content.Headers.Add("Content-MD5", Convert.ToBase64String({|SAPI6001:MD5.HashData|}(body)));
                    using var response = await http.SendAsync(request);
                    response.EnsureSuccessStatusCode();
                }
            }

            public sealed class DownloadMiddleware(RequestDelegate next)
            {
                public async Task InvokeAsync(HttpContext context, byte[] payload)
                {
                    context.Response.Headers["Content-MD5"] = Convert.ToBase64String({|SAPI6001:MD5.HashData|}(payload));
                    var md5 = Convert.ToBase64String({|SAPI6001:MD5.HashData|}(payload));
                    context.Response.Headers.Append("Content-MD5", md5);
                    await next(context);
                }
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_for_a_webhook_signature_compared_with_the_senders()
    {
        // The sender still signs with HMAC-MD5: HMAC-SHA256 here would reject every delivery.
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class PartnerWebhook(byte[] sharedSecret)
            {
                public bool IsAuthentic(byte[] body, string signatureHeader)
                {
                    using var hmac = {|SAPI6001:new HMACMD5|}(sharedSecret);
                    var expected = Convert.ToHexString(hmac.ComputeHash(body));
                    return string.Equals(expected, signatureHeader, StringComparison.OrdinalIgnoreCase);
                }

                public bool IsAuthentic(byte[] body, byte[] signature) =>
                    CryptographicOperations.FixedTimeEquals({|SAPI6001:HMACMD5.HashData|}(sharedSecret, body), signature);
            }

            public static class WebhookSignatures
            {
                public static string Compute(byte[] secret, byte[] body) => Convert.ToHexString({|SAPI6001:HMACMD5.HashData|}(secret, body));
            }

            public sealed class WebhookHandler(byte[] secret)
            {
                public bool Accept(HttpRequest request, byte[] body) =>
                    WebhookSignatures.Compute(secret, body) == request.Headers["X-Signature"];
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Theory]
    [InlineData("public void A(Document document, byte[] content) { document.Checksum = Convert.ToHexString({|SAPI6001:MD5.HashData|}(content)); }")]
    [InlineData("private string _lastDigest = \"\"; public void A(byte[] content) { _lastDigest = Convert.ToHexString({|SAPI6001:SHA1.HashData|}(content)); }")]
    [InlineData("public Document A(byte[] content) => new Document { Checksum = Convert.ToHexString({|SAPI6001:MD5.HashData|}(content)) };")]
    [InlineData("public void A(string path, byte[] content) => File.WriteAllText(path + \".md5\", Convert.ToHexString({|SAPI6001:MD5.HashData|}(content)));")]
    [InlineData("public async Task A(Stream output, byte[] content) => await output.WriteAsync({|SAPI6001:SHA1.HashData|}(content));")]
    [InlineData("public bool A(Document document, byte[] content) => Convert.ToHexString({|SAPI6001:MD5.HashData|}(content)) == document.Checksum;")]
    [InlineData("public bool A(byte[] content, byte[] expected) => {|SAPI6001:MD5.HashData|}(content).SequenceEqual(expected);")]
    [InlineData("public bool A(byte[] content, string expected) => Convert.ToHexString({|SAPI6001:MD5.HashData|}(content)) is \"D41D8CD98F00B204E9800998ECF8427E\";")]
    [InlineData("public int A(byte[] content, string expected) => Convert.ToHexString({|SAPI6001:SHA1.HashData|}(content)).CompareTo(expected);")]
    [InlineData("public bool A(byte[] content, string expected) => VerifyChecksum(Convert.ToHexString({|SAPI6001:MD5.HashData|}(content)), expected); private static bool VerifyChecksum(string actual, string expected) => true;")]
    [InlineData("public Task A(HttpClient http, byte[] content) => http.PostAsync(\"https://audit.example.com\", new StringContent(Convert.ToHexString({|SAPI6001:MD5.HashData|}(content))));")]
    [InlineData("public void A(byte[] content) => Save(Convert.ToHexString({|SAPI6001:MD5.HashData|}(content))); private static void Save(string digest) => File.AppendAllText(\"digests.txt\", digest);")]
    [InlineData("public void A(Document document, byte[] content) => document.Checksum = Hex(content); private static string Hex(byte[] content) => Convert.ToHexString({|SAPI6001:MD5.HashData|}(content));")]
    [InlineData("public void A(IDigestRepository repository, byte[] content) => repository.SaveDigest({|SAPI6001:SHA1.HashData|}(content));")]
    [InlineData("public bool A(byte[] data, byte[] signature, RSA vendorKey) => vendorKey.VerifyData(data, signature, {|SAPI6001:HashAlgorithmName.SHA1|}, RSASignaturePadding.Pkcs1);")]
    public Task Not_offered_where_the_digest_is_stored_compared_or_sent(string member)
    {
        var source = $$"""
            using System.Security.Cryptography;

            public sealed class Digests
            {
                {{member}}
            }

            public sealed class Document
            {
                public string Checksum { get; set; } = "";
            }

            public interface IDigestRepository
            {
                void SaveDigest(byte[] digest);
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_where_an_action_or_endpoint_returns_it()
    {
        const string source = """
            using System.Security.Cryptography;
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("files")]
            public sealed class FilesController : ControllerBase
            {
                [HttpGet("{id}/md5")]
                public string Checksum(string id) => Convert.ToHexString({|SAPI6001:MD5.HashData|}(System.IO.File.ReadAllBytes(id)));

                [HttpGet("{id}/sha1")]
                public IActionResult Sha1(string id) => Ok(new { sha1 = Convert.ToHexString({|SAPI6001:SHA1.HashData|}(System.IO.File.ReadAllBytes(id))) });
            }

            public static class Endpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/files/{id}/md5", (string id) => Convert.ToHexString({|SAPI6001:MD5.HashData|}(File.ReadAllBytes(id))));
                    app.MapGet("/avatar/{email}", (string email) =>
                        Results.Redirect("https://www.gravatar.com/avatar/" + Convert.ToHexString({|SAPI6001:MD5.HashData|}(System.Text.Encoding.UTF8.GetBytes(email))).ToLowerInvariant()));
                    app.MapGet("/files/{id}/etag", Fingerprint);
                }

                private static string Fingerprint(string id) => Convert.ToHexString({|SAPI6001:SHA1.HashData|}(File.ReadAllBytes(id)));
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Theory]
    [InlineData("// The partner API requires MD5 checksums.\n        return Convert.ToHexString({|SAPI6001:MD5.HashData|}(content));")]
    [InlineData("return Convert.ToHexString({|SAPI6001:MD5.HashData|}(content)); // legacy format, kept for compatibility")]
    [InlineData("/* Interop with the mainframe export: MD5 only. */\n        var digest = {|SAPI6001:MD5.HashData|}(content);\n        return Convert.ToHexString(digest);")]
    public Task Not_offered_where_a_comment_says_another_system_requires_it(string body)
    {
        var source = $$"""
            using System.Security.Cryptography;

            public static class Exports
            {
                public static string Checksum(byte[] content)
                {
                    {{body}}
                }
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    // ---------------------------------------------------------------- still fixed

    [Fact]
    public Task Fixed_for_in_memory_cache_and_dedup_keys()
    {
        // Keys computed and looked up in the same process run: a new digest is a new key, nothing old is looked up.
        const string source = """
            using System.Collections.Concurrent;
            using System.Security.Cryptography;
            using Microsoft.Extensions.Caching.Memory;

            public sealed class Thumbnails(IMemoryCache cache)
            {
                private readonly ConcurrentDictionary<string, byte[]> _rendered = new();

                public byte[] Get(byte[] image, Func<byte[], byte[]> render)
                {
                    var key = Convert.ToHexString({|SAPI6001:MD5.HashData|}(image));
                    return _rendered.GetOrAdd(key, _ => render(image));
                }

                public byte[]? Cached(byte[] image) => cache.Get<byte[]>(Convert.ToHexString({|SAPI6001:SHA1.HashData|}(image)));

                public int CountDistinct(IEnumerable<byte[]> files)
                {
                    var seen = new HashSet<string>();
                    foreach (var file in files)
                    {
                        seen.Add(Convert.ToBase64String({|SAPI6001:MD5.HashData|}(file)));
                    }

                    return seen.Count;
                }
            }
            """;
        const string fixedSource = """
            using System.Collections.Concurrent;
            using System.Security.Cryptography;
            using Microsoft.Extensions.Caching.Memory;

            public sealed class Thumbnails(IMemoryCache cache)
            {
                private readonly ConcurrentDictionary<string, byte[]> _rendered = new();

                public byte[] Get(byte[] image, Func<byte[], byte[]> render)
                {
                    var key = Convert.ToHexString(SHA256.HashData(image));
                    return _rendered.GetOrAdd(key, _ => render(image));
                }

                public byte[]? Cached(byte[] image) => cache.Get<byte[]>(Convert.ToHexString(SHA256.HashData(image)));

                public int CountDistinct(IEnumerable<byte[]> files)
                {
                    var seen = new HashSet<string>();
                    foreach (var file in files)
                    {
                        seen.Add(Convert.ToBase64String(SHA256.HashData(file)));
                    }

                    return seen.Count;
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Not_offered_for_a_key_looked_up_in_a_set_filled_elsewhere()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class Blocklist(HashSet<string> knownBadDigests)
            {
                public bool IsBlocked(byte[] upload) => knownBadDigests.Contains(Convert.ToHexString({|SAPI6001:MD5.HashData|}(upload)));
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Fixed_for_an_ETag_the_server_sets_and_revalidates()
    {
        // An ETag is opaque to clients (RFC 9110): a new one costs each cache one full response.
        const string source = """
            using System.Security.Cryptography;
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("reports")]
            public sealed class ReportsController(IReportStore store) : ControllerBase
            {
                [HttpGet("{id}")]
                public IActionResult Get(string id)
                {
                    var content = store.Read(id);
                    var etag = "\"" + Convert.ToHexString({|SAPI6001:MD5.HashData|}(content)) + "\"";
                    if (Request.Headers.IfNoneMatch == etag)
                    {
                        return StatusCode(304);
                    }

                    Response.Headers.ETag = etag;
                    return File(content, "application/pdf");
                }
            }

            public interface IReportStore
            {
                byte[] Read(string id);
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;
            using Microsoft.AspNetCore.Mvc;

            [ApiController]
            [Route("reports")]
            public sealed class ReportsController(IReportStore store) : ControllerBase
            {
                [HttpGet("{id}")]
                public IActionResult Get(string id)
                {
                    var content = store.Read(id);
                    var etag = "\"" + Convert.ToHexString(SHA256.HashData(content)) + "\"";
                    if (Request.Headers.IfNoneMatch == etag)
                    {
                        return StatusCode(304);
                    }

                    Response.Headers.ETag = etag;
                    return File(content, "application/pdf");
                }
            }

            public interface IReportStore
            {
                byte[] Read(string id);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Fixed_for_a_generated_id_that_is_only_logged()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class ImportJob(ILogger<ImportJob> logger)
            {
                public void Run(IReadOnlyList<string> rows)
                {
                    var runId = Convert.ToHexString({|SAPI6001:SHA1.HashData|}(Guid.NewGuid().ToByteArray()))[..12];
                    logger.LogInformation("Import {RunId} started with {Count} rows", runId, rows.Count);
                    Console.WriteLine($"run {runId}");
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public sealed class ImportJob(ILogger<ImportJob> logger)
            {
                public void Run(IReadOnlyList<string> rows)
                {
                    var runId = Convert.ToHexString(SHA256.HashData(Guid.NewGuid().ToByteArray()))[..12];
                    logger.LogInformation("Import {RunId} started with {Count} rows", runId, rows.Count);
                    Console.WriteLine($"run {runId}");
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Fixed_where_two_digests_of_this_run_are_compared()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Files
            {
                public static bool SameContent(string left, string right)
                {
                    using var md5 = {|SAPI6001:MD5.Create|}();
                    var a = md5.ComputeHash(File.ReadAllBytes(left));
                    var b = md5.ComputeHash(File.ReadAllBytes(right));
                    return a.AsSpan().SequenceEqual(b);
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public static class Files
            {
                public static bool SameContent(string left, string right)
                {
                    using var sha256 = SHA256.Create();
                    var a = sha256.ComputeHash(File.ReadAllBytes(left));
                    var b = sha256.ComputeHash(File.ReadAllBytes(right));
                    return a.AsSpan().SequenceEqual(b);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Callers_are_followed_and_fixed_when_none_relies_on_the_digest()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class Uploads(ILogger<Uploads> logger)
            {
                public void Received(byte[] content) => logger.LogInformation("Received {Digest}", Digest(content));

                private static string Digest(byte[] content) => Convert.ToHexString({|SAPI6001:MD5.HashData|}(content));
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public sealed class Uploads(ILogger<Uploads> logger)
            {
                public void Received(byte[] content) => logger.LogInformation("Received {Digest}", Digest(content));

                private static string Digest(byte[] content) => Convert.ToHexString(SHA256.HashData(content));
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }
}
