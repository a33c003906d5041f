using SecureApi.Analyzers.Rules.Secrets;
using Xunit;

namespace SecureApi.Analyzers.Tests.Rules.Secrets;

/// <summary>The tolerant JSON reader behind SAPI7003: configuration keys, unescaped values, exact spans, and nothing from invalid files.</summary>
public sealed class JsonConfigurationReaderTests
{
    [Fact]
    public void Reads_string_values_with_their_configuration_keys()
    {
        const string json = """
            {
              "Logging": { "LogLevel": { "Default": "Information", "Microsoft.AspNetCore": "Warning" } },
              "AllowedHosts": "*",
              "ConnectionStrings": { "Orders": "Server=sql.contoso.local;Database=Orders;User Id=app;Password=Or#ders!2024" },
              "Cors": { "Origins": [ "https://app.contoso.com", [ "https://admin.contoso.com" ], { "Host": "https://partner.example" } ] },
              "Limits": { "MaxBodyBytes": 1048576, "Strict": true, "Fallback": null, "Ratio": -1.5e3 }
            }
            """;

        var values = JsonConfigurationReader.ReadStrings(json);

        Assert.Equal(
            [
                "Logging:LogLevel:Default=Information",
                "Logging:LogLevel:Microsoft.AspNetCore=Warning",
                "AllowedHosts=*",
                "ConnectionStrings:Orders=Server=sql.contoso.local;Database=Orders;User Id=app;Password=Or#ders!2024",
                "Cors:Origins:0=https://app.contoso.com",
                "Cors:Origins:1:0=https://admin.contoso.com",
                "Cors:Origins:2:Host=https://partner.example",
            ],
            values.Select(v => v.Path + "=" + v.Value));
        Assert.Equal(["Default", "Microsoft.AspNetCore", "AllowedHosts", "Orders", "Origins", "Origins", "Host"], values.Select(v => v.Name));
        Assert.Equal(["LogLevel", "LogLevel", null, "ConnectionStrings", "Cors", "Cors", "Origins"], values.Select(v => v.ParentName));
    }

    [Fact]
    public void Span_covers_the_string_token_with_its_quotes()
    {
        const string json = "{ \"Smtp\": { \"Password\": \"a\\\"b\\u0063\" } }";

        var value = Assert.Single(JsonConfigurationReader.ReadStrings(json));

        Assert.Equal("a\"bc", value.Value);
        Assert.Equal("\"a\\\"b\\u0063\"", json.Substring(value.Span.Start, value.Span.Length));
    }

    [Fact]
    public void Comments_trailing_commas_and_a_byte_order_mark_are_accepted()
    {
        const string json = """
            {
              // line comment with "quotes": "not a value"
              /* block
                 comment */ "Smtp": { "Host": "smtp.contoso.com", "Port": 587, },
              "Features": [ "orders", /* inline */ "invoices", ],
            }
            """;

        var values = JsonConfigurationReader.ReadStrings("\uFEFF" + json);

        Assert.Equal(["Smtp:Host", "Features:0", "Features:1"], values.Select(v => v.Path));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   // only a comment")]
    [InlineData("[ \"https://app.contoso.com\" ]")]
    [InlineData("\"Password\"")]
    [InlineData("{ \"Smtp\": { \"Host\": \"smtp.contoso.com\" }")]
    [InlineData("{ \"Smtp\": \"unterminated }")]
    [InlineData("{ \"Smtp\": \"line\nbreak\" }")]
    [InlineData("{ \"Smtp\": \"bad \\x escape\" }")]
    [InlineData("{ \"Smtp\": \"short \\u12\" }")]
    [InlineData("{ \"A\": 1 } { \"B\": 2 }")]
    [InlineData("{ , }")]
    [InlineData("{ \"A\": 1,, }")]
    [InlineData("{ \"A\": [ , ] }")]
    [InlineData("{ \"A\" 1 }")]
    [InlineData("{ A: 1 }")]
    [InlineData("{ \"A\": 'single' }")]
    [InlineData("{ \"A\": tru }")]
    [InlineData("{ \"A\": truex }")]
    [InlineData("{ \"A\": - }")]
    [InlineData("{ \"A\": 1. }")]
    [InlineData("{ \"A\": 1e }")]
    [InlineData("{ \"A\": 12abc }")]
    [InlineData("{ \"A\": \"x\" / }")]
    [InlineData("{ \"A\": \"x\" /* unterminated }")]
    public void Invalid_files_yield_nothing(string json)
    {
        Assert.Empty(JsonConfigurationReader.ReadStrings(json));
    }

    [Fact]
    public void Values_read_before_an_error_are_dropped()
    {
        const string json = """
            {
              "ConnectionStrings": { "Orders": "Server=sql.contoso.local;Database=Orders;User Id=app;Password=Or#ders!2024" },
              "Smtp": { "Host": "smtp.contoso.com" "Port": 587 }
            }
            """;

        Assert.Empty(JsonConfigurationReader.ReadStrings(json));
    }

    [Fact]
    public void Nesting_is_limited_like_the_configuration_provider()
    {
        string Nested(int depth) => string.Concat(Enumerable.Repeat("{\"a\":", depth - 1)) + "{\"a\":\"x\"" + new string('}', depth);

        Assert.Single(JsonConfigurationReader.ReadStrings(Nested(JsonConfigurationReader.MaxDepth)));
        Assert.Empty(JsonConfigurationReader.ReadStrings(Nested(JsonConfigurationReader.MaxDepth + 1)));
        Assert.Empty(JsonConfigurationReader.ReadStrings("{\"a\":" + new string('[', 100_000)));
    }
}
