using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Crypto.WeakHashAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Crypto;

/// <summary>SAPI6001: MD5, SHA-1 and HMAC-MD5 in every form; HMAC-SHA1, OAEP-SHA1, comparisons and SHA-2/SHA-3 stay silent.</summary>
public sealed class WeakHashAnalyzerTests
{
    private static DiagnosticResult Weak(int markup, string form, string algorithm) =>
        Verify.Diagnostic(Descriptors.WeakHashAlgorithm).WithLocation(markup).WithArguments(form, algorithm);

    // ---------------------------------------------------------------- static one-shots and Create()

    [Fact]
    public Task One_shots_and_factories_of_MD5_and_SHA1()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class AvatarService
            {
                // Gravatar identifies a mailbox by the MD5 of the trimmed, lower-cased address.
                public string GravatarUrl(string email)
                {
                    var digest = {|#0:MD5.HashData|}(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant()));
                    return "https://www.gravatar.com/avatar/" + Convert.ToHexString(digest).ToLowerInvariant();
                }

                public async Task<string> FirmwareChecksumAsync(Stream firmware, CancellationToken ct)
                {
                    var sha1 = await {|#1:SHA1.HashDataAsync|}(firmware, ct);
                    return Convert.ToHexString(sha1);
                }

                public bool TryFingerprint(ReadOnlySpan<byte> data, Span<byte> destination) =>
                    {|#2:SHA1.TryHashData|}(data, destination, out _);

                public byte[] Legacy(byte[] body)
                {
                    using var md5 = {|#3:MD5.Create|}();
                    using var sha1 = {|#4:System.Security.Cryptography.SHA1.Create|}();
                    return md5.ComputeHash(sha1.ComputeHash(body));
                }

                public byte[] FromStream(Stream stream) => {|#5:SHA1.HashData|}(stream);
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Weak(0, "MD5.HashData", "MD5"),
            Weak(1, "SHA1.HashDataAsync", "SHA-1"),
            Weak(2, "SHA1.TryHashData", "SHA-1"),
            Weak(3, "MD5.Create", "MD5"),
            Weak(4, "SHA1.Create", "SHA-1"),
            Weak(5, "SHA1.HashData", "SHA-1"));
    }

    [Fact]
    public Task Static_members_reached_through_derived_types()
    {
        const string source = """
            using System.Security.Cryptography;

            #pragma warning disable SYSLIB0021 // the CSP and Managed types are obsolete, and still compile
            public static class Checksums
            {
                public static byte[] A(byte[] data) => {|#0:MD5CryptoServiceProvider.HashData|}(data);

                public static HashAlgorithm B() => {|#1:SHA1Managed.Create|}();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Weak(0, "MD5.HashData", "MD5"), Weak(1, "SHA1.Create", "SHA-1"));
    }

    [Fact]
    public Task Call_split_over_lines_is_reported_on_the_member_name()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Checksums
            {
                public static byte[] Of(byte[] data) =>
                    System.Security.Cryptography.MD5
                        .{|#0:HashData|}(data);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Weak(0, "MD5.HashData", "MD5"));
    }

    [Fact]
    public Task HMAC_MD5_one_shots_and_instances()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class DeviceSignature
            {
                private readonly byte[] _deviceSecret;

                public DeviceSignature(byte[] deviceSecret) => _deviceSecret = deviceSecret;

                public byte[] Sign(byte[] body) => {|#0:HMACMD5.HashData|}(_deviceSecret, body);

                public ValueTask<byte[]> SignAsync(Stream body) => {|#1:HMACMD5.HashDataAsync|}(_deviceSecret, body);

                public bool Verify(byte[] body, byte[] signature)
                {
                    using var hmac = {|#2:new HMACMD5|}(_deviceSecret);
                    return CryptographicOperations.FixedTimeEquals(hmac.ComputeHash(body), signature);
                }

                public HMAC Create() => {|#3:new HMACMD5|} { Key = _deviceSecret };
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Weak(0, "HMACMD5.HashData", "HMAC-MD5"),
            Weak(1, "HMACMD5.HashDataAsync", "HMAC-MD5"),
            Weak(2, "new HMACMD5", "HMAC-MD5"),
            Weak(3, "new HMACMD5", "HMAC-MD5"));
    }

    [Fact]
    public Task Creation_of_MD5_and_SHA1_implementations()
    {
        const string source = """
            using System.Security.Cryptography;

            #pragma warning disable SYSLIB0021
            public sealed class LegacyHashes
            {
                private readonly HashAlgorithm _etag = {|#0:new MD5CryptoServiceProvider|}();

                public HashAlgorithm Sha1Csp() => {|#1:new SHA1CryptoServiceProvider|}();

                public HashAlgorithm Sha1Managed() => {|#2:new System.Security.Cryptography.SHA1Managed|}();

                public byte[] TargetTyped(byte[] data)
                {
                    SHA1Managed sha = {|#3:new()|};
                    return sha.ComputeHash(data);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Weak(0, "new MD5CryptoServiceProvider", "MD5"),
            Weak(1, "new SHA1CryptoServiceProvider", "SHA-1"),
            Weak(2, "new SHA1Managed", "SHA-1"),
            Weak(3, "new SHA1Managed", "SHA-1"));
    }

    // ---------------------------------------------------------------- CryptoConfig names

    [Fact]
    public Task Algorithm_names_given_to_factories()
    {
        const string source = """
            using System.Security.Cryptography;

            #pragma warning disable SYSLIB0045 // the named factories are obsolete, and still compile
            public static class Fingerprints
            {
                private const string Legacy = "System.Security.Cryptography.MD5";

                public static string Of(Stream content)
                {
                    using var hash = (HashAlgorithm)CryptoConfig.CreateFromName({|#0:"SHA1"|})!;
                    return Convert.ToHexString(hash.ComputeHash(content));
                }

                public static HashAlgorithm? A() => HashAlgorithm.Create({|#1:"md5"|});

                public static HashAlgorithm? B() => HashAlgorithm.Create({|#2:Legacy|});

                public static HMAC? C() => HMAC.Create({|#3:"HMACMD5"|});

                public static KeyedHashAlgorithm? D() => KeyedHashAlgorithm.Create({|#4:"System.Security.Cryptography.HMACMD5"|});

                public static object? E()
                {
                    const string name = "SHA";
                    return CryptoConfig.CreateFromName({|#5:name|}, Array.Empty<object>());
                }

                public static object? F() => CryptoConfig.CreateFromName({|#6:"http://www.w3.org/2000/09/xmldsig#sha1"|});

                public static object? G() => CryptoConfig.CreateFromName({|#7:"SHA1CryptoServiceProvider"|});

                public static MD5? H() => {|#8:MD5.Create|}("MD5");
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Weak(0, "CryptoConfig.CreateFromName(\"SHA1\")", "SHA-1"),
            Weak(1, "HashAlgorithm.Create(\"md5\")", "MD5"),
            Weak(2, "HashAlgorithm.Create(\"System.Security.Cryptography.MD5\")", "MD5"),
            Weak(3, "HMAC.Create(\"HMACMD5\")", "HMAC-MD5"),
            Weak(4, "KeyedHashAlgorithm.Create(\"System.Security.Cryptography.HMACMD5\")", "HMAC-MD5"),
            Weak(5, "CryptoConfig.CreateFromName(\"SHA\")", "SHA-1"),
            Weak(6, "CryptoConfig.CreateFromName(\"http://www.w3.org/2000/09/xmldsig#sha1\")", "SHA-1"),
            Weak(7, "CryptoConfig.CreateFromName(\"SHA1CryptoServiceProvider\")", "SHA-1"),
            Weak(8, "MD5.Create", "MD5"));
    }

    [Fact]
    public Task Parameterless_HashAlgorithm_Create_is_SHA1()
    {
        const string source = """
            using System.Security.Cryptography;

            #pragma warning disable SYSLIB0007 // obsolete, and SHA-1 on .NET Framework
            public static class Defaults
            {
                public static HashAlgorithm Hash() => {|#0:HashAlgorithm.Create|}();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Weak(0, "HashAlgorithm.Create()", "SHA-1"));
    }

    [Fact]
    public Task Strong_or_unknown_names_are_not_reported()
    {
        const string source = """
            using System.Security.Cryptography;

            #pragma warning disable SYSLIB0045, SYSLIB0007
            public sealed class Factories
            {
                private readonly string _configured;

                public Factories(IConfiguration configuration) => _configured = configuration["Hashing:Algorithm"] ?? "SHA256";

                public object? A() => CryptoConfig.CreateFromName("SHA256");

                public HashAlgorithm? B() => HashAlgorithm.Create("SHA-512");

                public HMAC? C() => HMAC.Create("HMACSHA1");

                public HashAlgorithm? D() => HashAlgorithm.Create(_configured);

                public KeyedHashAlgorithm E() => KeyedHashAlgorithm.Create();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    // ---------------------------------------------------------------- HashAlgorithmName

    [Fact]
    public Task HashAlgorithmName_MD5_and_SHA1_passed_to_APIs()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Security.Cryptography.X509Certificates;

            public sealed class VendorSignatures
            {
                public bool VerifyReport(RSA vendorKey, byte[] report, byte[] signature) =>
                    vendorKey.VerifyData(report, signature, {|#0:HashAlgorithmName.SHA1|}, RSASignaturePadding.Pkcs1);

                public byte[] Sign(ECDsa key, byte[] data) => key.SignData(data, {|#1:System.Security.Cryptography.HashAlgorithmName.SHA1|});

                public byte[] SignDigest(RSA key, byte[] digest) => key.SignHash(digest, {|#2:HashAlgorithmName.MD5|}, RSASignaturePadding.Pkcs1);

                public IncrementalHash Running() => IncrementalHash.CreateHash({|#3:HashAlgorithmName.MD5|});

                public IncrementalHash Mac(byte[] key) => IncrementalHash.CreateHMAC({|#4:HashAlgorithmName.MD5|}, key);

                public byte[] Derive(string secret, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(secret, salt, 600_000, {|#5:HashAlgorithmName.MD5|}, 32);

                public byte[] Expand(byte[] ikm) => HKDF.DeriveKey({|#6:HashAlgorithmName.SHA1|}, ikm, 32);

                public CertificateRequest Request(RSA key) =>
                    new("CN=device", key, {|#7:HashAlgorithmName.SHA1|}, RSASignaturePadding.Pkcs1);
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Weak(0, "HashAlgorithmName.SHA1", "SHA-1"),
            Weak(1, "HashAlgorithmName.SHA1", "SHA-1"),
            Weak(2, "HashAlgorithmName.MD5", "MD5"),
            Weak(3, "HashAlgorithmName.MD5", "MD5"),
            Weak(4, "HashAlgorithmName.MD5", "HMAC-MD5"),
            Weak(5, "HashAlgorithmName.MD5", "MD5"),
            Weak(6, "HashAlgorithmName.SHA1", "SHA-1"),
            Weak(7, "HashAlgorithmName.SHA1", "SHA-1"));
    }

    [Fact]
    public Task HashAlgorithmName_stored_returned_or_given_to_own_code()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class SigningOptions
            {
                public HashAlgorithmName Algorithm { get; set; } = {|#0:HashAlgorithmName.SHA1|};

                public static HashAlgorithmName Legacy() => {|#1:HashAlgorithmName.MD5|};

                public void UseLegacy()
                {
                    Algorithm = {|#2:HashAlgorithmName.SHA1|};
                    Configure({|#3:HashAlgorithmName.MD5|});
                    var byName = {|#4:new HashAlgorithmName("SHA1")|};
                    Configure(byName);
                }

                private void Configure(HashAlgorithmName name) => Algorithm = name;
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Weak(0, "HashAlgorithmName.SHA1", "SHA-1"),
            Weak(1, "HashAlgorithmName.MD5", "MD5"),
            Weak(2, "HashAlgorithmName.SHA1", "SHA-1"),
            Weak(3, "HashAlgorithmName.MD5", "MD5"),
            Weak(4, "new HashAlgorithmName(\"SHA1\")", "SHA-1"));
    }

    [Fact]
    public Task Comparisons_with_weak_names_reject_them()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class SignaturePolicy
            {
                public static void EnsureStrong(HashAlgorithmName name)
                {
                    if (name == HashAlgorithmName.SHA1 || name == HashAlgorithmName.MD5)
                    {
                        throw new CryptographicException($"{name} is not accepted.");
                    }

                    if (HashAlgorithmName.SHA1.Equals(name) || name.Equals(HashAlgorithmName.MD5) || Equals(name, HashAlgorithmName.SHA1))
                    {
                        throw new CryptographicException("Weak hash.");
                    }
                }

                public static bool IsLegacy(HashAlgorithmName name) =>
                    name != HashAlgorithmName.SHA256
                    && (name.Name == HashAlgorithmName.SHA1.Name
                        || string.Equals(name.Name, HashAlgorithmName.MD5.Name, StringComparison.OrdinalIgnoreCase));

                public static string Describe() => nameof(HashAlgorithmName.SHA1);

                public static bool Rejects(HashAlgorithmName name) => name switch
                {
                    _ when name == HashAlgorithmName.SHA1 => true,
                    _ => false,
                };
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    // ---------------------------------------------------------------- HMAC-SHA1, OAEP, SHA-2, SHA-3

    [Fact]
    public Task HMAC_SHA1_for_webhooks_and_TOTP_is_not_reported()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class WebhookVerifier
            {
                private readonly byte[] _hookSecret;

                public WebhookVerifier(byte[] hookSecret) => _hookSecret = hookSecret;

                // The provider signs its webhooks with HMAC-SHA1 ("X-Hub-Signature: sha1=...").
                public bool IsValid(string body, string signatureHex)
                {
                    using var hmac = new HMACSHA1(_hookSecret);
                    var expected = hmac.ComputeHash(Encoding.UTF8.GetBytes(body));
                    return CryptographicOperations.FixedTimeEquals(expected, Convert.FromHexString(signatureHex));
                }

                public byte[] OneShot(byte[] body) => HMACSHA1.HashData(_hookSecret, body);

                // RFC 6238 TOTP codes are HMAC-SHA1 by default.
                public int Totp(byte[] secret, long counter)
                {
                    using var mac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, secret);
                    mac.AppendData(BitConverter.GetBytes(counter));
                    var hash = mac.GetHashAndReset();
                    var offset = hash[^1] & 0x0F;
                    return (BitConverter.ToInt32(hash, offset) & 0x7FFFFFFF) % 1_000_000;
                }

                public HMAC ByName() => (HMAC)CryptoConfig.CreateFromName("HMACSHA1")!;
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task OAEP_with_SHA1_is_not_reported()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class KeyWrap
            {
                public static byte[] Wrap(RSA key, byte[] secret) => key.Encrypt(secret, RSAEncryptionPadding.OaepSHA1);

                public static byte[] Unwrap(RSA key, byte[] wrapped) => key.Decrypt(wrapped, RSAEncryptionPadding.CreateOaep(HashAlgorithmName.SHA1));
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task SHA2_and_SHA3_are_never_reported()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class ContentHashes
            {
                public string ETag(byte[] body) => "\"" + Convert.ToBase64String(SHA256.HashData(body)) + "\"";

                public string Strong(Stream content) => Convert.ToHexString(SHA384.HashData(content));

                public async Task<byte[]> ArchiveAsync(Stream content, CancellationToken ct) => await SHA512.HashDataAsync(content, ct);

                public byte[] Modern(byte[] data) => SHA3_256.IsSupported ? SHA3_256.HashData(data) : SHA256.HashData(data);

                public byte[] Signed(RSA key, byte[] data) => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);

                public IncrementalHash Running() => IncrementalHash.CreateHash(HashAlgorithmName.SHA512);

                public HashAlgorithm Instance() => SHA256.Create();

                public byte[] Mac(byte[] key, byte[] data) => HMACSHA256.HashData(key, data);

                public bool HasWeakType(Type type) => type == typeof(MD5) || type == typeof(SHA1);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    // ---------------------------------------------------------------- own types and unresolved code

    [Fact]
    public Task A_type_of_your_own_named_MD5_is_not_the_framework_one()
    {
        const string source = """
            namespace Legacy.Hashing
            {
                public static class MD5
                {
                    public static byte[] HashData(byte[] data) => data;

                    public static object Create() => new object();
                }

                public static class Uses
                {
                    public static byte[] Run(byte[] data) => MD5.HashData(data);

                    public static object Make() => MD5.Create();
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Unresolved_types_and_half_typed_calls_are_not_reported()
    {
        const string source = """
            public static class Unfinished
            {
                public static byte[] A(byte[] data) => {|CS0103:MD5|}.HashData(data);

                public static object B() => new {|CS0246:SHA1Managed|}();

                public static void C() => System.Security.Cryptography.MD5.{|CS1501:HashData|}();
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    /// <summary>PBKDF2 with HMAC-SHA1 is SAPI6003's finding (its iteration count decides): no second SAPI6001 on the line.</summary>
    [Fact]
    public async Task HashAlgorithmName_SHA1_given_to_PBKDF2_is_only_the_key_derivation_finding()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class LegacyVault
            {
                public byte[] Derive(string password, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(password, salt, 10_000, HashAlgorithmName.SHA1, 32);

                public byte[] Created(string password, byte[] salt)
                {
                    using var kdf = new Rfc2898DeriveBytes(password, salt, 10_000, HashAlgorithmName.SHA1);
                    return kdf.GetBytes(32);
                }

                public byte[] Enough(string password, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(password, salt, 1_300_000, HashAlgorithmName.SHA1, 32);

                public byte[] Signed(RSA key, byte[] data) => key.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
            }
            """;
        var findings = await ProductAnalysis.SapiFindingsAsync(source);
        var byLine = findings
            .Select(d => (Line: d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Id))
            .OrderBy(f => f.Line).ThenBy(f => f.Id)
            .ToArray();
        Assert.Equal(new[] { (5, RuleIds.WeakKeyDerivation), (9, RuleIds.WeakKeyDerivation), (15, RuleIds.WeakHashAlgorithm) }, byLine);
    }
}
