using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using SecureApi.Analyzers.Core.Naming;

namespace SecureApi.Analyzers.Core.AspNetCore.Endpoints;

/// <summary>
/// The names and routes of endpoints that are public by nature (sign-in, registration, token issuing, password
/// recovery, health probes, webhooks and sign-in callbacks, API documentation, robots.txt/favicon, catalog reads): the one place
/// with this vocabulary. Matching is on whole words of identifiers (<c>LoginAsync</c> is "login async") and route
/// segments (<c>/signin-oidc</c> is "signin oidc"), never on substrings (<c>blogin</c> is not a login). Kept
/// conservative: a catalog counts only for a GET (a shop shows it to everyone; writing it is the hole), and a name
/// that also says admin, manage or revoke is never public.
/// </summary>
internal static class PublicEndpointNames
{
    /// <summary>Words that make an endpoint public by nature wherever they appear in its name or route, and what to call them.</summary>
    private static readonly ImmutableDictionary<string, string> Words = new Dictionary<string, string>
    {
        ["login"] = "login",
        ["logon"] = "login",
        ["signin"] = "sign-in",
        ["signup"] = "sign-up",
        ["register"] = "registration",
        ["registration"] = "registration",
        ["token"] = "token",
        ["forgot"] = "password recovery",
        ["webhook"] = "webhook",
        ["callback"] = "callback",
        ["oidc"] = "OIDC callback",
        ["swagger"] = "API documentation",
        ["openapi"] = "API documentation",
        ["robots"] = "robots.txt",
        ["favicon"] = "favicon",
    }.ToImmutableDictionary();

    /// <summary>Two consecutive words (in either order for the password ones).</summary>
    private static readonly (string First, string Second, string Reason)[] Pairs =
    {
        ("sign", "in", "sign-in"),
        ("log", "in", "login"),
        ("sign", "up", "sign-up"),
        ("reset", "password", "password recovery"),
        ("password", "reset", "password recovery"),
        ("refresh", "token", "token"),
    };

    /// <summary>Probe words: public by nature only when they are the whole route (<c>/health</c>, <c>/api/v1/status</c>), not <c>/orders/{id}/status</c>.</summary>
    private static readonly ImmutableDictionary<string, string> Probes = new Dictionary<string, string>
    {
        ["health"] = "health check",
        ["healthz"] = "health check",
        ["healthcheck"] = "health check",
        ["ready"] = "health check",
        ["readyz"] = "health check",
        ["readiness"] = "health check",
        ["live"] = "health check",
        ["livez"] = "health check",
        ["liveness"] = "health check",
        ["alive"] = "health check",
        ["ping"] = "ping",
        ["status"] = "status",
        ["version"] = "version",
        ["refresh"] = "token",
    }.ToImmutableDictionary();

    /// <summary>Segments a probe route may also have: <c>/api/v2/health</c>.</summary>
    private static readonly ImmutableHashSet<string> ProbePrefixes = ImmutableHashSet.Create("api", "check");

    /// <summary>Words of names that say nothing about the endpoint (<c>GetHealthAsync</c> is a health check).</summary>
    private static readonly ImmutableHashSet<string> NameNoise = ImmutableHashSet.Create("get", "check", "async", "handle", "handler", "endpoint", "index");

    /// <summary>"refresh" is a token refresh with these (<c>/auth/refresh</c>), not a cache refresh (<c>/cache/refresh</c>).</summary>
    private static readonly ImmutableHashSet<string> AuthWords = ImmutableHashSet.Create("auth", "authentication", "token", "jwt", "session", "account", "identity");

    /// <summary>
    /// Words that also name operations on one resource (<c>POST /devices/{id}/token</c> rotates a device's token,
    /// <c>/cash-registers/{id}/register</c>): public by nature only on a route without parameters.
    /// </summary>
    private static readonly ImmutableHashSet<string> ResourceWords = ImmutableHashSet.Create("token", "registration", "refresh");

    /// <summary>Endpoints that manage these are not public, whatever else their name says (<c>/admin/tokens/revoke</c>).</summary>
    private static readonly ImmutableHashSet<string> Vetoes = ImmutableHashSet.Create("admin", "manage", "revoke");

    /// <summary>
    /// Why the endpoint looks public by nature ("login", "health check", ...), or null. <paramref name="names"/> are the
    /// action, handler or method names; <paramref name="route"/> the route's constant segments, when known;
    /// <paramref name="verb"/> GET, POST, ... (DELETE is never public by nature).
    /// </summary>
    public static string? PublicReason(IEnumerable<string?> names, string? route, string verb)
    {
        // Deleting something is never what a login form or a probe does.
        if (verb == "DELETE")
        {
            return null;
        }

        var nameWords = names.Where(n => !string.IsNullOrEmpty(n)).Select(n => IdentifierWords.Split(n)).ToList();
        var segments = EndpointRoute.Segments(route).Where(s => !s.StartsWith("{", System.StringComparison.Ordinal)).ToList();
        var segmentWords = segments.Select(s => IdentifierWords.Split(s)).ToList();
        var all = nameWords.Concat(segmentWords).ToList();

        if (all.Any(words => words.Any(Vetoes.Contains)))
        {
            return null;
        }

        // A shop's catalog is read by everyone (eShop's /api/catalog/items); changing it is not public.
        if (verb == "GET" && all.Any(words => words.Contains("catalog")))
        {
            return "catalog read";
        }

        var hasParameters = segments.Count < EndpointRoute.Segments(route).Count();
        foreach (var words in all)
        {
            if (Strong(words, all) is { } reason && !(hasParameters && ResourceWords.Contains(reason)))
            {
                return reason;
            }
        }

        // Probes: the whole route, or (when the route is not known, or is the root of a group) the whole name.
        if (EndpointRoute.Segments(route).Any())
        {
            return hasParameters ? null : WholeProbe(segmentWords.SelectMany(w => w), ProbePrefixes);
        }

        foreach (var words in nameWords)
        {
            if (WholeProbe(words, NameNoise) is { } reason)
            {
                return reason;
            }
        }

        return null;
    }

    /// <summary>
    /// Words of authentication endpoints (sign-in, sign-up, tokens, passwords, one-time codes, verification), which an
    /// attacker calls many times to guess passwords, codes or tokens. Some are authentication only next to another word:
    /// see <see cref="AuthenticationQualifiers"/>.
    /// </summary>
    private static readonly ImmutableHashSet<string> AuthenticationWords = ImmutableHashSet.Create(
        "login", "logon", "signin", "signup", "authenticate", "register", "registration", "token", "password", "passwords", "passwordless",
        "forgot", "otp", "totp", "mfa", "2fa", "twofactor", "passcode");

    /// <summary>Pages whose GET only shows a form (sign-in, sign-up, forgot password); a GET of a token, code or reset link checks one.</summary>
    private static readonly ImmutableHashSet<string> FormPageWords = ImmutableHashSet.Create(
        "login", "logon", "signin", "signup", "register", "registration", "forgot");

    private static readonly ImmutableHashSet<string> GuessCarryingWords = ImmutableHashSet.Create(
        "token", "code", "otp", "totp", "mfa", "2fa", "reset", "verify", "verification", "confirm", "passcode", "pin");

    /// <summary>"reset" and "verify" say authentication only with one of these (<c>ResetPin</c>, <c>verify-email</c>; not <c>ResetCache</c>, <c>VerifyOrder</c>).</summary>
    private static readonly ImmutableHashSet<string> AuthenticationQualifiers = ImmutableHashSet.Create(
        "password", "pin", "passcode", "email", "phone", "code", "otp", "mfa", "2fa", "account", "identity", "user", "credential", "credentials",
        "auth", "authentication", "login", "signin", "token");

    /// <summary>
    /// The word that makes this an authentication endpoint (a sign-in, sign-up, token, password, one-time-code or
    /// verification endpoint that callers can hammer), or null. Whole words of the names and of the route's constant
    /// segments, like <see cref="PublicReason"/>: <c>tokenize</c> is not a token. "refresh" counts next to an
    /// authentication word (<c>/auth/refresh</c>, <c>RefreshToken</c>), "reset" and "verify" next to a
    /// <see cref="AuthenticationQualifiers"/> word; token, registration and refresh routes with parameters manage one
    /// resource (<c>/devices/{id}/token</c>). DELETE (sign-out, revoking) and names that say admin, manage, revoke or
    /// external (a redirect to the identity provider) are not authentication, and neither is the GET of a sign-in,
    /// sign-up or forgot-password form page.
    /// </summary>
    public static string? AuthenticationWord(IEnumerable<string?> names, string? route, string verb)
    {
        if (verb == "DELETE" || !MayNameAuthentication(route) && !names.Any(MayNameAuthentication))
        {
            return null;
        }

        var segments = EndpointRoute.Segments(route).ToList();
        var all = names.Where(n => !string.IsNullOrEmpty(n)).Select(n => IdentifierWords.Split(n))
            .Concat(segments.Where(s => !s.StartsWith("{", System.StringComparison.Ordinal)).Select(s => IdentifierWords.Split(s)))
            .ToList();
        var words = all.SelectMany(w => w).ToList();

        // An external login (PerformExternalLogin, /signin-oidc callbacks aside) only redirects to the identity
        // provider, which checks the password and limits the attempts.
        if (words.Any(Vetoes.Contains) || words.Contains("external"))
        {
            return null;
        }

        var hasParameters = segments.Any(s => s.StartsWith("{", System.StringComparison.Ordinal));
        // GET /Account/Login, /Account/ForgotPassword render a form: no guess is checked until it is posted. A GET that
        // carries a token, a code or a reset link does check one.
        if (verb is "GET" or "HEAD"
            && (words.Any(FormPageWords.Contains) || all.Any(g => Enumerable.Range(0, g.Length).Any(i => Joined(g, i) is { } joined && FormPageWords.Contains(joined))))
            && !words.Any(GuessCarryingWords.Contains))
        {
            return null;
        }

        foreach (var group in all)
        {
            for (var i = 0; i < group.Length; i++)
            {
                var word = Joined(group, i) ?? group[i];
                if (hasParameters && ResourceWords.Contains(word == "register" ? "registration" : word))
                {
                    continue;
                }

                if (AuthenticationWords.Contains(word)
                    || word == "refresh" && !hasParameters && words.Any(w => AuthWords.Contains(w) || AuthenticationWords.Contains(w))
                    || word is "reset" or "verify" or "verification" && words.Any(AuthenticationQualifiers.Contains))
                {
                    return word;
                }
            }
        }

        return null;
    }

    /// <summary>Words of sign-up and password-recovery endpoints (whose "already taken" / "no such address" answers are accepted trade-offs).</summary>
    private static readonly ImmutableHashSet<string> RegistrationOrRecoveryWords = ImmutableHashSet.Create(
        "register", "registration", "signup", "forgot", "reset", "recover", "recovery");

    /// <summary>
    /// Does the endpoint's name or route say sign-up or password recovery (<c>Register</c>, <c>/sign-up</c>,
    /// <c>ForgotPassword</c>, <c>/password/reset</c>)? Same whole-word matching as <see cref="AuthenticationWord"/>.
    /// </summary>
    public static bool NamesRegistrationOrRecovery(IEnumerable<string?> names, string? route)
    {
        foreach (var group in names.Concat(EndpointRoute.Segments(route)).Where(n => !string.IsNullOrEmpty(n)).Select(n => IdentifierWords.Split(n)))
        {
            for (var i = 0; i < group.Length; i++)
            {
                if (RegistrationOrRecoveryWords.Contains(Joined(group, i) ?? group[i]))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Cheap test before splitting into words (every endpoint of an app is asked): every word <see cref="AuthenticationWord"/>
    /// can return starts with one of these at the start of a word (<c>catalog</c> has no "log" word), in any case and
    /// whatever separates the two halves of a joined word.
    /// </summary>
    private static readonly string[] AuthenticationFragments =
    {
        "log", "sign", "auth", "regist", "token", "passw", "passc", "forgot", "otp", "totp", "mfa", "2fa", "2-fa", "2_fa", "two",
        "refresh", "reset", "verif",
    };

    /// <summary>The <see cref="AuthenticationQualifiers"/> that no <see cref="AuthenticationFragments"/> entry starts.</summary>
    private static readonly string[] QualifierFragments = { "pin", "email", "phone", "code", "account", "identity", "user", "credential" };

    /// <summary>
    /// Can <see cref="AuthenticationWord"/> find a word in this text (a name or a part of a route)? Rules ask it of each
    /// part before building an endpoint's full route: most endpoints of an app name no authentication at all.
    /// </summary>
    public static bool MayNameAuthentication(string? text) => HasFragment(text, AuthenticationFragments);

    /// <summary>
    /// Can this part of a route (a group's prefix) change what <see cref="AuthenticationWord"/> answers for the rest of
    /// it other than to veto: does it hold an authentication word or a qualifier ("email" makes "/verify" one)? When no
    /// prefix can, the endpoint's own pattern decides, and the prefixes need only be read when it names one.
    /// </summary>
    public static bool MayQualifyAuthentication(string? text) => MayNameAuthentication(text) || HasFragment(text, QualifierFragments);

    private static bool HasFragment(string? text, string[] fragments)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        foreach (var fragment in fragments)
        {
            for (var at = text!.IndexOf(fragment, System.StringComparison.OrdinalIgnoreCase); at >= 0;
                 at = text.IndexOf(fragment, at + 1, System.StringComparison.OrdinalIgnoreCase))
            {
                if (IdentifierWords.IsWordStart(text, at))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Two words that spell one (<c>SignIn</c> is "sign in", <c>/log-in</c> "log in", <c>TwoFactor</c> "two factor").</summary>
    private static string? Joined(ImmutableArray<string> words, int i)
    {
        if (i + 1 >= words.Length)
        {
            return null;
        }

        return (words[i], words[i + 1]) switch
        {
            ("sign", "in") => "signin",
            ("log", "in") => "login",
            ("sign", "up") => "signup",
            ("log", "on") => "logon",
            ("two", "factor") => "twofactor",
            ("2", "fa") => "2fa",
            _ => null,
        };
    }

    private static string? Strong(ImmutableArray<string> words, List<ImmutableArray<string>> all)
    {
        for (var i = 0; i < words.Length; i++)
        {
            if (Words.TryGetValue(words[i], out var reason))
            {
                return reason;
            }

            if (i + 1 < words.Length)
            {
                foreach (var (first, second, pairReason) in Pairs)
                {
                    if (words[i] == first && words[i + 1] == second)
                    {
                        return pairReason;
                    }
                }
            }

            if (words[i] == "refresh" && all.Any(w => w.Any(AuthWords.Contains)))
            {
                return "token";
            }
        }

        return null;
    }

    /// <summary>Every word is a probe word (or an allowed prefix or version), at least one probe.</summary>
    private static string? WholeProbe(IEnumerable<string> words, ImmutableHashSet<string> ignored)
    {
        string? reason = null;
        foreach (var word in words)
        {
            if (Probes.TryGetValue(word, out var probe))
            {
                reason ??= probe;
            }
            else if (!ignored.Contains(word) && !IsVersion(word))
            {
                return null;
            }
        }

        return reason;
    }

    /// <summary>The words of API version segments (<c>v2</c> is "v" and "2").</summary>
    private static bool IsVersion(string word) => word == "v" || word.All(char.IsDigit);
}
