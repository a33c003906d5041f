using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Naming;
using SecureApi.Analyzers.Rules.Crypto;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Crypto.WeakHashAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Crypto;

/// <summary>SAPI6002: passwords hashed with a fast hash; tokens, API keys, file contents and password hashers stay silent.</summary>
public sealed class WeakHashPasswordAnalyzerTests
{
    private static DiagnosticResult Password(int markup, string password, string algorithm) =>
        Verify.Diagnostic(Descriptors.PasswordWithFastHash).WithLocation(markup).WithArguments(password, algorithm);

    private static DiagnosticResult Weak(int markup, string form, string algorithm) =>
        Verify.Diagnostic(Descriptors.WeakHashAlgorithm).WithLocation(markup).WithArguments(form, algorithm);

    // ---------------------------------------------------------------- one-shots

    [Fact]
    public Task Password_hashed_with_SHA2_one_shots()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed record SignUpRequest(string Email, string Password);

            public sealed class Account
            {
                public string Salt { get; set; } = "";
                public string Pin { get; set; } = "";
            }

            public sealed class CustomerAccounts
            {
                public string Register(SignUpRequest request) =>
                    Convert.ToBase64String({|#0:SHA256.HashData|}(Encoding.UTF8.GetBytes(request.Password)));

                public byte[] Verify(Account account, string password) =>
                    {|#1:SHA256.HashData|}(Encoding.UTF8.GetBytes(account.Salt + password));

                public string ServiceCredential(string servicePin) =>
                    Convert.ToHexString({|#2:SHA512.HashData|}(Encoding.UTF8.GetBytes(servicePin)));

                public byte[] Kiosk(Account account) => {|#3:SHA384.HashData|}(Encoding.ASCII.GetBytes(account.Pin));

                public bool TryHash(string newPassword, Span<byte> destination) =>
                    {|#4:SHA256.TryHashData|}(Encoding.UTF8.GetBytes(newPassword), destination, out _);

                public async Task<byte[]> FromStreamAsync(Stream passwordInput) => await {|#5:SHA256.HashDataAsync|}(passwordInput);
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Password(0, "'request.Password'", "SHA-256"),
            Password(1, "'password'", "SHA-256"),
            Password(2, "'servicePin'", "SHA-512"),
            Password(3, "'account.Pin'", "SHA-384"),
            Password(4, "'newPassword'", "SHA-256"),
            Password(5, "'passwordInput'", "SHA-256"));
    }

    [Fact]
    public Task Password_hashed_with_MD5_is_reported_by_both_rules()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public static class LegacyPasswords
            {
                public static bool Matches(string storedBase64, string password) =>
                    Convert.ToBase64String({|#0:{|#1:MD5.HashData|}|}(Encoding.UTF8.GetBytes(password))) == storedBase64;
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Password(0, "'password'", "MD5"), Weak(1, "MD5.HashData", "MD5"));
    }

    // ---------------------------------------------------------------- hash objects, IncrementalHash, HMAC keys

    [Fact]
    public Task Password_given_to_hash_objects()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class LegacyAccount
            {
                public string Salt { get; set; } = "";
            }

            public sealed class LegacyPasswordVerifier
            {
                public byte[] Sha1Salted(LegacyAccount account, string password)
                {
                    using var sha1 = {|#0:SHA1.Create|}();
                    return {|#1:sha1.ComputeHash|}(Encoding.UTF8.GetBytes(account.Salt + password));
                }

                public byte[] Sha256Instance(string plainPassword)
                {
                    using HashAlgorithm sha = SHA256.Create();
                    return {|#2:sha.ComputeHash|}(Encoding.Unicode.GetBytes(plainPassword));
                }

                public byte[] Blocks(byte[] salt, byte[] passwordBytes)
                {
                    using var sha = SHA512.Create();
                    sha.TransformBlock(salt, 0, salt.Length, null, 0);
                    {|#3:sha.TransformFinalBlock|}(passwordBytes, 0, passwordBytes.Length);
                    return sha.Hash!;
                }

                public async Task<byte[]> StreamAsync(Stream passwordInput)
                {
                    using var sha = SHA256.Create();
                    return await {|#4:sha.ComputeHashAsync|}(passwordInput);
                }

                public byte[] Incremental(string pwd)
                {
                    using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                    {|#5:hash.AppendData|}(Encoding.UTF8.GetBytes(pwd));
                    return hash.GetHashAndReset();
                }

                public bool TryInstance(string passphrase, Span<byte> digest)
                {
                    using var sha = SHA384.Create();
                    return {|#6:sha.TryComputeHash|}(Encoding.UTF8.GetBytes(passphrase), digest, out _);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Weak(0, "SHA1.Create", "SHA-1"),
            Password(1, "'password'", "SHA-1"),
            Password(2, "'plainPassword'", "SHA-256"),
            Password(3, "'passwordBytes'", "SHA-512"),
            Password(4, "'passwordInput'", "SHA-256"),
            Password(5, "'pwd'", "SHA-256"),
            Password(6, "'passphrase'", "SHA-384"));
    }

    [Fact]
    public Task Password_as_HMAC_key()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public static class ArchiveKeys
            {
                public static byte[] Seal(string archivePassword, byte[] manifest)
                {
                    using var hmac = {|#0:new HMACSHA256|}(Encoding.UTF8.GetBytes(archivePassword));
                    return hmac.ComputeHash(manifest);
                }

                public static byte[] OneShot(string pin, byte[] data) => {|#1:HMACSHA512.HashData|}(Encoding.UTF8.GetBytes(pin), data);

                public static byte[] Assigned(string passcode, byte[] data)
                {
                    using var hmac = new HMACSHA384();
                    {|#2:hmac.Key|} = Encoding.UTF8.GetBytes(passcode);
                    return hmac.ComputeHash(data);
                }

                public static IncrementalHash Running(string userPassword) =>
                    {|#3:IncrementalHash.CreateHMAC|}(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(userPassword));
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Password(0, "'archivePassword'", "HMAC-SHA256"),
            Password(1, "'pin'", "HMAC-SHA512"),
            Password(2, "'passcode'", "HMAC-SHA384"),
            Password(3, "'userPassword'", "HMAC-SHA256"));
    }

    // ---------------------------------------------------------------- how the password reaches the hash

    [Fact]
    public Task Password_through_locals_concatenation_and_normalization()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class Credentials
            {
                public byte[] Normalized(string password)
                {
                    var input = password.Trim();
                    input = input.ToLowerInvariant();
                    var bytes = Encoding.UTF8.GetBytes(input);
                    return {|#0:SHA256.HashData|}(bytes);
                }

                public byte[] Interpolated(string userName, string password) =>
                    {|#1:SHA256.HashData|}(Encoding.UTF8.GetBytes($"{userName}:{password}"));

                public byte[] Concatenated(string salt, string password) =>
                    {|#2:SHA256.HashData|}(Encoding.UTF8.GetBytes(string.Concat(salt, "$", password)));

                public byte[] Salted(byte[] salt, string password) =>
                    {|#3:SHA512.HashData|}(salt.Concat(Encoding.UTF8.GetBytes(password)).ToArray());

                public byte[] Chars(char[] passwordChars) => {|#4:SHA256.HashData|}(Encoding.UTF8.GetBytes(passwordChars));

                public byte[] Characters(string password) => {|#5:SHA256.HashData|}(Encoding.UTF8.GetBytes(password.ToCharArray()));

                public byte[] Branches(string? newPassword, string currentPassword)
                {
                    string value;
                    if (newPassword is null)
                    {
                        value = currentPassword;
                    }
                    else
                    {
                        value = newPassword;
                    }

                    return {|#6:SHA256.HashData|}(Encoding.UTF8.GetBytes(value));
                }

                public byte[] Utf8(byte[] passwordUtf8) => {|#7:SHA256.HashData|}(passwordUtf8);

                public byte[] PinCode(int pinCode) => {|#8:SHA256.HashData|}(Encoding.UTF8.GetBytes(pinCode.ToString()));

                public byte[] Raw(string password)
                {
                    using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA512);
                    {|#9:hash.AppendData|}(System.Runtime.InteropServices.MemoryMarshal.AsBytes(password.AsSpan()));
                    return hash.GetHashAndReset();
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Password(0, "'password'", "SHA-256"),
            Password(1, "'password'", "SHA-256"),
            Password(2, "'password'", "SHA-256"),
            Password(3, "'password'", "SHA-512"),
            Password(4, "'passwordChars'", "SHA-256"),
            Password(5, "'password'", "SHA-256"),
            Password(6, "'currentPassword'", "SHA-256"),
            Password(7, "'passwordUtf8'", "SHA-256"),
            Password(8, "'pinCode'", "SHA-256"),
            Password(9, "'password'", "SHA-512"));
    }

    [Fact]
    public Task Locals_assigned_from_each_other_do_not_loop()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public static class Loops
            {
                public static byte[] Run(string seed, int rounds)
                {
                    var a = seed;
                    var b = a;
                    for (var i = 0; i < rounds; i++)
                    {
                        a = b + i;
                        b = a;
                    }

                    return SHA256.HashData(Encoding.UTF8.GetBytes(b));
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    // ---------------------------------------------------------------- not passwords

    [Fact]
    public Task Tokens_API_keys_and_content_hashed_with_SHA256_are_not_reported()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class RefreshTokenEntity
            {
                public byte[] TokenHash { get; set; } = [];
            }

            public sealed class TokenService
            {
                public RefreshTokenEntity Store(string refreshToken) =>
                    new() { TokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(refreshToken)) };

                public static byte[] HashApiKey(string apiKey) => SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));

                public static string HashResetToken(string passwordResetToken) =>
                    Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(passwordResetToken)));

                public static byte[] Rehash(byte[] passwordHash) => SHA256.HashData(passwordHash);

                public static byte[] Pepper(byte[] passwordSalt, byte[] pepper) => HMACSHA256.HashData(pepper, passwordSalt);

                public static string Topic(string topicMapping) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(topicMapping)));

                public static byte[] Counts(int pinCount, int passwordLength) =>
                    SHA256.HashData(Encoding.UTF8.GetBytes($"{pinCount}:{passwordLength}"));

                public static byte[] Pinned(string pinned, string spin) => SHA256.HashData(Encoding.UTF8.GetBytes(pinned + spin));

                public static byte[] ResetCode(string passwordResetCode) => SHA256.HashData(Encoding.UTF8.GetBytes(passwordResetCode));

                public static string ETag(byte[] body) => Convert.ToBase64String(SHA256.HashData(body));

                public static async Task<string> FileHashAsync(Stream content, CancellationToken ct) =>
                    Convert.ToHexString(await SHA512.HashDataAsync(content, ct));

                public static byte[] Signature(byte[] webhookSecret, string payload) =>
                    HMACSHA256.HashData(webhookSecret, Encoding.UTF8.GetBytes(payload));
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Password_hashers_and_key_derivation_are_not_reported()
    {
        const string source = """
            using System.Security.Cryptography;
            using Microsoft.AspNetCore.Cryptography.KeyDerivation;
            using Microsoft.AspNetCore.Identity;

            public sealed class ApplicationUser
            {
                public string PasswordHash { get; set; } = "";
            }

            public sealed class Accounts
            {
                private readonly IPasswordHasher<ApplicationUser> _hasher;

                public Accounts(IPasswordHasher<ApplicationUser> hasher) => _hasher = hasher;

                public string Rehash(ApplicationUser user, string password) => _hasher.HashPassword(user, password);

                public bool Check(ApplicationUser user, string password) =>
                    _hasher.VerifyHashedPassword(user, user.PasswordHash, password) != PasswordVerificationResult.Failed;

                public string Standalone(string password) => new PasswordHasher<ApplicationUser>().HashPassword(new ApplicationUser(), password);

                public byte[] Pbkdf2(string pin, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(pin, salt, 600_000, HashAlgorithmName.SHA256, 32);

                public byte[] AspNetPbkdf2(string password, byte[] salt) =>
                    KeyDerivation.Pbkdf2(password, salt, KeyDerivationPrf.HMACSHA512, 210_000, 32);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    // ---------------------------------------------------------------- issue 20: assembled buffers, short names

    [Fact]
    public Task Password_and_salt_assembled_into_a_buffer_for_an_HMAC()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public static class LegacyLogins
            {
                public static byte[] BlockCopied(string password, byte[] salt, byte[] pepper)
                {
                    var passwordBytes = Encoding.UTF8.GetBytes(password);
                    var buffer = new byte[passwordBytes.Length + salt.Length];
                    Buffer.BlockCopy(passwordBytes, 0, buffer, 0, passwordBytes.Length);
                    Buffer.BlockCopy(salt, 0, buffer, passwordBytes.Length, salt.Length);
                    return {|#0:new HMACSHA256(pepper).ComputeHash|}(buffer);
                }

                public static byte[] ArrayCopied(string pwd, byte[] salt, byte[] pepper)
                {
                    var secret = Encoding.UTF8.GetBytes(pwd);
                    var combined = new byte[salt.Length + secret.Length];
                    Array.Copy(salt, combined, salt.Length);
                    Array.Copy(secret, 0, combined, salt.Length, secret.Length);
                    return {|#1:HMACSHA256.HashData|}(pepper, combined);
                }

                public static byte[] Streamed(string passwd, byte[] salt, byte[] pepper)
                {
                    using var stream = new MemoryStream();
                    stream.Write(salt, 0, salt.Length);
                    stream.Write(Encoding.UTF8.GetBytes(passwd));
                    using var hmac = new HMACSHA512(pepper);
                    return {|#2:hmac.ComputeHash|}(stream.ToArray());
                }

                public static byte[] Spans(string pw, byte[] salt, byte[] pepper)
                {
                    var bytes = Encoding.UTF8.GetBytes(pw);
                    var input = new byte[bytes.Length + salt.Length];
                    bytes.CopyTo(input, 0);
                    salt.AsSpan().CopyTo(input.AsSpan(bytes.Length));
                    return {|#3:HMACSHA256.HashData|}(pepper, input);
                }

                // A buffer without the password: a signed message, a nonce and a counter.
                public static byte[] Message(byte[] payload, byte[] nonce, byte[] key)
                {
                    var buffer = new byte[payload.Length + nonce.Length];
                    Buffer.BlockCopy(payload, 0, buffer, 0, payload.Length);
                    Buffer.BlockCopy(nonce, 0, buffer, payload.Length, nonce.Length);
                    return new HMACSHA256(key).ComputeHash(buffer);
                }

                public static byte[] StreamedMessage(byte[] payload, string correlationId, byte[] key)
                {
                    using var stream = new MemoryStream();
                    stream.Write(payload);
                    stream.Write(Encoding.UTF8.GetBytes(correlationId));
                    return HMACSHA256.HashData(key, stream.ToArray());
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Password(0, "'passwordBytes'", "HMAC-SHA256"),
            Password(1, "'pwd'", "HMAC-SHA256"),
            Password(2, "'passwd'", "HMAC-SHA512"),
            Password(3, "'pw'", "HMAC-SHA256"));
    }

    // ---------------------------------------------------------------- names

    [Theory]
    [InlineData("password", true)]
    [InlineData("newPassword", true)]
    [InlineData("servicePin", true)]
    [InlineData("archivePassword", true)]
    [InlineData("Passwd", true)]
    [InlineData("user_pwd", true)]
    [InlineData("pw", true)]
    [InlineData("userPw", true)]
    [InlineData("pwBytes", true)]
    [InlineData("pwHash", false)]
    [InlineData("pwa", false)]
    [InlineData("passphrase", true)]
    [InlineData("PASSCODE", true)]
    [InlineData("passwordBytes", true)]
    [InlineData("plainPasswordText", true)]
    [InlineData("pinCode", true)]
    [InlineData("passwordUtf8", true)]
    [InlineData("password2", true)]
    [InlineData("passwordHash", false)]
    [InlineData("passwordSalt", false)]
    [InlineData("passwordResetToken", false)]
    [InlineData("passwordResetTokenHash", false)]
    [InlineData("passwordResetCode", false)]
    [InlineData("passwordLength", false)]
    [InlineData("pinCount", false)]
    [InlineData("apiKey", false)]
    [InlineData("refreshToken", false)]
    [InlineData("topicMapping", false)]
    [InlineData("pinned", false)]
    [InlineData("spin", false)]
    [InlineData("bytes", false)]
    [InlineData("", false)]
    public void Password_like_names(string name, bool expected) => Assert.Equal(expected, PasswordNames.IsPasswordLike(name));
}
