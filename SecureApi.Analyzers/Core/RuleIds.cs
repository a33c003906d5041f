namespace SecureApi.Analyzers.Core;

/// <summary>Every rule id, allocated once and never reused (see docs/rules).</summary>
public static class RuleIds
{
    public const string CorsAnyOriginWithCredentials = "SAPI3001";
    public const string CorsAnyOrigin = "SAPI3002";
}
