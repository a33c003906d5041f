namespace SecureApi.Analyzers.Core;

/// <summary>
/// The catalog's category labels (the "label" column of the rule specification). They travel in
/// every descriptor's customTags, so SARIF readers and dashboards can group findings by them.
/// </summary>
public static class RuleLabels
{
    public const string JwtAlg = "JWT-ALG";
    public const string JwtValidation = "JWT-VALIDATION";
    public const string JwtIssue = "JWT-ISSUE";
    public const string TokenInUrl = "TOKEN-IN-URL";
    public const string OAuthFlow = "OAUTH-FLOW";

    public const string AuthzMissing = "AUTHZ-MISSING";
    public const string Csrf = "CSRF";
    public const string RateLimit = "RATE-LIMIT";
    public const string IdentityPolicy = "IDENTITY-POLICY";
    public const string UserEnum = "USER-ENUM";
    public const string Bola = "BOLA";

    public const string Sqli = "SQLI";
    public const string NoSqli = "NOSQLI";
    public const string Deserialize = "DESERIALIZE";
    public const string Cmdi = "CMDI";
    public const string OpenRedirect = "OPEN-REDIRECT";

    public const string ExcLeak = "EXC-LEAK";
    public const string LogSecret = "LOG-SECRET";
    public const string MassAssign = "MASS-ASSIGN";

    public const string WeakHash = "WEAK-HASH";
    public const string WeakKdf = "WEAK-KDF";
    public const string WeakCipher = "WEAK-CIPHER";
    public const string WeakRandom = "WEAK-RANDOM";

    public const string Secret = "SECRET";

    public const string CorsCredentials = "CORS-CREDS";
    public const string CorsAny = "CORS-ANY";

    public const string Tls = "TLS";
    public const string Cookie = "COOKIE";
    public const string BodyLimit = "BODY-LIMIT";
    public const string ProxyTrust = "PROXY-TRUST";
}
