using SecureApi.CodeFixes.Rules.Crypto;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Crypto.WeakCipherAnalyzer,
    SecureApi.CodeFixes.Rules.Crypto.WeakCipherCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Crypto;

/// <summary>
/// SAPI6004's fix changes every ciphertext: it is offered only where the ciphertext stays in the method (a round
/// trip), the keys, IVs and sizes visibly fit AES, and no comment says another system requires the old cipher.
/// </summary>
public sealed class WeakCipherFixGateTests
{
    private const string Key = WeakCipherCodeFix.UseAes;

    [Theory]
    [InlineData("// The bank's payment gateway requires 3DES (interface spec 2.1).\n        using var tdes = {|SAPI6004:TripleDES.Create()|};")]
    [InlineData("using var tdes = {|SAPI6004:TripleDES.Create()|}; // partner format")]
    [InlineData("// Card data for the legacy switch:\n        // 3DES, CBC, zero padding.\n        using var tdes = {|SAPI6004:TripleDES.Create()|};")]
    [InlineData("/* kept for interop with the HSM */ using var tdes = {|SAPI6004:TripleDES.Create()|};")]
    public Task Not_offered_where_a_comment_says_another_system_requires_it(string declaration)
    {
        var source = $$"""
            using System.Security.Cryptography;

            public static class PinBlocks
            {
                public static bool SelfTest(byte[] sample)
                {
                    {{declaration}}
                    return tdes.DecryptCbc(tdes.EncryptCbc(sample, tdes.IV), tdes.IV).AsSpan().SequenceEqual(sample);
                }
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_where_the_ciphertext_is_returned_stored_or_sent()
    {
        // Whoever decrypts it elsewhere still expects DES or TripleDES.
        const string source = """
            using System.Security.Cryptography;

            public sealed class CrmClient(byte[] key, HttpClient http)
            {
                public byte[] EncryptCustomerId(byte[] customerId)
                {
                    using var des = {|SAPI6004:DES.Create()|};
                    des.GenerateIV();
                    return [.. des.IV, .. des.EncryptCbc(customerId, des.IV)];
                }

                public void Seal(Record record)
                {
                    using var tdes = {|SAPI6004:TripleDES.Create()|};
                    tdes.Key = key;
                    record.Payload = tdes.EncryptCbc(record.Plain, tdes.IV);
                }

                public async Task SendAsync(byte[] message)
                {
                    using var tdes = {|SAPI6004:TripleDES.Create()|};
                    tdes.Key = key;
                    using var content = new ByteArrayContent(tdes.EncryptCbc(message, tdes.IV));
                    await http.PostAsync("https://crm.example.com/inbox", content);
                }

                public byte[] Stream(byte[] message)
                {
                    using var tdes = {|SAPI6004:TripleDES.Create()|};
                    using var output = new MemoryStream();
                    using (var crypto = new CryptoStream(output, tdes.CreateEncryptor(), CryptoStreamMode.Write))
                    {
                        crypto.Write(message);
                    }

                    return output.ToArray();
                }

                public static SymmetricAlgorithm Create() => {|SAPI6004:TripleDES.Create()|};
            }

            public sealed class Record
            {
                public byte[] Plain { get; set; } = [];
                public byte[] Payload { get; set; } = [];
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_where_it_decrypts_data_made_elsewhere()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class Inbox(byte[] key)
            {
                public bool Accept(byte[] box, byte[] expected)
                {
                    using var tdes = {|SAPI6004:TripleDES.Create()|};
                    tdes.Key = key;
                    return tdes.DecryptCbc(box, tdes.IV).AsSpan().SequenceEqual(expected);
                }
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Theory]
    [InlineData("des.Key = RandomNumberGenerator.GetBytes(8);")]
    [InlineData("des.Key = key;")]
    [InlineData("des.Key = new Rfc2898DeriveBytes(\"pass\", key, 600_000, HashAlgorithmName.SHA256).GetBytes(8);")]
    [InlineData("des.IV = RandomNumberGenerator.GetBytes(8);")]
    [InlineData("des.KeySize = 64;")]
    [InlineData("des.FeedbackSize = 64;")]
    public Task Not_offered_where_AES_would_throw_on_a_DES_sized_input(string setting)
    {
        // AES takes 16/24/32-byte keys and a 16-byte IV: a DES key or IV makes it throw at run time.
        var source = $$"""
            using System.Security.Cryptography;

            public static class SelfTest
            {
                public static bool RoundTrips(byte[] sample, byte[] key)
                {
                    using var des = {|SAPI6004:DES.Create()|};
                    {{setting}}
                    return des.DecryptCbc(des.EncryptCbc(sample, des.IV), des.IV).AsSpan().SequenceEqual(sample);
                }
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_for_an_IV_not_visibly_16_bytes()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class SelfTest
            {
                public static bool RoundTrips(byte[] sample, byte[] iv)
                {
                    using var tdes = {|SAPI6004:TripleDES.Create()|};
                    return tdes.DecryptCbc(tdes.EncryptCbc(sample, iv), iv).AsSpan().SequenceEqual(sample);
                }
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Fixed_where_the_key_and_IV_fit_AES()
    {
        // TripleDES keys are 16 or 24 bytes: AES-128 and AES-192 take them. A 16-byte key and IV fit too.
        const string source = """
            using System.Security.Cryptography;

            public static class SelfTest
            {
                public static bool WithKey(byte[] sample, byte[] key)
                {
                    using var tdes = {|SAPI6004:TripleDES.Create()|};
                    tdes.Key = key;
                    return tdes.DecryptCbc(tdes.EncryptCbc(sample, tdes.IV), tdes.IV).AsSpan().SequenceEqual(sample);
                }

                public static bool WithSizes(byte[] sample)
                {
                    using var rc2 = {|SAPI6004:RC2.Create()|};
                    rc2.Key = RandomNumberGenerator.GetBytes(16);
                    var iv = RandomNumberGenerator.GetBytes(16);
                    return rc2.DecryptCbc(rc2.EncryptCbc(sample, iv), iv).AsSpan().SequenceEqual(sample);
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public static class SelfTest
            {
                public static bool WithKey(byte[] sample, byte[] key)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    return aes.DecryptCbc(aes.EncryptCbc(sample, aes.IV), aes.IV).AsSpan().SequenceEqual(sample);
                }

                public static bool WithSizes(byte[] sample)
                {
                    using var aes = Aes.Create();
                    aes.Key = RandomNumberGenerator.GetBytes(16);
                    var iv = RandomNumberGenerator.GetBytes(16);
                    return aes.DecryptCbc(aes.EncryptCbc(sample, iv), iv).AsSpan().SequenceEqual(sample);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Not_renamed_where_the_new_name_is_taken()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class SelfTest
            {
                public static bool RoundTrips(byte[] sample, Aes aes)
                {
                    using var des = {|SAPI6004:DES.Create()|};
                    return des.DecryptCbc(des.EncryptCbc(sample, des.IV), des.IV).AsSpan().SequenceEqual(sample) && aes.KeySize > 0;
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public static class SelfTest
            {
                public static bool RoundTrips(byte[] sample, Aes aes)
                {
                    using var des = Aes.Create();
                    return des.DecryptCbc(des.EncryptCbc(sample, des.IV), des.IV).AsSpan().SequenceEqual(sample) && aes.KeySize > 0;
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }
}
