namespace SecureApi.Analyzers.Core;

/// <summary>OWASP API Security Top 10 (2023) items, as customTags values.</summary>
public static class OwaspApi
{
    public const string BrokenObjectLevelAuthorization = "OWASP-API1";
    public const string BrokenAuthentication = "OWASP-API2";
    public const string BrokenObjectPropertyLevelAuthorization = "OWASP-API3";
    public const string UnrestrictedResourceConsumption = "OWASP-API4";
    public const string BrokenFunctionLevelAuthorization = "OWASP-API5";
    public const string UnrestrictedAccessToSensitiveBusinessFlows = "OWASP-API6";
    public const string ServerSideRequestForgery = "OWASP-API7";
    public const string SecurityMisconfiguration = "OWASP-API8";
    public const string ImproperInventoryManagement = "OWASP-API9";
    public const string UnsafeConsumptionOfApis = "OWASP-API10";
}
