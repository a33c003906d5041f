namespace SecureApi.Analyzers.Rules.Jwt;

/// <summary>The kind of SAPI1002 finding, passed to the code fix in the diagnostic's properties.</summary>
public enum JwtValidationFinding
{
    /// <summary><c>ValidateIssuer = false</c> and the other switches: the fix sets it to <c>true</c>.</summary>
    DisabledCheck,

    /// <summary>A validator delegate that accepts everything: the fix removes the assignment.</summary>
    BypassingValidator,

    /// <summary><c>ClockSkew</c> above the limit: the fix writes the limit.</summary>
    ClockSkew,
}
