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
    public Task Fix_all_rewrites_every_conversion_and_removes_what_it_leaves_unused()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class Credentials
            {
                public string Hash(string password)
                {
                    using var sha = SHA256.Create();
                    return Convert.ToBase64String({|SAPI6002:sha.ComputeHash|}(Encoding.UTF8.GetBytes(password)));
                }

                public string Pin(string servicePin)
                {
                    // UTF-8, as the kiosk sends it.
                    var bytes = Encoding.UTF8.GetBytes(servicePin);
                    return Convert.ToHexString({|SAPI6002:SHA512.HashData|}(bytes));
                }

                public string Normalized(string newPassword) =>
                    BitConverter.ToString({|SAPI6002:SHA256.HashData|}(Encoding.UTF8.GetBytes(newPassword.Trim()))).Replace("-", "");
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;
            using System.Text;
            using Microsoft.AspNetCore.Identity;

            public sealed class Credentials
            {
                public string Hash(string password)
                {
                    return new PasswordHasher<object>().HashPassword(null!, password);
                }

                public string Pin(string servicePin)
                {
                    // UTF-8, as the kiosk sends it.
                    return new PasswordHasher<object>().HashPassword(null!, servicePin);
                }

                public string Normalized(string newPassword) =>
                    new PasswordHasher<object>().HashPassword(null!, newPassword.Trim());
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
