using Microsoft.CodeAnalysis;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>A fast hash computed over a password: the call, what is hashed (or used as HMAC key) and the algorithm.</summary>
internal sealed class PasswordHash
{
    public PasswordHash(IOperation sink, IOperation input, IOperation password, string algorithm, bool isKey)
    {
        Sink = sink;
        Input = input;
        Password = password;
        Algorithm = algorithm;
        IsKey = isKey;
    }

    /// <summary>The hash call, HMAC creation or <c>Key</c> assignment.</summary>
    public IOperation Sink { get; }

    /// <summary>The argument value hashed or used as key.</summary>
    public IOperation Input { get; }

    /// <summary>The password-like reference the input is computed from.</summary>
    public IOperation Password { get; }

    /// <summary>SHA-256, MD5, HMAC-SHA256, ... or the type name when the algorithm is not known.</summary>
    public string Algorithm { get; }

    /// <summary>The password is an HMAC key rather than the hashed data.</summary>
    public bool IsKey { get; }
}
