using System.Collections.Immutable;
using System.Globalization;

namespace SecureApi.Analyzers.Core;

/// <summary>Every <c>secureapi.*</c> option, declared once with its default (documented in docs/configuration.md).</summary>
public static class SecureApiOptions
{
    public static readonly SecureApiOption<string> CorsOriginsConfigurationKey = new(
        "cors_origins_configuration_key",
        "Cors:AllowedOrigins",
        ParseConfigurationKey,
        "Configuration key from which the SAPI3001/SAPI3002 code fix reads the allowed CORS origins.");

    public static readonly SecureApiOption<bool> JwtRequirePinningEverywhere = new(
        "jwt_require_pinning_everywhere",
        false,
        ParseBool,
        "SAPI1001 also flags AddJwtBearer calls that never touch TokenValidationParameters, unless ValidAlgorithms is pinned for that scheme elsewhere.");

    public static readonly SecureApiOption<int> JwtMaxClockSkewMinutes = new(
        "jwt_max_clock_skew_minutes",
        5,
        ParseInt,
        "SAPI1002 flags a TokenValidationParameters.ClockSkew longer than this many minutes.");

    public static readonly SecureApiOption<int> JwtMaxLifetimeMinutes = new(
        "jwt_max_lifetime_minutes",
        60,
        ParseInt,
        "SAPI1005 flags access tokens that live longer than this many minutes.");

    public static readonly SecureApiOption<bool> ExceptionLeakAllowOwnTypes = new(
        "exception_leak_allow_own_types",
        true,
        ParseBool,
        "SAPI5001 treats the Message of exceptions declared in the project, and of ValidationExceptions, as text meant for clients.");

    public static readonly SecureApiOption<int> MinPbkdf2Iterations = new(
        "min_pbkdf2_iterations",
        600_000,
        ParsePositiveInt,
        "SAPI6003 flags PBKDF2 with HMAC-SHA256 below this many iterations (HMAC-SHA512 and HMAC-SHA384: 35% of it, HMAC-SHA1: 13/6 of it, per OWASP's ratios).");

    public static readonly SecureApiOption<long> MaxRequestBodyBytes = new(
        "max_request_body_bytes",
        104_857_600,
        ParsePositiveLong,
        "SAPI8005 flags request body limits (RequestSizeLimit, RequestFormLimits, MultipartBodyLengthLimit, MaxRequestBodySize) above this many bytes.");

    public static readonly SecureApiOption<int> MinPasswordLength = new(
        "min_password_length",
        12,
        ParsePositiveInt,
        "SAPI2005 flags an Identity PasswordOptions.RequiredLength below this many characters.");

    public static readonly SecureApiOption<bool> SecretsInTests = new(
        "secrets_in_tests",
        true,
        ParseBool,
        "SAPI7001/SAPI7002 analyse test projects like any code; false skips projects that reference a test framework.");

    public static readonly SecureApiOption<bool> FixAllBehaviorChanges = new(
        "fix_all_behavior_changes",
        false,
        ParseBool,
        "Fix All, dotnet format and secureapi fix also apply fixes that change behaviour (a digest, a cipher, an authorization requirement, where a secret comes from); one at a time, they are always offered.");

    public static ImmutableArray<SecureApiOption> All { get; } = ImmutableArray.Create<SecureApiOption>(
        JwtRequirePinningEverywhere,
        JwtMaxClockSkewMinutes,
        JwtMaxLifetimeMinutes,
        CorsOriginsConfigurationKey,
        ExceptionLeakAllowOwnTypes,
        MinPbkdf2Iterations,
        MinPasswordLength,
        SecretsInTests,
        MaxRequestBodyBytes,
        FixAllBehaviorChanges);

    public static bool ParseInt(string text, out int value) =>
        int.TryParse(text.Replace("_", string.Empty), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    public static bool ParsePositiveInt(string text, out int value) => ParseInt(text, out value) && value > 0;

    public static bool ParsePositiveLong(string text, out long value) =>
        long.TryParse(text.Replace("_", string.Empty), NumberStyles.Integer, CultureInfo.InvariantCulture, out value) && value > 0;

    public static bool ParseBool(string text, out bool value) => bool.TryParse(text, out value);

    private static bool ParseConfigurationKey(string text, out string value)
    {
        value = text;
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            // The key is written into a C# string literal by the code fix.
            if (c == '"' || c == '\\' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
