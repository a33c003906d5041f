using SecureApi.Analyzers.Tests.Infrastructure;
using SecureApi.CodeFixes.Rules.Jwt;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Jwt.JwtLifetimeAnalyzer,
    SecureApi.CodeFixes.Rules.Jwt.JwtLifetimeCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Jwt;

/// <summary>The SAPI1005 fix makes the access token live 15 minutes.</summary>
public sealed class JwtLifetimeCodeFixTests
{
    private const string Key = JwtLifetimeCodeFix.ShortLifetime;

    [Fact]
    public Task Every_form_becomes_fifteen_minutes()
    {
        const string source = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using Microsoft.IdentityModel.Tokens;

            public sealed class Tokens(SigningCredentials credentials)
            {
                public JwtSecurityToken Days(IEnumerable<Claim> claims) =>
                    new JwtSecurityToken("issuer", "api", claims, {|SAPI1005:expires: DateTime.UtcNow.AddDays(7)|}, signingCredentials: credentials);

                public JwtSecurityToken Never(IEnumerable<Claim> claims) =>
                    {|SAPI1005:new JwtSecurityToken("issuer", "api", claims, signingCredentials: credentials)|};

                public SecurityTokenDescriptor Span() =>
                    new() { {|SAPI1005:Expires = DateTime.UtcNow + TimeSpan.FromHours(8)|}, SigningCredentials = credentials };

                public JwtSecurityTokenHandler Handler() => new() { {|SAPI1005:TokenLifetimeInMinutes = 1440|} };
            }
            """;
        const string fixedSource = """
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using Microsoft.IdentityModel.Tokens;

            public sealed class Tokens(SigningCredentials credentials)
            {
                public JwtSecurityToken Days(IEnumerable<Claim> claims) =>
                    new JwtSecurityToken("issuer", "api", claims, expires: DateTime.UtcNow.AddMinutes(15), signingCredentials: credentials);

                public JwtSecurityToken Never(IEnumerable<Claim> claims) =>
                    new JwtSecurityToken("issuer", "api", claims, signingCredentials: credentials, expires: DateTime.UtcNow.AddMinutes(15));

                public SecurityTokenDescriptor Span() =>
                    new() { Expires = DateTime.UtcNow + TimeSpan.FromMinutes(15), SigningCredentials = credentials };

                public JwtSecurityTokenHandler Handler() => new() { TokenLifetimeInMinutes = 15 };
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task Adds_the_System_using_when_missing()
    {
        const string source = """
            using System.Collections.Generic;
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using Microsoft.IdentityModel.Tokens;

            public static class Tokens
            {
                public static JwtSecurityToken Never(IEnumerable<Claim> claims, SigningCredentials credentials) =>
                    {|SAPI1005:new JwtSecurityToken("issuer", "api", claims, signingCredentials: credentials)|};
            }
            """;
        const string fixedSource = """
            using System;
            using System.Collections.Generic;
            using System.IdentityModel.Tokens.Jwt;
            using System.Security.Claims;
            using Microsoft.IdentityModel.Tokens;

            public static class Tokens
            {
                public static JwtSecurityToken Never(IEnumerable<Claim> claims, SigningCredentials credentials) =>
                    new JwtSecurityToken("issuer", "api", claims, signingCredentials: credentials, expires: DateTime.UtcNow.AddMinutes(15));
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, new SnippetOptions { ImplicitUsings = false });
    }
}
