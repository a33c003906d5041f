using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Logging.SecretInLogAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Logging;

/// <summary>SAPI5003: passwords, tokens, keys, Authorization headers, cookies and request bodies written to logs.</summary>
public sealed class SecretInLogAnalyzerTests
{
    /// <summary>A service with a logger, a login DTO and an HTTP context, whose method body is <paramref name="body"/>.</summary>
    private static string Service(string body, string members = "") => $$"""
        using System.Diagnostics;
        using Microsoft.Extensions.Logging;

        public sealed record LoginRequest(string Email, string Password);

        public sealed class LoginForm
        {
            public string Email { get; set; } = "";
            public string Password { get; set; } = "";
        }

        public sealed class AccountService
        {
            private readonly ILogger<AccountService> _logger;
            private readonly IConfiguration _configuration;
            private readonly string _apiKey = Environment.GetEnvironmentVariable("API_KEY") ?? "";

            public AccountService(ILogger<AccountService> logger, IConfiguration configuration)
            {
                _logger = logger;
                _configuration = configuration;
            }

            {{members}}

            public async Task Handle(HttpContext context, LoginRequest request, LoginForm form, string password, string token, string userId, string email)
            {
                var refreshToken = Guid.NewGuid().ToString("N");
                await Task.Yield();
                {{body}}
            }
        }
        """;

    // ---------------------------------------------------------------- by name

    [Theory]
    [InlineData("_logger.LogInformation(\"Login {User} with {Secret}\", email, {|SAPI5003:password|});")]
    [InlineData("_logger.LogWarning(\"Registration failed for {Email} using {Password}\", request.Email, {|SAPI5003:request.Password|});")]
    [InlineData("_logger.LogDebug(\"Issued refresh token {RefreshToken} for user {UserId}\", {|SAPI5003:refreshToken|}, userId);")]
    [InlineData("_logger.LogError(\"Calling the partner with {Key}\", {|SAPI5003:_apiKey|});")]
    [InlineData("_logger.LogTrace(\"Form {Pw}\", {|SAPI5003:form.Password|});")]
    [InlineData("_logger.Log(LogLevel.Information, \"Token {Value}\", {|SAPI5003:token|});")]
    [InlineData("_logger.LogCritical(new InvalidOperationException(), \"Token {Value}\", {|SAPI5003:token|});")]
    [InlineData("_logger.LogInformation(new EventId(5), \"Token {Value}\", {|SAPI5003:token|});")]
    [InlineData("_logger.LogInformation(\"Token {Value}\", new object[] { {|SAPI5003:token|} });")]
    [InlineData("_logger.LogInformation({|SAPI5003:token|});")]
    [InlineData("_logger.LogInformation(\"Token {Value}\", {|SAPI5003:token.Trim()|});")]
    [InlineData("_logger.LogInformation(\"Token {Value}\", {|SAPI5003:token ?? \"none\"|});")]
    [InlineData("using (_logger.BeginScope(\"Session {Token}\", {|SAPI5003:token|})) { }")]
    public Task Secrets_by_the_name_of_the_variable_or_member(string body)
    {
        return Verify.VerifyAnalyzerAsync(Service(body));
    }

    [Fact]
    public Task The_message_names_the_expression_and_what_it_carries()
    {
        var source = Service("_logger.LogWarning(\"Registration failed for {Email} using {Password}\", request.Email, {|#0:request.Password|});");
        return Verify.VerifyAnalyzerAsync(source, Verify.Diagnostic(Descriptors.SecretInLog).WithLocation(0).WithArguments("request.Password", "a password"));
    }

    // ---------------------------------------------------------------- by placeholder

    [Theory]
    [InlineData("var value = form.Email; _logger.LogInformation(\"Login with {Password}\", {|SAPI5003:value|});")]
    [InlineData("_logger.LogInformation(\"Partner {ApiKey}\", {|SAPI5003:form.Email|});")]
    [InlineData("_logger.LogInformation(\"Auth {@ClientSecret}\", {|SAPI5003:email|});")]
    public Task Secrets_by_the_placeholder_that_names_a_neutral_value(string body)
    {
        return Verify.VerifyAnalyzerAsync(Service(body));
    }

    // ---------------------------------------------------------------- interpolations and concatenations

    [Theory]
    [InlineData("_logger.LogInformation($\"User {userId} signed in with {{|SAPI5003:password|}}\");")]
    [InlineData("_logger.LogInformation(\"User \" + userId + \" token \" + {|SAPI5003:token|});")]
    [InlineData("Console.WriteLine($\"Refresh: {{|SAPI5003:refreshToken|}}\");")]
    [InlineData("var line = $\"key={_apiKey}\"; _logger.LogInformation({|SAPI5003:line|});")]
    public Task Interpolation_holes_and_concatenated_operands(string body)
    {
        return Verify.VerifyAnalyzerAsync(Service(body));
    }

    // ---------------------------------------------------------------- request data

    [Theory]
    [InlineData("_logger.LogInformation(\"Auth {Authorization}\", {|SAPI5003:context.Request.Headers.Authorization.ToString()|});")]
    [InlineData("_logger.LogInformation(\"Auth {Header}\", {|SAPI5003:context.Request.Headers.Authorization|});")]
    [InlineData("_logger.LogInformation(\"Auth {Header}\", {|SAPI5003:context.Request.Headers[\"Authorization\"]|});")]
    [InlineData("_logger.LogInformation(\"Auth {Header}\", {|SAPI5003:context.Request.Headers[\"X-Api-Key\"].FirstOrDefault()|});")]
    [InlineData("_logger.LogInformation(\"Cookies {Cookie}\", {|SAPI5003:context.Request.Headers.Cookie|});")]
    [InlineData("_logger.LogInformation(\"Cookies {Cookies}\", {|SAPI5003:context.Request.Cookies|});")]
    [InlineData("_logger.LogInformation(\"Session {Session}\", {|SAPI5003:context.Request.Cookies[\".AspNetCore.Session\"]|});")]
    [InlineData("_logger.LogInformation(\"Headers {Headers}\", {|SAPI5003:context.Request.Headers|});")]
    [InlineData("var auth = context.Request.Headers[\"Authorization\"]; _logger.LogInformation(\"Got {Value}\", {|SAPI5003:auth|});")]
    [InlineData("_logger.LogInformation(\"Query {Value}\", {|SAPI5003:context.Request.Query[\"access_token\"]|});")]
    [InlineData("_logger.LogInformation(\"Signing with {Value}\", {|SAPI5003:_configuration[\"Jwt:Key\"]|});")]
    [InlineData("_logger.LogInformation(\"Outgoing {Value}\", {|SAPI5003:await context.GetTokenAsync(\"access_token\")|});")]
    [InlineData("_logger.LogInformation(\"Proxy {Value}\", {|SAPI5003:context.Request.Headers[\"Proxy-Authorization\"]|});")]
    [InlineData("_logger.LogInformation(\"Stripe {Value}\", {|SAPI5003:_configuration.GetValue<string>(\"Stripe:ApiKey\")|});")]
    [InlineData("var outgoing = new HttpRequestMessage(); _logger.LogInformation(\"Calling with {Value}\", {|SAPI5003:outgoing.Headers.Authorization|});")]
    [InlineData("var outgoing = new HttpRequestMessage(); _logger.LogInformation(\"Calling with {Value}\", {|SAPI5003:outgoing.Headers.Authorization?.Parameter|});")]
    [InlineData("_logger.LogInformation(\"New key {Value}\", {|SAPI5003:GenerateApiKey()|});")]
    [InlineData("var sessionCookie = context.Request.Cookies[\"sid\"]; _logger.LogInformation(\"Cookie {Value}\", {|SAPI5003:sessionCookie|});")]
    public Task Authorization_headers_cookies_and_credentials_from_the_request(string body)
    {
        var source = "using Microsoft.AspNetCore.Authentication;\n" + Service(body, "private static string GenerateApiKey() => Guid.NewGuid().ToString(\"N\");");
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Theory]
    [InlineData("using var reader = new StreamReader(context.Request.Body); var body = await reader.ReadToEndAsync(); _logger.LogDebug(\"Batch received: {Body}\", {|SAPI5003:body|});")]
    [InlineData("_logger.LogDebug(\"Body {Body}\", {|SAPI5003:await new StreamReader(context.Request.Body).ReadToEndAsync()|});")]
    [InlineData("_logger.LogDebug(\"Form {Form}\", {|SAPI5003:context.Request.Form|});")]
    [InlineData("_logger.LogDebug(\"Form {Form}\", {|SAPI5003:await context.Request.ReadFormAsync()|});")]
    public Task Whole_request_bodies(string body)
    {
        return Verify.VerifyAnalyzerAsync(Service(body));
    }

    [Theory]
    [InlineData("_logger.LogInformation(\"Login {Request}\", {|SAPI5003:request|});")]
    [InlineData("_logger.LogInformation(\"Login {@Form}\", {|SAPI5003:form|});")]
    [InlineData("_logger.LogInformation(\"Login {Form}\", {|SAPI5003:System.Text.Json.JsonSerializer.Serialize(form)|});")]
    [InlineData("_logger.LogInformation(\"Login {Data}\", {|SAPI5003:new { form.Email, form.Password }|});")]
    public Task Whole_objects_that_print_a_secret_member(string body)
    {
        return Verify.VerifyAnalyzerAsync(Service(body));
    }

    // ---------------------------------------------------------------- other sinks

    [Theory]
    [InlineData("Console.WriteLine({|SAPI5003:password|});")]
    [InlineData("Console.Write(\"Token: {0}\", {|SAPI5003:token|});")]
    [InlineData("Console.Error.WriteLine({|SAPI5003:token|});")]
    [InlineData("Debug.WriteLine({|SAPI5003:password|});")]
    [InlineData("Debug.WriteLineIf(userId.Length > 0, {|SAPI5003:token|});")]
    [InlineData("Trace.TraceInformation(\"Key {0}\", {|SAPI5003:_apiKey|});")]
    public Task Console_debug_and_trace_output(string body)
    {
        return Verify.VerifyAnalyzerAsync(Service(body));
    }

    [Fact]
    public Task LoggerMessage_methods_by_parameter_and_placeholder_names()
    {
        const string source = """
            using Microsoft.Extensions.Logging;

            public static partial class Log
            {
                [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "User {UserName} signed in with {Password}")]
                public static partial void SignedIn(ILogger logger, string userName, string password);

                [LoggerMessage(2, LogLevel.Warning, "Key {ApiKey} rejected after {Attempts} attempts")]
                public static partial void KeyRejected(this ILogger logger, string apiKey, int attempts);

                [LoggerMessage(3, LogLevel.Debug, "Session {Session} for {UserId}")]
                public static partial void Session(ILogger logger, Guid session, string userId);

                public static partial void SignedIn(ILogger logger, string userName, string password) { }
                public static partial void KeyRejected(this ILogger logger, string apiKey, int attempts) { }
                public static partial void Session(ILogger logger, Guid session, string userId) { }
            }

            public sealed class Handler(ILogger<Handler> logger)
            {
                public void Run(string name, string secret, string input, string userId, Guid sessionToken)
                {
                    Log.SignedIn(logger, name, {|SAPI5003:input|});
                    logger.KeyRejected({|SAPI5003:secret|}, 3);
                    Log.Session(logger, {|SAPI5003:sessionToken|}, userId);
                    Log.SignedIn(logger, name, "[REDACTED]");
                    Log.SignedIn(logger, name, input.Length.ToString());
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task LoggerMessage_Define_delegates_by_their_template()
    {
        const string source = """
            using Microsoft.Extensions.Logging;

            public sealed class Handler(ILogger<Handler> logger)
            {
                private static readonly Action<ILogger, string, string, Exception?> s_signedIn =
                    LoggerMessage.Define<string, string>(LogLevel.Information, new EventId(1, "SignedIn"), "User {UserName} signed in with {Password}");

                private static readonly Func<ILogger, string, IDisposable?> s_scope = LoggerMessage.DefineScope<string>("Token {Token}");

                public void Run(string name, string input, string token)
                {
                    s_signedIn(logger, name, {|SAPI5003:input|}, null);
                    using (s_scope(logger, {|SAPI5003:token|}))
                    {
                    }

                    var local = LoggerMessage.Define<string>(LogLevel.Debug, new EventId(2), "Key {ApiKey}");
                    local(logger, {|SAPI5003:input|}, null);
                    s_signedIn(logger, name, input.Length.ToString(), null);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task ILogger_Log_and_scopes_with_dictionaries()
    {
        var source = Service("""
            _logger.Log(LogLevel.Information, new EventId(1), {|SAPI5003:token|}, null, (state, _) => state);
            using (_logger.BeginScope(new Dictionary<string, object> { ["UserId"] = userId, ["AccessToken"] = {|SAPI5003:email|} })) { }
            using (_logger.BeginScope({|SAPI5003:password|})) { }
            """);
        return Verify.VerifyAnalyzerAsync(source);
    }

    // ---------------------------------------------------------------- must not flag

    [Theory]
    [InlineData("_logger.LogInformation(\"Login attempt for {Email}\", request.Email);")]
    [InlineData("_logger.LogWarning(\"Rejected refresh token for user {UserId}\", userId);")]
    [InlineData("_logger.LogInformation(\"Inbound e-mail from {From} (relay token present: {HasToken})\", email, token.Length > 0);")]
    [InlineData("_logger.LogInformation(\"Card token present: {HasCardToken}\", !string.IsNullOrEmpty(token));")]
    [InlineData("_logger.LogInformation(\"Stored readings (auth header: {HasAuth})\", context.Request.Headers.Authorization.Count > 0);")]
    [InlineData("_logger.LogInformation(\"Token length {Length}\", token.Length);")]
    [InlineData("_logger.LogInformation(\"Token set {Set}\", token != null);")]
    [InlineData("_logger.LogInformation(\"Password {Password}\", \"[REDACTED]\");")]
    [InlineData("_logger.LogInformation(\"Token {Token}\", Mask(token));")]
    [InlineData("_logger.LogInformation(\"Token {Token}\", token.Substring(0, 4) + \"...\");")]
    [InlineData("_logger.LogInformation(\"Hash {Hash}\", Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(password))));")]
    [InlineData("var passwordHash = Hash(password); _logger.LogInformation(\"Password {Password}\", passwordHash);")]
    [InlineData("var masked = Mask(token); _logger.LogInformation(\"Token {Token}\", masked);")]
    [InlineData("_logger.LogInformation(\"Login {Form}\", form);")]
    [InlineData("_logger.LogInformation(\"Token id {TokenId}, type {TokenType}\", userId, \"Bearer\");")]
    [InlineData("_logger.LogInformation(\"Paging with {ContinuationToken}\", context.Request.Query[\"continuationToken\"]);")]
    [InlineData("_logger.LogInformation(\"Next page {NextPageToken}\", \"abc\" + userId);")]
    [InlineData("var nextPageToken = userId + \"-2\"; _logger.LogInformation(\"Next page {Next}\", nextPageToken);")]
    [InlineData("string key = typeof(LoginForm).Name; _logger.LogInformation($\"Loading {key} from local storage.\");")]
    [InlineData("_logger.LogInformation(\"Cache {Key}\", userId + \":profile\");")]
    [InlineData("_logger.LogInformation(\"Cache {Value}\", _configuration[\"Cache:Key\"]);")]
    [InlineData("_logger.LogInformation(\"Theme {Theme}\", context.Request.Cookies[\"theme\"]);")]
    [InlineData("_logger.LogInformation(\"Header {Header}\", context.Request.Headers[\"X-Correlation-Id\"]);")]
    [InlineData("_logger.LogInformation(\"Path {Path}\", context.Request.Path);")]
    [InlineData("_logger.LogInformation(\"Body length {Length}\", context.Request.ContentLength);")]
    [InlineData("_logger.LogInformation(\"Stream {Body}\", context.Request.Body.CanSeek);")]
    [InlineData("_logger.LogInformation(\"Cancelled {Token}\", context.RequestAborted);")]
    [InlineData("_logger.LogInformation(\"Key setting {Name}\", \"Jwt:Key\");")]
    [InlineData("_logger.LogInformation(\"Issuer {Issuer}\", _configuration[\"Jwt:Issuer\"]);")]
    [InlineData("_logger.LogError(new InvalidOperationException(token), \"Sign-in failed for {UserId}\", userId);")]
    [InlineData("Console.WriteLine($\"User {userId} signed in ({token.Length} chars)\");")]
    [InlineData("Console.WriteLine(string.IsNullOrEmpty(password));")]
    [InlineData("Debug.WriteLineIf(token.Length > 0, \"token present\");")]
    [InlineData("_logger.LogInformation(\"Verifying legacy {Format} password for account {AccountId}\", \"md5\", userId);")]
    public Task Ids_emails_lengths_booleans_hashes_and_masks_are_silent(string body)
    {
        const string members = """
            private static string Mask(string value) => value.Length <= 4 ? "****" : value.Substring(0, 4) + "****";
            private static string Hash(string value) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)));
            """;
        return Verify.VerifyAnalyzerAsync(Service(body, members));
    }

    [Fact]
    public Task Other_writers_and_own_logging_helpers_are_not_sinks()
    {
        var source = Service("""
            var writer = new StringWriter();
            writer.WriteLine(password);
            var list = new List<string> { token };
            System.Text.StringBuilder builder = new();
            builder.Append(token);
            """);
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Incomplete_code_does_not_throw()
    {
        const string source = """
            using Microsoft.Extensions.Logging;

            public sealed class Broken(ILogger<Broken> logger)
            {
                public void Run(string password)
                {
                    logger.LogInformation("Login {Password}", {|CS0103:missing|});
                    logger.{|CS1501:LogInformation|}(
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            DiagnosticResult.CompilerError("CS1002").WithSpan(8, 31, 8, 31),
            DiagnosticResult.CompilerError("CS1026").WithSpan(8, 31, 8, 31));
    }
}
