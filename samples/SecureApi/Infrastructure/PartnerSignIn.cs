using Microsoft.AspNetCore.Authentication;

namespace SecureApi.Infrastructure;

public static class PartnerSignIn
{
    /// <summary>Partners' staff sign in to the delivery portal with their own OAuth provider.</summary>
    public static AuthenticationBuilder AddPartnerSignIn(this AuthenticationBuilder authentication, IConfiguration configuration) =>
        authentication.AddOAuth("Partners", options =>
        {
            options.ClientId = configuration["Partners:ClientId"] ?? string.Empty;
            options.ClientSecret = configuration["Partners:ClientSecret"] ?? string.Empty;
            options.AuthorizationEndpoint = "https://login.partners.example.com/oauth2/authorize";
            options.TokenEndpoint = "https://login.partners.example.com/oauth2/token";
            options.CallbackPath = "/signin-partners";
            options.UsePkce = true;
        });
}
