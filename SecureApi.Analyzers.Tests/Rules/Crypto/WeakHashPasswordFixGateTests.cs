using SecureApi.CodeFixes.Rules.Crypto;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Crypto.WeakHashAnalyzer,
    SecureApi.CodeFixes.Rules.Crypto.WeakHashCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Crypto;

/// <summary>
/// SAPI6002's fix changes the stored hash format: not offered where the hash is compared with stored digests (every
/// sign-in would fail), stored, combined with a salt (the salt would be dropped), or next to a legacy comment.
/// </summary>
public sealed class WeakHashPasswordFixGateTests
{
    private const string Key = WeakHashCodeFix.UsePasswordHasher;

    [Fact]
    public Task Not_offered_where_the_hash_is_compared_with_the_stored_one()
    {
        // PasswordHasher salts every hash: equality with the stored digest would never hold again.
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class LegacyLogin
            {
                public bool Check(User user, string password) =>
                    Convert.ToBase64String({|SAPI6002:SHA256.HashData|}(Encoding.UTF8.GetBytes(password))) == user.PasswordHash;

                public bool CheckHex(User user, string password)
                {
                    var computed = Convert.ToHexString({|SAPI6002:SHA512.HashData|}(Encoding.UTF8.GetBytes(password)));
                    return string.Equals(computed, user.PasswordHash, StringComparison.OrdinalIgnoreCase);
                }

                public bool SignIn(User user, string password) => Hash(password) == user.PasswordHash;

                private static string Hash(string password) => Convert.ToBase64String({|SAPI6002:SHA256.HashData|}(Encoding.UTF8.GetBytes(password)));
            }

            public sealed class User
            {
                public string PasswordHash { get; set; } = "";
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_for_a_salted_legacy_format()
    {
        // The salt is part of the stored format: PasswordHasher would drop it and verify nothing that exists.
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public static class LegacyFormat
            {
                public static bool Verify(string salt, string password, string stored) =>
                    Convert.ToHexString({|SAPI6002:SHA512.HashData|}(Encoding.UTF8.GetBytes(salt + password))).Equals(stored, StringComparison.OrdinalIgnoreCase);

                public static string Compute(string salt, string password)
                {
                    using var sha = SHA256.Create();
                    return BitConverter.ToString({|SAPI6002:sha.ComputeHash|}(Encoding.UTF8.GetBytes($"{salt}:{password}"))).Replace("-", "");
                }
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_where_the_hash_is_stored()
    {
        // Storing the new format while sign-in still compares the old one locks every user out.
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class Accounts
            {
                public void SetPassword(Account account, string newPassword) =>
                    account.PasswordHash = Convert.ToBase64String({|SAPI6002:SHA256.HashData|}(Encoding.UTF8.GetBytes(newPassword)));

                public Account Create(string email, string password) => new()
                {
                    Email = email,
                    PasswordHash = Convert.ToBase64String({|SAPI6002:SHA256.HashData|}(Encoding.UTF8.GetBytes(password))),
                };
            }

            public sealed class Account
            {
                public string Email { get; set; } = "";
                public string PasswordHash { get; set; } = "";
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_next_to_a_legacy_comment()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public static class Kiosk
            {
                // Legacy kiosk firmware sends this digest as its PIN proof.
                public static string PinProof(string pin) => Convert.ToBase64String({|SAPI6002:SHA256.HashData|}(Encoding.UTF8.GetBytes(pin)));
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }
}
