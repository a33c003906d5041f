using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Naming;
using SecureApi.Analyzers.Rules.Crypto;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Crypto.InsecureRandomnessAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Crypto;

/// <summary>SAPI6005: System.Random output that becomes a token, code, password, key, salt or nonce.</summary>
public sealed class InsecureRandomnessAnalyzerTests
{
    private static DiagnosticResult Produces(int markup, string target) =>
        Verify.Diagnostic(Descriptors.InsecureRandomness).WithLocation(markup).WithArguments(target);

    // ---------------------------------------------------------------- vulnerable forms

    [Fact]
    public Task Verification_code_from_Random_Shared()
    {
        const string source = """
            public sealed class SmsVerification(ILogger<SmsVerification> logger)
            {
                private readonly Dictionary<string, string> _pending = new();

                public void Start(string phoneNumber)
                {
                    var verificationCode = Random.Shared.{|#0:Next(100_000, 1_000_000)|}.ToString();
                    _pending[phoneNumber] = verificationCode;
                    logger.LogInformation("Verification code sent to {Phone}", phoneNumber);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Produces(0, "'verificationCode'"));
    }

    [Fact]
    public Task Characters_picked_into_an_array_and_returned_from_a_code_method()
    {
        const string source = """
            public static class AccountCodes
            {
                private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

                public static string NewVerificationCode()
                {
                    var random = new Random();
                    var chars = new char[8];
                    for (var i = 0; i < chars.Length; i++)
                    {
                        chars[i] = Alphabet[random.{|#0:Next(Alphabet.Length)|}];
                    }

                    return new string(chars);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Produces(0, "the return value of 'NewVerificationCode' (through 'chars')"));
    }

    [Fact]
    public Task Array_named_like_the_secret()
    {
        const string source = """
            public static class DeviceCredentials
            {
                private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

                public static string Provision()
                {
                    var random = new Random();
                    var apiKey = new char[40];
                    for (var i = 0; i < apiKey.Length; i++)
                        apiKey[i] = Alphabet[random.{|#0:Next(Alphabet.Length)|}];
                    return new string(apiKey);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Produces(0, "'apiKey'"));
    }

    [Fact]
    public Task StringBuilder_filled_in_a_loop()
    {
        const string source = """
            using System.Text;

            public sealed class PasswordGenerator
            {
                private const string Characters = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789!@#$%";
                private readonly Random _random = new();

                public string GeneratePassword(int length = 16)
                {
                    var sb = new StringBuilder(length);
                    for (var i = 0; i < length; i++)
                    {
                        sb.Append(Characters[_random.{|#0:Next(Characters.Length)|}]);
                    }

                    return sb.ToString();
                }

                public string TemporaryPassword()
                {
                    var builder = new StringBuilder("tmp-");
                    builder.Append($"{_random.{|#1:Next(1000, 9999)|}}").Append('-');
                    return builder.ToString();
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Produces(0, "the return value of 'GeneratePassword' (through 'sb')"),
            Produces(1, "the return value of 'TemporaryPassword' (through 'builder')"));
    }

    [Fact]
    public Task Linq_select_joined_into_a_token()
    {
        const string source = """
            public sealed class InviteService
            {
                private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
                private static readonly Random Rng = new();

                public string CreateInvite(string email)
                {
                    var token = string.Concat(Enumerable.Range(0, 32).Select(_ => Alphabet[Rng.{|#0:Next(Alphabet.Length)|}]));
                    return $"https://app.example.com/invite?email={Uri.EscapeDataString(email)}&token={token}";
                }

                public string CreateCoupon()
                {
                    var couponCode = new string(Enumerable.Repeat(Alphabet, 10).Select(s => s[Rng.{|#1:Next(s.Length)|}]).ToArray());
                    return couponCode.ToUpperInvariant();
                }

                public string CreateSecret() =>
                    string.Join("", from i in Enumerable.Range(0, 24) select Alphabet[Rng.{|#2:Next(Alphabet.Length)|}]);
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Produces(0, "'token'"),
            Produces(1, "'couponCode'"),
            Produces(2, "the return value of 'CreateSecret'"));
    }

    [Fact]
    public Task Object_initializer_member()
    {
        const string source = """
            public sealed class OneTimePassword
            {
                public required string Phone { get; init; }
                public required string Code { get; init; }
                public DateTimeOffset ExpiresAt { get; init; }
            }

            public sealed class OtpIssuer(TimeProvider clock)
            {
                private readonly Random _random = new();

                public OneTimePassword Issue(string phone) => new()
                {
                    Phone = phone,
                    Code = _random.{|#0:Next(0, 1_000_000)|}.ToString("D6"),
                    ExpiresAt = clock.GetUtcNow().AddMinutes(5),
                };
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Produces(0, "'Code'"));
    }

    [Fact]
    public Task Secret_named_methods_properties_and_local_functions_return_it()
    {
        const string source = """
            public sealed class Tokens
            {
                private readonly Random _random = new(Environment.TickCount);

                public string CreateResetToken() => _random.{|#0:NextInt64()|}.ToString("x16");

                public string Nonce => Convert.ToHexString(BitConverter.GetBytes(_random.{|#1:NextInt64()|}));

                public Task<string> GenerateApiKeyAsync(CancellationToken cancellationToken) =>
                    Task.FromResult("ak_" + _random.{|#2:Next()|});

                public string Pair()
                {
                    return NewSalt() + ":" + Environment.MachineName;

                    string NewSalt() => _random.{|#3:Next()|}.ToString("x8");
                }

                public IEnumerable<string> BackupCodes()
                {
                    Func<string> newBackupCode = () => _random.{|#4:Next(10_000_000, 100_000_000)|}.ToString();
                    for (var i = 0; i < 10; i++)
                    {
                        yield return newBackupCode();
                    }
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Produces(0, "the return value of 'CreateResetToken'"),
            Produces(1, "the value of 'Nonce'"),
            Produces(2, "the return value of 'GenerateApiKeyAsync'"),
            Produces(3, "the return value of 'NewSalt'"),
            Produces(4, "'newBackupCode'"));
    }

    [Fact]
    public Task Seeded_random_local_and_Random_parameter()
    {
        const string source = """
            public static class PinPad
            {
                public static string NewPin()
                {
                    var random = new Random(DateTime.Now.Millisecond);
                    var pin = random.{|#0:Next(10_000)|}.ToString("D4");
                    return pin;
                }

                public static int IssueTransferPin(Random random, Dictionary<string, int> pins, string account)
                {
                    var transferPin = random.{|#1:Next(100_000, 999_999)|};
                    pins[account] = transferPin;
                    return transferPin;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Produces(0, "'pin'"), Produces(1, "'transferPin'"));
    }

    [Fact]
    public Task NextBytes_into_a_salt_or_key_buffer()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class Vault
            {
                private readonly Random _random = new();
                private readonly byte[] _sessionKey = new byte[32];

                public byte[] HashForStorage(string password)
                {
                    var salt = new byte[16];
                    _random.{|#0:NextBytes(salt)|};
                    return Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);
                }

                public void Rotate() => _random.{|#1:NextBytes(_sessionKey)|};

                public void FillIv(byte[] iv) => _random.{|#2:NextBytes(iv.AsSpan(0, 16))|};

                public string CreateResetToken()
                {
                    Span<byte> buffer = stackalloc byte[32];
                    _random.{|#3:NextBytes(buffer)|};
                    return Convert.ToBase64String(buffer);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Produces(0, "'salt'"),
            Produces(1, "'_sessionKey'"),
            Produces(2, "'iv'"),
            Produces(3, "the return value of 'CreateResetToken' (through 'buffer')"));
    }

    [Fact]
    public Task Interpolation_concatenation_and_arithmetic()
    {
        const string source = """
            public sealed class PasswordReset(ILogger<PasswordReset> logger)
            {
                private readonly Random _random = new();

                public string Link(string email)
                {
                    var resetLink = $"https://app.example.com/reset?email={email}&t={_random.{|#0:Next()|}:x8}";
                    logger.LogInformation("Reset link created for {Email}", email);
                    return resetLink;
                }

                public long Otp()
                {
                    long otp = 0;
                    otp = (long)(_random.{|#1:NextDouble()|} * 1_000_000);
                    return otp;
                }

                public string SessionSecret() => "s" + (_random.{|#2:NextSingle()|} * int.MaxValue).ToString("F0");
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Produces(0, "'resetLink'"),
            Produces(1, "'otp'"),
            Produces(2, "the return value of 'SessionSecret'"));
    }

    [Fact]
    public Task GetItems_and_Shuffle()
    {
        const string source = """
            public static class Generators
            {
                private static readonly char[] Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".ToCharArray();

                public static string Password() => new string(Random.Shared.{|#0:GetItems(Alphabet, 16)|});

                public static string Pin()
                {
                    var digits = "0123456789".ToCharArray();
                    Random.Shared.{|#1:Shuffle(digits)|};
                    var pin = new string(digits, 0, 4);
                    return pin;
                }

                public static void FillToken(Span<char> token) => Random.Shared.{|#2:GetItems<char>(Alphabet, token)|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Produces(0, "the return value of 'Password'"),
            Produces(1, "'pin' (through 'digits')"),
            Produces(2, "'token'"));
    }

    [Fact]
    public Task Secret_parameters_fields_and_lists()
    {
        const string source = """
            using Microsoft.IdentityModel.Tokens;

            public interface ISmsSender
            {
                Task SendCodeAsync(string phoneNumber, string code);
            }

            public sealed class Enrollment(ISmsSender sms)
            {
                private static readonly Random Random = new();
                private int _pendingOtp;

                public Task SendAsync(string phoneNumber) =>
                    sms.SendCodeAsync(phoneNumber, Random.{|#0:Next(100_000, 1_000_000)|}.ToString());

                public void Prepare() => _pendingOtp = Random.{|#1:Next(1_000_000)|};

                public SymmetricSecurityKey SigningKey()
                {
                    var bytes = new byte[32];
                    Random.{|#2:NextBytes(bytes)|};
                    return new SymmetricSecurityKey(bytes);
                }

                public List<string> RecoveryCodes()
                {
                    var recoveryCodes = new List<string>();
                    for (var i = 0; i < 8; i++)
                    {
                        recoveryCodes.Add(Random.{|#3:Next(10_000_000, 99_999_999)|}.ToString());
                    }

                    return recoveryCodes;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Produces(0, "the 'code' argument of 'SendCodeAsync'"),
            Produces(1, "'_pendingOtp'"),
            Produces(2, "the 'key' argument of 'SymmetricSecurityKey' (through 'bytes')"),
            Produces(3, "'recoveryCodes'"));
    }

    [Fact]
    public Task String_create_lambda_writing_its_span()
    {
        const string source = """
            public static class ShortTokens
            {
                private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

                public static string Issue(Random random)
                {
                    var token = string.Create(24, random, static (span, rng) =>
                    {
                        for (var i = 0; i < span.Length; i++)
                        {
                            span[i] = Alphabet[rng.{|#0:Next(Alphabet.Length)|}];
                        }
                    });
                    return token;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Produces(0, "'token'"));
    }

    [Fact]
    public Task Field_initializer_conditional_access_and_a_call_over_several_lines()
    {
        const string source = """
            public sealed class Bootstrap
            {
                private static readonly string AdminPassword = new Random().{|#0:Next(100_000_000, 999_999_999)|}.ToString();
                private readonly Random? _random = new();

                public string? Nonce() => _random?.{|#1:Next()|}.ToString("x8");

                public int DeviceCode() =>
                    _random!.{|#2:Next|}(
                        100_000,
                        999_999);
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Produces(0, "'AdminPassword'"),
            Produces(1, "the return value of 'Nonce'"),
            Produces(2, "the return value of 'DeviceCode'"));
    }

    [Fact]
    public Task Compound_assignment_constructors_initializers_and_local_function_calls()
    {
        const string source = """
            public sealed class Invitation
            {
                private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

                public Invitation(string email)
                {
                    Email = email;
                    AccessCode = new Random().{|#0:Next(1_000_000)|}.ToString("D6");
                }

                public string Email { get; }

                public string AccessCode { get; }

                public string ShareToken { get; } = new Random().{|#1:NextInt64()|}.ToString("x");

                public static string Invite(Random random)
                {
                    var invitationToken = Pick() + Pick() + Pick();
                    return invitationToken;

                    string Pick() => Alphabet.Substring(random.{|#3:Next(Alphabet.Length - 4)|}, 4);
                }

                public static string GenerateOtp(Random random)
                {
                    var result = string.Empty;
                    for (var i = 0; i < 6; i++)
                    {
                        result += Alphabet[random.{|#2:Next(Alphabet.Length)|}];
                    }

                    return result;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Produces(0, "'AccessCode'"),
            Produces(1, "'ShareToken'"),
            Produces(2, "the return value of 'GenerateOtp' (through 'result')"),
            Produces(3, "'invitationToken'"));
    }

    [Fact]
    public Task One_diagnostic_per_call_for_the_nearest_secret()
    {
        const string source = """
            public sealed class Codes(ILogger<Codes> logger)
            {
                public string NewConfirmationCode()
                {
                    var random = new Random();
                    var number = random.{|#0:Next(0, 1_000_000)|};
                    var code = number.ToString("D6");
                    var confirmationCode = code;
                    logger.LogDebug("Issued code {Code}", confirmationCode);
                    return confirmationCode;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Produces(0, "'code' (through 'number')"));
    }

    // ---------------------------------------------------------------- safe look-alikes

    [Fact]
    public Task Jitter_backoff_and_delays()
    {
        const string source = """
            public sealed class Reconnector
            {
                private readonly Random _random = new();

                public TimeSpan Jitter()
                {
                    var jitter = TimeSpan.FromSeconds(Random.Shared.Next(0, 300));
                    return jitter;
                }

                public static TimeSpan ReconnectBackoff(int attempt) =>
                    TimeSpan.FromMilliseconds(Math.Min(30_000, 500 * Math.Pow(2, attempt)) + Random.Shared.Next(0, 1_000));

                public async Task<string> RefreshTokenAsync(HttpClient client, CancellationToken cancellationToken)
                {
                    await Task.Delay(_random.Next(100, 500), cancellationToken);
                    var response = await client.PostAsync("/token/refresh", null, cancellationToken);
                    return await response.Content.ReadAsStringAsync(cancellationToken);
                }

                public DateTimeOffset NextTokenRefreshAt(DateTimeOffset now) => now.AddSeconds(_random.Next(30, 90));
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Load_balancing_sampling_shuffling_games_and_colors()
    {
        const string source = """
            public sealed class Dispatch(ILogger<Dispatch> logger)
            {
                private static readonly string[] Colors = { "#e6194b", "#3cb44b", "#ffe119", "#4363d8" };
                private readonly Random _random = new();

                /// <summary>Round-robin start offset so that new tickets do not all land on the first agent.</summary>
                public static int FirstAgentOffset(int agents) => Random.Shared.Next(agents);

                public void Trace(string path)
                {
                    if (_random.NextDouble() < 0.1)
                    {
                        logger.LogInformation("Sampled request {Path}", path);
                    }
                }

                public string[] ServersInRandomOrder(string[] servers)
                {
                    var order = servers.ToArray();
                    _random.Shuffle(order);
                    return order;
                }

                public int RollDice() => _random.Next(1, 7);

                public string AvatarColor() => Colors[_random.Next(Colors.Length)];

                public string RandomColorCode() => $"#{_random.Next(0x1000000):X6}";

                public bool ShouldRotateKey() => _random.Next(100) < 5;
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task RandomNumberGenerator_and_Guid_produce_secrets()
    {
        const string source = """
            using System.Security.Cryptography;

            public static class SecureCodes
            {
                private const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

                public static string NewVerificationCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6");

                public static string NewClaimCode() => RandomNumberGenerator.GetString(Alphabet, 12);

                public static string CreateResetToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

                public static string NewApiKey()
                {
                    var apiKey = Guid.NewGuid().ToString("N");
                    return apiKey;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Targets_that_are_not_secrets()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class Sharding
            {
                private readonly Random _random = new();

                public int StatusCode() => _random.Next(0, 2) == 0 ? 200 : 503;

                public string CacheKey(string user) => $"profile:{user}:{_random.Next(4)}";

                public string Route(string tenant)
                {
                    var partitionKey = tenant + "-" + _random.Next(16);
                    var errorCode = _random.Next(1000, 2000);
                    var idempotencyKey = $"{tenant}-{_random.Next()}";
                    return partitionKey + errorCode + idempotencyKey;
                }

                public string ResetToken()
                {
                    var tokenLength = _random.Next(32, 48);
                    var resetTokenExpiry = DateTime.UtcNow.AddMinutes(_random.Next(10, 20));
                    var token = RandomNumberGenerator.GetHexString(tokenLength);
                    return token + resetTokenExpiry.Ticks;
                }

                public double TokenBucketRefill() => _random.NextDouble();

                public int PasswordAttemptsBeforeCaptcha() => _random.Next(3, 6);

                public void Log(ILogger logger, string password) =>
                    logger.LogInformation("Checked {Count} rules", _random.Next(5));
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Random_inside_a_secret_method_used_only_for_timing()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class TokenIssuer
            {
                private readonly Random _random = new();

                public async Task<string> GenerateTokenAsync(CancellationToken cancellationToken)
                {
                    // Constant-ish response time for the endpoint; the token itself is cryptographically random.
                    await Task.Delay(_random.Next(50, 150), cancellationToken);
                    return RandomNumberGenerator.GetHexString(64);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task A_class_derived_from_Random_is_not_System_Random()
    {
        const string source = """
            using System.Security.Cryptography;

            public sealed class CryptoRandom : Random
            {
                public override int Next(int minValue, int maxValue) => RandomNumberGenerator.GetInt32(minValue, maxValue);
            }

            public sealed class Codes
            {
                private readonly CryptoRandom _random = new();

                public string NewVerificationCode() => _random.Next(0, 1_000_000).ToString("D6");
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    // ---------------------------------------------------------------- secret-like names (SecretNames)

    [Theory]
    [InlineData("verificationCode")]
    [InlineData("NewVerificationCode")]
    [InlineData("GenerateApiKey")]
    [InlineData("apikey")]
    [InlineData("CreateResetToken")]
    [InlineData("GeneratePassword")]
    [InlineData("NewSalt")]
    [InlineData("servicePin")]
    [InlineData("OTPCode")]
    [InlineData("nonce")]
    [InlineData("iv")]
    [InlineData("signing_key")]
    [InlineData("client-secret")]
    [InlineData("pwd")]
    [InlineData("tempPw")]
    [InlineData("resetLink")]
    [InlineData("tokenBytes")]
    [InlineData("passwordResetUrl")]
    [InlineData("GenerateTokenAsync")]
    [InlineData("recoveryCodes")]
    [InlineData("couponCode")]
    public void Secret_like_name(string name) => Assert.True(SecretNames.IsSecret(name));

    [Theory]
    [InlineData("statusCode")]
    [InlineData("StatusCode")]
    [InlineData("httpResponseCode")]
    [InlineData("countryCode")]
    [InlineData("RandomColorCode")]
    [InlineData("GetHashCode")]
    [InlineData("cacheKey")]
    [InlineData("partitionKey")]
    [InlineData("idempotencyKey")]
    [InlineData("tokenLength")]
    [InlineData("resetTokenExpiry")]
    [InlineData("otpAttempts")]
    [InlineData("passwordAttemptsBeforeCaptcha")]
    [InlineData("apiKeyId")]
    [InlineData("maxTokens")]
    [InlineData("keyboard")]
    [InlineData("pinned")]
    [InlineData("jitter")]
    [InlineData("FirstAgentOffset")]
    [InlineData("ReconnectBackoff")]
    [InlineData("")]
    public void Not_a_secret_name(string name) => Assert.False(SecretNames.IsSecret(name));
}
