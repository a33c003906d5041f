using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using SecureApi.Analyzers.Core;

namespace SecureApi.CodeFixes.Core;

/// <summary>
/// Whether a fix keeps what the program does for legitimate use (parameterized SQL, a generic error message, a CSPRNG)
/// or changes something other code, stored data or other systems rely on (a digest, a cipher, who may call an
/// endpoint, which tokens or origins are accepted, where a secret comes from). Every fix is created here, so each one
/// says which it is. A behaviour-changing fix carries a marked equivalence key and says in its title what changes; it
/// is applied one finding at a time when a person chooses it, and in bulk (Fix All, <c>dotnet format</c>,
/// <c>secureapi fix</c>) only when <see cref="SecureApiOptions.FixAllBehaviorChanges"/> is set for the file.
/// </summary>
internal static class FixEffect
{
    /// <summary>Ends the equivalence key of every behaviour-changing fix (<c>"SecureApi.Crypto.UseSha256" + ChangesBehavior</c>).</summary>
    public const string ChangesBehavior = ".ChangesBehavior";

    public static bool IsChanging(string? equivalenceKey) =>
        equivalenceKey is not null && equivalenceKey.EndsWith(ChangesBehavior, StringComparison.Ordinal);

    /// <summary>A fix that keeps the program's behaviour for legitimate use.</summary>
    public static CodeAction Preserving(string title, Func<CancellationToken, Task<Document>> createChangedDocument, string key) =>
        CodeAction.Create(title, createChangedDocument, key);

    /// <summary>
    /// A fix that changes behaviour: <paramref name="key"/> must end with <see cref="ChangesBehavior"/>, and the title ends
    /// with what changes (<c>"Use SHA-256 (changes the digest)"</c>).
    /// </summary>
    public static CodeAction ChangingBehavior(string title, string whatChanges, Func<CancellationToken, Task<Document>> createChangedDocument, string key)
    {
        if (!IsChanging(key))
        {
            throw new ArgumentException("A behaviour-changing fix needs a key that ends with FixEffect.ChangesBehavior.", nameof(key));
        }

        return CodeAction.Create($"{title} ({whatChanges})", createChangedDocument, key);
    }

    /// <summary>A behaviour-changing fix that edits another document than the finding's (the app's pipeline, say).</summary>
    public static CodeAction ChangingBehaviorInSolution(string title, string whatChanges, Func<CancellationToken, Task<Solution>> createChangedSolution, string key)
    {
        if (!IsChanging(key))
        {
            throw new ArgumentException("A behaviour-changing fix needs a key that ends with FixEffect.ChangesBehavior.", nameof(key));
        }

        return CodeAction.Create($"{title} ({whatChanges})", createChangedSolution, key);
    }

    /// <summary>May Fix All apply behaviour-changing fixes to <paramref name="document"/>?</summary>
    public static async Task<bool> BulkMayApplyAsync(Document document, CancellationToken cancellationToken) =>
        await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false) is { } tree
        && SecureApiOptions.FixAllBehaviorChanges.GetValue(document.Project.AnalyzerOptions, tree);
}
