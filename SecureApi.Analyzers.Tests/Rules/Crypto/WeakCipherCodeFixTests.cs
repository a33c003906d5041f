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
    public Task Create_becomes_Aes_Create()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class CrmClient(byte[] key)
            {
                public byte[] EncryptCustomerId(byte[] customerId)
                {
                    using var des = {|SAPI6004:DES.Create()|};
                    des.Key = key;
                    des.GenerateIV();
                    return [.. des.IV, .. des.EncryptCbc(customerId, des.IV)];
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public sealed class CrmClient(byte[] key)
            {
                public byte[] EncryptCustomerId(byte[] customerId)
                {
                    using var des = Aes.Create();
                    des.Key = key;
                    des.GenerateIV();
                    return [.. des.IV, .. des.EncryptCbc(customerId, des.IV)];
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

            public static class Ciphers
            {
                public static System.Security.Cryptography.SymmetricAlgorithm Referral() =>
                    {|SAPI6004:System.Security.Cryptography.TripleDES.Create()|};

                public static System.Security.Cryptography.SymmetricAlgorithm Legacy() =>
                    {|SAPI6004:new System.Security.Cryptography.RC2CryptoServiceProvider()|};

                public static System.Security.Cryptography.SymmetricAlgorithm Named() =>
                    {|SAPI6004:System.Security.Cryptography.DES.Create("DES")|};
            }
            """;
        const string fixedSource = """
            namespace Exchange;

            public static class Ciphers
            {
                public static System.Security.Cryptography.SymmetricAlgorithm Referral() =>
                    System.Security.Cryptography.Aes.Create();

                public static System.Security.Cryptography.SymmetricAlgorithm Legacy() =>
                    System.Security.Cryptography.Aes.Create();

                public static System.Security.Cryptography.SymmetricAlgorithm Named() =>
                    System.Security.Cryptography.Aes.Create();
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
                public static System.Security.Cryptography.SymmetricAlgorithm Create() => {|SAPI6004:new Legacy()|};
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;
            using Legacy = System.Security.Cryptography.TripleDESCryptoServiceProvider;

            public static class Ciphers
            {
                public static System.Security.Cryptography.SymmetricAlgorithm Create() => Aes.Create();
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task CryptoConfig_names_become_AES()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Configured
            {
                private const string Algorithm = "TripleDES";

                public static SymmetricAlgorithm? A() => {|SAPI6004:SymmetricAlgorithm.Create("DES")|};

                public static SymmetricAlgorithm B() => (SymmetricAlgorithm){|SAPI6004:CryptoConfig.CreateFromName(Algorithm)|}!;
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public static class Configured
            {
                private const string Algorithm = "TripleDES";

                public static SymmetricAlgorithm? A() => SymmetricAlgorithm.Create("AES");

                public static SymmetricAlgorithm B() => (SymmetricAlgorithm)CryptoConfig.CreateFromName("AES")!;
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Fix_all_replaces_what_compiles_and_leaves_the_rest()
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
                    using var tdes = Aes.Create();
                    tdes.Key = exchangeKey;
                    tdes.GenerateIV();
                    using var encryptor = tdes.CreateEncryptor();
                    var body = encryptor.TransformFinalBlock(letter, 0, letter.Length);
                    return [.. tdes.IV, .. body];
                }

                public SymmetricAlgorithm Mainframe()
                {
                    var rc2 = {|SAPI6004:RC2.Create()|};
                    rc2.EffectiveKeySize = 128;
                    return rc2;
                }

                public SymmetricAlgorithm Provider()
                {
                    var provider = Aes.Create();
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
