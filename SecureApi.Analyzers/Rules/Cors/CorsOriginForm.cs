namespace SecureApi.Analyzers.Rules.Cors;

/// <summary>The code shape of a permissive origin, passed to the code fix in the diagnostic's properties.</summary>
public enum CorsOriginForm
{
    AllowAnyOrigin,
    WithOrigins,
    SetIsOriginAllowed,
    BuilderConstructor,
    PolicyObject,
}
