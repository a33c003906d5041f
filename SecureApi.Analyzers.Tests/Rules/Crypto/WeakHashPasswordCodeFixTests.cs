using SecureApi.Analyzers.Tests.Infrastructure;
using SecureApi.CodeFixes.Rules.Crypto;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Crypto.WeakHashAnalyzer,
    SecureApi.CodeFixes.Rules.Crypto.WeakHashCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Crypto;

/// <summary>Fix of SAPI6002: a password hash kept as a string comes from PasswordHasher&lt;T&gt;.</summary>
public sealed class WeakHashPasswordCodeFixTests
{
    private const string Key = WeakHashCodeFix.UsePasswordHasher;

    [Fact]
    public Task Base64_of_a_SHA256_password_hash()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed record SignUpRequest(string Email, string Password);

            public sealed class Registration
            {
                public string HashFor(SignUpRequest request) =>
                    Convert.ToBase64String({|SAPI6002:SHA256.HashData|}(Encoding.UTF8.GetBytes(request.Password)));
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.AspNetCore.Identity;

            public sealed record SignUpRequest(string Email, string Password);

            public sealed class Registration
            {
                public string HashFor(SignUpRequest request) =>
                    new PasswordHasher<object>().HashPassword(null!, request.Password);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Salt_is_dropped_and_fix_all_rewrites_every_conversion()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.AspNetCore.Identity;

            public sealed class Account
            {
                public string Salt { get; set; } = "";
                public string PasswordHash { get; set; } = "";
            }

            public sealed class Accounts
            {
                public void SetPassword(Account account, string newPassword)
                {
                    account.Salt = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
                    account.PasswordHash = Convert.ToHexString({|SAPI6002:SHA512.HashData|}(Encoding.UTF8.GetBytes(account.Salt + newPassword.Trim())));
                }

                public string Legacy(string salt, string password)
                {
                    using var sha = SHA256.Create();
                    return BitConverter.ToString({|SAPI6002:sha.ComputeHash|}(Encoding.UTF8.GetBytes($"{salt}:{password}"))).Replace("-", "");
                }

                public string Pin(string servicePin)
                {
                    var bytes = Encoding.UTF8.GetBytes(servicePin);
                    return Convert.ToBase64String({|SAPI6002:SHA256.HashData|}(bytes));
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.AspNetCore.Identity;

            public sealed class Account
            {
                public string Salt { get; set; } = "";
                public string PasswordHash { get; set; } = "";
            }

            public sealed class Accounts
            {
                public void SetPassword(Account account, string newPassword)
                {
                    account.Salt = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
                    account.PasswordHash = new PasswordHasher<object>().HashPassword(null!, newPassword.Trim());
                }

                public string Legacy(string salt, string password)
                {
                    using var sha = SHA256.Create();
                    return new PasswordHasher<object>().HashPassword(null!, password);
                }

                public string Pin(string servicePin)
                {
                    var bytes = Encoding.UTF8.GetBytes(servicePin);
                    return new PasswordHasher<object>().HashPassword(null!, servicePin);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Not_offered_where_the_hash_is_not_a_string_of_the_password()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class Credentials
            {
                public byte[] Bytes(string password) => {|SAPI6002:SHA256.HashData|}(Encoding.UTF8.GetBytes(password));

                public string Lowered(string password) =>
                    Convert.ToHexString({|SAPI6002:SHA256.HashData|}(Encoding.UTF8.GetBytes(password))).ToLowerInvariant();

                public string FromBytes(byte[] passwordBytes) => Convert.ToBase64String({|SAPI6002:SHA256.HashData|}(passwordBytes));

                public string Key(string pin, byte[] data) => Convert.ToBase64String({|SAPI6002:HMACSHA256.HashData|}(Encoding.UTF8.GetBytes(pin), data));

                public string Stored(string password)
                {
                    var hash = {|SAPI6002:SHA256.HashData|}(Encoding.UTF8.GetBytes(password));
                    return Convert.ToBase64String(hash);
                }

                public string Both(string password, string pin) =>
                    Convert.ToBase64String({|SAPI6002:SHA256.HashData|}(Encoding.UTF8.GetBytes(password + pin)));
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_without_ASP_NET_Core_Identity()
    {
        const string source = """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            public static class Passwords
            {
                public static string Hash(string password) => Convert.ToBase64String({|SAPI6002:SHA256.HashData|}(Encoding.UTF8.GetBytes(password)));
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key, new SnippetOptions { ImplicitUsings = false, References = ReferencePresets.BaseClassLibraryOnly });
    }

    [Fact]
    public Task Not_offered_where_PasswordHasher_would_not_compile()
    {
        const string source = """
            using System;
            using System.Security.Cryptography;
            using System.Text;

            // An old project: null! needs C# 8.
            public static class Passwords
            {
                public static string Hash(string password) => Convert.ToBase64String({|SAPI6002:SHA256.HashData|}(Encoding.UTF8.GetBytes(password)));
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key, new SnippetOptions { ImplicitUsings = false, LanguageVersion = Microsoft.CodeAnalysis.CSharp.LanguageVersion.CSharp7_3 });
    }
}
