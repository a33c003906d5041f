using SecureApi.CodeFixes.Rules.Crypto;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Crypto.WeakHashAnalyzer,
    SecureApi.CodeFixes.Rules.Crypto.WeakHashCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Crypto;

/// <summary>Fix of SAPI6001: the SHA-256 twin of each form, and where it is not offered.</summary>
public sealed class WeakHashCodeFixTests
{
    private const string Key = WeakHashCodeFix.UseSha256;

    [Fact]
    public Task One_shot_becomes_SHA256_keeping_the_qualification()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Checksums
            {
                public static string Of(byte[] content) => Convert.ToHexString({|SAPI6001:MD5.HashData|}(content));

                public static async Task<byte[]> OfStreamAsync(Stream content, CancellationToken ct) =>
                    await {|SAPI6001:System.Security.Cryptography.SHA1.HashDataAsync|}(content, ct);
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public static class Checksums
            {
                public static string Of(byte[] content) => Convert.ToHexString(SHA256.HashData(content));

                public static async Task<byte[]> OfStreamAsync(Stream content, CancellationToken ct) =>
                    await System.Security.Cryptography.SHA256.HashDataAsync(content, ct);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Hash_objects_become_SHA256_Create()
    {
        const string source = """
            using System.Security.Cryptography;

            #pragma warning disable SYSLIB0021, SYSLIB0045, SYSLIB0007
            public sealed class LegacyHashes
            {
                private readonly HashAlgorithm _etag = {|SAPI6001:new MD5CryptoServiceProvider|}();

                private readonly HashAlgorithm _default = {|SAPI6001:HashAlgorithm.Create|}();

                public byte[] A(byte[] data)
                {
                    using var sha = {|SAPI6001:SHA1.Create|}();
                    return sha.ComputeHash(data);
                }

                public byte[] B(byte[] data)
                {
                    using var sha = {|SAPI6001:new System.Security.Cryptography.SHA1Managed|}();
                    return sha.ComputeHash(data);
                }

                public HashAlgorithm C() => {|SAPI6001:MD5.Create|}("MD5");
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            #pragma warning disable SYSLIB0021, SYSLIB0045, SYSLIB0007
            public sealed class LegacyHashes
            {
                private readonly HashAlgorithm _etag = SHA256.Create();

                private readonly HashAlgorithm _default = SHA256.Create();

                public byte[] A(byte[] data)
                {
                    using var sha = SHA256.Create();
                    return sha.ComputeHash(data);
                }

                public byte[] B(byte[] data)
                {
                    using var sha = System.Security.Cryptography.SHA256.Create();
                    return sha.ComputeHash(data);
                }

                public HashAlgorithm C() => SHA256.Create();
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task HMAC_MD5_becomes_HMAC_SHA256_where_the_other_side_does_not_check_it()
    {
        // Sign returns to no caller of this compilation; Verify compares with what the device sent (signed with HMAC-MD5).
        const string source = """
            using System.Security.Cryptography;

            public sealed class DeviceSignature(byte[] deviceSecret)
            {
                public byte[] Sign(byte[] body) => {|SAPI6001:HMACMD5.HashData|}(deviceSecret, body);

                public bool Verify(byte[] body, byte[] signature)
                {
                    using var hmac = {|SAPI6001:new HMACMD5|}(deviceSecret);
                    return CryptographicOperations.FixedTimeEquals(hmac.ComputeHash(body), signature);
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public sealed class DeviceSignature(byte[] deviceSecret)
            {
                public byte[] Sign(byte[] body) => HMACSHA256.HashData(deviceSecret, body);

                public bool Verify(byte[] body, byte[] signature)
                {
                    using var hmac = {|SAPI6001:new HMACMD5|}(deviceSecret);
                    return CryptographicOperations.FixedTimeEquals(hmac.ComputeHash(body), signature);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Names_become_SHA256()
    {
        const string source = """
            using System.Security.Cryptography;

            #pragma warning disable SYSLIB0045
            public static class Signing
            {
                public static byte[] Sign(RSA key, byte[] data) => key.SignData(data, {|SAPI6001:HashAlgorithmName.SHA1|}, RSASignaturePadding.Pkcs1);

                public static HashAlgorithmName Configured() => {|SAPI6001:new HashAlgorithmName("MD5")|};

                public static HashAlgorithm Fingerprint() => (HashAlgorithm)CryptoConfig.CreateFromName({|SAPI6001:"SHA1"|})!;

                public static HashAlgorithm? Legacy() => HashAlgorithm.Create({|SAPI6001:"MD5"|});

                public static HMAC? Mac() => HMAC.Create({|SAPI6001:"HMACMD5"|});
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            #pragma warning disable SYSLIB0045
            public static class Signing
            {
                public static byte[] Sign(RSA key, byte[] data) => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

                public static HashAlgorithmName Configured() => HashAlgorithmName.SHA256;

                public static HashAlgorithm Fingerprint() => (HashAlgorithm)CryptoConfig.CreateFromName("SHA256")!;

                public static HashAlgorithm? Legacy() => HashAlgorithm.Create("SHA256");

                public static HMAC? Mac() => HMAC.Create("HMACSHA256");
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Top_level_statements()
    {
        // A duplicate finder: the digests are compared with each other, in this run only.
        const string source = """
            using System.Security.Cryptography;

            var seen = new HashSet<string>();
            foreach (var path in args)
            {
                var digest = Convert.ToHexString({|SAPI6001:MD5.HashData|}(File.ReadAllBytes(path)));
                if (!seen.Add(digest))
                {
                    Console.WriteLine($"{path} is a duplicate");
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            var seen = new HashSet<string>();
            foreach (var path in args)
            {
                var digest = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
                if (!seen.Add(digest))
                {
                    Console.WriteLine($"{path} is a duplicate");
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Destination_of_32_bytes_or_more_keeps_the_fix()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Digests
            {
                public static int Into(ReadOnlySpan<byte> data)
                {
                    Span<byte> digest = stackalloc byte[64];
                    return {|SAPI6001:MD5.HashData|}(data, digest);
                }

                public static bool Try(byte[] data) => {|SAPI6001:SHA1.TryHashData|}(data, new byte[SHA256.HashSizeInBytes], out _);
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public static class Digests
            {
                public static int Into(ReadOnlySpan<byte> data)
                {
                    Span<byte> digest = stackalloc byte[64];
                    return SHA256.HashData(data, digest);
                }

                public static bool Try(byte[] data) => SHA256.TryHashData(data, new byte[SHA256.HashSizeInBytes], out _);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Fix_all_changes_what_can_change_and_leaves_the_rest()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class AvatarService
            {
                public string Gravatar(string email) =>
                    Convert.ToHexString({|SAPI6001:MD5.HashData|}(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant()))).ToLowerInvariant();

                public Guid StableId(string name) => new({|SAPI6001:MD5.HashData|}(Encoding.UTF8.GetBytes(name)));

                public byte[] Sign(ECDsa key, byte[] data) => key.SignData(data, {|SAPI6001:HashAlgorithmName.SHA1|});

                public byte[] Legacy(byte[] data)
                {
                    MD5 md5 = {|SAPI6001:MD5.Create|}();
                    return md5.ComputeHash(data);
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class AvatarService
            {
                public string Gravatar(string email) =>
                    Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant()))).ToLowerInvariant();

                public Guid StableId(string name) => new({|SAPI6001:MD5.HashData|}(Encoding.UTF8.GetBytes(name)));

                public byte[] Sign(ECDsa key, byte[] data) => key.SignData(data, HashAlgorithmName.SHA256);

                public byte[] Legacy(byte[] data)
                {
                    MD5 md5 = {|SAPI6001:MD5.Create|}();
                    return md5.ComputeHash(data);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Leftovers_unused_objects_go_and_names_follow_the_algorithm()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Fingerprints
            {
                public static string Of(byte[] content)
                {
                    using var md5 = {|SAPI6001:MD5.Create|}();
                    var md5Hash = {|SAPI6001:MD5.HashData|}(content);
                    return Convert.ToHexString(md5Hash);
                }

                public static string OfStream(Stream content)
                {
                    // One pass over the stream.
                    using var sha1 = {|SAPI6001:SHA1.Create|}();
                    var sha1Digest = sha1.ComputeHash(content);
                    return Convert.ToHexString(sha1Digest);
                }

                public static byte[] Mac(byte[] key, byte[] data)
                {
                    using var hmacMd5 = {|SAPI6001:new HMACMD5|}(key);
                    return hmacMd5.ComputeHash(data);
                }

                public static byte[] OneLine(byte[] data) { using var md5 = {|SAPI6001:MD5.Create|}(); return {|SAPI6001:MD5.HashData|}(data); }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public static class Fingerprints
            {
                public static string Of(byte[] content)
                {
                    var sha256Hash = SHA256.HashData(content);
                    return Convert.ToHexString(sha256Hash);
                }

                public static string OfStream(Stream content)
                {
                    // One pass over the stream.
                    using var sha256 = SHA256.Create();
                    var sha256Digest = sha256.ComputeHash(content);
                    return Convert.ToHexString(sha256Digest);
                }

                public static byte[] Mac(byte[] key, byte[] data)
                {
                    using var hmacSha256 = new HMACSHA256(key);
                    return hmacSha256.ComputeHash(data);
                }

                public static byte[] OneLine(byte[] data) { return SHA256.HashData(data); }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task An_unused_object_keeps_the_comments_and_lines_around_it()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Checksums
            {
                public static byte[] Of(byte[] data)
                {
                    var copy = data.ToArray();

                    // Computed below with the one-shot API.
                    using var md5 = {|SAPI6001:MD5.Create|}(); // was used for streams
                    return {|SAPI6001:MD5.HashData|}(copy);
                }

                public static void Last(byte[] data)
                {
                    Console.WriteLine({|SAPI6001:SHA1.HashData|}(data).Length);
                    using var sha1 = {|SAPI6001:SHA1.Create|}();
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public static class Checksums
            {
                public static byte[] Of(byte[] data)
                {
                    var copy = data.ToArray();

                    // Computed below with the one-shot API.
                    return SHA256.HashData(copy);
                }

                public static void Last(byte[] data)
                {
                    Console.WriteLine(SHA256.HashData(data).Length);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    // ---------------------------------------------------------------- not offered

    [Theory]
    [InlineData("public int A(byte[] data) => {|SAPI6001:MD5.HashData|}(data, stackalloc byte[16]);")]
    [InlineData("public int A(byte[] data) { Span<byte> digest = stackalloc byte[MD5.HashSizeInBytes]; return {|SAPI6001:MD5.HashData|}(data, digest); }")]
    [InlineData("public bool A(byte[] data) => {|SAPI6001:SHA1.TryHashData|}(data, new byte[20], out _);")]
    [InlineData("public bool A(byte[] data, Span<byte> destination) => {|SAPI6001:SHA1.TryHashData|}(data, destination, out _);")]
    [InlineData("public ValueTask<int> A(Stream data, Memory<byte> destination) => {|SAPI6001:MD5.HashDataAsync|}(data, destination);")]
    [InlineData("public Guid A(byte[] data) => new Guid({|SAPI6001:MD5.HashData|}(data));")]
    [InlineData("public Guid A(byte[] data) { var hash = {|SAPI6001:MD5.HashData|}(data); return new Guid(hash); }")]
    [InlineData("public Guid A(byte[] data) { using var md5 = {|SAPI6001:MD5.Create|}(); var hash = md5.ComputeHash(data); return new Guid(hash); }")]
    [InlineData("public Guid A(byte[] data) { using var md5 = {|SAPI6001:MD5.Create|}(); md5.ComputeHash(data); return new Guid(md5.Hash!); }")]
    [InlineData("public bool A(byte[] data, Span<byte> digest) { using var sha = {|SAPI6001:SHA1.Create|}(); return sha.TryComputeHash(data, digest, out _); }")]
    [InlineData("public byte[] A(RSA key, byte[] digest) => key.SignHash(digest, {|SAPI6001:HashAlgorithmName.SHA1|}, RSASignaturePadding.Pkcs1);")]
    [InlineData("public bool A(RSA key, byte[] digest, byte[] signature) => key.VerifyHash(digest, signature, {|SAPI6001:HashAlgorithmName.MD5|}, RSASignaturePadding.Pkcs1);")]
    public Task Not_offered_where_the_digest_length_is_relied_on(string member)
    {
        var source = $$"""
            using System.Security.Cryptography;

            public sealed class Digests
            {
                {{member}}
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Theory]
    [InlineData("public MD5 A() { MD5 md5 = {|SAPI6001:MD5.Create|}(); return md5; }")]
    [InlineData("public SHA1 A() => {|SAPI6001:SHA1.Create|}();")]
    [InlineData("public HashAlgorithm A() { SHA1Managed sha = {|SAPI6001:new()|}; return sha; }")]
    [InlineData("public HashAlgorithm A() { var sha = {|SAPI6001:new SHA1Managed|}(); return Use(sha); } private static HashAlgorithm Use(SHA1Managed sha) => sha;")]
    [InlineData("public MD5 A() => (MD5)CryptoConfig.CreateFromName({|SAPI6001:\"MD5\"|})!;")]
    [InlineData("public MD5? A() => CryptoConfig.CreateFromName({|SAPI6001:\"MD5\"|}) as MD5;")]
    [InlineData("public KeyedHashAlgorithm? A() => KeyedHashAlgorithm.Create({|SAPI6001:\"MD5\"|});")]
    [InlineData("private const string Name = \"SHA1\"; public object? A() => CryptoConfig.CreateFromName({|SAPI6001:Name|});")]
    public Task Not_offered_where_the_result_would_not_compile_or_not_work(string member)
    {
        var source = $$"""
            using System.Security.Cryptography;

            #pragma warning disable SYSLIB0021, SYSLIB0045
            public sealed class Hashes
            {
                {{member}}
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_when_the_same_call_hashes_a_password()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public static class LegacyPasswords
            {
                public static byte[] Hash(string password) => {|SAPI6002:{|SAPI6001:MD5.HashData|}|}(Encoding.UTF8.GetBytes(password));

                public static byte[] Salted(string salt, string password)
                {
                    using var sha1 = {|SAPI6001:SHA1.Create|}();
                    return {|SAPI6002:sha1.ComputeHash|}(Encoding.UTF8.GetBytes(salt + password));
                }
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }
}
