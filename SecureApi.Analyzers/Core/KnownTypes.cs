using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace SecureApi.Analyzers.Core;

/// <summary>
/// Framework types, resolved at most once per compilation and shared by every rule. A property is null
/// when the compilation does not reference the type: rules use that to switch themselves off early.
/// </summary>
internal sealed class KnownTypes
{
    private static readonly ConditionalWeakTable<Compilation, KnownTypes> Cache = new();

    private readonly Compilation _compilation;
    private readonly ConcurrentDictionary<string, INamedTypeSymbol?> _types = new();
    private readonly ConcurrentDictionary<Type, object> _shared = new();

    // One delegate per compilation: a lambda capturing this, written at the call, is allocated on every lookup.
    private readonly Func<string, INamedTypeSymbol?> _resolve;

    private KnownTypes(Compilation compilation)
    {
        _compilation = compilation;
        _resolve = compilation.GetBestTypeByMetadataName;
    }

    public static KnownTypes For(Compilation compilation) => Cache.GetValue(compilation, static c => new KnownTypes(c));

    /// <summary>
    /// The compilation's one instance of a helper that keeps caches of its own (what is a controller, ...), shared by
    /// every rule instead of one per rule, each filling the same cache again.
    /// </summary>
    public T Shared<T>(Func<KnownTypes, T> create)
        where T : class =>
        _shared.TryGetValue(typeof(T), out var existing) ? (T)existing : (T)_shared.GetOrAdd(typeof(T), _ => create(this));

    /// <summary>The compilation these types were resolved in.</summary>
    public Compilation Compilation => _compilation;

    // System
    public INamedTypeSymbol? Uri => Get("System.Uri");

    public INamedTypeSymbol? StringBuilder => Get("System.Text.StringBuilder");
    public INamedTypeSymbol? TimeSpan => Get("System.TimeSpan");
    public INamedTypeSymbol? DateTime => Get("System.DateTime");
    public INamedTypeSymbol? DateTimeOffset => Get("System.DateTimeOffset");
    public INamedTypeSymbol? Encoding => Get("System.Text.Encoding");
    public INamedTypeSymbol? Convert => Get("System.Convert");
    public INamedTypeSymbol? RandomNumberGenerator => Get("System.Security.Cryptography.RandomNumberGenerator");

    // System.Security.Cryptography (and ASP.NET Core's KeyDerivation / PasswordHasher)
    public INamedTypeSymbol? Random => Get("System.Random");
    public INamedTypeSymbol? HashAlgorithm => Get("System.Security.Cryptography.HashAlgorithm");
    public INamedTypeSymbol? KeyedHashAlgorithm => Get("System.Security.Cryptography.KeyedHashAlgorithm");
    public INamedTypeSymbol? Hmac => Get("System.Security.Cryptography.HMAC");
    public INamedTypeSymbol? Md5 => Get("System.Security.Cryptography.MD5");
    public INamedTypeSymbol? Sha1 => Get("System.Security.Cryptography.SHA1");
    public INamedTypeSymbol? Sha256 => Get("System.Security.Cryptography.SHA256");
    public INamedTypeSymbol? HmacMd5 => Get("System.Security.Cryptography.HMACMD5");
    public INamedTypeSymbol? HmacSha1 => Get("System.Security.Cryptography.HMACSHA1");
    public INamedTypeSymbol? HashAlgorithmName => Get("System.Security.Cryptography.HashAlgorithmName");
    public INamedTypeSymbol? IncrementalHash => Get("System.Security.Cryptography.IncrementalHash");
    public INamedTypeSymbol? CryptoConfig => Get("System.Security.Cryptography.CryptoConfig");
    public INamedTypeSymbol? CryptographicOperations => Get("System.Security.Cryptography.CryptographicOperations");
    public INamedTypeSymbol? Rfc2898DeriveBytes => Get("System.Security.Cryptography.Rfc2898DeriveBytes");
    public INamedTypeSymbol? KeyDerivation => Get("Microsoft.AspNetCore.Cryptography.KeyDerivation.KeyDerivation");
    public INamedTypeSymbol? KeyDerivationPrf => Get("Microsoft.AspNetCore.Cryptography.KeyDerivation.KeyDerivationPrf");
    public INamedTypeSymbol? SymmetricAlgorithm => Get("System.Security.Cryptography.SymmetricAlgorithm");
    public INamedTypeSymbol? Aes => Get("System.Security.Cryptography.Aes");
    public INamedTypeSymbol? Des => Get("System.Security.Cryptography.DES");
    public INamedTypeSymbol? TripleDes => Get("System.Security.Cryptography.TripleDES");
    public INamedTypeSymbol? Rc2 => Get("System.Security.Cryptography.RC2");
    public INamedTypeSymbol? CipherMode => Get("System.Security.Cryptography.CipherMode");
    public INamedTypeSymbol? AesGcm => Get("System.Security.Cryptography.AesGcm");
    public INamedTypeSymbol? AesCcm => Get("System.Security.Cryptography.AesCcm");
    public INamedTypeSymbol? ChaCha20Poly1305 => Get("System.Security.Cryptography.ChaCha20Poly1305");
    public INamedTypeSymbol? AsymmetricAlgorithm => Get("System.Security.Cryptography.AsymmetricAlgorithm");
    public INamedTypeSymbol? PasswordHasher => Get("Microsoft.AspNetCore.Identity.PasswordHasher`1");

    // Microsoft.AspNetCore.Identity (sign-in, password and lockout policy)
    public INamedTypeSymbol? SignInManager => Get("Microsoft.AspNetCore.Identity.SignInManager`1");
    public INamedTypeSymbol? PasswordOptions => Get("Microsoft.AspNetCore.Identity.PasswordOptions");
    public INamedTypeSymbol? LockoutOptions => Get("Microsoft.AspNetCore.Identity.LockoutOptions");
    public INamedTypeSymbol? UserManager => Get("Microsoft.AspNetCore.Identity.UserManager`1");
    public INamedTypeSymbol? IPasswordHasher => Get("Microsoft.AspNetCore.Identity.IPasswordHasher`1");
    public INamedTypeSymbol? PasswordVerificationResult => Get("Microsoft.AspNetCore.Identity.PasswordVerificationResult");
    public INamedTypeSymbol? SignInResult => Get("Microsoft.AspNetCore.Identity.SignInResult");
    public INamedTypeSymbol? ClaimsPrincipal => Get("System.Security.Claims.ClaimsPrincipal");

    // Microsoft.IdentityModel / System.IdentityModel (JWT)
    public INamedTypeSymbol? TokenValidationParameters => Get("Microsoft.IdentityModel.Tokens.TokenValidationParameters");
    public INamedTypeSymbol? SecurityTokenDescriptor => Get("Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor");
    public INamedTypeSymbol? SecurityAlgorithms => Get("Microsoft.IdentityModel.Tokens.SecurityAlgorithms");
    public INamedTypeSymbol? SigningCredentials => Get("Microsoft.IdentityModel.Tokens.SigningCredentials");
    public INamedTypeSymbol? SecurityKey => Get("Microsoft.IdentityModel.Tokens.SecurityKey");
    public INamedTypeSymbol? SymmetricSecurityKey => Get("Microsoft.IdentityModel.Tokens.SymmetricSecurityKey");
    public INamedTypeSymbol? RsaSecurityKey => Get("Microsoft.IdentityModel.Tokens.RsaSecurityKey");
    public INamedTypeSymbol? X509SecurityKey => Get("Microsoft.IdentityModel.Tokens.X509SecurityKey");
    public INamedTypeSymbol? ECDsaSecurityKey => Get("Microsoft.IdentityModel.Tokens.ECDsaSecurityKey");
    public INamedTypeSymbol? JsonWebKey => Get("Microsoft.IdentityModel.Tokens.JsonWebKey");
    public INamedTypeSymbol? JwtSecurityToken => Get("System.IdentityModel.Tokens.Jwt.JwtSecurityToken");
    public INamedTypeSymbol? JwtSecurityTokenHandler => Get("System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler");
    public INamedTypeSymbol? JwtHeader => Get("System.IdentityModel.Tokens.Jwt.JwtHeader");
    public INamedTypeSymbol? JwtPayload => Get("System.IdentityModel.Tokens.Jwt.JwtPayload");
    public INamedTypeSymbol? JsonWebToken => Get("Microsoft.IdentityModel.JsonWebTokens.JsonWebToken");
    public INamedTypeSymbol? JsonWebTokenHandler => Get("Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler");

    // Microsoft.AspNetCore.Authentication
    public INamedTypeSymbol? JwtBearerOptions => Get("Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions");
    public INamedTypeSymbol? JwtBearerExtensions => Get("Microsoft.Extensions.DependencyInjection.JwtBearerExtensions");
    public INamedTypeSymbol? JwtBearerMessageReceivedContext => Get("Microsoft.AspNetCore.Authentication.JwtBearer.MessageReceivedContext");
    public INamedTypeSymbol? OpenIdConnectOptions => Get("Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions");
    public INamedTypeSymbol? OAuthOptions => Get("Microsoft.AspNetCore.Authentication.OAuth.OAuthOptions");
    public INamedTypeSymbol? OpenIdConnectProtocolValidator => Get("Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectProtocolValidator");
    public INamedTypeSymbol? OpenIdConnectMessage => Get("Microsoft.IdentityModel.Protocols.OpenIdConnect.OpenIdConnectMessage");

    // System.Security.Claims
    public INamedTypeSymbol? Claim => Get("System.Security.Claims.Claim");
    public INamedTypeSymbol? ClaimsIdentity => Get("System.Security.Claims.ClaimsIdentity");

    // Microsoft.Extensions.Options / Hosting / Logging
    public INamedTypeSymbol? OptionsServiceCollectionExtensions => Get("Microsoft.Extensions.DependencyInjection.OptionsServiceCollectionExtensions");
    public INamedTypeSymbol? OptionsBuilder => Get("Microsoft.Extensions.Options.OptionsBuilder`1");
    public INamedTypeSymbol? IConfigureOptions => Get("Microsoft.Extensions.Options.IConfigureOptions`1");
    public INamedTypeSymbol? IConfigureNamedOptions => Get("Microsoft.Extensions.Options.IConfigureNamedOptions`1");
    public INamedTypeSymbol? IPostConfigureOptions => Get("Microsoft.Extensions.Options.IPostConfigureOptions`1");
    public INamedTypeSymbol? HostEnvironmentEnvExtensions => Get("Microsoft.Extensions.Hosting.HostEnvironmentEnvExtensions");
    public INamedTypeSymbol? IHostEnvironment => Get("Microsoft.Extensions.Hosting.IHostEnvironment");
    public INamedTypeSymbol? ILogger => Get("Microsoft.Extensions.Logging.ILogger");
    public INamedTypeSymbol? LoggerExtensions => Get("Microsoft.Extensions.Logging.LoggerExtensions");
    public INamedTypeSymbol? LoggerMessage => Get("Microsoft.Extensions.Logging.LoggerMessage");
    public INamedTypeSymbol? LoggerMessageAttribute => Get("Microsoft.Extensions.Logging.LoggerMessageAttribute");
    public INamedTypeSymbol? LogLevel => Get("Microsoft.Extensions.Logging.LogLevel");
    public INamedTypeSymbol? EventId => Get("Microsoft.Extensions.Logging.EventId");

    // Console and diagnostics output (System, System.Diagnostics, System.IO)
    public INamedTypeSymbol? Console => Get("System.Console");
    public INamedTypeSymbol? Debug => Get("System.Diagnostics.Debug");
    public INamedTypeSymbol? Trace => Get("System.Diagnostics.Trace");
    public INamedTypeSymbol? TextWriter => Get("System.IO.TextWriter");
    public INamedTypeSymbol? StreamReader => Get("System.IO.StreamReader");

    // What a request carries (Microsoft.AspNetCore.Http, System.Net.Http)
    public INamedTypeSymbol? HttpRequest => Get("Microsoft.AspNetCore.Http.HttpRequest");
    public INamedTypeSymbol? IQueryCollection => Get("Microsoft.AspNetCore.Http.IQueryCollection");
    public INamedTypeSymbol? SignalRHub => Get("Microsoft.AspNetCore.SignalR.Hub");
    public INamedTypeSymbol? PathString => Get("Microsoft.AspNetCore.Http.PathString");
    public INamedTypeSymbol? IHeaderDictionary => Get("Microsoft.AspNetCore.Http.IHeaderDictionary");
    public INamedTypeSymbol? IRequestCookieCollection => Get("Microsoft.AspNetCore.Http.IRequestCookieCollection");
    public INamedTypeSymbol? HttpRequestHeaders => Get("System.Net.Http.Headers.HttpRequestHeaders");
    public INamedTypeSymbol? AuthenticationHeaderValue => Get("System.Net.Http.Headers.AuthenticationHeaderValue");

    // Microsoft.AspNetCore.Authorization / Mvc / Routing (endpoints)
    public INamedTypeSymbol? IAuthorizeData => Get("Microsoft.AspNetCore.Authorization.IAuthorizeData");
    public INamedTypeSymbol? IAllowAnonymous => Get("Microsoft.AspNetCore.Authorization.IAllowAnonymous");
    public INamedTypeSymbol? AuthorizationOptions => Get("Microsoft.AspNetCore.Authorization.AuthorizationOptions");
    public INamedTypeSymbol? AuthorizationBuilder => Get("Microsoft.AspNetCore.Authorization.AuthorizationBuilder");
    public INamedTypeSymbol? IAuthorizationFilter => Get("Microsoft.AspNetCore.Mvc.Filters.IAuthorizationFilter");
    public INamedTypeSymbol? IAsyncAuthorizationFilter => Get("Microsoft.AspNetCore.Mvc.Filters.IAsyncAuthorizationFilter");
    public INamedTypeSymbol? AuthorizeAttribute => Get("Microsoft.AspNetCore.Authorization.AuthorizeAttribute");

    // The caller's identity and resource-based authorization (SAPI2007)
    public INamedTypeSymbol? IAuthorizationService => Get("Microsoft.AspNetCore.Authorization.IAuthorizationService");
    public INamedTypeSymbol? AuthorizationServiceExtensions => Get("Microsoft.AspNetCore.Authorization.AuthorizationServiceExtensions");

    // Microsoft.AspNetCore.RateLimiting (ASP.NET Core 7+)
    public INamedTypeSymbol? EnableRateLimitingAttribute => Get("Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute");
    public INamedTypeSymbol? DisableRateLimitingAttribute => Get("Microsoft.AspNetCore.RateLimiting.DisableRateLimitingAttribute");
    public INamedTypeSymbol? RateLimiterOptions => Get("Microsoft.AspNetCore.RateLimiting.RateLimiterOptions");
    public INamedTypeSymbol? AuthorizeFilter => Get("Microsoft.AspNetCore.Mvc.Authorization.AuthorizeFilter");
    public INamedTypeSymbol? TypeFilterAttribute => Get("Microsoft.AspNetCore.Mvc.TypeFilterAttribute");
    public INamedTypeSymbol? ServiceFilterAttribute => Get("Microsoft.AspNetCore.Mvc.ServiceFilterAttribute");
    public INamedTypeSymbol? ControllerBase => Get("Microsoft.AspNetCore.Mvc.ControllerBase");
    public INamedTypeSymbol? Controller => Get("Microsoft.AspNetCore.Mvc.Controller");
    public INamedTypeSymbol? ControllerAttribute => Get("Microsoft.AspNetCore.Mvc.ControllerAttribute");
    public INamedTypeSymbol? NonControllerAttribute => Get("Microsoft.AspNetCore.Mvc.NonControllerAttribute");
    public INamedTypeSymbol? NonActionAttribute => Get("Microsoft.AspNetCore.Mvc.NonActionAttribute");
    public INamedTypeSymbol? WebApplicationBuilder => Get("Microsoft.AspNetCore.Builder.WebApplicationBuilder");
    public INamedTypeSymbol? IApplicationBuilder => Get("Microsoft.AspNetCore.Builder.IApplicationBuilder");
    public INamedTypeSymbol? IApiBehaviorMetadata => Get("Microsoft.AspNetCore.Mvc.Infrastructure.IApiBehaviorMetadata");
    public INamedTypeSymbol? PageModel => Get("Microsoft.AspNetCore.Mvc.RazorPages.PageModel");
    public INamedTypeSymbol? EndpointRouteBuilderExtensions => Get("Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions");
    public INamedTypeSymbol? IEndpointRouteBuilder => Get("Microsoft.AspNetCore.Routing.IEndpointRouteBuilder");
    public INamedTypeSymbol? RouteGroupBuilder => Get("Microsoft.AspNetCore.Routing.RouteGroupBuilder");
    public INamedTypeSymbol? ControllerEndpointRouteBuilderExtensions => Get("Microsoft.AspNetCore.Builder.ControllerEndpointRouteBuilderExtensions");

    // Antiforgery (CSRF) and form binding
    public INamedTypeSymbol? IAntiforgeryPolicy => Get("Microsoft.AspNetCore.Mvc.ViewFeatures.IAntiforgeryPolicy");
    public INamedTypeSymbol? IgnoreAntiforgeryTokenAttribute => Get("Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute");
    public INamedTypeSymbol? ValidateAntiForgeryTokenAttribute => Get("Microsoft.AspNetCore.Mvc.ValidateAntiForgeryTokenAttribute");
    public INamedTypeSymbol? AutoValidateAntiforgeryTokenAttribute => Get("Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute");
    public INamedTypeSymbol? RequireAntiforgeryTokenAttribute => Get("Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute");
    public INamedTypeSymbol? IFromFormMetadata => Get("Microsoft.AspNetCore.Http.Metadata.IFromFormMetadata");
    public INamedTypeSymbol? IFromBodyMetadata => Get("Microsoft.AspNetCore.Http.Metadata.IFromBodyMetadata");
    public INamedTypeSymbol? IFormFile => Get("Microsoft.AspNetCore.Http.IFormFile");
    public INamedTypeSymbol? IFormFileCollection => Get("Microsoft.AspNetCore.Http.IFormFileCollection");
    public INamedTypeSymbol? IFormCollection => Get("Microsoft.AspNetCore.Http.IFormCollection");

    // Exceptions and what ASP.NET Core writes to responses
    public INamedTypeSymbol? Exception => Get("System.Exception");
    public INamedTypeSymbol? IExceptionHandlerFeature => Get("Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature");
    public INamedTypeSymbol? ExceptionContext => Get("Microsoft.AspNetCore.Mvc.Filters.ExceptionContext");
    public INamedTypeSymbol? ProblemDetailsContext => Get("Microsoft.AspNetCore.Http.ProblemDetailsContext");
    public INamedTypeSymbol? ProblemDetails => Get("Microsoft.AspNetCore.Mvc.ProblemDetails");
    public INamedTypeSymbol? ObjectResult => Get("Microsoft.AspNetCore.Mvc.ObjectResult");
    public INamedTypeSymbol? ContentResult => Get("Microsoft.AspNetCore.Mvc.ContentResult");
    public INamedTypeSymbol? JsonResult => Get("Microsoft.AspNetCore.Mvc.JsonResult");
    public INamedTypeSymbol? Results => Get("Microsoft.AspNetCore.Http.Results");
    public INamedTypeSymbol? TypedResults => Get("Microsoft.AspNetCore.Http.TypedResults");
    public INamedTypeSymbol? HttpResponseWritingExtensions => Get("Microsoft.AspNetCore.Http.HttpResponseWritingExtensions");
    public INamedTypeSymbol? HttpResponseJsonExtensions => Get("Microsoft.AspNetCore.Http.HttpResponseJsonExtensions");
    public INamedTypeSymbol? ModelStateDictionary => Get("Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary");
    public INamedTypeSymbol? ViewDataDictionary => Get("Microsoft.AspNetCore.Mvc.ViewFeatures.ViewDataDictionary");
    public INamedTypeSymbol? ITempDataDictionary => Get("Microsoft.AspNetCore.Mvc.ViewFeatures.ITempDataDictionary");
    public INamedTypeSymbol? IActionResult => Get("Microsoft.AspNetCore.Mvc.IActionResult");
    public INamedTypeSymbol? IConvertToActionResult => Get("Microsoft.AspNetCore.Mvc.Infrastructure.IConvertToActionResult");
    public INamedTypeSymbol? IResult => Get("Microsoft.AspNetCore.Http.IResult");
    public INamedTypeSymbol? DeveloperExceptionPageExtensions => Get("Microsoft.AspNetCore.Builder.DeveloperExceptionPageExtensions");
    public INamedTypeSymbol? DatabaseErrorPageExtensions => Get("Microsoft.AspNetCore.Builder.DatabaseErrorPageExtensions");
    public INamedTypeSymbol? JsonSerializer => Get("System.Text.Json.JsonSerializer");
    public INamedTypeSymbol? JsonConvert => Get("Newtonsoft.Json.JsonConvert");

    // Unsafe deserialization: the .NET Framework formatters are matched by name, so they are found wherever referenced.
    public INamedTypeSymbol? BinaryFormatter => Get("System.Runtime.Serialization.Formatters.Binary.BinaryFormatter");
    public INamedTypeSymbol? SoapFormatter => Get("System.Runtime.Serialization.Formatters.Soap.SoapFormatter");
    public INamedTypeSymbol? NetDataContractSerializer => Get("System.Runtime.Serialization.NetDataContractSerializer");
    public INamedTypeSymbol? LosFormatter => Get("System.Web.UI.LosFormatter");
    public INamedTypeSymbol? ObjectStateFormatter => Get("System.Web.UI.ObjectStateFormatter");

    // Newtonsoft.Json
    public INamedTypeSymbol? TypeNameHandling => Get("Newtonsoft.Json.TypeNameHandling");
    public INamedTypeSymbol? JsonSerializerSettings => Get("Newtonsoft.Json.JsonSerializerSettings");
    public INamedTypeSymbol? NewtonsoftJsonSerializer => Get("Newtonsoft.Json.JsonSerializer");
    public INamedTypeSymbol? JsonPropertyAttribute => Get("Newtonsoft.Json.JsonPropertyAttribute");
    public INamedTypeSymbol? JsonContainerAttribute => Get("Newtonsoft.Json.JsonContainerAttribute");
    public INamedTypeSymbol? NewtonsoftJsonProperty => Get("Newtonsoft.Json.Serialization.JsonProperty");
    public INamedTypeSymbol? JsonContainerContract => Get("Newtonsoft.Json.Serialization.JsonContainerContract");
    public INamedTypeSymbol? DefaultSerializationBinder => Get("Newtonsoft.Json.Serialization.DefaultSerializationBinder");

    // MongoDB (MongoDB.Bson, which MongoDB.Driver depends on)
    public INamedTypeSymbol? BsonDocument => Get("MongoDB.Bson.BsonDocument");

    // Request input and redirects
    public INamedTypeSymbol? HttpResponse => Get("Microsoft.AspNetCore.Http.HttpResponse");
    public INamedTypeSymbol? RedirectResult => Get("Microsoft.AspNetCore.Mvc.RedirectResult");
    public INamedTypeSymbol? BindPropertyAttribute => Get("Microsoft.AspNetCore.Mvc.BindPropertyAttribute");
    public INamedTypeSymbol? BindPropertiesAttribute => Get("Microsoft.AspNetCore.Mvc.BindPropertiesAttribute");
    public INamedTypeSymbol? IBindingSourceMetadata => Get("Microsoft.AspNetCore.Mvc.ModelBinding.IBindingSourceMetadata");
    public INamedTypeSymbol? IFromServiceMetadata => Get("Microsoft.AspNetCore.Http.Metadata.IFromServiceMetadata");

    // Microsoft.AspNetCore.Cors
    public INamedTypeSymbol? CorsPolicyBuilder => Get("Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder");
    public INamedTypeSymbol? CorsPolicy => Get("Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicy");

    // Cookies, request limits and forwarded headers (hosting)
    public INamedTypeSymbol? CookieOptions => Get("Microsoft.AspNetCore.Http.CookieOptions");
    public INamedTypeSymbol? CookieBuilder => Get("Microsoft.AspNetCore.Http.CookieBuilder");
    public INamedTypeSymbol? CookieSecurePolicy => Get("Microsoft.AspNetCore.Http.CookieSecurePolicy");
    public INamedTypeSymbol? SameSiteMode => Get("Microsoft.AspNetCore.Http.SameSiteMode");
    public INamedTypeSymbol? IResponseCookies => Get("Microsoft.AspNetCore.Http.IResponseCookies");
    public INamedTypeSymbol? CookiePolicyOptions => Get("Microsoft.AspNetCore.Builder.CookiePolicyOptions");
    public INamedTypeSymbol? DisableRequestSizeLimitAttribute => Get("Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute");
    public INamedTypeSymbol? RequestSizeLimitAttribute => Get("Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute");
    public INamedTypeSymbol? RequestFormLimitsAttribute => Get("Microsoft.AspNetCore.Mvc.RequestFormLimitsAttribute");
    public INamedTypeSymbol? FormOptions => Get("Microsoft.AspNetCore.Http.Features.FormOptions");
    public INamedTypeSymbol? KestrelServerLimits => Get("Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits");
    public INamedTypeSymbol? IHttpMaxRequestBodySizeFeature => Get("Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature");
    public INamedTypeSymbol? IISServerOptions => Get("Microsoft.AspNetCore.Builder.IISServerOptions");
    public INamedTypeSymbol? HttpSysOptions => Get("Microsoft.AspNetCore.Server.HttpSys.HttpSysOptions");
    public INamedTypeSymbol? ForwardedHeadersOptions => Get("Microsoft.AspNetCore.Builder.ForwardedHeadersOptions");

    // Microsoft.Extensions.Configuration
    public INamedTypeSymbol? IConfiguration => Get("Microsoft.Extensions.Configuration.IConfiguration");
    public INamedTypeSymbol? ConfigurationBinder => Get("Microsoft.Extensions.Configuration.ConfigurationBinder");

    // Entity Framework Core, Identity users and JSON member attributes (SAPI5004)
    public INamedTypeSymbol? DbContext => Get("Microsoft.EntityFrameworkCore.DbContext");
    public INamedTypeSymbol? DbSet => Get("Microsoft.EntityFrameworkCore.DbSet`1");
    public INamedTypeSymbol? EntityState => Get("Microsoft.EntityFrameworkCore.EntityState");
    public INamedTypeSymbol? EntityEntry => Get("Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry");
    public INamedTypeSymbol? EntityTypeBuilder => Get("Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder");
    public INamedTypeSymbol? KeyAttribute => Get("System.ComponentModel.DataAnnotations.KeyAttribute");
    public INamedTypeSymbol? DapperSqlMapper => Get("Dapper.SqlMapper");
    public INamedTypeSymbol? IdentityUser => Get("Microsoft.AspNetCore.Identity.IdentityUser`1");
    public INamedTypeSymbol? SystemTextJsonIgnoreAttribute => Get("System.Text.Json.Serialization.JsonIgnoreAttribute");
    public INamedTypeSymbol? NewtonsoftJsonIgnoreAttribute => Get("Newtonsoft.Json.JsonIgnoreAttribute");
    public INamedTypeSymbol? FromKeyedServicesAttribute => Get("Microsoft.Extensions.DependencyInjection.FromKeyedServicesAttribute");

    /// <summary>Any type by metadata name, cached for the compilation.</summary>
    public INamedTypeSymbol? Get(string metadataName) =>
        _types.TryGetValue(metadataName, out var type) ? type : _types.GetOrAdd(metadataName, _resolve);
}
