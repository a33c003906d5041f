using SecureApi.CodeFixes.Rules.Crypto;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Crypto.WeakKeyDerivationAnalyzer,
    SecureApi.CodeFixes.Rules.Crypto.WeakKeyDerivationCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Crypto;

/// <summary>
/// SAPI6003's fix changes the derived bytes: not offered where they are compared with a stored hash, stored, sent,
/// or are the key of data that is encrypted for later or decrypted from before.
/// </summary>
public sealed class WeakKeyDerivationFixGateTests
{
    private const string Key = WeakKeyDerivationCodeFix.StrengthenPbkdf2;

    [Fact]
    public Task Not_offered_where_a_stored_hash_is_verified()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class LegacyPasswordVerifier
            {
                public bool Verify(string password, string storedSalt, byte[] storedHash)
                {
                    var salt = Convert.FromBase64String(storedSalt);
                    using var kdf = {|SAPI6003:new Rfc2898DeriveBytes(password, salt)|};
                    return CryptographicOperations.FixedTimeEquals(kdf.GetBytes(32), storedHash);
                }

                public bool Matches(string password, byte[] salt, string stored) =>
                    Convert.ToBase64String(Rfc2898DeriveBytes.Pbkdf2(password, salt, {|SAPI6003:10_000|}, HashAlgorithmName.SHA256, 32)) == stored;
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_where_the_hash_is_stored()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class Registration
            {
                public void SetPassword(User user, string password)
                {
                    user.Salt = RandomNumberGenerator.GetBytes(16);
                    user.PasswordHash = Rfc2898DeriveBytes.Pbkdf2(password, user.Salt, {|SAPI6003:10_000|}, HashAlgorithmName.SHA256, 32);
                }
            }

            public sealed class User
            {
                public byte[] Salt { get; set; } = [];
                public byte[] PasswordHash { get; set; } = [];
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_for_the_key_of_data_encrypted_for_later_or_made_before()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Vault
            {
                public static byte[] Seal(string passphrase, byte[] salt, byte[] secret)
                {
                    using var aes = Aes.Create();
                    aes.Key = Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, {|SAPI6003:100_000|}, HashAlgorithmName.SHA256, 32);
                    return [.. aes.IV, .. aes.EncryptCbc(secret, aes.IV)];
                }

                public static byte[] Open(string passphrase, byte[] salt, byte[] sealedBox)
                {
                    using var kdf = {|SAPI6003:new Rfc2898DeriveBytes(passphrase, salt)|};
                    using var aes = Aes.Create();
                    aes.Key = kdf.GetBytes(32);
                    var plain = aes.DecryptCbc(sealedBox[16..], sealedBox[..16]);
                    Console.WriteLine(plain.Length);
                    return plain;
                }
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_next_to_a_legacy_comment()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Derivations
            {
                // Must match the key the legacy desktop client derives.
                public static byte[] ClientKey(string password, byte[] salt) =>
                    Rfc2898DeriveBytes.Pbkdf2(password, salt, {|SAPI6003:1000|}, HashAlgorithmName.SHA256, 32);
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Fixed_where_the_derived_key_only_protects_data_of_this_run()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class SelfTest
            {
                public static bool RoundTrips(string passphrase, byte[] sample)
                {
                    var salt = RandomNumberGenerator.GetBytes(16);
                    using var aes = Aes.Create();
                    aes.Key = Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, {|SAPI6003:100_000|}, HashAlgorithmName.SHA256, 32);
                    return aes.DecryptCbc(aes.EncryptCbc(sample, aes.IV), aes.IV).AsSpan().SequenceEqual(sample);
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public static class SelfTest
            {
                public static bool RoundTrips(string passphrase, byte[] sample)
                {
                    var salt = RandomNumberGenerator.GetBytes(16);
                    using var aes = Aes.Create();
                    aes.Key = Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, 600_000, HashAlgorithmName.SHA256, 32);
                    return aes.DecryptCbc(aes.EncryptCbc(sample, aes.IV), aes.IV).AsSpan().SequenceEqual(sample);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }
}
