using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using SecureApi.Analyzers.Core.Naming;

namespace SecureApi.Analyzers.Core.Naming;

/// <summary>
/// Names of values that hold a password: the last word says what the value is (<c>newPassword</c>,
/// <c>servicePin</c>, <c>archivePassword</c>), or it only says how the password is carried (<c>passwordBytes</c>,
/// <c>pinCode</c>, <c>plainPasswordText</c>). <c>passwordHash</c>, <c>passwordSalt</c>, <c>passwordResetToken</c>,
/// <c>passwordLength</c>, <c>pinCount</c>, <c>pinned</c> and <c>spin</c> are something else.
/// </summary>
internal static class PasswordNames
{
    /// <summary>
    /// The words that spell "password" (<c>pw</c>, <c>pwd</c>, <c>passwd</c>, ...): the one list of them, shared by the
    /// secret names (<see cref="SecretNames"/>, <see cref="CredentialNames"/>, <see cref="CredentialApis"/>).
    /// </summary>
    public static readonly ImmutableArray<string> Spellings = ImmutableArray.Create("password", "passwd", "pwd", "pw", "passphrase", "passcode");

    /// <summary>What a password hash may take: any spelling of password, and a PIN.</summary>
    private static readonly HashSet<string> PasswordWords = new(Spellings.Add("pin"), StringComparer.Ordinal);

    /// <summary>Words that describe the form of a value, not what it is.</summary>
    private static readonly HashSet<string> CarrierWords = new(StringComparer.Ordinal)
    {
        "bytes", "plain", "plaintext", "text", "raw", "input", "value", "chars", "buffer", "code",
    };

    public static bool IsPasswordLike(string? name)
    {
        var words = IdentifierWords.Split(name);
        var last = words.Length - 1;

        // Trailing digits are a counter (password2); utf8/utf16 ("utf", "8") is a carrier.
        while (last >= 0 && IsDigits(words[last]))
        {
            if (last > 0 && words[last - 1] == "utf")
            {
                last -= 2;
                continue;
            }

            last--;
        }

        while (last >= 0 && CarrierWords.Contains(words[last]))
        {
            last--;
        }

        return last >= 0 && PasswordWords.Contains(words[last]);
    }

    private static bool IsDigits(string word)
    {
        foreach (var c in word)
        {
            if (!char.IsDigit(c))
            {
                return false;
            }
        }

        return word.Length > 0;
    }
}
