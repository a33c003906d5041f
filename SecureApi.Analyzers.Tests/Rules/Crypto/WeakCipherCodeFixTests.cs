using SecureApi.Analyzers.Tests.Infrastructure;
using SecureApi.CodeFixes.Rules.Crypto;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Crypto.WeakCipherAnalyzer,
    SecureApi.CodeFixes.Rules.Crypto.WeakCipherCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Crypto;

/// <summary>Fix of SAPI6004: DES, TripleDES and RC2 become AES, where the member still compiles.</summary>
public sealed class WeakCipherCodeFixTests
{
    private const string Key = WeakCipherCodeFix.UseAes;

    [Fact]
    public Task Create_becomes_Aes_Create_and_the_local_is_renamed()
    {
        // A self-test: the ciphertext never leaves the method and is decrypted by the same cipher.
        const string source = """
            using System.Security.Cryptography;

            public static class CipherSelfTest
            {
                public static bool RoundTrips(byte[] sample)
                {
                    using var des = {|SAPI6004:DES.Create()|};
                    var ciphertext = des.EncryptCbc(sample, des.IV);
                    using var desDecryptor = des.CreateDecryptor();
                    var viaTransform = desDecryptor.TransformFinalBlock(ciphertext, 0, ciphertext.Length);
                    return des.DecryptCbc(ciphertext, des.IV).AsSpan().SequenceEqual(sample) && viaTransform.AsSpan().SequenceEqual(sample);
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public static class CipherSelfTest
            {
                public static bool RoundTrips(byte[] sample)
                {
                    using var aes = Aes.Create();
                    var ciphertext = aes.EncryptCbc(sample, aes.IV);
                    using var aesDecryptor = aes.CreateDecryptor();
                    var viaTransform = aesDecryptor.TransformFinalBlock(ciphertext, 0, ciphertext.Length);
                    return aes.DecryptCbc(ciphertext, aes.IV).AsSpan().SequenceEqual(sample) && viaTransform.AsSpan().SequenceEqual(sample);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Providers_and_qualified_names_keep_their_style()
    {
        const string source = """
            namespace Exchange;

            public static class SelfTests
            {
                public static bool Referral(byte[] sample)
                {
                    using var cipher = {|SAPI6004:System.Security.Cryptography.TripleDES.Create()|};
                    return cipher.DecryptCbc(cipher.EncryptCbc(sample, cipher.IV), cipher.IV).AsSpan().SequenceEqual(sample);
                }

                public static bool Legacy(byte[] sample)
                {
                    using var cipher = {|SAPI6004:new System.Security.Cryptography.RC2CryptoServiceProvider()|};
                    return cipher.DecryptCbc(cipher.EncryptCbc(sample, cipher.IV), cipher.IV).AsSpan().SequenceEqual(sample);
                }

                public static bool Named(byte[] sample)
                {
                    using var cipher = {|SAPI6004:System.Security.Cryptography.DES.Create("DES")|};
                    return cipher.DecryptCbc(cipher.EncryptCbc(sample, cipher.IV), cipher.IV).AsSpan().SequenceEqual(sample);
                }
            }
            """;
        const string fixedSource = """
            namespace Exchange;

            public static class SelfTests
            {
                public static bool Referral(byte[] sample)
                {
                    using var cipher = System.Security.Cryptography.Aes.Create();
                    return cipher.DecryptCbc(cipher.EncryptCbc(sample, cipher.IV), cipher.IV).AsSpan().SequenceEqual(sample);
                }

                public static bool Legacy(byte[] sample)
                {
                    using var cipher = System.Security.Cryptography.Aes.Create();
                    return cipher.DecryptCbc(cipher.EncryptCbc(sample, cipher.IV), cipher.IV).AsSpan().SequenceEqual(sample);
                }

                public static bool Named(byte[] sample)
                {
                    using var cipher = System.Security.Cryptography.Aes.Create();
                    return cipher.DecryptCbc(cipher.EncryptCbc(sample, cipher.IV), cipher.IV).AsSpan().SequenceEqual(sample);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Using_is_added_for_an_alias()
    {
        const string source = """
            using Legacy = System.Security.Cryptography.TripleDESCryptoServiceProvider;

            public static class Ciphers
            {
                public static bool SelfTest(byte[] sample)
                {
                    using var tripleDes = {|SAPI6004:new Legacy()|};
                    return tripleDes.DecryptCbc(tripleDes.EncryptCbc(sample, tripleDes.IV), tripleDes.IV).AsSpan().SequenceEqual(sample);
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;
            using Legacy = System.Security.Cryptography.TripleDESCryptoServiceProvider;

            public static class Ciphers
            {
                public static bool SelfTest(byte[] sample)
                {
                    using var aes = Aes.Create();
                    return aes.DecryptCbc(aes.EncryptCbc(sample, aes.IV), aes.IV).AsSpan().SequenceEqual(sample);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task CryptoConfig_names_become_AES()
    {
        const string source = """
            using System.Security.Cryptography;

            #pragma warning disable SYSLIB0045
            public static class Configured
            {
                private const string Algorithm = "TripleDES";

                public static bool A(byte[] sample)
                {
                    using var cipher = {|SAPI6004:SymmetricAlgorithm.Create("DES")|}!;
                    return cipher.DecryptCbc(cipher.EncryptCbc(sample, cipher.IV), cipher.IV).AsSpan().SequenceEqual(sample);
                }

                public static bool B(byte[] sample)
                {
                    using var cipher = (SymmetricAlgorithm){|SAPI6004:CryptoConfig.CreateFromName(Algorithm)|}!;
                    return cipher.DecryptCbc(cipher.EncryptCbc(sample, cipher.IV), cipher.IV).AsSpan().SequenceEqual(sample);
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            #pragma warning disable SYSLIB0045
            public static class Configured
            {
                private const string Algorithm = "TripleDES";

                public static bool A(byte[] sample)
                {
                    using var cipher = SymmetricAlgorithm.Create("AES")!;
                    return cipher.DecryptCbc(cipher.EncryptCbc(sample, cipher.IV), cipher.IV).AsSpan().SequenceEqual(sample);
                }

                public static bool B(byte[] sample)
                {
                    using var cipher = (SymmetricAlgorithm)CryptoConfig.CreateFromName("AES")!;
                    return cipher.DecryptCbc(cipher.EncryptCbc(sample, cipher.IV), cipher.IV).AsSpan().SequenceEqual(sample);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Fix_all_replaces_what_may_change_and_leaves_the_rest()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class MedicalRecordProtector
            {
                private readonly SymmetricAlgorithm _archive = {|SAPI6004:TripleDES.Create()|};
                private readonly TripleDES _exchange = {|SAPI6004:TripleDES.Create()|};

                public byte[] EncryptForExchange(byte[] letter, byte[] exchangeKey)
                {
                    using var tdes = {|SAPI6004:TripleDES.Create()|};
                    tdes.Key = exchangeKey;
                    tdes.GenerateIV();
                    using var encryptor = tdes.CreateEncryptor();
                    var body = encryptor.TransformFinalBlock(letter, 0, letter.Length);
                    return [.. tdes.IV, .. body];
                }

                public bool SelfTest(byte[] sample)
                {
                    using var tdes = {|SAPI6004:TripleDES.Create()|};
                    tdes.GenerateKey();
                    return tdes.DecryptCbc(tdes.EncryptCbc(sample, tdes.IV), tdes.IV).AsSpan().SequenceEqual(sample);
                }

                public SymmetricAlgorithm Mainframe()
                {
                    var rc2 = {|SAPI6004:RC2.Create()|};
                    rc2.EffectiveKeySize = 128;
                    return rc2;
                }

                public SymmetricAlgorithm Provider()
                {
                    var provider = {|SAPI6004:new DESCryptoServiceProvider()|};
                    provider.{|SAPI6004:Mode = CipherMode.ECB|};
                    return provider;
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public sealed class MedicalRecordProtector
            {
                private readonly SymmetricAlgorithm _archive = Aes.Create();
                private readonly TripleDES _exchange = {|SAPI6004:TripleDES.Create()|};

                public byte[] EncryptForExchange(byte[] letter, byte[] exchangeKey)
                {
                    using var tdes = {|SAPI6004:TripleDES.Create()|};
                    tdes.Key = exchangeKey;
                    tdes.GenerateIV();
                    using var encryptor = tdes.CreateEncryptor();
                    var body = encryptor.TransformFinalBlock(letter, 0, letter.Length);
                    return [.. tdes.IV, .. body];
                }

                public bool SelfTest(byte[] sample)
                {
                    using var aes = Aes.Create();
                    aes.GenerateKey();
                    return aes.DecryptCbc(aes.EncryptCbc(sample, aes.IV), aes.IV).AsSpan().SequenceEqual(sample);
                }

                public SymmetricAlgorithm Mainframe()
                {
                    var rc2 = {|SAPI6004:RC2.Create()|};
                    rc2.EffectiveKeySize = 128;
                    return rc2;
                }

                public SymmetricAlgorithm Provider()
                {
                    var provider = {|SAPI6004:new DESCryptoServiceProvider()|};
                    provider.{|SAPI6004:Mode = CipherMode.ECB|};
                    return provider;
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Top_level_statements_are_checked_as_a_whole()
    {
        const string source = """
            using System.Security.Cryptography;

            var legacy = {|SAPI6004:DES.Create()|};
            legacy.GenerateKey();

            // The parameter needs a DES: Aes.Create() in the first statement would break this one.
            Console.WriteLine(IsWeak(legacy));

            static bool IsWeak(DES des) => DES.IsWeakKey(des.Key);
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_when_the_old_type_is_needed()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Legacy
            {
                public static TripleDES Explicit()
                {
                    TripleDES tdes = {|SAPI6004:TripleDES.Create()|};
                    return tdes;
                }

                public static DES Returned() => {|SAPI6004:DES.Create()|};

                public static byte[] Passed(byte[] data, byte[] iv)
                {
                    var des = {|SAPI6004:DES.Create()|};
                    return Encrypt(des, data, iv);
                }

                private static byte[] Encrypt(DES des, byte[] data, byte[] iv) => des.EncryptCbc(data, iv);
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_for_initializers_own_types_and_other_findings()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Others
            {
                public static SymmetricAlgorithm Initialized(byte[] key) => {|SAPI6004:new TripleDESCryptoServiceProvider|}
                {
                    Key = key,
                };

                public static SymmetricAlgorithm Own() => {|SAPI6004:new HsmTripleDes()|};

                public static byte[] Ecb(Aes aes, byte[] block) => {|SAPI6004:aes.EncryptEcb(block, PaddingMode.PKCS7)|};

                public static byte[] ZeroIv(Aes aes, byte[] data) => aes.EncryptCbc(data, {|SAPI6004:new byte[16]|});
            }

            public sealed class HsmTripleDes : TripleDES
            {
                public override ICryptoTransform CreateDecryptor(byte[] rgbKey, byte[]? rgbIV) => throw new NotSupportedException();

                public override ICryptoTransform CreateEncryptor(byte[] rgbKey, byte[]? rgbIV) => throw new NotSupportedException();

                public override void GenerateIV() => IVValue = RandomNumberGenerator.GetBytes(8);

                public override void GenerateKey() => KeyValue = RandomNumberGenerator.GetBytes(24);
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }
}
