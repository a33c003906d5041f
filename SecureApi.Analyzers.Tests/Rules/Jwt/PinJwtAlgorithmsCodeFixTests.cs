using SecureApi.Analyzers.Tests.Infrastructure;
using SecureApi.CodeFixes.Rules.Jwt;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Jwt.PinJwtAlgorithmsAnalyzer,
    SecureApi.CodeFixes.Rules.Jwt.PinJwtAlgorithmsCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Jwt;

/// <summary>The SAPI1001 fix pins the algorithm of the key in use.</summary>
public sealed class PinJwtAlgorithmsCodeFixTests
{
    private const string Key = PinJwtAlgorithmsCodeFix.PinAlgorithms;

    [Fact]
    public Task Symmetric_key_pins_HmacSha256_in_the_initializer()
    {
        const string source = """
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(options =>
            {
                options.TokenValidationParameters = {|SAPI1001:new TokenValidationParameters
                {
                    ValidIssuer = builder.Configuration["Jwt:Issuer"],
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(builder.Configuration["Jwt:Key"]!)),
                }|};
            });
            builder.Build().Run();
            """;
        const string fixedSource = """
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(options =>
            {
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = builder.Configuration["Jwt:Issuer"],
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(builder.Configuration["Jwt:Key"]!)),
                    ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256 },
                };
            });
            builder.Build().Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    /// <summary>Without a trailing comma, the new comma goes after the last member, not alone on the next line.</summary>
    [Fact]
    public Task An_initializer_without_a_trailing_comma_gets_the_comma_on_the_member_line()
    {
        const string source = """
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(options =>
            {
                options.TokenValidationParameters = {|SAPI1001:new TokenValidationParameters
                {
                    ValidIssuer = builder.Configuration["Jwt:Issuer"],
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(builder.Configuration["Jwt:Key"]!))
                }|};
            });
            builder.Build().Run();
            """;
        const string fixedSource = """
            using System.Text;
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(options =>
            {
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = builder.Configuration["Jwt:Issuer"],
                    IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(builder.Configuration["Jwt:Key"]!)),
                    ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256 }
                };
            });
            builder.Build().Run();
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key);
    }

    [Fact]
    public Task Key_from_a_helper_and_keys_of_other_kinds()
    {
        const string source = """
            using System.Security.Cryptography;
            using Microsoft.IdentityModel.Tokens;

            public static class Parameters
            {
                private static SecurityKey SigningKey(IConfiguration configuration) =>
                    new SymmetricSecurityKey(Convert.FromBase64String(configuration["Jwt:Key"]!));

                public static TokenValidationParameters Own(IConfiguration configuration) =>
                    {|SAPI1001:new() { IssuerSigningKey = SigningKey(configuration) }|};

                public static TokenValidationParameters Partner(RSA rsa) =>
                    {|SAPI1001:new() { IssuerSigningKey = new RsaSecurityKey(rsa) }|};

                public static TokenValidationParameters Device(ECDsa ecdsa) =>
                    {|SAPI1001:new TokenValidationParameters() { IssuerSigningKey = new ECDsaSecurityKey(ecdsa) }|};

                public static TokenValidationParameters Unknown() => {|SAPI1001:new TokenValidationParameters()|};
            }
            """;
        const string fixedSource = """
            using System.Security.Cryptography;
            using Microsoft.IdentityModel.Tokens;

            public static class Parameters
            {
                private static SecurityKey SigningKey(IConfiguration configuration) =>
                    new SymmetricSecurityKey(Convert.FromBase64String(configuration["Jwt:Key"]!));

                public static TokenValidationParameters Own(IConfiguration configuration) =>
                    new() { IssuerSigningKey = SigningKey(configuration), ValidAlgorithms = new[] { SecurityAlgorithms.HmacSha256 } };

                public static TokenValidationParameters Partner(RSA rsa) =>
                    new() { IssuerSigningKey = new RsaSecurityKey(rsa), ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 } };

                public static TokenValidationParameters Device(ECDsa ecdsa) =>
                    new TokenValidationParameters() { IssuerSigningKey = new ECDsaSecurityKey(ecdsa), ValidAlgorithms = new[] { SecurityAlgorithms.EcdsaSha256 } };

                public static TokenValidationParameters Unknown() => new TokenValidationParameters { ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 } };
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Options_lambda_gets_a_pinning_statement_and_the_using_when_missing()
    {
        const string source = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;

            public static class JwtSetup
            {
                public static void Add(IServiceCollection services, IConfiguration configuration)
                {
                    services.AddAuthentication()
                        .{|SAPI1001:AddJwtBearer("Agents", options =>
                        {
                            options.Authority = configuration["Sso:Authority"];
                            options.TokenValidationParameters.RoleClaimType = "roles";
                        })|};
                    services.{|SAPI1001:Configure<JwtBearerOptions>("Partners", o => o.TokenValidationParameters.NameClaimType = "sub")|};
                }
            }
            """;
        const string fixedSource = """
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.IdentityModel.Tokens;

            public static class JwtSetup
            {
                public static void Add(IServiceCollection services, IConfiguration configuration)
                {
                    services.AddAuthentication()
                        .AddJwtBearer("Agents", options =>
                        {
                            options.Authority = configuration["Sso:Authority"];
                            options.TokenValidationParameters.RoleClaimType = "roles";
                            options.TokenValidationParameters.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 };
                        });
                    services.Configure<JwtBearerOptions>("Partners", o =>
                    {
                        o.TokenValidationParameters.NameClaimType = "sub";
                        o.TokenValidationParameters.ValidAlgorithms = new[] { SecurityAlgorithms.RsaSha256 };
                    });
                }
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }
}
