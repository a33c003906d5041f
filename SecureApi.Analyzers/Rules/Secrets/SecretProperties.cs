namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>
/// What every SECRET diagnostic carries for the fix that moves the secret to configuration (SAPI7001, SAPI7002) and
/// for tools reading SARIF (SAPI7003).
/// </summary>
public static class SecretProperties
{
    /// <summary>The member, variable, parameter or key segment the secret is stored under, or a name for its use (<c>SigningKey</c>).</summary>
    public const string SecretName = "SecretName";

    /// <summary>The configuration key the code or file already names for the secret (<c>Jwt:Key</c>), when there is one.</summary>
    public const string ConfigurationKey = "ConfigurationKey";
}
