using System.Collections.Immutable;
using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Crypto.WeakCipherAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Crypto;

/// <summary>SAPI6004: DES, TripleDES, RC2, ECB mode, constant IVs and nonces, hard-coded keys.</summary>
public sealed class WeakCipherAnalyzerTests
{
    private const string UseAes = ": use AES (Aes.Create(), or AesGcm for authenticated encryption)";
    private const string Des = "DES is a broken cipher (56-bit keys)" + UseAes;
    private const string TripleDes = "TripleDES is a weak cipher (64-bit blocks, open to Sweet32; withdrawn by NIST)" + UseAes;
    private const string Rc2 = "RC2 is a broken cipher (weak key schedule, 64-bit blocks)" + UseAes;
    private const string Ecb = "ECB mode encrypts equal blocks to equal ciphertext: use GCM (AesGcm) or CBC with a random IV";

    private static DiagnosticResult Finding(int markup, string message) =>
        Verify.Diagnostic(Descriptors.WeakCipher).WithLocation(markup).WithArguments(message);

    private static string Iv(string? name, bool zero, string generate = "aes.GenerateIV()") =>
        $"The IV{(name is null ? string.Empty : $" '{name}'")} is constant{(zero ? " (all zero)" : string.Empty)}: generate a random IV for every message ({generate} or RandomNumberGenerator.GetBytes) and send it with the ciphertext";

    private static string Nonce(string? name, bool zero, string cipher) =>
        $"The nonce{(name is null ? string.Empty : $" '{name}'")} is constant{(zero ? " (all zero)" : string.Empty)}: a nonce used twice with the same key breaks {cipher} completely; generate a random nonce for every message (RandomNumberGenerator.Fill) and send it with the ciphertext";

    private static string Key(string? name, bool zero = false) =>
        $"The key{(name is null ? string.Empty : $" '{name}'")} is hard-coded{(zero ? " (all zero)" : string.Empty)}: load it from a key store or configuration";

    // ---------------------------------------------------------------- DES, TripleDES, RC2

    [Fact]
    public Task Weak_algorithms_created_with_Create()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class LegacyPartnerCipher
            {
                private readonly TripleDES _exchange = {|#0:TripleDES.Create()|};

                public byte[] ForBank(byte[] data, byte[] key)
                {
                    using var des = {|#1:DES.Create()|};
                    des.Key = key;
                    des.GenerateIV();
                    return des.EncryptCbc(data, des.IV);
                }

                public SymmetricAlgorithm ForMainframe() => {|#2:RC2.Create()|};

                public SymmetricAlgorithm Named() => {|#3:System.Security.Cryptography.DES.Create("DES")|};

                public SymmetricAlgorithm Wrapped()
                {
                    var cipher = TripleDES
                        .{|#4:Create()|};
                    return cipher;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, TripleDes),
            Finding(1, Des),
            Finding(2, Rc2),
            Finding(3, Des),
            Finding(4, TripleDes));
    }

    [Fact]
    public Task Weak_algorithms_created_with_new()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Providers
            {
                public static SymmetricAlgorithm A() => {|#0:new DESCryptoServiceProvider()|};

                public static SymmetricAlgorithm B() => {|#1:new TripleDESCryptoServiceProvider()|};

                public static SymmetricAlgorithm C() => {|#2:new RC2CryptoServiceProvider()|};

                public static SymmetricAlgorithm D() => {|#3:new TripleDESCng()|};

                public static SymmetricAlgorithm E(byte[] key) => {|#4:new TripleDESCryptoServiceProvider|}
                {
                    Key = key,
                    Mode = CipherMode.CBC,
                };

                public static SymmetricAlgorithm F() => {|#5:new HsmDes()|};
            }

            public sealed class HsmDes : DES
            {
                public override ICryptoTransform CreateDecryptor(byte[] rgbKey, byte[]? rgbIV) => throw new NotSupportedException();

                public override ICryptoTransform CreateEncryptor(byte[] rgbKey, byte[]? rgbIV) => throw new NotSupportedException();

                public override void GenerateIV() => IVValue = RandomNumberGenerator.GetBytes(8);

                public override void GenerateKey() => KeyValue = RandomNumberGenerator.GetBytes(8);
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, Des),
            Finding(1, TripleDes),
            Finding(2, Rc2),
            Finding(3, TripleDes),
            Finding(4, TripleDes),
            Finding(5, Des));
    }

    [Fact]
    public Task Weak_algorithms_created_by_CryptoConfig_name()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Configured
            {
                private const string Legacy = "Triple DES";

                public static SymmetricAlgorithm? A() => {|#0:SymmetricAlgorithm.Create("DES")|};

                public static object? B() => {|#1:CryptoConfig.CreateFromName("TripleDES")|};

                public static object? C() => {|#2:CryptoConfig.CreateFromName("3des")|};

                public static object? D() => {|#3:CryptoConfig.CreateFromName(Legacy)|};

                public static SymmetricAlgorithm E() => (SymmetricAlgorithm){|#4:CryptoConfig.CreateFromName("System.Security.Cryptography.RC2CryptoServiceProvider")|}!;

                public static SymmetricAlgorithm? F() => {|#5:SymmetricAlgorithm.Create("System.Security.Cryptography.DES")|};

                // Not weak: AES by name, and names from configuration.
                public static SymmetricAlgorithm? G() => SymmetricAlgorithm.Create("AES");

                public static object? H(string name) => CryptoConfig.CreateFromName(name);
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, Des),
            Finding(1, TripleDes),
            Finding(2, TripleDes),
            Finding(3, TripleDes),
            Finding(4, Rc2),
            Finding(5, Des));
    }

    // ---------------------------------------------------------------- ECB

    [Fact]
    public Task Ecb_mode_assigned_or_passed()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class SensorFrames
            {
                public static byte[] Gen1(byte[] frame, byte[] deviceKey)
                {
                    using var aes = Aes.Create();
                    aes.Key = deviceKey;
                    aes.{|#0:Mode = CipherMode.ECB|};
                    aes.Padding = PaddingMode.None;
                    using var decryptor = aes.CreateDecryptor();
                    return decryptor.TransformFinalBlock(frame, 0, frame.Length);
                }

                public static SymmetricAlgorithm Configured(byte[] key)
                {
                    var mode = CipherMode.ECB;
                    var aes = Aes.Create();
                    aes.Key = key;
                    aes.{|#1:Mode = mode|};
                    return aes;
                }

                public static Aes Initialized() => new AesManaged { {|#2:Mode = CipherMode.ECB|} };

                public static byte[] Helper(byte[] data, byte[] key) => Transform(data, key, {|#3:CipherMode.ECB|});

                private static byte[] Transform(byte[] data, byte[] key, CipherMode mode)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    aes.Mode = mode;
                    return aes.CreateEncryptor().TransformFinalBlock(data, 0, data.Length);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Finding(0, Ecb), Finding(1, Ecb), Finding(2, Ecb), Finding(3, Ecb));
    }

    [Fact]
    public Task Ecb_one_shot_methods()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class TokenCipher(byte[] key)
            {
                public byte[] Encrypt(byte[] block)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    return {|#0:aes.EncryptEcb(block, PaddingMode.PKCS7)|};
                }

                public byte[] Decrypt(byte[] block)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    return {|#1:aes.DecryptEcb(block, PaddingMode.PKCS7)|};
                }

                public bool TryEncrypt(ReadOnlySpan<byte> block, Span<byte> output, out int written)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    return {|#2:aes.TryEncryptEcb(block, output, PaddingMode.None, out written)|};
                }

                public bool TryDecrypt(ReadOnlySpan<byte> block, Span<byte> output, out int written)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    return {|#3:aes.TryDecryptEcb(block, output, PaddingMode.None, out written)|};
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Finding(0, Ecb), Finding(1, Ecb), Finding(2, Ecb), Finding(3, Ecb));
    }

    [Fact]
    public Task Ecb_in_comparisons_and_other_modes_are_not_reported()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Modes
            {
                public static void Check(SymmetricAlgorithm algorithm)
                {
                    if (algorithm.Mode == CipherMode.ECB || algorithm.Mode.Equals(CipherMode.ECB))
                    {
                        throw new CryptographicException("ECB is not allowed");
                    }

                    var safe = algorithm.Mode is not CipherMode.ECB;
                    var name = algorithm.Mode switch
                    {
                        CipherMode.ECB => "ecb",
                        CipherMode.CBC => "cbc",
                        _ => "other",
                    };
                    Console.WriteLine($"{safe} {name} {nameof(CipherMode.ECB)}");
                }

                public static Aes Cbc(byte[] key)
                {
                    var aes = Aes.Create();
                    aes.Key = key;
                    aes.Mode = CipherMode.CBC;
                    aes.GenerateIV();
                    return aes;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    // ---------------------------------------------------------------- constant IVs and nonces

    [Fact]
    public Task Constant_IV_local_is_reported_at_the_call()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class PayloadCipher
            {
                public static byte[] DecryptGen2Frame(byte[] frame, byte[] deviceKey)
                {
                    using var aes = Aes.Create();
                    aes.Key = deviceKey;
                    var iv = new byte[16];

                    return aes.DecryptCbc(frame, {|#0:iv|}, PaddingMode.PKCS7);
                }

                public static byte[] Encrypt(byte[] data, byte[] key)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    byte[] iv = [0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F];
                    Console.WriteLine($"IV of {iv.Length} bytes: {Convert.ToHexString(iv)}");
                    return aes.EncryptCfb(data, {|#1:iv|});
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Finding(0, Iv("iv", zero: true)), Finding(1, Iv("iv", zero: false)));
    }

    [Fact]
    public Task Constant_IV_in_every_form()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public static class FileVault
            {
                public static SymmetricAlgorithm A(byte[] key)
                {
                    var aes = Aes.Create();
                    aes.Key = key;
                    aes.{|#0:IV = new byte[16]|};
                    return aes;
                }

                public static SymmetricAlgorithm B(byte[] key)
                {
                    var aes = Aes.Create();
                    aes.Key = key;
                    aes.{|#1:IV = Encoding.UTF8.GetBytes("0123456789abcdef")|};
                    return aes;
                }

                public static SymmetricAlgorithm C(byte[] key) => new AesManaged { Key = key, {|#2:IV = Convert.FromBase64String("AAECAwQFBgcICQoLDA0ODw==")|} };

                public static byte[] D(Aes aes, byte[] data) => aes.EncryptCbc(data, {|#3:Convert.FromHexString("000102030405060708090A0B0C0D0E0F")|});

                public static byte[] E(Aes aes, byte[] data) => aes.EncryptCbc(data, {|#4:"fixed-iv-16bytes"u8.ToArray()|});

                public static byte[] F(Aes aes, byte[] data) => aes.DecryptCfb(data, {|#5:"fixed-iv-16bytes"u8|}, PaddingMode.PKCS7, 8);

                public static bool G(Aes aes, ReadOnlySpan<byte> data, Span<byte> output, out int written) =>
                    aes.TryEncryptCbc(data, {|#6:new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }|}, output, out written);

                public static ICryptoTransform H(Aes aes, byte[] key) => aes.CreateEncryptor(key, {|#7:new byte[16]|});

                public static ICryptoTransform I(SymmetricAlgorithm cipher, byte[] key) => cipher.CreateDecryptor(key, {|#8:new byte[cipher.BlockSize / 8]|});
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, Iv(null, zero: true)),
            Finding(1, Iv(null, zero: false)),
            Finding(2, Iv(null, zero: false, generate: "GenerateIV()")),
            Finding(3, Iv(null, zero: false)),
            Finding(4, Iv(null, zero: false)),
            Finding(5, Iv(null, zero: false)),
            Finding(6, Iv(null, zero: false)),
            Finding(7, Iv(null, zero: true)),
            Finding(8, Iv(null, zero: true, generate: "cipher.GenerateIV()")));
    }

    [Fact]
    public Task Constant_IV_in_fields_and_properties()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class ReportProtector(byte[] key)
            {
                private static readonly byte[] FixedIv = { 0x4f, 0x6e, 0x65, 0x49, 0x56, 0x46, 0x6f, 0x72, 0x41, 0x6c, 0x6c, 0x52, 0x65, 0x70, 0x6f, 0x72 };
                private static readonly byte[] TextIv = Encoding.ASCII.GetBytes(IvText);
                private const string IvText = "ReportsIV-2019!!";

                private static ReadOnlySpan<byte> SpanIv => [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

                private static byte[] ZeroIv => new byte[16];

                public byte[] A(byte[] data)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    return aes.EncryptCbc(data, {|#0:FixedIv|});
                }

                public byte[] B(byte[] data)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    return aes.EncryptCbc(data, {|#1:TextIv|});
                }

                public byte[] C(byte[] data)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    return aes.EncryptCbc(data, {|#2:SpanIv|});
                }

                public byte[] D(byte[] data)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    aes.{|#3:IV = ZeroIv|};
                    return aes.CreateEncryptor().TransformFinalBlock(data, 0, data.Length);
                }

                public byte[] E(byte[] data)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    return aes.EncryptCbc(data, {|#4:LegacyVectors.Iv|});
                }

                public byte[] F(byte[] data)
                {
                    using var aes = Aes.Create();
                    aes.{|#5:Key = LegacyVectors.Key|};
                    return aes.EncryptCbc(data, LegacyVectors.Buffer);
                }
            }
            """;
        var options = new SnippetOptions
        {
            AdditionalSources = ImmutableArray.Create("""
                public static class LegacyVectors
                {
                    public static readonly byte[] Iv = Convert.FromBase64String("AAECAwQFBgcICQoLDA0ODw==");

                    public static readonly byte[] Key = { 0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c };

                    // Filled at startup: not constant.
                    public static readonly byte[] Buffer = new byte[16];
                }
                """),
        };
        return Verify.VerifyAnalyzerAsync(
            source,
            options,
            Finding(0, Iv("FixedIv", zero: false)),
            Finding(1, Iv("TextIv", zero: false)),
            Finding(2, Iv("SpanIv", zero: false)),
            Finding(3, Iv("ZeroIv", zero: true)),
            Finding(4, Iv("Iv", zero: false)),
            Finding(5, Key("Key")));
    }

    [Fact]
    public Task Constant_nonces_of_authenticated_ciphers()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class MessageSealer(byte[] key)
            {
                private static readonly byte[] FixedNonce = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

                public byte[] Gcm(byte[] plaintext)
                {
                    var nonce = new byte[12];
                    var tag = new byte[16];
                    var ciphertext = new byte[plaintext.Length];
                    using var gcm = new AesGcm(key, 16);
                    gcm.Encrypt({|#0:nonce|}, plaintext, ciphertext, tag);
                    return [.. tag, .. ciphertext];
                }

                public byte[] Ccm(byte[] plaintext)
                {
                    var tag = new byte[16];
                    var ciphertext = new byte[plaintext.Length];
                    using var ccm = new AesCcm(key);
                    ccm.Encrypt({|#1:FixedNonce|}, plaintext, ciphertext, tag);
                    return [.. tag, .. ciphertext];
                }

                public void ChaCha(ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag)
                {
                    using var chacha = new ChaCha20Poly1305(key);
                    chacha.Encrypt({|#2:new byte[12]|}, plaintext, ciphertext, tag);
                }

                public byte[] RoundTrip(byte[] plaintext)
                {
                    var nonce = new byte[12];
                    var tag = new byte[16];
                    var ciphertext = new byte[plaintext.Length];
                    var decrypted = new byte[plaintext.Length];
                    using var gcm = new AesGcm(key, 16);
                    gcm.Encrypt({|#3:nonce|}, plaintext, ciphertext, tag);
                    gcm.Decrypt(nonce, ciphertext, tag, decrypted);
                    return decrypted;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, Nonce("nonce", zero: true, "AES-GCM")),
            Finding(1, Nonce("FixedNonce", zero: false, "AES-CCM")),
            Finding(2, Nonce(null, zero: true, "ChaCha20-Poly1305")),
            Finding(3, Nonce("nonce", zero: true, "AES-GCM")));
    }

    [Fact]
    public Task Random_and_received_IVs_are_not_reported()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Envelope
            {
                public static byte[] Seal(byte[] command, byte[] key)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    aes.GenerateIV();
                    var body = aes.EncryptCbc(command, aes.IV, PaddingMode.PKCS7);
                    return [.. aes.IV, .. body];
                }

                public static byte[] SealRandom(byte[] command, byte[] key)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    var iv = RandomNumberGenerator.GetBytes(16);
                    aes.IV = iv;
                    return [.. iv, .. aes.EncryptCbc(command, iv)];
                }

                public static byte[] SealFilled(byte[] command, byte[] key)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    var iv = new byte[16];
                    RandomNumberGenerator.Fill(iv);
                    return [.. iv, .. aes.EncryptCbc(command, iv)];
                }

                public static byte[] Open(byte[] data, byte[] key)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    aes.IV = data[..16];
                    using var decryptor = aes.CreateDecryptor();
                    return decryptor.TransformFinalBlock(data, 16, data.Length - 16);
                }

                public static byte[] OpenSpan(byte[] frame, byte[] key)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    return aes.DecryptCbc(frame.AsSpan(16), frame.AsSpan(0, 16));
                }

                public static byte[] OpenStream(Stream input, byte[] key)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    var iv = new byte[16];
                    input.ReadExactly(iv);
                    var rest = new MemoryStream();
                    input.CopyTo(rest);
                    return aes.DecryptCbc(rest.ToArray(), iv);
                }

                public static byte[] OpenCopied(byte[] data, byte[] key)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    var iv = new byte[16];
                    Buffer.BlockCopy(data, 0, iv, 0, iv.Length);
                    return aes.DecryptCbc(data.AsSpan(16), iv);
                }

                public static byte[] OpenCopiedSpan(byte[] data, byte[] key)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    var iv = new byte[16];
                    data.AsSpan(0, 16).CopyTo(iv);
                    return aes.DecryptCbc(data.AsSpan(16), iv);
                }

                public static byte[] Counter(byte[] data, byte[] key, byte sequence)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    var iv = new byte[16];
                    iv[15] = sequence;
                    return aes.EncryptCbc(data, iv);
                }

                public static byte[] Helper(byte[] data, byte[] key)
                {
                    using var aes = Aes.Create();
                    aes.Key = key;
                    var iv = new byte[16];
                    FillFromClock(iv);
                    return aes.EncryptCbc(data, iv);
                }

                private static void FillFromClock(byte[] buffer) => BitConverter.TryWriteBytes(buffer, DateTime.UtcNow.Ticks);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Random_nonces_are_not_reported()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class MedicalRecordProtector
            {
                private const int TagSize = 16;
                private readonly byte[] _recordKey;
                private readonly byte[] _nonceBuffer = new byte[12];

                public MedicalRecordProtector(IConfiguration configuration)
                {
                    _recordKey = Convert.FromBase64String(configuration["Records:EncryptionKey"]!);
                }

                public byte[] Protect(byte[] document)
                {
                    var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
                    var tag = new byte[TagSize];
                    var cipher = new byte[document.Length];
                    using var aes = new AesGcm(_recordKey, TagSize);
                    aes.Encrypt(nonce, document, cipher, tag);
                    return [.. nonce, .. tag, .. cipher];
                }

                public byte[] ProtectFilled(byte[] document)
                {
                    var nonce = new byte[12];
                    RandomNumberGenerator.Fill(nonce);
                    var tag = new byte[TagSize];
                    var cipher = new byte[document.Length];
                    using var aes = new AesGcm(_recordKey, TagSize);
                    aes.Encrypt(nonce, document, cipher, tag);
                    return [.. nonce, .. tag, .. cipher];
                }

                public byte[] ProtectWithBuffer(byte[] document)
                {
                    RandomNumberGenerator.Fill(_nonceBuffer);
                    var tag = new byte[TagSize];
                    var cipher = new byte[document.Length];
                    using var aes = new AesGcm(_recordKey, TagSize);
                    aes.Encrypt(_nonceBuffer, document, cipher, tag);
                    return [.. _nonceBuffer, .. tag, .. cipher];
                }

                public byte[] Unprotect(byte[] payload)
                {
                    var nonce = payload.AsSpan(0, 12);
                    var tag = payload.AsSpan(12, TagSize);
                    var cipher = payload.AsSpan(12 + TagSize);
                    var plain = new byte[cipher.Length];
                    using var aes = new AesGcm(_recordKey, TagSize);
                    aes.Decrypt(nonce, cipher, tag, plain);
                    return plain;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    // ---------------------------------------------------------------- hard-coded keys

    [Fact]
    public Task Hard_coded_keys()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class ArchiveNotes
            {
                private static readonly byte[] ArchiveKey = Convert.FromBase64String("q83vASNFZ4mrze8BI0VniavN7wEjRWeJq83vASNFZ4k=");

                public string Decrypt(string base64)
                {
                    var data = Convert.FromBase64String(base64);
                    using var aes = Aes.Create();
                    aes.{|#0:Key = Encoding.UTF8.GetBytes("ClinicNotes#Archive2019-Key!32b!")|};
                    aes.IV = data[..16];
                    using var decryptor = aes.CreateDecryptor();
                    return Encoding.UTF8.GetString(decryptor.TransformFinalBlock(data, 16, data.Length - 16));
                }

                public ICryptoTransform Decryptor(Aes aes, byte[] iv) => aes.CreateDecryptor({|#1:ArchiveKey|}, iv);

                public AesGcm Gcm() => new AesGcm({|#2:"0123456789abcdef0123456789abcdef"u8|}, 16);

                public AesGcm Zero() => new AesGcm({|#3:new byte[32]|}, 16);

                public ChaCha20Poly1305 ChaCha()
                {
                    byte[] key = [0x10, 0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE, 0x10, 0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE,
                                  0x10, 0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE, 0x10, 0x32, 0x54, 0x76, 0x98, 0xBA, 0xDC, 0xFE];
                    return new ChaCha20Poly1305({|#4:key|});
                }

                public AesCcm Ccm() => new AesCcm({|#5:ArchiveKey|});
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, Key(null)),
            Finding(1, Key("ArchiveKey")),
            Finding(2, Key(null)),
            Finding(3, Key(null, zero: true)),
            Finding(4, Key("key")),
            Finding(5, Key("ArchiveKey")));
    }

    [Fact]
    public Task Keys_from_parameters_configuration_and_filled_fields_are_not_reported()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class KeyRing
            {
                private readonly byte[] _key = new byte[32];
                private readonly byte[] _configured;
                private byte[] _rotating = [];

                public KeyRing(IConfiguration configuration)
                {
                    RandomNumberGenerator.Fill(_key);
                    _configured = Convert.FromBase64String(configuration["Crypto:Key"]!);
                }

                public void Rotate() => _rotating = RandomNumberGenerator.GetBytes(32);

                public Aes A()
                {
                    var aes = Aes.Create();
                    aes.Key = _key;
                    return aes;
                }

                public AesGcm B() => new AesGcm(_configured, 16);

                public AesGcm C() => new AesGcm(_rotating, 16);

                public ICryptoTransform D(Aes aes, byte[] key, byte[] iv) => aes.CreateEncryptor(key, iv);

                public AesGcm E()
                {
                    var key = new byte[32];
                    RandomNumberGenerator.Fill(key);
                    return new AesGcm(key, 16);
                }

                // HMAC keys are key material too, but not a cipher's: not this rule's.
                public byte[] Mac(byte[] data) => HMACSHA256.HashData("signing-key"u8, data);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Aes_with_random_iv_and_AesGcm_are_not_reported()
    {
        const string source = """
            using System.Security.Cryptography;

            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            var key = Convert.FromBase64String(app.Configuration["Payslips:Key"]!);

            app.MapGet("/payslips/{id}", (int id) =>
            {
                var payslip = BitConverter.GetBytes(id);
                var nonce = RandomNumberGenerator.GetBytes(12);
                var tag = new byte[16];
                var sealedPayslip = new byte[payslip.Length];
                using (var aes = new AesGcm(key, 16))
                {
                    aes.Encrypt(nonce, payslip, sealedPayslip, tag);
                }

                return Results.Bytes([.. nonce, .. tag, .. sealedPayslip]);
            });

            app.MapGet("/exports/{id}", (int id) =>
            {
                using var aes = Aes.Create();
                aes.Key = key;
                aes.Mode = CipherMode.CBC;
                aes.GenerateIV();
                using var encryptor = aes.CreateEncryptor();
                var body = encryptor.TransformFinalBlock(BitConverter.GetBytes(id), 0, 4);
                return Results.Bytes([.. aes.IV, .. body]);
            });

            app.Run();
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Own_types_with_framework_names_are_not_reported()
    {
        const string source = """
            namespace Legacy
            {
                public enum CipherMode { CBC, ECB }

                public sealed class DES
                {
                    public static DES Create() => new();

                    public CipherMode Mode { get; set; }

                    public byte[] IV { get; set; } = [];
                }

                public static class Usage
                {
                    public static DES Run()
                    {
                        var des = DES.Create();
                        des.Mode = CipherMode.ECB;
                        des.IV = new byte[16];
                        return des;
                    }
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    // ---------------------------------------------------------------- issue 20: overrides by position, zero-filled fields

    [Fact]
    public Task CreateEncryptor_overrides_with_other_parameter_names_are_matched_by_position()
    {
        const string source = """
            using System.Security.Cryptography;
            using System.Text;

            // Overrides name the key and IV as they like (AesCryptoServiceProvider on .NET Framework: key, iv).
            public sealed class HomegrownAes : Aes
            {
                private readonly Aes _inner = Aes.Create();

                public override ICryptoTransform CreateEncryptor(byte[] k, byte[]? v) => _inner.CreateEncryptor(k, v!);

                public override ICryptoTransform CreateDecryptor(byte[] k, byte[]? v) => _inner.CreateDecryptor(k, v!);

                public override void GenerateKey() => _inner.GenerateKey();

                public override void GenerateIV() => _inner.GenerateIV();

                // Not the SymmetricAlgorithm method: a label and a context, not a key and an IV.
                public ICryptoTransform CreateEncryptor(byte[] label, byte[] context, int version) => _inner.CreateEncryptor();
            }

            public sealed class TicketSealer(byte[] key, byte[] iv)
            {
                public ICryptoTransform Seal()
                {
                    var cipher = new HomegrownAes();
                    return cipher.CreateEncryptor({|#0:Encoding.UTF8.GetBytes("0123456789abcdef")|}, {|#1:new byte[16]|});
                }

                public ICryptoTransform Open(HomegrownAes cipher) => cipher.CreateDecryptor(key, {|#2:new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }|});

                public ICryptoTransform Safe(HomegrownAes cipher) => cipher.CreateEncryptor(key, iv);

                public ICryptoTransform Labelled(HomegrownAes cipher) => cipher.CreateEncryptor("label"u8.ToArray(), new byte[16], 1);
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, Key(null)),
            Finding(1, Iv(null, zero: true, generate: "cipher.GenerateIV()")),
            Finding(2, Iv(null, zero: false, generate: "cipher.GenerateIV()")));
    }

    [Fact]
    public Task Zero_filled_private_readonly_field_never_written_is_a_constant_IV()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class LegacyTokenCipher
            {
                private static readonly byte[] Iv = new byte[16];
                private static readonly byte[] FilledIv = new byte[16];
                private static readonly byte[] PatchedIv = new byte[16];
                private readonly byte[] _sessionIv = new byte[16];
                private readonly byte[] _key;

                static LegacyTokenCipher()
                {
                    RandomNumberGenerator.Fill(FilledIv);
                    PatchedIv[0] = 7;
                }

                public LegacyTokenCipher(byte[] key)
                {
                    _key = key;
                    RandomNumberGenerator.Fill(_sessionIv);
                }

                public byte[] Protect(byte[] data)
                {
                    using var aes = Aes.Create();
                    aes.Key = _key;
                    aes.{|#0:IV = Iv|};
                    return aes.CreateEncryptor().TransformFinalBlock(data, 0, data.Length);
                }

                public ICryptoTransform Unprotect(Aes aes) => aes.CreateDecryptor(_key, {|#1:Iv|});

                public byte[] Cbc(Aes aes, byte[] data) => aes.EncryptCbc(data, {|#2:LegacyTokenCipher.Iv|});

                public int IvLength => Iv.Length;

                // Filled in a constructor, changed element by element, or per instance: not constant.
                public byte[] Filled(Aes aes, byte[] data) => aes.EncryptCbc(data, FilledIv);

                public byte[] Patched(Aes aes, byte[] data) => aes.EncryptCbc(data, PatchedIv);

                public byte[] Session(byte[] data)
                {
                    using var aes = Aes.Create();
                    aes.Key = _key;
                    aes.IV = _sessionIv;
                    return aes.CreateEncryptor().TransformFinalBlock(data, 0, data.Length);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, Iv("Iv", zero: true)),
            Finding(1, Iv("Iv", zero: true)),
            Finding(2, Iv("Iv", zero: true)));
    }
}
