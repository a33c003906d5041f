using Microsoft.AspNetCore.Authentication;

namespace VulnerableApi.Infrastructure;

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

            // Their token endpoint answered 400 to a code_verifier in 2022.
            options.UsePkce = false;
        });
}
