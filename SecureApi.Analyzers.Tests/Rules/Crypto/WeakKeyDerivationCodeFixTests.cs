using Microsoft.CodeAnalysis.CSharp;
using SecureApi.Analyzers.Tests.Infrastructure;
using SecureApi.CodeFixes.Rules.Crypto;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Crypto.WeakKeyDerivationAnalyzer,
    SecureApi.CodeFixes.Rules.Crypto.WeakKeyDerivationCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Crypto;

/// <summary>Fix of SAPI6003: the minimum iteration count for the hash, HMAC-SHA256 instead of HMAC-SHA1.</summary>
public sealed class WeakKeyDerivationCodeFixTests
{
    private const string Key = WeakKeyDerivationCodeFix.StrengthenPbkdf2;

    // ---------------------------------------------------------------- constructors without a hash

    [Fact]
    public Task Single_GetBytes_becomes_a_Pbkdf2_call()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class ArchiveKeys
            {
                public byte[] Derive(string passphrase, string storedSalt)
                {
                    var salt = Convert.FromBase64String(storedSalt);

                    // One key per archive, from the passphrase the user types.
                    using var kdf = {|SAPI6003:new Rfc2898DeriveBytes(passphrase, salt)|};
                    return kdf.GetBytes(32);
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public sealed class ArchiveKeys
            {
                public byte[] Derive(string passphrase, string storedSalt)
                {
                    var salt = Convert.FromBase64String(storedSalt);

                    // One key per archive, from the passphrase the user types.
                    return Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, 600_000, HashAlgorithmName.SHA256, 32);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Removed_declaration_keeps_lines_and_comments_in_place()
    {
        const string source = """
            using System.Security.Cryptography;

            var salt = RandomNumberGenerator.GetBytes(16);

            // The session key of this run only.
            using var kdf = {|SAPI6003:new Rfc2898DeriveBytes("correct horse", salt)|}; // defaults of the old tool
            Console.WriteLine(kdf.GetBytes(32).Length);

            static class Backups
            {
                public static byte[] Key(string passphrase, byte[] salt)
                {
                    using var kdf = {|SAPI6003:new Rfc2898DeriveBytes(passphrase, salt)|}; return kdf.GetBytes(32);
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            var salt = RandomNumberGenerator.GetBytes(16);

            // The session key of this run only.
            Console.WriteLine(Rfc2898DeriveBytes.Pbkdf2("correct horse", salt, 600_000, HashAlgorithmName.SHA256, 32).Length);

            static class Backups
            {
                public static byte[] Key(string passphrase, byte[] salt)
                {
                    return Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, 600_000, HashAlgorithmName.SHA256, 32);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Single_GetBytes_with_a_constant_count_and_byte_password()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public static class BackupKeys
            {
                public static byte[] Derive(byte[] passphrase, byte[] salt, int length)
                {
                    var kdf = {|SAPI6003:new Rfc2898DeriveBytes(passphrase, salt, 10_000)|};
                    var key = kdf.GetBytes(length);
                    return key;
                }

                public static byte[] Typed(string passphrase, Account account)
                {
                    using Rfc2898DeriveBytes kdf = {|SAPI6003:new(passphrase, account.Salt)|};
                    return kdf.GetBytes(32);
                }
            }

            public sealed record Account(byte[] Salt);
            """;
        const string fixedSource = """
            using System.Security.Cryptography;
            using System.Text;

            public static class BackupKeys
            {
                public static byte[] Derive(byte[] passphrase, byte[] salt, int length)
                {
                    var key = Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, 600_000, HashAlgorithmName.SHA256, length);
                    return key;
                }

                public static byte[] Typed(string passphrase, Account account)
                {
                    return Rfc2898DeriveBytes.Pbkdf2(passphrase, account.Salt, 600_000, HashAlgorithmName.SHA256, 32);
                }
            }

            public sealed record Account(byte[] Salt);
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Constructor_arguments_when_the_object_is_used_otherwise()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class Credentials
            {
                public (byte[] Salt, byte[] Hash) Create(string password)
                {
                    using var kdf = {|SAPI6003:new Rfc2898DeriveBytes(password, 16)|};
                    return (kdf.Salt, kdf.GetBytes(32));
                }

                public byte[] Twice(string password, byte[] salt)
                {
                    using var kdf = {|SAPI6003:new Rfc2898DeriveBytes(password, salt, 5000)|};
                    var key = kdf.GetBytes(32);
                    var mac = kdf.GetBytes(32);
                    return [.. key, .. mac];
                }

                public byte[] Later(string password, byte[] salt)
                {
                    using var kdf = {|SAPI6003:new Rfc2898DeriveBytes(password, salt)|};
                    Console.WriteLine("deriving");
                    return kdf.GetBytes(32);
                }

                public byte[] Computed(string password, string salt)
                {
                    using var kdf = {|SAPI6003:new Rfc2898DeriveBytes(password, Convert.FromBase64String(salt))|};
                    return kdf.GetBytes(32);
                }

                public Rfc2898DeriveBytes Returned(string password, byte[] salt, int iterations) =>
                    {|SAPI6003:new Rfc2898DeriveBytes(password, salt, iterations)|};

                public Rfc2898DeriveBytes Named(string password, byte[] salt) =>
                    {|SAPI6003:new Rfc2898DeriveBytes(salt: salt, password: password)|};
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public sealed class Credentials
            {
                public (byte[] Salt, byte[] Hash) Create(string password)
                {
                    using var kdf = new Rfc2898DeriveBytes(password, 16, 600_000, HashAlgorithmName.SHA256);
                    return (kdf.Salt, kdf.GetBytes(32));
                }

                public byte[] Twice(string password, byte[] salt)
                {
                    using var kdf = new Rfc2898DeriveBytes(password, salt, 600_000, HashAlgorithmName.SHA256);
                    var key = kdf.GetBytes(32);
                    var mac = kdf.GetBytes(32);
                    return [.. key, .. mac];
                }

                public byte[] Later(string password, byte[] salt)
                {
                    using var kdf = new Rfc2898DeriveBytes(password, salt, 600_000, HashAlgorithmName.SHA256);
                    Console.WriteLine("deriving");
                    return kdf.GetBytes(32);
                }

                public byte[] Computed(string password, string salt)
                {
                    using var kdf = new Rfc2898DeriveBytes(password, Convert.FromBase64String(salt), 600_000, HashAlgorithmName.SHA256);
                    return kdf.GetBytes(32);
                }

                public Rfc2898DeriveBytes Returned(string password, byte[] salt, int iterations) =>
                    new Rfc2898DeriveBytes(password, salt, iterations, HashAlgorithmName.SHA256);

                public Rfc2898DeriveBytes Named(string password, byte[] salt) =>
                    new Rfc2898DeriveBytes(salt: salt, password: password, iterations: 600_000, hashAlgorithm: HashAlgorithmName.SHA256);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Using_is_added_when_the_type_was_qualified()
    {
        const string source = """
            namespace Accounts;

            public static class Legacy
            {
                public static byte[] Hash(string password, byte[] salt)
                {
                    using var kdf = {|SAPI6003:new System.Security.Cryptography.Rfc2898DeriveBytes(password, salt)|};
                    return kdf.GetBytes(20);
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            namespace Accounts;

            public static class Legacy
            {
                public static byte[] Hash(string password, byte[] salt)
                {
                    return System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 20);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    // ---------------------------------------------------------------- explicit hash

    [Fact]
    public Task Count_is_raised_to_the_minimum_for_the_hash()
    {
        const string source = """
            using System.Security.Cryptography;
            using Microsoft.AspNetCore.Cryptography.KeyDerivation;

            public static class Derivations
            {
                private const int Iterations = 10_000;

                public static byte[] A(string password, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, {|SAPI6003:Iterations|}, HashAlgorithmName.SHA256, 32);

                public static byte[] B(string password, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, {|SAPI6003:50_000|}, HashAlgorithmName.SHA512, 64);

                public static byte[] C(string password, byte[] salt) =>
                    KeyDerivation.Pbkdf2(password, salt, KeyDerivationPrf.HMACSHA256, {|SAPI6003:100_000|}, 32);

                public static byte[] D(string password, byte[] salt, HashAlgorithmName hash) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, {|SAPI6003:1000|}, hash, 32);
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;
            using Microsoft.AspNetCore.Cryptography.KeyDerivation;

            public static class Derivations
            {
                private const int Iterations = 10_000;

                public static byte[] A(string password, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);

                public static byte[] B(string password, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, 210_000, HashAlgorithmName.SHA512, 64);

                public static byte[] C(string password, byte[] salt) =>
                    KeyDerivation.Pbkdf2(password, salt, KeyDerivationPrf.HMACSHA256, 600_000, 32);

                public static byte[] D(string password, byte[] salt, HashAlgorithmName hash) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, hash, 32);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Sha1_is_replaced_by_sha256()
    {
        const string source = """
            using System.Security.Cryptography;
            using Microsoft.AspNetCore.Cryptography.KeyDerivation;

            public static class Derivations
            {
                public static byte[] A(string password, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, {|SAPI6003:100_000|}, HashAlgorithmName.SHA1, 20);

                public static byte[] B(string password, byte[] salt) =>
                    KeyDerivation.Pbkdf2(password, salt, KeyDerivationPrf.HMACSHA1, {|SAPI6003:10_000|}, 20);

                public static byte[] C(string password, byte[] salt) =>
                    System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(password, salt, {|SAPI6003:4096|}, System.Security.Cryptography.HashAlgorithmName.SHA1, 20);

                public static byte[] D(string password, byte[] salt)
                {
                    var legacy = new HashAlgorithmName("SHA1");
                    using var kdf = new Rfc2898DeriveBytes(password, salt, {|SAPI6003:64_000|}, legacy);
                    return kdf.GetBytes(20);
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;
            using Microsoft.AspNetCore.Cryptography.KeyDerivation;

            public static class Derivations
            {
                public static byte[] A(string password, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 20);

                public static byte[] B(string password, byte[] salt) =>
                    KeyDerivation.Pbkdf2(password, salt, KeyDerivationPrf.HMACSHA256, 600_000, 20);

                public static byte[] C(string password, byte[] salt) =>
                    System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, System.Security.Cryptography.HashAlgorithmName.SHA256, 20);

                public static byte[] D(string password, byte[] salt)
                {
                    var legacy = new HashAlgorithmName("SHA1");
                    using var kdf = new Rfc2898DeriveBytes(password, salt, 600_000, HashAlgorithmName.SHA256);
                    return kdf.GetBytes(20);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Prf_from_a_local_is_replaced_and_its_namespace_imported()
    {
        const string source = """
            public static class Derivations
            {
                public static byte[] Derive(string password, byte[] salt)
                {
                    var prf = Microsoft.AspNetCore.Cryptography.KeyDerivation.KeyDerivationPrf.HMACSHA1;
                    return Microsoft.AspNetCore.Cryptography.KeyDerivation.KeyDerivation.Pbkdf2(password, salt, prf, {|SAPI6003:100_000|}, 20);
                }
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Cryptography.KeyDerivation;

            public static class Derivations
            {
                public static byte[] Derive(string password, byte[] salt)
                {
                    var prf = Microsoft.AspNetCore.Cryptography.KeyDerivation.KeyDerivationPrf.HMACSHA1;
                    return Microsoft.AspNetCore.Cryptography.KeyDerivation.KeyDerivation.Pbkdf2(password, salt, KeyDerivationPrf.HMACSHA256, 600_000, 20);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task IterationCount_assignment_gets_the_minimum()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Derivations
            {
                public static byte[] Derive(string password, byte[] salt)
                {
                    using var kdf = new Rfc2898DeriveBytes(password, salt, 600_000, HashAlgorithmName.SHA512);
                    kdf.{|SAPI6003:IterationCount = 20_000|};
                    return kdf.GetBytes(64);
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public static class Derivations
            {
                public static byte[] Derive(string password, byte[] salt)
                {
                    using var kdf = new Rfc2898DeriveBytes(password, salt, 600_000, HashAlgorithmName.SHA512);
                    kdf.IterationCount = 210_000;
                    return kdf.GetBytes(64);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    // ---------------------------------------------------------------- option, language version, Fix All

    [Fact]
    public Task Fix_uses_the_configured_minimum()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Derivations
            {
                public static byte[] A(string password, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, {|SAPI6003:100_000|}, HashAlgorithmName.SHA256, 32);

                public static byte[] B(string password, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, {|SAPI6003:100_000|}, HashAlgorithmName.SHA1, 32);
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public static class Derivations
            {
                public static byte[] A(string password, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, 1_000_000, HashAlgorithmName.SHA256, 32);

                public static byte[] B(string password, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, 1_000_000, HashAlgorithmName.SHA256, 32);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, new SnippetOptions { EditorConfig = "secureapi.min_pbkdf2_iterations = 1000000" });
    }

    [Fact]
    public Task No_digit_separators_before_CSharp_7()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Derivations
            {
                public static byte[] Derive(string password, byte[] salt)
                {
                    return Rfc2898DeriveBytes.Pbkdf2(password, salt, {|SAPI6003:10000|}, HashAlgorithmName.SHA256, 32);
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public static class Derivations
            {
                public static byte[] Derive(string password, byte[] salt)
                {
                    return Rfc2898DeriveBytes.Pbkdf2(password, salt, 600000, HashAlgorithmName.SHA256, 32);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, new SnippetOptions { ImplicitUsings = false, LanguageVersion = LanguageVersion.CSharp6 });
    }

    [Fact]
    public Task Fix_all_strengthens_what_may_change_and_leaves_the_rest()
    {
        // The endpoints send or compare the derived bytes: no fix there.
        const string source = """
            using System.Security.Cryptography;
            using Microsoft.AspNetCore.Cryptography.KeyDerivation;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();

            app.MapPost("/backup/key", (BackupRequest request) =>
            {
                using var kdf = {|SAPI6003:new Rfc2898DeriveBytes(request.Passphrase, request.Salt)|};
                return Results.Ok(Convert.ToBase64String(kdf.GetBytes(32)));
            });

            app.MapPost("/pin/check", (PinRequest request) =>
                KeyDerivation.Pbkdf2(request.Pin, request.Salt, KeyDerivationPrf.HMACSHA1, {|SAPI6003:10_000|}, 32).SequenceEqual(request.Expected));

            app.Run();

            public static class Derivations
            {
                public static byte[] Archive(string passphrase, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, {|SAPI6003:100_000|}, HashAlgorithmName.SHA512, 32);

                public static byte[] Pin(string pin, byte[] salt)
                {
                    using var kdf = {|SAPI6003:new Rfc2898DeriveBytes(pin, salt)|};
                    return kdf.GetBytes(32);
                }
            }

            public sealed record BackupRequest(string Passphrase, byte[] Salt);

            public sealed record PinRequest(string Pin, byte[] Salt, byte[] Expected);
            """;
        const string fixedSource = """
            using System.Security.Cryptography;
            using Microsoft.AspNetCore.Cryptography.KeyDerivation;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();

            app.MapPost("/backup/key", (BackupRequest request) =>
            {
                using var kdf = {|SAPI6003:new Rfc2898DeriveBytes(request.Passphrase, request.Salt)|};
                return Results.Ok(Convert.ToBase64String(kdf.GetBytes(32)));
            });

            app.MapPost("/pin/check", (PinRequest request) =>
                KeyDerivation.Pbkdf2(request.Pin, request.Salt, KeyDerivationPrf.HMACSHA1, {|SAPI6003:10_000|}, 32).SequenceEqual(request.Expected));

            app.Run();

            public static class Derivations
            {
                public static byte[] Archive(string passphrase, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, 210_000, HashAlgorithmName.SHA512, 32);

                public static byte[] Pin(string pin, byte[] salt)
                {
                    return Rfc2898DeriveBytes.Pbkdf2(pin, salt, 600_000, HashAlgorithmName.SHA256, 32);
                }
            }

            public sealed record BackupRequest(string Passphrase, byte[] Salt);

            public sealed record PinRequest(string Pin, byte[] Salt, byte[] Expected);
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }
}
