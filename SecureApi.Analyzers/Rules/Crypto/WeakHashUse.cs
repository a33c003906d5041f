using Microsoft.CodeAnalysis;

namespace SecureApi.Analyzers.Rules.Crypto;

/// <summary>How a SAPI6001 finding's code produces hash values, which decides what can break when its digest gets longer.</summary>
internal enum WeakHashSubject
{
    /// <summary>A one-shot (<c>MD5.HashData(...)</c>): its result, or its destination buffer.</summary>
    OneShot,

    /// <summary>A hash object (<c>MD5.Create()</c>, <c>new SHA1Managed()</c>, a CryptoConfig factory): the results of its methods.</summary>
    HashObject,

    /// <summary>A <c>HashAlgorithmName</c> passed to an API.</summary>
    Name,
}

/// <summary>One use of MD5, SHA-1 or HMAC-MD5, with the edit that makes it SHA-256 (null when none is known).</summary>
internal sealed class WeakHashUse
{
    public WeakHashUse(IOperation operation, WeakHashSubject subject, string form, string algorithm, Location location, string? edit, SyntaxNode? editNode, string replacement)
    {
        Operation = operation;
        Subject = subject;
        Form = form;
        Algorithm = algorithm;
        Location = location;
        Edit = edit;
        EditNode = editNode;
        Replacement = replacement;
    }

    public IOperation Operation { get; }

    public WeakHashSubject Subject { get; }

    /// <summary>How the code names the algorithm: MD5.HashData, new HMACMD5, HashAlgorithmName.SHA1, CryptoConfig.CreateFromName("SHA1").</summary>
    public string Form { get; }

    /// <summary>MD5, SHA-1 or HMAC-MD5.</summary>
    public string Algorithm { get; }

    public Location Location { get; }

    /// <summary>One of the <c>WeakHashAnalyzer.*Edit</c> kinds, or null.</summary>
    public string? Edit { get; }

    public SyntaxNode? EditNode { get; }

    /// <summary>SHA256 or HMACSHA256.</summary>
    public string Replacement { get; }
}
