using SecureApi.CodeFixes.Rules.Logging;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Logging.SecretInLogAnalyzer,
    SecureApi.CodeFixes.Rules.Logging.SecretInLogCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Logging;

/// <summary>Fixes of SAPI5003: the secret becomes "[REDACTED]"; holes of interpolated strings become that text.</summary>
public sealed class SecretInLogCodeFixTests
{
    private const string Key = SecretInLogCodeFix.Redact;

    [Fact]
    public Task Arguments_holes_operands_and_console_output_are_redacted()
    {
        const string source = """
            public sealed class AccountService(ILogger<AccountService> logger)
            {
                public void Register(HttpContext context, string email, string password, string token)
                {
                    logger.LogWarning("Registration failed for {Email} using {Password}", email, {|SAPI5003:password|});
                    logger.LogInformation($"User {email} got {{|SAPI5003:token|}:x} at {DateTime.UtcNow}");
                    logger.LogInformation("Token " + {|SAPI5003:token|} + " for " + email);
                    logger.LogInformation("Auth {Authorization}", {|SAPI5003:context.Request.Headers.Authorization.ToString()|});
                    Console.WriteLine({|SAPI5003:password|});
                    using (logger.BeginScope({|SAPI5003:token|}))
                    {
                    }
                }
            }
            """;
        const string fixedSource = """
            public sealed class AccountService(ILogger<AccountService> logger)
            {
                public void Register(HttpContext context, string email, string password, string token)
                {
                    logger.LogWarning("Registration failed for {Email} using {Password}", email, "[REDACTED]");
                    logger.LogInformation($"User {email} got [REDACTED] at {DateTime.UtcNow}");
                    logger.LogInformation("Token " + "[REDACTED]" + " for " + email);
                    logger.LogInformation("Auth {Authorization}", "[REDACTED]");
                    Console.WriteLine("[REDACTED]");
                    using (logger.BeginScope("[REDACTED]"))
                    {
                    }
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Request_bodies_and_whole_objects_are_redacted_where_they_are_logged()
    {
        const string source = """
            public sealed record LoginRequest(string Email, string Password);

            public static class Endpoints
            {
                public static async Task<IResult> Ingest(HttpRequest request, LoginRequest login, ILoggerFactory loggers)
                {
                    var logger = loggers.CreateLogger("Ingest");
                    using var reader = new StreamReader(request.Body);
                    var body = await reader.ReadToEndAsync();
                    logger.LogDebug("Batch received: {Body}", {|SAPI5003:body|});
                    logger.LogDebug("Login {Login}", {|SAPI5003:login|});
                    return Results.Ok(body.Length);
                }
            }
            """;
        const string fixedSource = """
            public sealed record LoginRequest(string Email, string Password);

            public static class Endpoints
            {
                public static async Task<IResult> Ingest(HttpRequest request, LoginRequest login, ILoggerFactory loggers)
                {
                    var logger = loggers.CreateLogger("Ingest");
                    using var reader = new StreamReader(request.Body);
                    var body = await reader.ReadToEndAsync();
                    logger.LogDebug("Batch received: {Body}", "[REDACTED]");
                    logger.LogDebug("Login {Login}", "[REDACTED]");
                    return Results.Ok(body.Length);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task LoggerMessage_string_parameters_are_redacted_and_other_types_are_left()
    {
        const string source = """
            public static partial class Log
            {
                [LoggerMessage(1, LogLevel.Information, "User {UserName} signed in with {Password}")]
                public static partial void SignedIn(ILogger logger, string userName, string password);

                [LoggerMessage(2, LogLevel.Debug, "Session {SessionToken}")]
                public static partial void Session(ILogger logger, Guid sessionToken);

                public static partial void SignedIn(ILogger logger, string userName, string password) { }
                public static partial void Session(ILogger logger, Guid sessionToken) { }
            }

            public sealed class Handler(ILogger<Handler> logger)
            {
                private static readonly Action<ILogger, string, Exception?> s_key = LoggerMessage.Define<string>(LogLevel.Warning, new EventId(3), "Key {ApiKey}");

                public void Run(string name, string input, Guid token)
                {
                    Log.SignedIn(logger, name, {|SAPI5003:input|});
                    Log.Session(logger, {|SAPI5003:token|});
                    s_key(logger, {|SAPI5003:input|}, null);
                }
            }
            """;
        const string fixedSource = """
            public static partial class Log
            {
                [LoggerMessage(1, LogLevel.Information, "User {UserName} signed in with {Password}")]
                public static partial void SignedIn(ILogger logger, string userName, string password);

                [LoggerMessage(2, LogLevel.Debug, "Session {SessionToken}")]
                public static partial void Session(ILogger logger, Guid sessionToken);

                public static partial void SignedIn(ILogger logger, string userName, string password) { }
                public static partial void Session(ILogger logger, Guid sessionToken) { }
            }

            public sealed class Handler(ILogger<Handler> logger)
            {
                private static readonly Action<ILogger, string, Exception?> s_key = LoggerMessage.Define<string>(LogLevel.Warning, new EventId(3), "Key {ApiKey}");

                public void Run(string name, string input, Guid token)
                {
                    Log.SignedIn(logger, name, "[REDACTED]");
                    Log.Session(logger, {|SAPI5003:token|});
                    s_key(logger, "[REDACTED]", null);
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task No_fix_for_the_state_of_ILogger_Log()
    {
        const string source = """
            public sealed class Handler(ILogger<Handler> logger)
            {
                public void Run(string token)
                {
                    logger.Log(LogLevel.Information, new EventId(1), {|SAPI5003:token|}, null, (state, _) => state);
                }
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }
}
