namespace SecureApi.Infrastructure;

/// <summary>Logs the calls partners make to the API, for the support team: whether a credential came, never the credential.</summary>
public sealed class PartnerCallLog(ILogger<PartnerCallLog> logger)
{
    public void Received(HttpRequest request, string partnerId)
    {
        logger.LogInformation("Partner {PartnerId} called {Path} (Authorization header present: {HasAuthorization})", partnerId, request.Path, request.Headers.Authorization.Count > 0);
    }
}
