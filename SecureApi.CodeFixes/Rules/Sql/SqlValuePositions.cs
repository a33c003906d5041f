using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SecureApi.CodeFixes.Core;

namespace SecureApi.CodeFixes.Rules.Sql;

/// <summary>
/// Where in the SQL text a hole stands. A parameter can only stand for a VALUE: a hole that is a piece of SQL
/// (a clause, a column or table name, a sort direction, a list) would be sent as a string, so the query would break
/// and the injection would stay. This is an allow-list read from the SQL text right around each hole
/// (case-insensitive, any whitespace or line breaks):
/// <list type="bullet">
/// <item>after a comparison (<c>=</c>, <c>&lt;&gt;</c>, <c>!=</c>, <c>&lt;</c>, <c>&gt;</c>, <c>&lt;=</c>,
/// <c>&gt;=</c>, <c>LIKE</c>, <c>NOT LIKE</c>, <c>ILIKE</c>), which also covers <c>SET col = {x}</c>;</item>
/// <item>a bound of <c>BETWEEN {a} AND {b}</c>;</item>
/// <item>one element of a <c>VALUES (...)</c> row, between <c>(</c> or <c>,</c> and <c>,</c> or <c>)</c>;</item>
/// <item>the whole content of a quoted literal (<c>'{x}'</c>, <c>N'{x}'</c>, <c>'%{x}%'</c>), unless it names
/// something (<c>AS '{alias}'</c>, <c>ORDER BY '{x}'</c>).</item>
/// </list>
/// Never: an <c>IN (...)</c> list, <c>TOP</c>/<c>LIMIT</c>/<c>OFFSET</c>/<c>FETCH</c> counts (SQL Server rejects
/// <c>TOP @n</c>; providers differ), a hole inside a longer literal, next to another hole, or glued to a name
/// (<c>[{schema}].[t]</c>, <c>{x}.col</c>). Anything else is not a value position either.
/// </summary>
internal static class SqlValuePositions
{
    /// <summary>Stands for a hole in the text this class reads.</summary>
    private const char Hole = '\u0001';

    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    /// <summary>How far back the keyword and operator checks read (a BETWEEN's first bound, earlier VALUES rows).</summary>
    private const int Window = 4096;

    /// <summary>The opening of a literal right before a hole: <c>'</c>, <c>'%</c>, <c>N'</c>, <c>N'%</c> (group 1: the wildcard).</summary>
    public static readonly Regex OpeningQuote = new(@"(?:(?<![\w@#$\u0001])N)?'(%?)\z", Options);

    /// <summary>The end of a literal right after a hole: <c>'</c> or <c>%'</c> (group 1: the wildcard).</summary>
    public static readonly Regex ClosingQuote = new(@"\G(%?)'", Options);

    private static readonly Regex Comparison = new(@"(?:[=<>]|\bI?LIKE)\s*\z", Options);

    private static readonly Regex BetweenLow = new(@"\bBETWEEN\s*\z", Options);

    private static readonly Regex BetweenHigh = new(@"\bBETWEEN\s+(?:\u0001|'[^']*'|-?[\w.@:$]+)\s+AND\s*\z", Options);

    /// <summary>Before the opening parenthesis of a row: <c>VALUES</c>, then any earlier rows.</summary>
    private static readonly Regex RowStart = new(@"\bVALUES\s*(?:\([^()]*\)\s*,\s*)*\z", Options);

    private static readonly Regex ElementEnd = new(@"\G\s*[,)]", Options);

    /// <summary>A literal here names a column, a table, an alias or a row count: not a value.</summary>
    private static readonly Regex NamingLiteral = new(@"(?:\b(?:AS|BY|FROM|JOIN|INTO|UPDATE|TABLE|TOP|LIMIT|OFFSET|NEXT|FIRST)|[.\[])\s*\z", Options);

    /// <summary>A hole glued to a name, a quote, a bracket, a call or another hole.</summary>
    private static readonly Regex GluedAfter = new(@"\G[\w@#$.\[\]('""`\u0001]", Options);

    private static readonly Regex GluedBefore = new(@"[\w@#$.\]'""`\u0001]\z", Options);

    private static readonly Regex InList = new(@"\bIN\s*\z", Options);

    private static readonly Regex Subquery = new(@"\G\s*(?:SELECT|WITH)\b", Options);

    /// <summary>Does every hole of the template stand where SQL expects a value?</summary>
    public static bool AllHolesAreValues(StringTemplate template)
    {
        var text = new StringBuilder();
        var holes = new List<int>();
        foreach (var part in template.Parts)
        {
            if (part is ExpressionSyntax)
            {
                holes.Add(text.Length);
                text.Append(Hole);
            }
            else
            {
                text.Append(((string)part).Replace(Hole, ' '));
            }
        }

        var sql = text.ToString();
        return holes.Count > 0 && Scan(sql, holes).All(hole => IsValue(sql, hole.Index, hole.Quoted, hole.Open));
    }

    /// <param name="sql">The SQL, each hole written as one <see cref="Hole"/> character.</param>
    /// <param name="index">Where the hole is.</param>
    /// <param name="insideQuotes">An odd number of quotes before the hole.</param>
    /// <param name="open">The innermost parenthesis still open before the hole (quoted text skipped), or -1.</param>
    private static bool IsValue(string sql, int index, bool insideQuotes, int open)
    {
        var opening = OpeningQuote.Match(Before(sql, index));
        var closing = ClosingQuote.Match(sql, index + 1);
        if (opening.Success || closing.Success)
        {
            // The whole literal and nothing else: not 'x{hole}', O''{hole}, E'{hole}', '{hole} days' or 'a' || '{hole}'.
            // Inside quotes counts the literal's own opening quote.
            if (!opening.Success || !closing.Success || !insideQuotes)
            {
                return false;
            }

            var before = Before(sql, index - opening.Length);
            return !GluedBefore.IsMatch(before) && !GluedAfter.IsMatch(sql, closing.Index + closing.Length)
                   && !NamingLiteral.IsMatch(before) && !InsideInList(sql, open);
        }

        if (insideQuotes || GluedAfter.IsMatch(sql, index + 1) || InsideInList(sql, open))
        {
            return false;
        }

        var text = Before(sql, index);
        return Comparison.IsMatch(text) || BetweenLow.IsMatch(text) || BetweenHigh.IsMatch(text) || IsRowElement(sql, index, open);
    }

    /// <summary>VALUES (a, {hole}, c), (...): one element of a row, not inside a call.</summary>
    private static bool IsRowElement(string sql, int index, int open)
    {
        var previous = index - 1;
        while (previous >= 0 && char.IsWhiteSpace(sql[previous]))
        {
            previous--;
        }

        return open >= 0 && previous >= 0 && (previous == open || sql[previous] == ',')
               && ElementEnd.IsMatch(sql, index + 1) && RowStart.IsMatch(Before(sql, open));
    }

    /// <summary>IN (a, {hole}): one parameter cannot stand for a list (a subquery IN (SELECT ...) is not a list).</summary>
    private static bool InsideInList(string sql, int open) =>
        open >= 0 && InList.IsMatch(Before(sql, open)) && !Subquery.IsMatch(sql, open + 1);

    /// <summary>The text that ends at <paramref name="end"/>, at most <see cref="Window"/> characters of it.</summary>
    private static string Before(string sql, int end)
    {
        var start = System.Math.Max(0, end - Window);
        return sql.Substring(start, end - start);
    }

    /// <summary>
    /// One pass over the SQL: for each hole, whether it sits after an odd number of quotes and the innermost
    /// parenthesis still open there (parentheses inside quoted text do not count).
    /// </summary>
    private static IEnumerable<(int Index, bool Quoted, int Open)> Scan(string sql, List<int> holes)
    {
        var open = new Stack<int>();
        var quoted = false;
        var next = 0;
        for (var i = 0; i < sql.Length && next < holes.Count; i++)
        {
            switch (sql[i])
            {
                case Hole when i == holes[next]:
                    yield return (i, quoted, open.Count > 0 ? open.Peek() : -1);
                    next++;
                    break;
                case '\'':
                    quoted = !quoted;
                    break;
                case '(' when !quoted:
                    open.Push(i);
                    break;
                case ')' when !quoted && open.Count > 0:
                    open.Pop();
                    break;
            }
        }
    }
}
