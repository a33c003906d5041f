using Microsoft.AspNetCore.Identity;

namespace VulnerableApi.Infrastructure;

/// <summary>Password and lockout policy for the back-office staff accounts, and their sign-in.</summary>
public static class StaffSignIn
{
    public static IServiceCollection AddStaffIdentityPolicy(this IServiceCollection services) =>
        services.Configure<IdentityOptions>(options =>
        {
            options.Password.RequiredLength = 8;
            options.Lockout.MaxFailedAccessAttempts = 50;
            options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
        });

    public static async Task<bool> SignInAsync(SignInManager<IdentityUser> signIn, string userName, string password) =>
        (await signIn.PasswordSignInAsync(userName, password, isPersistent: false, lockoutOnFailure: false)).Succeeded;
}
