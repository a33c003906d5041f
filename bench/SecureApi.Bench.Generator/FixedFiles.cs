namespace SecureApi.Bench.Generator;

/// <summary>Setup files every generated solution has: host startup, options, security helpers, error handling.</summary>
internal static class FixedFiles
{
    public static void Write(OutputFiles output, InsecureSites sites, int size, IReadOnlyList<string> hosts)
    {
        output.Add(Names.Src(Names.ApiProject, "Program.cs"), Program(sites, hosts));
        output.Add(Names.Src(Names.ApiProject, "Errors/GlobalExceptionHandler.cs"), ExceptionHandler);
        output.Add(Names.Src(Names.DomainProject, "Configuration/Options.cs"), Options);
        output.Add(Names.Src(Names.DomainProject, "Entities/Auth.cs"), AuthModels);
        output.Add(Names.Src(Names.InfrastructureProject, "Data/ConnectionFactory.cs"), ConnectionFactory);
        output.Add(Names.Src(Names.InfrastructureProject, "Security/TokenService.cs"), TokenService);
        output.Add(Names.Src(Names.InfrastructureProject, "Security/PasswordHashing.cs"), PasswordHashing);
        output.Add(Names.Src(Names.InfrastructureProject, "Security/CryptoHelpers.cs"), CryptoHelpers);
        _ = size;
    }

    private static string Program(InsecureSites sites, IReadOnlyList<string> hosts)
    {
        // One legacy partner policy per solution combines any origin with credentials (SAPI3001).
        var partners = sites.Always()
            ? "options.AddPolicy(\"Partners\", policy => policy.AllowAnyOrigin().AllowCredentials().AllowAnyHeader());"
            : "";
        var usings = string.Join("\n", hosts.Select(h => $"using {h}.Endpoints;"));
        var modules = string.Join("\n", hosts.Select(h => $"app.Map{h.Replace(".", "", StringComparison.Ordinal)}Modules();"));
        return $$"""
            using System.Text;
            using Bench.Api.Errors;
            using Bench.Domain.Configuration;
            using Bench.Domain.Entities;
            using Bench.Infrastructure;
            using Bench.Infrastructure.Security;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.AspNetCore.RateLimiting;
            using Microsoft.IdentityModel.Tokens;
            {{usings}}

            var builder = WebApplication.CreateBuilder(args);

            var jwt = builder.Configuration.GetSection(JwtOptions.SectionName).Get<JwtOptions>() ?? new JwtOptions();
            builder.Services.Configure<JwtOptions>(builder.Configuration.GetSection(JwtOptions.SectionName));
            builder.Services.AddInfrastructure(builder.Configuration);
            builder.Services.AddControllers();
            builder.Services.AddProblemDetails();
            builder.Services.AddExceptionHandler<GlobalExceptionHandler>();

            builder.Services
                .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
                .AddJwtBearer(options =>
                {
                    options.Authority = jwt.Authority;
                    options.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidIssuer = jwt.Issuer,
                        ValidAudience = jwt.Audience,
                        IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(jwt.SigningKey)),
                        ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256 },
                        ClockSkew = TimeSpan.FromMinutes(1),
                    };
                });

            builder.Services.AddAuthorizationBuilder()
                .AddPolicy("Admin", policy => policy.RequireRole("admin"));

            var origins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
            builder.Services.AddCors(options =>
            {
                options.AddPolicy("Frontend", policy => policy
                    .WithOrigins(origins)
                    .AllowCredentials()
                    .AllowAnyHeader()
                    .WithMethods("GET", "POST", "DELETE"));
                options.AddPolicy("PublicRead", policy => policy.WithOrigins(origins).WithMethods("GET"));
                {{partners}}
            });

            builder.Services.AddRateLimiter(options =>
            {
                options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
                options.AddFixedWindowLimiter("auth", limiter =>
                {
                    limiter.PermitLimit = 10;
                    limiter.Window = TimeSpan.FromMinutes(1);
                });
            });

            var app = builder.Build();

            app.UseExceptionHandler();
            if (!app.Environment.IsDevelopment())
            {
                app.UseHsts();
            }

            app.UseHttpsRedirection();
            app.UseCors("Frontend");
            app.UseAuthentication();
            app.UseAuthorization();
            app.UseRateLimiter();

            app.MapControllers();
            {{modules}}
            app.MapBulkEndpoints();

            app.MapPost("/auth/token", async (TokenRequest request, TokenService tokens, CancellationToken cancellationToken) =>
                await tokens.IssueAsync(request.UserName, request.Password, cancellationToken) is { } token
                    ? Results.Ok(new { access_token = token })
                    : Results.Unauthorized())
                .AllowAnonymous()
                .RequireRateLimiting("auth");

            app.Run();
            """;
    }

    private const string ExceptionHandler = """
        using Microsoft.AspNetCore.Diagnostics;
        using Microsoft.AspNetCore.Mvc;

        namespace Bench.Api.Errors;

        /// <summary>Turns unhandled exceptions into a generic problem response; details go to the log only.</summary>
        public sealed class GlobalExceptionHandler : IExceptionHandler
        {
            private readonly ILogger<GlobalExceptionHandler> _logger;

            public GlobalExceptionHandler(ILogger<GlobalExceptionHandler> logger)
            {
                _logger = logger;
            }

            public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
            {
                _logger.LogError(exception, "Unhandled exception for {Path}", httpContext.Request.Path);
                var problem = new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Title = "An unexpected error occurred.",
                    Instance = httpContext.Request.Path,
                };
                httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await httpContext.Response.WriteAsJsonAsync(problem, cancellationToken);
                return true;
            }
        }
        """;

    private const string Options = """
        namespace Bench.Domain.Configuration;

        /// <summary>Token issuing and validation settings (section "Jwt").</summary>
        public sealed class JwtOptions
        {
            public const string SectionName = "Jwt";

            public string Authority { get; set; } = "https://login.example.com";

            public string Issuer { get; set; } = string.Empty;

            public string Audience { get; set; } = string.Empty;

            public string SigningKey { get; set; } = string.Empty;

            public int LifetimeMinutes { get; set; } = 15;
        }

        /// <summary>Database settings (section "Database").</summary>
        public sealed class DatabaseOptions
        {
            public const string SectionName = "Database";

            public string ConnectionString { get; set; } = string.Empty;

            public int CommandTimeoutSeconds { get; set; } = 30;
        }

        /// <summary>Cross-origin settings (section "Cors").</summary>
        public sealed class CorsSettings
        {
            public const string SectionName = "Cors";

            public string[] AllowedOrigins { get; set; } = [];
        }
        """;

    private const string AuthModels = """
        namespace Bench.Domain.Entities;

        public sealed record TokenRequest(string UserName, string Password);

        public sealed record UserCredential(string UserId, string UserName, string PasswordHash, string Role);
        """;

    private const string ConnectionFactory = """
        using System.Data;
        using Bench.Domain.Configuration;
        using Microsoft.Data.Sqlite;
        using Microsoft.Extensions.Options;

        namespace Bench.Infrastructure.Data;

        public interface IDbConnectionFactory
        {
            IDbConnection Open();
        }

        public sealed class SqliteConnectionFactory : IDbConnectionFactory
        {
            private readonly DatabaseOptions _options;

            public SqliteConnectionFactory(IOptions<DatabaseOptions> options)
            {
                _options = options.Value;
            }

            public IDbConnection Open()
            {
                var connection = new SqliteConnection(_options.ConnectionString);
                connection.Open();
                return connection;
            }
        }
        """;

    private const string TokenService = """
        using System.IdentityModel.Tokens.Jwt;
        using System.Security.Claims;
        using System.Text;
        using Bench.Domain.Configuration;
        using Bench.Domain.Entities;
        using Bench.Infrastructure.Data;
        using Dapper;
        using Microsoft.Extensions.Options;
        using Microsoft.IdentityModel.Tokens;

        namespace Bench.Infrastructure.Security;

        /// <summary>Checks credentials and issues short-lived signed access tokens.</summary>
        public sealed class TokenService
        {
            private readonly IDbConnectionFactory _connections;
            private readonly JwtOptions _options;

            public TokenService(IDbConnectionFactory connections, IOptions<JwtOptions> options)
            {
                _connections = connections;
                _options = options.Value;
            }

            public async Task<string?> IssueAsync(string userName, string password, CancellationToken cancellationToken)
            {
                using var connection = _connections.Open();
                var user = await connection.QuerySingleOrDefaultAsync<UserCredential>(new CommandDefinition(
                    "SELECT UserId, UserName, PasswordHash, Role FROM Users WHERE UserName = @userName",
                    new { userName },
                    cancellationToken: cancellationToken));
                if (user is null || !PasswordHashing.Verify(password, user.PasswordHash))
                {
                    return null;
                }

                var credentials = new SigningCredentials(
                    new SymmetricSecurityKey(Encoding.UTF8.GetBytes(_options.SigningKey)),
                    SecurityAlgorithms.HmacSha256);
                var descriptor = new SecurityTokenDescriptor
                {
                    Subject = new ClaimsIdentity(new[]
                    {
                        new Claim(ClaimTypes.NameIdentifier, user.UserId),
                        new Claim(ClaimTypes.Name, user.UserName),
                        new Claim(ClaimTypes.Role, user.Role),
                    }),
                    Issuer = _options.Issuer,
                    Audience = _options.Audience,
                    Expires = DateTime.UtcNow.AddMinutes(_options.LifetimeMinutes),
                    SigningCredentials = credentials,
                };
                var handler = new JwtSecurityTokenHandler();
                return handler.WriteToken(handler.CreateToken(descriptor));
            }
        }
        """;

    private const string PasswordHashing = """
        using System.Security.Cryptography;

        namespace Bench.Infrastructure.Security;

        /// <summary>PBKDF2-SHA256 password hashes stored as "iterations.salt.hash".</summary>
        public static class PasswordHashing
        {
            private const int Iterations = 600_000;
            private const int SaltSize = 16;
            private const int HashSize = 32;

            public static string Hash(string password)
            {
                var salt = RandomNumberGenerator.GetBytes(SaltSize);
                var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, HashSize);
                return Iterations + "." + Convert.ToBase64String(salt) + "." + Convert.ToBase64String(hash);
            }

            public static bool Verify(string password, string stored)
            {
                var parts = stored.Split('.');
                if (parts.Length != 3 || !int.TryParse(parts[0], out var iterations))
                {
                    return false;
                }

                var salt = Convert.FromBase64String(parts[1]);
                var expected = Convert.FromBase64String(parts[2]);
                var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
                return CryptographicOperations.FixedTimeEquals(actual, expected);
            }
        }
        """;

    private const string CryptoHelpers = """
        using System.Security.Cryptography;
        using System.Text;

        namespace Bench.Infrastructure.Security;

        /// <summary>Authenticated encryption and random tokens.</summary>
        public static class CryptoHelpers
        {
            private const int NonceSize = 12;
            private const int TagSize = 16;

            public static byte[] Encrypt(byte[] key, string plaintext)
            {
                var nonce = RandomNumberGenerator.GetBytes(NonceSize);
                var data = Encoding.UTF8.GetBytes(plaintext);
                var cipher = new byte[data.Length];
                var tag = new byte[TagSize];
                using var aes = new AesGcm(key, TagSize);
                aes.Encrypt(nonce, data, cipher, tag);
                return [.. nonce, .. tag, .. cipher];
            }

            public static string Decrypt(byte[] key, byte[] message)
            {
                var nonce = message.AsSpan(0, NonceSize);
                var tag = message.AsSpan(NonceSize, TagSize);
                var cipher = message.AsSpan(NonceSize + TagSize);
                var plain = new byte[cipher.Length];
                using var aes = new AesGcm(key, TagSize);
                aes.Decrypt(nonce, cipher, tag, plain);
                return Encoding.UTF8.GetString(plain);
            }

            public static string CreateApiToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

            public static string Sha256Hex(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
        }
        """;
}
