using Microsoft.CodeAnalysis;

namespace SecureApi.Analyzers.Core;

/// <summary>
/// The only place where <see cref="DiagnosticDescriptor"/>s are created. Every descriptor carries the
/// catalog label, its CWE and its OWASP API Top 10 item in customTags, and a help link derived from the id.
/// </summary>
public static class Descriptors
{
    public const string Category = "Security";
    public const string HelpLinkBase = "https://github.com/secureapi/SecureApi.Analyzers/blob/main/docs/rules/";

    public static readonly DiagnosticDescriptor JwtAlgorithmsNotPinned = Create(
        RuleIds.JwtAlgorithmsNotPinned,
        RuleLabels.JwtAlg,
        cwe: 757,
        OwaspApi.BrokenAuthentication,
        title: "JWT validation does not pin the signing algorithms",
        messageFormat: "{0} never set ValidAlgorithms: a token signed with any algorithm the key supports is accepted",
        description: "Without ValidAlgorithms, the token's own 'alg' header decides how its signature is checked. Pinning the algorithm the issuer really uses closes algorithm-confusion attacks (an RSA public key used as an HMAC secret, or a downgrade to a weaker algorithm).",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor JwtValidationDisabled = Create(
        RuleIds.JwtValidationDisabled,
        RuleLabels.JwtValidation,
        cwe: 287,
        OwaspApi.BrokenAuthentication,
        title: "Token validation check is switched off",
        messageFormat: "{0}: {1}",
        description: "Each TokenValidationParameters check (issuer, audience, lifetime, signing key, signature) stops a class of forged or replayed tokens. Turning one off, replacing it with a validator that accepts everything, or allowing a large clock skew lets such tokens in.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor JwtMetadataOverHttp = Create(
        RuleIds.JwtMetadataOverHttp,
        RuleLabels.JwtValidation,
        cwe: 319,
        OwaspApi.BrokenAuthentication,
        title: "Identity metadata may be fetched over plain HTTP",
        messageFormat: "RequireHttpsMetadata = false outside a development-only branch: the signing keys can be fetched over HTTP, where anyone on the network path can replace them",
        description: "The authentication handler downloads the identity provider's metadata and signing keys from the Authority or MetadataAddress. Over plain HTTP an attacker on the path can substitute their own keys and then mint tokens the API accepts.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnvalidatedTokenRead = Create(
        RuleIds.UnvalidatedTokenRead,
        RuleLabels.JwtValidation,
        cwe: 347,
        OwaspApi.BrokenAuthentication,
        title: "Claims read from a token that was never validated",
        messageFormat: "{0} of a token decoded with {1} are used, but this method never validates the token: anyone can forge them",
        description: "ReadJwtToken, ReadJsonWebToken, ReadToken and the token constructors only decode the token; they do not check its signature, issuer, audience or lifetime. Claims read this way are whatever the caller wrote.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor JwtLongLifetime = Create(
        RuleIds.JwtLongLifetime,
        RuleLabels.JwtIssue,
        cwe: 613,
        OwaspApi.BrokenAuthentication,
        title: "Access token issued without expiry or with a long lifetime",
        messageFormat: "{0}: a stolen access token stays usable that long; issue short-lived access tokens and renew them with refresh tokens",
        description: "Bearer tokens cannot be revoked once issued. A token without an expiry, or with a lifetime of days, gives whoever steals it (from a log, a browser, a proxy) lasting access.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnsignedOrWeakJwt = Create(
        RuleIds.UnsignedOrWeakJwt,
        RuleLabels.JwtIssue,
        cwe: 347,
        OwaspApi.BrokenAuthentication,
        title: "Token is unsigned or signed with a key that is too short",
        messageFormat: "{0}: anyone can forge tokens that pass as genuine",
        description: "An unsigned token (algorithm 'none', a header without signing credentials) proves nothing, and an HMAC key shorter than 256 bits can be brute-forced offline from a single token.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor TokenInUrl = Create(
        RuleIds.TokenInUrl,
        RuleLabels.TokenInUrl,
        cwe: 598,
        OwaspApi.BrokenAuthentication,
        title: "Credential taken from the URL's query string",
        messageFormat: "{0} is read from the query string {1}: {2} in a URL is written to server and proxy logs, browser history and Referer headers; send it in a request header instead",
        description: "URLs are not secret: web servers, load balancers and proxies log them, browsers keep them in history and send them to other sites in the Referer header, and monitoring tools collect them. An API key, access token, password or client secret carried in the query string leaks to all of them and stays valid after it leaks. Read credentials from a header (Authorization, X-Api-Key) or the request body.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SensitiveClaimInToken = Create(
        RuleIds.SensitiveClaimInToken,
        RuleLabels.JwtIssue,
        cwe: 359,
        OwaspApi.BrokenObjectPropertyLevelAuthorization,
        title: "Sensitive data is placed in a token's claims",
        messageFormat: "The claim '{0}' carries {1} into an issued token: a JWT is only encoded, so whoever holds or logs the token can read it",
        description: "The claims of a signed JWT are Base64url-encoded JSON that the client, browser extensions, proxies and logs can read. Passwords and their hashes, secrets, API keys, security stamps, national or tax identifiers and payment data do not belong there: put the user id in the token and read the rest on the server.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor WeakOAuthFlow = Create(
        RuleIds.WeakOAuthFlow,
        RuleLabels.OAuthFlow,
        cwe: 287,
        OwaspApi.BrokenAuthentication,
        title: "OpenID Connect or OAuth sign-in weakens the authorization-code flow",
        messageFormat: "{0}: {1}",
        description: "The authorization-code flow with PKCE, a nonce and a state value is what keeps a sign-in from being intercepted, replayed or forged. Switching PKCE off, asking for tokens in the browser redirect (the implicit flow), or no longer requiring the nonce or the state lets a stolen code or token be redeemed and a victim be signed in to an attacker's account.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ControllerActionWithoutAuthorization = Create(
        RuleIds.ControllerActionWithoutAuthorization,
        RuleLabels.AuthzMissing,
        cwe: 862,
        OwaspApi.BrokenFunctionLevelAuthorization,
        title: "Controller action has no authorization metadata",
        messageFormat: "Action '{0}' has no [Authorize] or [AllowAnonymous] on it, its controller or a base class, and no fallback policy or global filter covers it: anyone can call it{1}",
        description: "ASP.NET Core lets every request through to an action unless authorization metadata or a fallback policy says otherwise. Decide for each endpoint: require authorization, or mark it explicitly public with [AllowAnonymous].",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MinimalApiEndpointWithoutAuthorization = Create(
        RuleIds.MinimalApiEndpointWithoutAuthorization,
        RuleLabels.AuthzMissing,
        cwe: 862,
        OwaspApi.BrokenFunctionLevelAuthorization,
        title: "Minimal API endpoint has no authorization metadata",
        messageFormat: "Endpoint {0} has no RequireAuthorization() or AllowAnonymous() on it, its route groups or its handler, and no fallback policy covers it: anyone can call it{1}",
        description: "A minimal-API endpoint is open to anonymous callers unless the endpoint, one of its route groups or its handler carries authorization metadata, or the app sets a fallback policy. Decide for each endpoint: require authorization, or mark it explicitly public with AllowAnonymous().",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MissingAntiforgeryValidation = Create(
        RuleIds.MissingAntiforgeryValidation,
        RuleLabels.Csrf,
        cwe: 352,
        OwaspApi.SecurityMisconfiguration,
        title: "State-changing endpoint does not validate an antiforgery token in an app that signs users in with cookies",
        messageFormat: "{0}; the app signs users in with cookies ({1}), so any web site can make a signed-in user's browser send this request",
        description: "Browsers attach cookies to requests that other sites trigger (a form posted by a hidden page, an image, a script). In an app that authenticates with cookies, a POST, PUT, PATCH or DELETE endpoint that does not check an antiforgery token carries out whatever another site asks for in the user's name (CSRF).",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor RateLimit = Create(
        RuleIds.RateLimit,
        RuleLabels.RateLimit,
        cwe: 307,
        OwaspApi.UnrestrictedResourceConsumption,
        title: "Authentication endpoint is not rate limited",
        messageFormat: "{0}",
        description: "Sign-in, sign-up, token, password-reset, one-time-code and verification endpoints answer whether a guess was right. Without a rate limit an attacker tries passwords, codes and tokens at full speed (credential stuffing, brute force, SMS and e-mail flooding). Require a rate-limiter policy on the endpoint or set a global limiter, and call UseRateLimiter() so the limits run.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor WeakIdentityPolicy = Create(
        RuleIds.WeakIdentityPolicy,
        RuleLabels.IdentityPolicy,
        cwe: 307,
        OwaspApi.BrokenAuthentication,
        title: "Sign-in without lockout, or a weak Identity password or lockout policy",
        messageFormat: "{0}: {1}",
        description: "ASP.NET Core Identity locks an account after repeated failed sign-ins only when the sign-in asks for it (lockoutOnFailure: true) and the lockout options allow it, and it accepts any password the password options allow. Turning lockout off, letting new users escape it, allowing many attempts or short passwords leaves accounts open to password guessing and credential stuffing.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UserEnumeration = Create(
        RuleIds.UserEnumeration,
        RuleLabels.UserEnum,
        cwe: 204,
        OwaspApi.BrokenAuthentication,
        title: "Sign-in answers an unknown user differently from a wrong password",
        messageFormat: "Authentication endpoint {0} tells whether an account exists: the unknown user gets {1} but a wrong password gets {2}; answer both the same way",
        description: "When a sign-in, token or password endpoint answers 'no such user' with another status code or message than 'wrong password', anyone can test which user names and e-mail addresses have accounts, then aim password guessing, credential stuffing and phishing at them. Return the same result for both failures.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ObjectLevelAuthorizationMissing = Create(
        RuleIds.ObjectLevelAuthorizationMissing,
        RuleLabels.Bola,
        cwe: 639,
        OwaspApi.BrokenObjectLevelAuthorization,
        title: "Record loaded by a client-supplied id without an ownership check",
        messageFormat: "'{0}' loads {1} by key and {2} it, but {1}.{3} is never compared with the caller's identity; filter the query by the caller's id or authorize access to the record",
        description: "An endpoint that loads a record by an id taken from the route or query string and returns, changes or deletes it, without checking that the record belongs to the caller, lets any signed-in user reach every other user's records by changing the id (broken object-level authorization, OWASP API1). Compare the record's owner with the caller's id in the query, or call IAuthorizationService.AuthorizeAsync with the record (resource-based authorization), or restrict the endpoint to a role or policy that may see every record.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SqlInjection = Create(
        RuleIds.SqlInjection,
        RuleLabels.Sqli,
        cwe: 89,
        OwaspApi.SecurityMisconfiguration,
        title: "SQL built from non-constant input",
        messageFormat: "SQL is built from non-constant input and executed: use parameters so input can never change the query",
        description: "Concatenating or interpolating values into SQL text lets a value end the string literal and append its own SQL (SQL injection). Pass values as parameters: EF Core FromSql/ExecuteSql with interpolation, Dapper @name parameters, ADO.NET command parameters.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor NoSqlInjection = Create(
        RuleIds.NoSqlInjection,
        RuleLabels.NoSqli,
        cwe: 943,
        OwaspApi.SecurityMisconfiguration,
        title: "MongoDB query built from non-constant JSON or JavaScript",
        messageFormat: "The MongoDB {0} is built from non-constant input: build it with Builders<T> (Filter.Eq, Update.Set...) so input stays a value and cannot add operators or JavaScript",
        description: "JSON text parsed into a MongoDB filter, update, pipeline or command (BsonDocument.Parse, JsonFilterDefinition, a string passed to Find, UpdateOne, Aggregate or RunCommand) and JavaScript run by the server ($where, BsonJavaScript) are code: a value pasted into them can close a string and add operators ($ne, $gt, $regex, $where) that return or change other users' documents, or run JavaScript on the server (NoSQL injection). Build queries with Builders<T>.Filter/Update/Sort or LINQ, which pass values as BSON values.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnsafeDeserialization = Create(
        RuleIds.UnsafeDeserialization,
        RuleLabels.Deserialize,
        cwe: 502,
        OwaspApi.SecurityMisconfiguration,
        title: "Deserializer creates the types the payload names",
        messageFormat: "{0}: {1}",
        description: "BinaryFormatter, SoapFormatter, NetDataContractSerializer, LosFormatter and ObjectStateFormatter, and Json.NET with TypeNameHandling other than None, instantiate whatever .NET type the serialized data names. A crafted payload names a gadget type whose constructor, setter or callback runs the attacker's code. Use System.Text.Json or Json.NET with TypeNameHandling.None; where polymorphism is needed, restrict the types with a SerializationBinder.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CommandInjection = Create(
        RuleIds.CommandInjection,
        RuleLabels.Cmdi,
        cwe: 78,
        OwaspApi.SecurityMisconfiguration,
        title: "Process command line built from non-constant input",
        messageFormat: "The {0} of a started process is built from non-constant input: pass each value as its own argument (ArgumentList) so input cannot add arguments or commands",
        description: "A command line built by concatenation or interpolation is split into arguments again by the process launcher (and by a shell, when one runs it): a value with spaces, quotes or shell metacharacters adds its own arguments or commands (OS command injection). Use a constant file name and pass values one by one with ProcessStartInfo.ArgumentList or Process.Start(fileName, IEnumerable<string>).",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor OpenRedirect = Create(
        RuleIds.OpenRedirect,
        RuleLabels.OpenRedirect,
        cwe: 601,
        OwaspApi.SecurityMisconfiguration,
        title: "Redirect to a URL taken from the request",
        messageFormat: "{0} sends the browser to a URL built from {1}: a link to this endpoint can send users to any site; use LocalRedirect or check Url.IsLocalUrl first",
        description: "When the client chooses where a redirect goes (a returnUrl parameter, a query value, the Referer or Host header), an attacker can mail a link to your real site that lands the victim on a phishing page, or steal the tokens and codes that travel with the redirect. Redirect only to local URLs (LocalRedirect, Url.IsLocalUrl) or to destinations from an allow-list.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ExceptionDetailsLeak = Create(
        RuleIds.ExceptionDetailsLeak,
        RuleLabels.ExcLeak,
        cwe: 209,
        OwaspApi.SecurityMisconfiguration,
        title: "Exception details are sent to the client",
        messageFormat: "{0}: {1}",
        description: "Exception messages, stack traces and inner exceptions describe the server's internals: table and column names, file paths, host names, library versions. Sent to clients, they help attackers map the system and tune injection payloads. Log the exception and return a generic message.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor UnguardedDeveloperExceptionPage = Create(
        RuleIds.UnguardedDeveloperExceptionPage,
        RuleLabels.ExcLeak,
        cwe: 489,
        OwaspApi.SecurityMisconfiguration,
        title: "Developer exception page is not limited to Development",
        messageFormat: "{0}() is not guarded by an IsDevelopment() check: in production it shows stack traces, source lines, headers and configuration to anyone who triggers an error",
        description: "The developer exception page (and the database error page) render full exception details, request headers and cookies. They are meant for a developer's machine only; outside an IsDevelopment() branch they expose the application's internals to every client.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SecretInLog = Create(
        RuleIds.SecretInLog,
        RuleLabels.LogSecret,
        cwe: 532,
        OwaspApi.BrokenObjectPropertyLevelAuthorization,
        title: "Secret written to a log",
        messageFormat: "'{0}' ({1}) is written to the log: everyone who can read the logs can use it; log a redacted value or leave it out",
        description: "Logs are copied to files, consoles, log services and support tickets, kept for months and read by many more people than the credentials they contain were meant for. A password, token, API key, Authorization header, session cookie or a whole request body written to a log is a credential leak. Log that a value was present, its length or an id instead.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MassAssignment = Create(
        RuleIds.MassAssignment,
        RuleLabels.MassAssign,
        cwe: 915,
        OwaspApi.BrokenObjectPropertyLevelAuthorization,
        title: "Entity bound from the request, or sensitive members sent in a response",
        messageFormat: "{0}: {1}",
        description: "An EF Core entity bound straight from the request body and then added, updated or attached lets a client set every property it has (keys, owners, roles, prices, status) even where the API never meant it to (over-posting, CWE-915). Returning a type whose password hash, security stamp, tokens, API keys or national identifiers are serialized sends them to every client that can read the resource (CWE-213). Bind and return DTOs that carry only the fields the client may set or see, or mark sensitive members [JsonIgnore].",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor WeakHashAlgorithm = Create(
        RuleIds.WeakHashAlgorithm,
        RuleLabels.WeakHash,
        cwe: 328,
        OwaspApi.SecurityMisconfiguration,
        title: "MD5 or SHA-1 is used",
        messageFormat: "{0} uses {1}, a broken hash algorithm: use SHA-256 or stronger",
        description: "MD5 and SHA-1 have practical collision attacks: two different inputs with the same digest can be crafted, so signatures, integrity checks and identifiers built on them can be forged. Use SHA-256 or a stronger member of the SHA-2 or SHA-3 families.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor PasswordWithFastHash = Create(
        RuleIds.PasswordWithFastHash,
        RuleLabels.WeakHash,
        cwe: 916,
        OwaspApi.BrokenAuthentication,
        title: "Password hashed with a fast hash",
        messageFormat: "{0} is hashed with {1}, a fast hash: whoever obtains the hashes can test billions of guesses per second; use PasswordHasher<T>, PBKDF2 with enough iterations, bcrypt or Argon2",
        description: "General-purpose hashes (SHA-256, SHA-512, HMAC, and worse MD5/SHA-1) are built to be fast. A leaked table of fast password hashes is cracked with commodity GPUs, salt or not. Passwords need a deliberately slow, salted password-hashing function.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor WeakKeyDerivation = Create(
        RuleIds.WeakKeyDerivation,
        RuleLabels.WeakKdf,
        cwe: 916,
        OwaspApi.BrokenAuthentication,
        title: "PBKDF2 with too few iterations or the SHA-1 default",
        messageFormat: "{0}: {1}",
        description: "PBKDF2's iteration count is what makes each password guess expensive. The old Rfc2898DeriveBytes constructors default to 1,000 iterations of HMAC-SHA1, and counts far below current guidance (600,000 for HMAC-SHA256, 210,000 for HMAC-SHA512) let leaked hashes or encrypted data be brute-forced cheaply.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor WeakCipher = Create(
        RuleIds.WeakCipher,
        RuleLabels.WeakCipher,
        cwe: 327,
        OwaspApi.SecurityMisconfiguration,
        title: "Weak cipher, ECB mode, constant IV or hard-coded key",
        messageFormat: "{0}",
        description: "DES and RC2 keys are brute-forced in hours and TripleDES has a 64-bit block (Sweet32); ECB encrypts equal blocks to equal ciphertext and leaks the data's structure; a constant IV makes equal messages encrypt identically; a key written in the source is known to everyone who can read the code or the binary. Use AES-GCM, or AES-CBC with a random IV per message, with keys from a key store.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InsecureRandomness = Create(
        RuleIds.InsecureRandomness,
        RuleLabels.WeakRandom,
        cwe: 338,
        OwaspApi.BrokenAuthentication,
        title: "System.Random used for a secret value",
        messageFormat: "System.Random produces {0}: its output is predictable from a few observed values; use RandomNumberGenerator",
        description: "System.Random is a fast, non-cryptographic generator: after observing a few outputs (or guessing the seed), an attacker can predict the next tokens, codes, passwords or keys it produces. Secrets need System.Security.Cryptography.RandomNumberGenerator.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SecretInSource = Create(
        RuleIds.SecretInSource,
        RuleLabels.Secret,
        cwe: 798,
        OwaspApi.SecurityMisconfiguration,
        title: "Secret written in source code",
        messageFormat: "{0} is written in the source: everyone with the code, the binaries or the repository history has it; read it from configuration or a secret store",
        description: "Passwords, API keys, client secrets, tokens and connection strings with passwords that are written in code end up in source control, build artifacts and decompiled binaries, where they cannot be rotated without a release. Keep them in a secret store (user secrets in development, a vault or environment in production) and read them through configuration.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor HardCodedKeyMaterial = Create(
        RuleIds.HardCodedKeyMaterial,
        RuleLabels.Secret,
        cwe: 321,
        OwaspApi.SecurityMisconfiguration,
        title: "Cryptographic key written in source code",
        messageFormat: "{0} is built from a literal: anyone with the code can sign tokens, decrypt data or forge MACs with it; load the key from configuration or a key store",
        description: "A signing, encryption or MAC key written in source code is shared with everyone who can read the repository or decompile the binary. Tokens signed with it can be forged and data encrypted with it read. Keys belong in a key vault or protected configuration, and must be rotatable without a release.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SecretInConfigurationFile = Create(
        RuleIds.SecretInConfigurationFile,
        RuleLabels.Secret,
        cwe: 798,
        OwaspApi.SecurityMisconfiguration,
        title: "Secret written in an appsettings file",
        messageFormat: "'{0}' in {1} holds a secret: appsettings files are committed and deployed with the app; use user secrets, environment variables or a vault",
        description: "appsettings*.json files are checked into source control and copied to every deployment. A password, key or token in them is readable by everyone with the repository or the package. Leave the value empty or a placeholder and provide it from user secrets (development), environment variables or a key vault.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CorsAnyOriginWithCredentials = Create(
        RuleIds.CorsAnyOriginWithCredentials,
        RuleLabels.CorsCredentials,
        cwe: 942,
        OwaspApi.SecurityMisconfiguration,
        title: "CORS policy allows any origin together with credentials",
        messageFormat: "CORS policy {0} while allowing credentials: any web site can send requests in the user's session and read the responses",
        description: "A CORS policy that accepts every origin (or origins matched by a substring or suffix) while allowing credentials lets a malicious page call the API in the victim's session and read the answer. List the trusted origins explicitly.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor CorsAnyOrigin = Create(
        RuleIds.CorsAnyOrigin,
        RuleLabels.CorsAny,
        cwe: 942,
        OwaspApi.SecurityMisconfiguration,
        title: "CORS policy allows any origin",
        messageFormat: "CORS policy {0}: every web site can read this API's responses from a visitor's browser",
        description: "A wildcard CORS policy is fine for truly public, anonymous data, but it is easy to apply to endpoints that should only serve the application's own front ends. Prefer an explicit origin list.",
        DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor CertificateValidationDisabled = Create(
        RuleIds.CertificateValidationDisabled,
        RuleLabels.Tls,
        cwe: 295,
        OwaspApi.SecurityMisconfiguration,
        title: "Server certificate validation is switched off",
        messageFormat: "{0} accepts every certificate: anyone on the network path can impersonate the server and read or change the traffic",
        description: "A certificate validation callback that returns true whatever the certificate (or HttpClientHandler.DangerousAcceptAnyServerCertificateValidator) turns TLS into encryption with an unknown party. A proxy, a compromised network or a DNS spoofer can present its own certificate and read every request, credential and token. Trust a private CA through the machine's store or pin the expected certificate instead.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ObsoleteTlsProtocol = Create(
        RuleIds.ObsoleteTlsProtocol,
        RuleLabels.Tls,
        cwe: 326,
        OwaspApi.SecurityMisconfiguration,
        title: "Obsolete SSL/TLS protocol version enabled in code",
        messageFormat: "{0} enables {1}, which is broken and deprecated; let the operating system choose (None/SystemDefault) or allow only TLS 1.2 and 1.3",
        description: "SSL 2.0, SSL 3.0, TLS 1.0 and TLS 1.1 have known attacks (POODLE, BEAST, weak hash and cipher suites) and are deprecated by RFC 8996. Hard-coding them keeps them enabled after the operating system has turned them off, and lets an attacker downgrade connections.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor HttpsNotEnforced = Create(
        RuleIds.HttpsNotEnforced,
        RuleLabels.Tls,
        cwe: 319,
        OwaspApi.SecurityMisconfiguration,
        title: "Web application does not enforce HTTPS (UseHttpsRedirection and UseHsts)",
        messageFormat: "The web application {0}: {1}",
        description: "UseHttpsRedirection() answers plain-HTTP requests with a redirect to HTTPS, and UseHsts() tells browsers to use HTTPS only for the site from then on. Without them, a request over http:// (an old link, a typed address, a downgrade by someone on the network path) is served in clear text, with its cookies, tokens and credentials. HSTS belongs outside Development only; both are needed even behind a TLS-terminating proxy.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor IdentityEndpointOverHttp = Create(
        RuleIds.IdentityEndpointOverHttp,
        RuleLabels.Tls,
        cwe: 319,
        OwaspApi.BrokenAuthentication,
        title: "Identity provider address uses plain HTTP",
        messageFormat: "{0} is a plain http:// address outside a development-only branch: the metadata and signing keys it serves can be replaced on the network path",
        description: "The JWT bearer and OpenID Connect handlers fetch the identity provider's discovery document and signing keys from the Authority or MetadataAddress. Over plain HTTP, anyone on the network path can substitute their own keys and mint tokens the API accepts.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor InsecureCookie = Create(
        RuleIds.InsecureCookie,
        RuleLabels.Cookie,
        cwe: 614,
        OwaspApi.SecurityMisconfiguration,
        title: "Cookie is not protected by Secure, HttpOnly or SameSite",
        messageFormat: "{0}: {1}",
        description: "Session, authentication and token cookies need the Secure flag (never sent over plain HTTP), HttpOnly (not readable by injected script) and a SameSite mode (not sent on cross-site requests). Turning one off, or relaxing the cookie policy for the whole app, lets the cookie be sniffed, stolen by XSS or ridden by cross-site requests.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor RequestBodyLimit = Create(
        RuleIds.RequestBodyLimit,
        RuleLabels.BodyLimit,
        cwe: 770,
        OwaspApi.UnrestrictedResourceConsumption,
        title: "Request body size limit removed or set very high",
        messageFormat: "{0}: a client can send a body of that size and tie up memory, disk and bandwidth; keep a limit that fits the largest legitimate upload",
        description: "Kestrel, IIS and the form reader cap request bodies (30 MB and 128 MB by default) so that one client cannot exhaust memory, disk or connections with a huge upload. Removing the limit, or raising it far above what the endpoint needs, turns every such endpoint into a denial-of-service lever.",
        DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ForwardedHeadersTrustAll = Create(
        RuleIds.ForwardedHeadersTrustAll,
        RuleLabels.ProxyTrust,
        cwe: 348,
        OwaspApi.SecurityMisconfiguration,
        title: "Forwarded headers are trusted from any sender",
        messageFormat: "{0}: any client can set X-Forwarded-For/-Proto/-Host and choose the IP address, scheme and host the app sees",
        description: "The forwarded-headers middleware replaces the client IP, scheme and host with the values of X-Forwarded-* headers, but only from the proxies and networks in KnownProxies/KnownNetworks. Emptying both lists, trusting 0.0.0.0/0 or ::/0, or removing the ForwardLimit lets any client forge its address (defeating IP rate limits, allow-lists and audit logs) and the request scheme.",
        DiagnosticSeverity.Warning);

    private static DiagnosticDescriptor Create(
        string id,
        string label,
        int cwe,
        string owasp,
        string title,
        string messageFormat,
        string description,
        DiagnosticSeverity severity)
    {
        return new DiagnosticDescriptor(
            id,
            title,
            messageFormat,
            Category,
            severity,
            isEnabledByDefault: true,
            description: description,
            helpLinkUri: HelpLinkBase + id + ".md",
            customTags: new[] { label, "CWE-" + cwe, owasp });
    }
}
