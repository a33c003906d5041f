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
