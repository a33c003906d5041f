using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Crypto.WeakKeyDerivationAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Crypto;

/// <summary>SAPI6003: PBKDF2 with the SHA-1 constructor defaults or too few iterations for its hash.</summary>
public sealed class WeakKeyDerivationAnalyzerTests
{
    private const string Defaults = "1,000 iterations of HMAC-SHA1 (the constructor's defaults)";
    private const string Pbkdf2 = "Rfc2898DeriveBytes.Pbkdf2";
    private const string AspNetPbkdf2 = "KeyDerivation.Pbkdf2";

    private static DiagnosticResult Finding(int markup, string form, string problem) =>
        Verify.Diagnostic(Descriptors.WeakKeyDerivation).WithLocation(markup).WithArguments(form, problem);

    private static string Below(string count, string hash, string minimum) => $"{count} iterations of {hash}, below the minimum of {minimum}";

    private static string DefaultHashBelow(string count) => $"{count} iterations of HMAC-SHA1 (the constructor's default hash), below the minimum of 1,300,000";

    // ---------------------------------------------------------------- constructors without a hash

    [Fact]
    public Task Constructors_without_iterations_use_the_sha1_defaults()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class LegacyAccounts
            {
                public bool Verify(string password, byte[] salt, byte[] expected)
                {
                    using var kdf = {|#0:new Rfc2898DeriveBytes(password, salt)|};
                    return CryptographicOperations.FixedTimeEquals(kdf.GetBytes(32), expected);
                }

                public (byte[] Salt, byte[] Hash) Create(string password)
                {
                    using var kdf = {|#1:new Rfc2898DeriveBytes(password, 16)|};
                    return (kdf.Salt, kdf.GetBytes(32));
                }

                public byte[] Derive(string password, byte[] salt)
                {
                    using Rfc2898DeriveBytes kdf = {|#2:new(password, salt)|};
                    return kdf.GetBytes(32);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "new Rfc2898DeriveBytes(password, salt)", Defaults),
            Finding(1, "new Rfc2898DeriveBytes(password, saltSize)", Defaults),
            Finding(2, "new Rfc2898DeriveBytes(password, salt)", Defaults));
    }

    [Fact]
    public Task Constructors_with_iterations_but_no_hash_use_sha1()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class KeyVault
            {
                private const int Rounds = 20_000;

                public byte[] A(string password, byte[] salt)
                {
                    using var kdf = {|#0:new Rfc2898DeriveBytes(password, salt, 10_000)|};
                    return kdf.GetBytes(32);
                }

                public byte[] B(string password)
                {
                    using var kdf = {|#1:new Rfc2898DeriveBytes(password, 16, Rounds)|};
                    return kdf.GetBytes(32);
                }

                public byte[] C(string passphrase, byte[] salt)
                {
                    var secret = Encoding.UTF8.GetBytes(passphrase);
                    using var kdf = {|#2:new Rfc2898DeriveBytes(secret, salt, 100000)|};
                    return kdf.GetBytes(32);
                }

                public byte[] D(string password, byte[] salt, int iterations)
                {
                    // Even a configured count: SHA-1 needs 1,300,000 and nothing says it gets them.
                    using var kdf = {|#3:new Rfc2898DeriveBytes(password, salt, iterations)|};
                    return kdf.GetBytes(32);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "new Rfc2898DeriveBytes(password, salt, iterations)", DefaultHashBelow("10,000")),
            Finding(1, "new Rfc2898DeriveBytes(password, saltSize, iterations)", DefaultHashBelow("20,000")),
            Finding(2, "new Rfc2898DeriveBytes(password, salt, iterations)", DefaultHashBelow("100,000")),
            Finding(3, "new Rfc2898DeriveBytes(password, salt, iterations)", "HMAC-SHA1 (the constructor's default hash), which needs at least 1,300,000 iterations"));
    }

    [Fact]
    public Task Constructor_split_over_lines_is_reported_on_its_first_line()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Tokens
            {
                public static byte[] Derive(string password, byte[] salt)
                {
                    using var kdf = {|#0:new Rfc2898DeriveBytes|}(
                        password,
                        salt);
                    return kdf.GetBytes(32);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Finding(0, "new Rfc2898DeriveBytes(password, salt)", Defaults));
    }

    // ---------------------------------------------------------------- explicit hash, constant count

    [Fact]
    public Task Constructor_with_hash_and_a_low_constant_count()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Derivations
            {
                public static byte[] A(string password, byte[] salt)
                {
                    using var kdf = new Rfc2898DeriveBytes(password, salt, {|#0:100_000|}, HashAlgorithmName.SHA256);
                    return kdf.GetBytes(32);
                }

                public static byte[] B(string password)
                {
                    using var kdf = new Rfc2898DeriveBytes(password, 16, {|#1:150_000|}, HashAlgorithmName.SHA512);
                    return kdf.GetBytes(64);
                }

                public static byte[] C(byte[] password, byte[] salt)
                {
                    using var kdf = new Rfc2898DeriveBytes(password, salt, {|#2:500_000|}, HashAlgorithmName.SHA1);
                    return kdf.GetBytes(20);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "new Rfc2898DeriveBytes(password, salt, iterations, hashAlgorithm)", Below("100,000", "HMAC-SHA256", "600,000")),
            Finding(1, "new Rfc2898DeriveBytes(password, saltSize, iterations, hashAlgorithm)", Below("150,000", "HMAC-SHA512", "210,000")),
            Finding(2, "new Rfc2898DeriveBytes(password, salt, iterations, hashAlgorithm)", Below("500,000", "HMAC-SHA1", "1,300,000")));
    }

    [Fact]
    public Task Every_Pbkdf2_overload_with_a_low_constant_count()
    {
        const string source = """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            public static class PasswordHashes
            {
                public static byte[] FromString(string password, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, {|#0:10_000|}, HashAlgorithmName.SHA256, 32);

                public static byte[] FromBytes(byte[] password, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, {|#1:50_000|}, HashAlgorithmName.SHA512, 64);

                public static byte[] FromChars(ReadOnlySpan<char> password, ReadOnlySpan<byte> salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, {|#2:100_000|}, HashAlgorithmName.SHA384, 48);

                public static byte[] FromByteSpan(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, {|#3:1_000|}, HashAlgorithmName.SHA1, 20);

                public static void IntoChars(ReadOnlySpan<char> password, ReadOnlySpan<byte> salt, Span<byte> hash) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, hash, {|#4:310_000|}, HashAlgorithmName.SHA256);

                public static void IntoBytes(string password, byte[] salt, Span<byte> hash) =>
                    Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, hash, {|#5:100_000|}, HashAlgorithmName.SHA512);

                public static byte[] Named(string password, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, hashAlgorithm: HashAlgorithmName.SHA256, outputLength: 32, iterations: {|#6:210_000|});
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, Pbkdf2, Below("10,000", "HMAC-SHA256", "600,000")),
            Finding(1, Pbkdf2, Below("50,000", "HMAC-SHA512", "210,000")),
            Finding(2, Pbkdf2, Below("100,000", "HMAC-SHA384", "210,000")),
            Finding(3, Pbkdf2, Below("1,000", "HMAC-SHA1", "1,300,000")),
            Finding(4, Pbkdf2, Below("310,000", "HMAC-SHA256", "600,000")),
            Finding(5, Pbkdf2, Below("100,000", "HMAC-SHA512", "210,000")),
            Finding(6, Pbkdf2, Below("210,000", "HMAC-SHA256", "600,000")));
    }

    [Fact]
    public Task Counts_and_hashes_from_constants_and_locals_assigned_once()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class ApiKeyHasher
            {
                private const int Iterations = 27_500;

                public byte[] A(string key, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(key, salt, {|#0:Iterations|}, HashAlgorithmName.SHA256, 32);

                public byte[] B(string key, byte[] salt)
                {
                    var rounds = 64_000;
                    var hash = HashAlgorithmName.SHA512;
                    return Rfc2898DeriveBytes.Pbkdf2(key, salt, {|#1:rounds|}, hash, 64);
                }

                public byte[] C(string key, byte[] salt)
                {
                    const int rounds = 4096;
                    return Rfc2898DeriveBytes.Pbkdf2(key, salt, {|#2:rounds|}, new HashAlgorithmName("SHA256"), 32);
                }

                public byte[] D(string key, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(key, salt, {|#3:100_000|}, HashAlgorithmName.SHA3_256, 32);
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, Pbkdf2, Below("27,500", "HMAC-SHA256", "600,000")),
            Finding(1, Pbkdf2, Below("64,000", "HMAC-SHA512", "210,000")),
            Finding(2, Pbkdf2, Below("4,096", "HMAC-SHA256", "600,000")),
            Finding(3, Pbkdf2, Below("100,000", "HMAC-SHA3-256", "600,000")));
    }

    [Fact]
    public Task Unknown_hash_is_held_to_the_smallest_minimum()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Kdf
            {
                public static byte[] Derive(string password, byte[] salt, HashAlgorithmName hash) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, {|#0:100_000|}, hash, 32);

                // 300,000 may be too few for SHA-256, but the hash is unknown: not reported.
                public static byte[] Strong(string password, byte[] salt, HashAlgorithmName hash) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, 300_000, hash, 32);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Finding(0, Pbkdf2, "100,000 iterations, below the minimum of 210,000 for any hash"));
    }

    [Fact]
    public Task AspNetCore_KeyDerivation_with_each_prf()
    {
        const string source = """
            using Microsoft.AspNetCore.Cryptography.KeyDerivation;

            public sealed class CustomerAccounts
            {
                public byte[] Sha1(string password, byte[] salt) =>
                    KeyDerivation.Pbkdf2(password, salt, KeyDerivationPrf.HMACSHA1, {|#0:10_000|}, 32);

                public byte[] Sha256(string password, byte[] salt) =>
                    KeyDerivation.Pbkdf2(password, salt, KeyDerivationPrf.HMACSHA256, {|#1:100_000|}, 32);

                public byte[] Sha512(string password, byte[] salt) =>
                    KeyDerivation.Pbkdf2(password, salt, KeyDerivationPrf.HMACSHA512, {|#2:100_000|}, 64);

                public byte[] Named(string password, byte[] salt)
                {
                    var prf = KeyDerivationPrf.HMACSHA256;
                    return KeyDerivation.Pbkdf2(password: password, salt: salt, prf: prf, iterationCount: {|#3:10000|}, numBytesRequested: 32);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, AspNetPbkdf2, Below("10,000", "HMAC-SHA1", "1,300,000")),
            Finding(1, AspNetPbkdf2, Below("100,000", "HMAC-SHA256", "600,000")),
            Finding(2, AspNetPbkdf2, Below("100,000", "HMAC-SHA512", "210,000")),
            Finding(3, AspNetPbkdf2, Below("10,000", "HMAC-SHA256", "600,000")));
    }

    [Fact]
    public Task IterationCount_set_to_a_low_constant()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Derivations
            {
                public static byte[] A(string password, byte[] salt)
                {
                    using var kdf = new Rfc2898DeriveBytes(password, salt, 600_000, HashAlgorithmName.SHA256);
                    kdf.{|#0:IterationCount = 50_000|};
                    return kdf.GetBytes(32);
                }

                public static byte[] B(string password, byte[] salt, HashAlgorithmName hash)
                {
                    using var kdf = new Rfc2898DeriveBytes(password, salt, 600_000, hash) { {|#1:IterationCount = 20_000|} };
                    return kdf.GetBytes(32);
                }

                public static byte[] C(Rfc2898DeriveBytes kdf)
                {
                    kdf.{|#2:IterationCount = 100_000|};
                    return kdf.GetBytes(32);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "Rfc2898DeriveBytes.IterationCount", Below("50,000", "HMAC-SHA256", "600,000")),
            Finding(1, "Rfc2898DeriveBytes.IterationCount", "20,000 iterations, below the minimum of 210,000 for any hash"),
            Finding(2, "Rfc2898DeriveBytes.IterationCount", "100,000 iterations, below the minimum of 210,000 for any hash"));
    }

    // ---------------------------------------------------------------- the option

    [Fact]
    public Task Minimum_from_the_option_scales_to_every_hash()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Derivations
            {
                public static byte[] A(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, {|#0:300_000|}, HashAlgorithmName.SHA256, 32);

                public static byte[] B(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, {|#1:100_000|}, HashAlgorithmName.SHA512, 64);

                public static byte[] C(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, {|#2:600_000|}, HashAlgorithmName.SHA1, 20);

                // Enough under the option: 310,000 for SHA-256, 108,500 (35%) for SHA-512.
                public static byte[] D(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, 310_000, HashAlgorithmName.SHA256, 32);

                public static byte[] E(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, 109_000, HashAlgorithmName.SHA512, 64);
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            new SnippetOptions { EditorConfig = "secureapi.min_pbkdf2_iterations = 310_000" },
            Finding(0, Pbkdf2, Below("300,000", "HMAC-SHA256", "310,000")),
            Finding(1, Pbkdf2, Below("100,000", "HMAC-SHA512", "108,500")),
            Finding(2, Pbkdf2, Below("600,000", "HMAC-SHA1", "672,000")));
    }

    [Fact]
    public Task Rule_specific_option_wins()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Derivations
            {
                public static byte[] A(string p, byte[] s) => Rfc2898DeriveBytes.Pbkdf2(p, s, {|#0:900_000|}, HashAlgorithmName.SHA256, 32);
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            new SnippetOptions { EditorConfig = "secureapi.min_pbkdf2_iterations = 100000\nsecureapi.SAPI6003.min_pbkdf2_iterations = 1000000" },
            Finding(0, Pbkdf2, Below("900,000", "HMAC-SHA256", "1,000,000")));
    }

    // ---------------------------------------------------------------- not reported

    [Fact]
    public Task Counts_at_the_minimum_are_not_reported()
    {
        const string source = """
            using System.Security.Cryptography;
            using Microsoft.AspNetCore.Cryptography.KeyDerivation;

            public static class Derivations
            {
                public static byte[] A(string password, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);

                public static byte[] B(string password, byte[] salt) =>
                    KeyDerivation.Pbkdf2(password, salt, KeyDerivationPrf.HMACSHA512, 210_000, 32);

                public static byte[] C(string password, byte[] salt) =>
                    System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(password, salt, 1_300_000, System.Security.Cryptography.HashAlgorithmName.SHA1, 20);

                public static byte[] D(string password, byte[] salt)
                {
                    using var kdf = new Rfc2898DeriveBytes(password, salt, 650_000, HashAlgorithmName.SHA256);
                    kdf.IterationCount = 700_000;
                    return kdf.GetBytes(32);
                }

                // The default hash with enough iterations for SHA-1.
                public static byte[] E(string password, byte[] salt)
                {
                    using var kdf = new Rfc2898DeriveBytes(password, salt, 2_000_000);
                    return kdf.GetBytes(20);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Counts_from_configuration_and_parameters_are_not_reported()
    {
        const string source = """
            using System.Security.Cryptography;
            using Microsoft.AspNetCore.Cryptography.KeyDerivation;
            using Microsoft.Extensions.Configuration;

            public sealed class BackupEncryption(IConfiguration configuration)
            {
                private readonly int _iterations = configuration.GetValue<int>("Backups:Pbkdf2Iterations");

                public byte[] BackupKey(string passphrase, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, configuration.GetValue<int>("Backups:Pbkdf2Iterations"), HashAlgorithmName.SHA512, 32);

                public byte[] ArchiveKey(string passphrase, byte[] salt) =>
                    KeyDerivation.Pbkdf2(passphrase, salt, KeyDerivationPrf.HMACSHA256, _iterations, 32);

                public byte[] ExportKey(string passphrase, byte[] salt, int iterations)
                {
                    using var kdf = new Rfc2898DeriveBytes(passphrase, salt, iterations, HashAlgorithmName.SHA256);
                    kdf.IterationCount = _iterations;
                    return kdf.GetBytes(32);
                }

                public byte[] Tuned(string passphrase, byte[] salt, bool fast)
                {
                    // Assigned twice: not a single constant.
                    var rounds = 10_000;
                    if (!fast)
                    {
                        rounds = 900_000;
                    }

                    return Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, rounds, HashAlgorithmName.SHA256, 32);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task PasswordHasher_and_other_hashing_are_not_reported()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.AspNetCore.Identity;

            public sealed class Users
            {
                private readonly PasswordHasher<object> _hasher = new();

                public string Hash(string password) => _hasher.HashPassword(new object(), password);

                public byte[] Fingerprint(string apiKey) => SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));

                // HKDF is a different function, with no iteration count.
                public byte[] Subkey(byte[] master) => HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Own_types_with_the_same_names_are_not_reported()
    {
        const string source = """
            namespace Legacy.Crypto
            {
                public sealed class Rfc2898DeriveBytes
                {
                    public Rfc2898DeriveBytes(string password, byte[] salt) { }

                    public int IterationCount { get; set; }

                    public static byte[] Pbkdf2(string password, byte[] salt, int iterations, string hash, int length) => new byte[length];
                }

                public static class Usage
                {
                    public static byte[] Run(string password, byte[] salt)
                    {
                        var kdf = new Rfc2898DeriveBytes(password, salt) { IterationCount = 1 };
                        return Rfc2898DeriveBytes.Pbkdf2(password, salt, 1, "SHA1", 32);
                    }
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }
}
