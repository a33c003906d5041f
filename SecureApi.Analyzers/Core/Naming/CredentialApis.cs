using System;
using System.Collections.Generic;

namespace SecureApi.Analyzers.Core.Naming;

/// <summary>
/// APIs that take a credential (SAPI7001), judged by type and member names: the framework types whose password
/// parameters and properties receive a real password (<c>new NetworkCredential("user", "password")</c>: the literal is
/// the password even though it spells the parameter's name), IdentityServer-style secret classes
/// (<c>new Secret("secret".Sha256())</c>) with the hash extensions applied to their value, and the words that say a
/// method or type is about authentication at all (a <c>token</c> parameter of a parser is a lexical token).
/// </summary>
internal static class CredentialApis
{
    /// <summary>Framework and library types (namespace + metadata name) whose credential parameters and properties take a credential.</summary>
    private static readonly HashSet<string> CredentialTypes = new(StringComparer.Ordinal)
    {
        "System.Net.NetworkCredential",
        "Microsoft.Data.SqlClient.SqlConnectionStringBuilder",
        "System.Data.SqlClient.SqlConnectionStringBuilder",
        "Npgsql.NpgsqlConnectionStringBuilder",
        "MySqlConnector.MySqlConnectionStringBuilder",
        "MySql.Data.MySqlClient.MySqlConnectionStringBuilder",
        "Microsoft.AspNetCore.Identity.UserManager`1",
        "Microsoft.AspNetCore.Identity.SignInManager`1",
        "System.Security.Cryptography.X509Certificates.X509Certificate",
        "System.Security.Cryptography.X509Certificates.X509Certificate2",
    };

    /// <summary>Classes whose constructor's first argument (or <c>Value</c>) is a client or API secret: IdentityServer's <c>Secret</c>, any namespace.</summary>
    private static readonly HashSet<string> SecretTypeNames = new(StringComparer.Ordinal) { "Secret", "ClientSecret" };

    /// <summary>IdentityServer's <c>HashExtensions</c>: <c>"secret".Sha256()</c> is still the secret, hashed at startup.</summary>
    private static readonly HashSet<string> SecretHashExtensions = new(StringComparer.Ordinal) { "Sha256", "Sha512" };

    /// <summary>Words that put a method or type name in authentication's territory (<c>TokenService</c>, <c>SignInAsync</c>, <c>ApiClient</c>).</summary>
    private static readonly HashSet<string> AuthenticationWords = new(PasswordNames.Spellings, StringComparer.Ordinal)
    {
        "auth", "authentication", "authenticate", "authenticator", "authorization", "authorize", "authorizer", "login", "logon",
        "signin", "sign", "signer", "signature", "credential", "credentials", "secret", "secrets",
        "token", "tokens", "bearer", "jwt", "jws", "jwe", "oauth", "oidc", "openid", "saml", "sso", "session", "identity",
        "security", "key", "keys", "apikey", "api", "access", "refresh", "http", "client", "header", "headers", "request",
        "cookie", "claim", "claims", "principal", "user", "account", "webhook", "bot", "vault", "otp", "totp", "mfa", "verify",
        "verification", "validate", "validator", "validation", "reset", "invite", "invitation", "confirm", "confirmation",
        "csrf", "antiforgery", "xsrf", "nonce", "hmac", "crypto", "encrypt", "decrypt", "protect", "unprotect", "protector",
        "connect", "connection", "push", "notification", "payment", "card",
    };

    /// <summary>Words of a method or route that checks a credential it is given (<c>ValidateKey</c>, <c>/auth</c>, <c>Authenticate</c>).</summary>
    private static readonly HashSet<string> CredentialCheckWords = new(StringComparer.Ordinal)
    {
        "auth", "authenticate", "authentication", "authorize", "authorization", "validate", "validation", "verify", "login", "logon", "signin",
    };

    /// <summary>Does the method or route name say it checks a credential (a <c>key</c> parameter of it is one)?</summary>
    public static bool IsCredentialCheck(string? name)
    {
        foreach (var word in IdentifierWords.Split(name))
        {
            if (CredentialCheckWords.Contains(word))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Is the type (<c>Namespace.MetadataName</c>) a framework API whose credential parameters and properties take a real credential?</summary>
    public static bool IsCredentialType(string? fullMetadataName) => fullMetadataName is not null && CredentialTypes.Contains(fullMetadataName);

    /// <summary><c>Secret</c>, <c>ClientSecret</c>: a class whose value is a secret.</summary>
    public static bool IsSecretType(string? typeName) => typeName is not null && SecretTypeNames.Contains(typeName);

    /// <summary><c>Sha256</c>, <c>Sha512</c>: an extension that hashes a secret without making it less of one.</summary>
    public static bool IsSecretHash(string? methodName) => methodName is not null && SecretHashExtensions.Contains(methodName);

    /// <summary>Does the method or type name say it deals with authentication or credentials?</summary>
    public static bool IsAboutCredentials(string? name)
    {
        foreach (var word in IdentifierWords.Split(name))
        {
            if (AuthenticationWords.Contains(word))
            {
                return true;
            }
        }

        return false;
    }
}
