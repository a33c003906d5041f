namespace SecureApi.Infrastructure;

/// <summary>A partner's staff account on the delivery portal.</summary>
public sealed class PortalUser
{
    public string Email { get; set; } = string.Empty;
    public string PasswordHash { get; set; } = string.Empty;
}

/// <summary>The portal's accounts (kept by the partner-onboarding job).</summary>
public sealed class PortalAccounts
{
    private readonly List<PortalUser> _users = new();

    public Task<PortalUser?> FindByEmailAsync(string email) =>
        Task.FromResult(_users.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase)));
}
