using System;
using System.Collections.Generic;

namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>
/// The <c>TokenValidationParameters</c> members SAPI1002 knows: switches that turn a check off when set to
/// <c>false</c>, and validator delegates that replace a check. Each entry says what the user loses.
/// </summary>
internal static class TokenValidationChecks
{
    /// <summary>Switch name: what setting it to <c>false</c> lets in.</summary>
    public static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["ValidateIssuer"] = "tokens from any issuer are accepted",
        ["ValidateAudience"] = "tokens issued for other applications are accepted",
        ["ValidateLifetime"] = "expired tokens are accepted forever",
        ["ValidateIssuerSigningKey"] = "the signing key's validity period is not checked, so tokens signed with an expired certificate are accepted",
        ["RequireSignedTokens"] = "unsigned tokens are accepted, so anyone can forge one",
        ["RequireExpirationTime"] = "tokens without an expiry are accepted and never expire",
        ["RequireAudience"] = "tokens without an audience are accepted",
    };

    /// <summary>
    /// Validator name: what it must return to accept, and what accepting unconditionally lets in. The
    /// <c>...UsingConfiguration</c> variants replace the same checks and take precedence over the plain ones.
    /// </summary>
    public static readonly Dictionary<string, (ValidatorReturn Accepts, string Description, string Consequence)> Validators = new(StringComparer.Ordinal)
    {
        ["SignatureValidator"] = (ValidatorReturn.Token, "returns the token without checking its signature", "tokens with forged signatures are accepted"),
        ["SignatureValidatorUsingConfiguration"] = (ValidatorReturn.Token, "returns the token without checking its signature", "tokens with forged signatures are accepted"),
        ["IssuerSigningKeyValidator"] = (ValidatorReturn.True, "always returns true", "the signing key's validity period is not checked, so tokens signed with an expired certificate are accepted"),
        ["IssuerSigningKeyValidatorUsingConfiguration"] = (ValidatorReturn.True, "always returns true", "the signing key's validity period is not checked, so tokens signed with an expired certificate are accepted"),
        ["LifetimeValidator"] = (ValidatorReturn.True, "always returns true", "expired tokens are accepted forever"),
        ["AudienceValidator"] = (ValidatorReturn.True, "always returns true", "tokens issued for other applications are accepted"),
        ["IssuerValidator"] = (ValidatorReturn.Issuer, "returns an issuer without checking the token's", "tokens from any issuer are accepted"),
        ["IssuerValidatorUsingConfiguration"] = (ValidatorReturn.Issuer, "returns an issuer without checking the token's", "tokens from any issuer are accepted"),
    };

    public const string ClockSkew = "ClockSkew";
}

/// <summary>What a validator delegate returns when it accepts a token (it rejects by throwing or returning false).</summary>
internal enum ValidatorReturn
{
    /// <summary><c>bool</c> validators: <c>true</c>.</summary>
    True,

    /// <summary>Issuer validators: any issuer string (the one from the token, a fixed one).</summary>
    Issuer,

    /// <summary>Signature validators: a token object (decoded, not validated).</summary>
    Token,
}
