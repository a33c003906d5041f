using Microsoft.CodeAnalysis;
using SecureApi.Analyzers.Rules.Crypto;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;

namespace SecureApi.Analyzers.Tests.Rules.Crypto;

/// <summary>
/// The shared gate of the behaviour-changing crypto fixes, asked directly: why an output may not change. The
/// expression after <c>/*out*/</c> is the output followed.
/// </summary>
public sealed class CryptoOutputUsesTests
{
    private const string Marker = "/*out*/";

    [Theory]
    [InlineData("public bool A(byte[] d, byte[] s) => /*out*/MD5.HashData(d).SequenceEqual(s);", nameof(CryptoOutputUse.Compared))]
    [InlineData("public bool A(byte[] d, string s) => Convert.ToHexString(/*out*/MD5.HashData(d)) != s;", nameof(CryptoOutputUse.Compared))]
    [InlineData("public int A(byte[] d) => Convert.ToHexString(/*out*/MD5.HashData(d)) switch { \"A\" => 1, _ => 0 };", nameof(CryptoOutputUse.Compared))]
    [InlineData("public void A(HttpResponse r, byte[] d) => r.Headers[\"Content-MD5\"] = Convert.ToBase64String(/*out*/MD5.HashData(d));", nameof(CryptoOutputUse.Sent))]
    [InlineData("public Task A(HttpResponse r, byte[] d) => r.WriteAsync(Convert.ToHexString(/*out*/MD5.HashData(d)));", nameof(CryptoOutputUse.Sent))]
    [InlineData("public IResult A(byte[] d) => Results.Ok(/*out*/MD5.HashData(d));", nameof(CryptoOutputUse.Sent))]
    [InlineData("public void A(Holder h, byte[] d) => h.Digest = /*out*/MD5.HashData(d);", nameof(CryptoOutputUse.Stored))]
    [InlineData("public void A(byte[] d) => File.WriteAllBytes(\"x\", /*out*/MD5.HashData(d));", nameof(CryptoOutputUse.Stored))]
    [InlineData("public Holder A(byte[] d) => new Holder(/*out*/MD5.HashData(d));", nameof(CryptoOutputUse.Stored))]
    [InlineData("public void A(List<byte[]> all, byte[] d) => all.Add(/*out*/MD5.HashData(d));", nameof(CryptoOutputUse.Compared))]
    [InlineData("public void A(byte[] d, out byte[] h) => h = /*out*/MD5.HashData(d);", nameof(CryptoOutputUse.LeavesMethod))]
    public async Task Escapes_with_the_reason(string member, string expected)
    {
        var escape = await FindAsync(member, CryptoOutputOptions.Digest);
        Assert.NotNull(escape);
        Assert.Equal(expected, escape!.Use.ToString());
    }

    [Theory]
    [InlineData("public string A(byte[] d) => Convert.ToHexString(/*out*/MD5.HashData(d)).ToLowerInvariant();")]
    [InlineData("public int A(byte[] d) { var seen = new HashSet<string>(); seen.Add(Convert.ToHexString(/*out*/MD5.HashData(d))); return seen.Count; }")]
    [InlineData("public void A(ILogger l, byte[] d) => l.LogInformation(\"{D}\", Convert.ToHexString(/*out*/MD5.HashData(d)));")]
    [InlineData("public void A(HttpResponse r, byte[] d) => r.Headers.ETag = Convert.ToHexString(/*out*/MD5.HashData(d));")]
    [InlineData("public bool A(byte[] a, byte[] b) { using var md5 = /*out*/MD5.Create(); return md5.ComputeHash(a).SequenceEqual(md5.ComputeHash(b)); }")]
    [InlineData("public bool A(byte[] d) => /*out*/MD5.HashData(d) is null;")]
    public async Task Stays_in_this_run(string member)
    {
        var escape = await FindAsync(member, CryptoOutputOptions.Digest);
        Assert.Null(escape);
    }

    [Theory]
    [InlineData("public byte[] A(byte[] d) { using var des = /*out*/DES.Create(); return [.. des.IV, .. des.EncryptCbc(d, des.IV)]; }", nameof(CryptoOutputUse.LeavesMethod))]
    [InlineData("public byte[] A(byte[] d) { using var des = /*out*/DES.Create(); return des.EncryptCbc(d, des.IV); }", nameof(CryptoOutputUse.LeavesMethod))]
    [InlineData("public SymmetricAlgorithm A() => /*out*/DES.Create();", nameof(CryptoOutputUse.LeavesMethod))]
    [InlineData("public bool A(byte[] box, byte[] e) { using var des = /*out*/TripleDES.Create(); return des.DecryptCbc(box, des.IV).SequenceEqual(e); }", nameof(CryptoOutputUse.DecryptsOtherData))]
    [InlineData("public bool A(byte[] d, byte[] k) { using var des = /*out*/DES.Create(); des.Key = k; return des.DecryptCbc(des.EncryptCbc(d, des.IV), des.IV).SequenceEqual(d); }", nameof(CryptoOutputUse.UnfitInput))]
    public async Task Ciphertext_escapes_with_the_reason(string member, string expected)
    {
        var escape = await FindAsync(member, CryptoOutputOptions.Cipher(checkAesKey: true));
        Assert.NotNull(escape);
        Assert.Equal(expected, escape!.Use.ToString());
    }

    [Fact]
    public async Task Ciphertext_of_a_round_trip_stays()
    {
        var escape = await FindAsync(
            "public bool A(byte[] d) { using var des = /*out*/DES.Create(); var c = des.EncryptCbc(d, des.IV); return des.DecryptCbc(c, des.IV).AsSpan().SequenceEqual(d); }",
            CryptoOutputOptions.Cipher(checkAesKey: true));
        Assert.Null(escape);
    }

    [Fact]
    public async Task Half_typed_code_gives_an_answer_without_throwing()
    {
        var escape = await FindAsync("public bool A(byte[] d) => Convert.ToHexString(/*out*/MD5.HashData(d)) == ", CryptoOutputOptions.Digest);
        Assert.NotNull(escape);
    }

    private static async Task<CryptoOutputEscape?> FindAsync(string member, CryptoOutputOptions options)
    {
        var source = $$"""
            using System.Security.Cryptography;

            public sealed class Subject
            {
                {{member}}
            }

            public sealed class Holder
            {
                public Holder() { }

                public Holder(byte[] digest) => Digest = digest;

                public byte[] Digest { get; set; } = [];

                public static string Sample(byte[] data) => Convert.ToHexString(MD5.HashData(data));
            }
            """;
        var workspace = await SnippetWorkspace.CreateAsync();
        var document = workspace.With(source);
        var root = await document.GetSyntaxRootAsync();
        var model = await document.GetSemanticModelAsync();
        var position = source.IndexOf(Marker, StringComparison.Ordinal) + Marker.Length;
        var node = root!.FindToken(position).Parent!;
        var output = node.AncestorsAndSelf().Select(n => model!.GetOperation(n)).First(o => o is not null && o.Syntax.SpanStart == position
                                                                                           && o.Kind is OperationKind.Invocation or OperationKind.ObjectCreation);
        return CryptoOutputUses.Find(output!, options, model!.Compilation, CancellationToken.None);
    }
}
