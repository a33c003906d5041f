namespace VulnerableApi.Infrastructure;

/// <summary>Logs the calls partners make to the API, for the support team.</summary>
public sealed class PartnerCallLog(ILogger<PartnerCallLog> logger)
{
    public void Received(HttpRequest request, string partnerId)
    {
        logger.LogInformation("Partner {PartnerId} called {Path} with {Authorization}", partnerId, request.Path, request.Headers.Authorization.ToString());
    }
}
