namespace SecureApi.Analyzers.Core;

/// <summary>Every rule id, allocated once and never reused (see docs/rules).</summary>
public static class RuleIds
{
    public const string JwtAlgorithmsNotPinned = "SAPI1001";
    public const string JwtValidationDisabled = "SAPI1002";
    public const string JwtMetadataOverHttp = "SAPI1003";
    public const string UnvalidatedTokenRead = "SAPI1004";
    public const string JwtLongLifetime = "SAPI1005";
    public const string UnsignedOrWeakJwt = "SAPI1006";
    public const string TokenInUrl = "SAPI1007";
    public const string SensitiveClaimInToken = "SAPI1008";
    public const string WeakOAuthFlow = "SAPI1009";

    public const string ControllerActionWithoutAuthorization = "SAPI2001";
    public const string MinimalApiEndpointWithoutAuthorization = "SAPI2002";
    public const string MissingAntiforgeryValidation = "SAPI2003";
    public const string RateLimit = "SAPI2004";
    public const string WeakIdentityPolicy = "SAPI2005";
    public const string UserEnumeration = "SAPI2006";
    public const string ObjectLevelAuthorizationMissing = "SAPI2007";

    public const string SqlInjection = "SAPI4001";
    public const string NoSqlInjection = "SAPI4002";
    public const string UnsafeDeserialization = "SAPI4005";
    public const string CommandInjection = "SAPI4003";
    public const string OpenRedirect = "SAPI4004";

    public const string ExceptionDetailsLeak = "SAPI5001";
    public const string UnguardedDeveloperExceptionPage = "SAPI5002";
    public const string SecretInLog = "SAPI5003";
    public const string MassAssignment = "SAPI5004";

    public const string WeakHashAlgorithm = "SAPI6001";
    public const string PasswordWithFastHash = "SAPI6002";
    public const string WeakKeyDerivation = "SAPI6003";
    public const string WeakCipher = "SAPI6004";
    public const string InsecureRandomness = "SAPI6005";

    public const string SecretInSource = "SAPI7001";
    public const string HardCodedKeyMaterial = "SAPI7002";
    public const string SecretInConfigurationFile = "SAPI7003";

    public const string CorsAnyOriginWithCredentials = "SAPI3001";
    public const string CorsAnyOrigin = "SAPI3002";

    public const string CertificateValidationDisabled = "SAPI8001";
    public const string ObsoleteTlsProtocol = "SAPI8002";
    public const string HttpsNotEnforced = "SAPI8003";
    public const string InsecureCookie = "SAPI8004";
    public const string RequestBodyLimit = "SAPI8005";
    public const string ForwardedHeadersTrustAll = "SAPI8006";
    public const string IdentityEndpointOverHttp = "SAPI8007";
}
