using System.Diagnostics;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Strings;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;

namespace SecureApi.Analyzers.Tests.Core;

/// <summary>The shared "built from non-constant input" analysis (SQL, MongoDB, command lines...).</summary>
public sealed class StringFlowTests
{
    [Theory]
    [InlineData("\"SELECT 1\"")]
    [InlineData("\"SELECT \" + Columns + \" FROM t\"")]
    [InlineData("$\"SELECT {Columns} FROM t\"")]
    [InlineData("\"SELECT \" + nameof(p) + \" FROM t\"")]
    [InlineData("string.Format(\"SELECT {0} FROM t\", Columns)")]
    [InlineData("string.Concat(\"SELECT \", Columns)")]
    [InlineData("string.Join(\", \", \"a\", \"b\")")]
    [InlineData("new StringBuilder(\"SELECT \").Append(Columns).Append(\" FROM t\").ToString()")]
    [InlineData("constantBuilder.ToString()")]
    [InlineData("constantBranches")]
    [InlineData("n > 0 ? \"SELECT a\" : \"SELECT b\"")]
    [InlineData("constLocal + \" WHERE 1 = 1\"")]
    [InlineData("appendedConstants")]
    [InlineData("\"SELECT * FROM t ORDER BY \" + order")]
    [InlineData("\"SELECT * FROM \" + Table()")]
    [InlineData("\"SELECT * FROM \" + Tables[n] + Schema")]
    public Task Constant_construction_is_constant(string expression) =>
        AssertAsync(expression, constant: true, built: false);

    [Theory]
    [InlineData("\"SELECT * FROM t WHERE a = '\" + p + \"'\"")]
    [InlineData("$\"SELECT * FROM t WHERE a = '{p}'\"")]
    [InlineData("$@\"SELECT * FROM t WHERE a = '{p}'\"")]
    [InlineData("$\"\"\"SELECT * FROM t WHERE a = '{p}'\"\"\"")]
    [InlineData("string.Format(\"SELECT * FROM t WHERE a = '{0}'\", p)")]
    [InlineData("string.Concat(\"SELECT * FROM t WHERE a = '\", p, \"'\")")]
    [InlineData("\"SELECT * FROM t WHERE id IN (\" + string.Join(\",\", ids) + \")\"")]
    [InlineData("\"SELECT * FROM t WHERE id = \" + n")]
    [InlineData("builder.ToString()")]
    [InlineData("new StringBuilder(\"SELECT \").AppendFormat(\"{0}\", p).ToString()")]
    [InlineData("new StringBuilder(\"SELECT a\").Insert(0, p).ToString()")]
    [InlineData("new StringBuilder(\"SELECT a\").Replace(\"a\", p).ToString()")]
    [InlineData("new StringBuilder().AppendLine(p).ToString()")]
    [InlineData("appended")]
    [InlineData("branches")]
    [InlineData("n > 0 ? \"SELECT a\" : \"SELECT \" + p")]
    [InlineData("(p ?? \"x\") + \"y\"")]
    [InlineData("throughLocal")]
    public Task Construction_with_a_non_constant_part_is_built_from_input(string expression) =>
        AssertAsync(expression, constant: false, built: true);

    [Theory]
    [InlineData("p")]
    [InlineData("p.Trim()")]
    [InlineData("Fetch()")]
    [InlineData("alias")]
    [InlineData("outValue")]
    public Task Values_not_built_here_are_opaque(string expression) =>
        AssertAsync(expression, constant: false, built: false);

    [Fact]
    public async Task Parameters_flowing_into_the_value_are_recorded()
    {
        var value = await EvaluateAsync("\"a\" + q + alias");
        Assert.Equal(0b11UL, value.Parameters & 0b11);
        Assert.Equal(0UL, (await EvaluateAsync("\"a\" + Columns")).Parameters);
    }

    [Fact]
    public async Task A_five_thousand_term_concatenation_stays_linear()
    {
        var terms = string.Join(" + ", Enumerable.Range(0, 5000).Select(i => i % 2 == 0 ? $"\"c{i} = '\"" : "p"));
        var appends = new StringBuilder();
        for (var i = 0; i < 5000; i++)
        {
            appends.Append("longSql += p;\n");
        }

        var watch = Stopwatch.StartNew();
        var concatenation = await EvaluateAsync(terms);
        var compound = await EvaluateAsync("longSql", statements: "var longSql = \"SELECT\";\n" + appends);
        Assert.True(concatenation.IsBuiltFromInput);
        Assert.True(compound.IsBuiltFromInput);

        // Not a timing assertion (CI machines vary): the point is no stack overflow and no quadratic blow-up.
        Assert.True(watch.Elapsed < TimeSpan.FromMinutes(2), watch.Elapsed.ToString());
    }

    private static async Task AssertAsync(string expression, bool constant, bool built)
    {
        var value = await EvaluateAsync(expression);
        Assert.Equal(constant, value.IsConstant);
        Assert.Equal(built, value.IsBuiltFromInput);
    }

    private static async Task<StringValue> EvaluateAsync(string expression, string statements = "")
    {
        var source = $$"""
            using System.Text;

            public static class Probe
            {
                private const string Columns = "id, name";

                private static readonly string[] Tables = { "a", "b" };

                private static string Schema { get; } = "dbo";

                private static string Table() => "x";

                private static string Fetch() => System.Environment.MachineName;

                private static void Read(out string value) => value = "x";

                public static object Value(string p, string q, int n, List<int> ids)
                {
                    const string constLocal = "SELECT a FROM t";
                    var constantBuilder = new StringBuilder("SELECT ");
                    constantBuilder.Append(Columns).Append(" FROM t");
                    var builder = new StringBuilder("SELECT * FROM t WHERE a = '");
                    builder.Append(p).Append('\'');
                    var constantBranches = "SELECT a";
                    if (n > 0) constantBranches = "SELECT b";
                    var branches = "SELECT a";
                    if (n > 0) branches = "SELECT b WHERE c = " + p;
                    var appendedConstants = "SELECT a";
                    appendedConstants += " WHERE 1 = 1";
                    var appended = "SELECT a";
                    appended += " WHERE b = " + p;
                    var inner = "x = " + p;
                    var throughLocal = inner;
                    var alias = p;
                    var order = p switch { "name" => "name", "date" => "created_at", _ => "id" };
                    Read(out var outValue);
                    {{statements}}
                    return {{expression}};
                }
            }
            """;
        var workspace = await SnippetWorkspace.CreateAsync();
        var document = workspace.With(source);
        var model = (await document.GetSemanticModelAsync())!;
        var root = (await document.GetSyntaxRootAsync())!;
        var method = root.DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.Text == "Value");
        var body = model.GetOperation(method)!;
        var returned = body.Descendants().OfType<IReturnOperation>().Single().ReturnedValue!;
        var symbol = model.GetDeclaredSymbol(method)!;
        var flow = new StringFlow(body, symbol, KnownTypes.For(model.Compilation));
        return flow.Evaluate(returned is IConversionOperation conversion ? conversion.Operand : returned);
    }
}
