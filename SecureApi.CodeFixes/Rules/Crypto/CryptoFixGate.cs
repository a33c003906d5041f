using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using SecureApi.Analyzers.Rules.Crypto;

namespace SecureApi.CodeFixes.Rules.Crypto;

/// <summary>
/// Whether a behaviour-changing crypto fix may be offered: no comment near the call says another system requires
/// the algorithm (<see cref="InteropComments"/>), and nothing compares, stores or sends the output it changes
/// (<see cref="CryptoOutputUses"/>). Computed when the fix is asked for, not by the analyzer on every keystroke.
/// </summary>
internal static class CryptoFixGate
{
    public static readonly IReadOnlyDictionary<string, string> HashWords = new Dictionary<string, string>(System.StringComparer.Ordinal)
    {
        ["md5"] = "sha256",
        ["sha1"] = "sha256",
        ["hmacmd5"] = "hmacsha256",
    };

    public static readonly IReadOnlyDictionary<string, string> CipherWords = new Dictionary<string, string>(System.StringComparer.Ordinal)
    {
        ["des"] = "aes",
        ["tdes"] = "aes",
        ["3des"] = "aes",
        ["tripledes"] = "aes",
        ["rc2"] = "aes",
    };

    /// <summary>The fix may change what <paramref name="output"/> computes.</summary>
    public static bool MayChange(SemanticModel model, SyntaxNode? output, CryptoOutputOptions options, CancellationToken cancellationToken) =>
        output is not null && model.GetOperation(output, cancellationToken) is { } operation && MayChange(operation, output, options, cancellationToken);

    /// <summary>The fix may change what <paramref name="output"/> computes; comments are looked for near <paramref name="site"/>.</summary>
    public static bool MayChange(IOperation output, SyntaxNode site, CryptoOutputOptions options, CancellationToken cancellationToken) =>
        !InteropComments.Near(site)
        && output.SemanticModel is { } model
        && CryptoOutputUses.Find(output, options, model.Compilation, cancellationToken) is null;
}
