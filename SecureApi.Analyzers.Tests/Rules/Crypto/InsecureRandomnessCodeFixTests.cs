using SecureApi.CodeFixes.Rules.Crypto;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Crypto.InsecureRandomnessAnalyzer,
    SecureApi.CodeFixes.Rules.Crypto.InsecureRandomnessCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Crypto;

/// <summary>Fix of SAPI6005: RandomNumberGenerator instead of System.Random.</summary>
public sealed class InsecureRandomnessCodeFixTests
{
    private const string Key = InsecureRandomnessCodeFix.UseRandomNumberGenerator;

    [Fact]
    public Task Next_with_bounds_becomes_GetInt32_and_the_using_is_added()
    {
        const string source = """
            public sealed class SmsVerification
            {
                private readonly Dictionary<string, string> _pending = new();

                public void Start(string phoneNumber)
                {
                    var verificationCode = Random.Shared.{|SAPI6005:Next(100_000, 1_000_000)|}.ToString();
                    _pending[phoneNumber] = verificationCode;
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public sealed class SmsVerification
            {
                private readonly Dictionary<string, string> _pending = new();

                public void Start(string phoneNumber)
                {
                    var verificationCode = RandomNumberGenerator.GetInt32(100_000, 1_000_000).ToString();
                    _pending[phoneNumber] = verificationCode;
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task The_local_Random_is_removed_when_nothing_else_uses_it()
    {
        const string source = """
            using System.Text;

            namespace Helpdesk.Accounts;

            public static class AccountCodes
            {
                private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

                public static string NewVerificationCode()
                {
                    var random = new Random();
                    var chars = new char[8];
                    for (var i = 0; i < chars.Length; i++)
                    {
                        chars[i] = Alphabet[random.{|SAPI6005:Next(Alphabet.Length)|}];
                    }

                    return new string(chars);
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;
            using System.Text;

            namespace Helpdesk.Accounts;

            public static class AccountCodes
            {
                private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

                public static string NewVerificationCode()
                {
                    var chars = new char[8];
                    for (var i = 0; i < chars.Length; i++)
                    {
                        chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
                    }

                    return new string(chars);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Next_without_arguments_NextBytes_and_named_arguments()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class Secrets
            {
                private readonly Random _random = new();

                public string CreateResetToken() => _random.{|SAPI6005:Next()|}.ToString("x8");

                public byte[] NewSalt()
                {
                    var salt = new byte[16];
                    _random.{|SAPI6005:NextBytes(salt)|};
                    return salt;
                }

                public int NewPin() => _random.{|SAPI6005:Next(minValue: 1_000, maxValue: 10_000)|};
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public sealed class Secrets
            {
                private readonly Random _random = new();

                public string CreateResetToken() => RandomNumberGenerator.GetInt32(int.MaxValue).ToString("x8");

                public byte[] NewSalt()
                {
                    var salt = new byte[16];
                    RandomNumberGenerator.Fill(salt);
                    return salt;
                }

                public int NewPin() => RandomNumberGenerator.GetInt32(1_000, 10_000);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task GetItems_Shuffle_and_new_string_of_GetItems()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class Generators
            {
                private static readonly char[] Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".ToCharArray();

                public static string GeneratePassword() => new string(Random.Shared.{|SAPI6005:GetItems(Alphabet, 16)|});

                public static char[] NewApiKey() => Random.Shared.{|SAPI6005:GetItems(Alphabet, 40)|};

                public static string NewPin()
                {
                    var digits = "0123456789".ToCharArray();
                    Random.Shared.{|SAPI6005:Shuffle(digits)|};
                    var pin = new string(digits, 0, 4);
                    return pin;
                }

                public static void FillToken(Span<char> token) => Random.Shared.{|SAPI6005:GetItems<char>(Alphabet, token)|};
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public static class Generators
            {
                private static readonly char[] Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".ToCharArray();

                public static string GeneratePassword() => RandomNumberGenerator.GetString(Alphabet, 16);

                public static char[] NewApiKey() => RandomNumberGenerator.GetItems<char>(Alphabet, 40);

                public static string NewPin()
                {
                    var digits = "0123456789".ToCharArray();
                    RandomNumberGenerator.Shuffle<char>(digits);
                    var pin = new string(digits, 0, 4);
                    return pin;
                }

                public static void FillToken(Span<char> token) => RandomNumberGenerator.GetItems<char>(Alphabet, token);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Fix_all_rewrites_every_call_and_removes_the_Random_they_shared()
    {
        const string source = """
            using System.Text;

            public sealed class Credentials
            {
                private const string Characters = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

                public (string UserName, string Password, string Pin) Issue(string prefix)
                {
                    // Seeded so that two servers do not hand out the same values.
                    var random = new Random(Environment.TickCount);
                    var password = new StringBuilder();
                    for (var i = 0; i < 16; i++)
                    {
                        password.Append(Characters[random.{|SAPI6005:Next(Characters.Length)|}]);
                    }

                    var pin = random.{|SAPI6005:Next(0, 10_000)|}.ToString("D4");
                    return (prefix + "-user", password.ToString(), pin);
                }

                public byte[] NewKey()
                {
                    var rng = new Random();
                    var key = new byte[32];
                    rng.{|SAPI6005:NextBytes(key)|};
                    return key;
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;
            using System.Text;

            public sealed class Credentials
            {
                private const string Characters = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

                public (string UserName, string Password, string Pin) Issue(string prefix)
                {
                    var password = new StringBuilder();
                    for (var i = 0; i < 16; i++)
                    {
                        password.Append(Characters[RandomNumberGenerator.GetInt32(Characters.Length)]);
                    }

                    var pin = RandomNumberGenerator.GetInt32(0, 10_000).ToString("D4");
                    return (prefix + "-user", password.ToString(), pin);
                }

                public byte[] NewKey()
                {
                    var key = new byte[32];
                    RandomNumberGenerator.Fill(key);
                    return key;
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Inside_a_lambda()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class InviteTokens
            {
                private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

                public static string CreateInviteToken()
                {
                    var random = new Random();
                    return string.Concat(Enumerable.Range(0, 32).Select(_ => Alphabet[random.{|SAPI6005:Next(Alphabet.Length)|}]));
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public static class InviteTokens
            {
                private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

                public static string CreateInviteToken()
                {
                    return string.Concat(Enumerable.Range(0, 32).Select(_ => Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]));
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task A_Random_still_used_for_jitter_is_kept()
    {
        const string source = """
            public sealed class OtpSender
            {
                public async Task<string> SendAsync(Func<string, Task> send, CancellationToken cancellationToken)
                {
                    var random = new Random();
                    var otp = random.{|SAPI6005:Next(0, 1_000_000)|}.ToString("D6");
                    await Task.Delay(random.Next(100, 500), cancellationToken);
                    await send(otp);
                    return otp;
                }
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            public sealed class OtpSender
            {
                public async Task<string> SendAsync(Func<string, Task> send, CancellationToken cancellationToken)
                {
                    var random = new Random();
                    var otp = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");
                    await Task.Delay(random.Next(100, 500), cancellationToken);
                    await send(otp);
                    return otp;
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Top_level_statements()
    {
        const string source = """
            var random = new Random();
            var adminPassword = random.{|SAPI6005:Next(100_000_000, 999_999_999)|}.ToString();
            Console.WriteLine($"Initial admin password: {adminPassword}");
            """;
        const string fixedSource = """
            using System.Security.Cryptography;

            var adminPassword = RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString();
            Console.WriteLine($"Initial admin password: {adminPassword}");
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    // ---------------------------------------------------------------- not offered

    [Fact]
    public Task No_twin_for_NextDouble_NextSingle_and_NextInt64()
    {
        const string source = """
            public sealed class Tokens
            {
                private readonly Random _random = new();

                public string CreateResetToken() => _random.{|SAPI6005:NextInt64()|}.ToString("x16");

                public long Otp() => (long)(_random.{|SAPI6005:NextDouble()|} * 1_000_000);

                public string SessionSecret() => (_random.{|SAPI6005:NextSingle()|} * int.MaxValue).ToString("F0");

                public long NewApiKey() => _random.{|SAPI6005:NextInt64(1L << 40, 1L << 50)|};
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_where_the_receiver_calls_something_or_the_shape_differs()
    {
        const string source = """
            public sealed class Codes
            {
                private readonly Random? _random = new();

                private static int NextSeed() => Environment.TickCount ^ Environment.ProcessId;

                public string NewVerificationCode() => new Random(NextSeed()).{|SAPI6005:Next(0, 1_000_000)|}.ToString("D6");

                public int? NewPin() => _random?.{|SAPI6005:Next(10_000)|};

                public int NewOtp() => _random!.{|SAPI6005:Next(maxValue: 1_000_000, minValue: 0)|};
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }

    [Fact]
    public Task Not_offered_where_the_result_would_not_compile()
    {
        const string source = """
            namespace Shop.Promotions
            {
                /// <summary>The shop's own weighted picker (not the cryptographic one).</summary>
                public static class RandomNumberGenerator
                {
                    public static int Pick(int[] weights) => weights.Length - 1;
                }

                public sealed class Coupons
                {
                    private readonly Random _random = new();

                    public string NewCouponCode() => _random.{|SAPI6005:Next(100_000, 999_999)|}.ToString();
                }
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }
}
