using Microsoft.AspNetCore.Identity;

namespace SecureApi.Infrastructure;

/// <summary>Passwords of the customer sign-in page: ASP.NET Core Identity's PBKDF2 format.</summary>
public static class CustomerPasswords
{
    private static readonly PasswordHasher<object> Hasher = new();

    public static string Hash(string password) => Hasher.HashPassword(null!, password);

    public static bool Matches(string hash, string password) =>
        Hasher.VerifyHashedPassword(null!, hash, password) != PasswordVerificationResult.Failed;
}
