using System.Text;

namespace SecureApi.Cli;

/// <summary>A unified diff (3 lines of context) of two versions of a file, for <c>fix --dry-run</c>.</summary>
public static class UnifiedDiff
{
    private const int Context = 3;

    public static string Create(string path, string before, string after)
    {
        var a = Lines(before);
        var b = Lines(after);

        // Fixes are local: trim the common head and tail, then align the middle by longest common subsequence.
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
        {
            head++;
        }

        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[a.Length - 1 - tail] == b[b.Length - 1 - tail])
        {
            tail++;
        }

        var edits = new List<(char Kind, int A, int B)>();
        for (var i = 0; i < head; i++)
        {
            edits.Add((' ', i, i));
        }

        edits.AddRange(Middle(a, b, head, a.Length - tail, b.Length - tail));
        for (var i = 0; i < tail; i++)
        {
            edits.Add((' ', a.Length - tail + i, b.Length - tail + i));
        }

        var output = new StringBuilder();
        output.Append("--- a/").Append(path).Append('\n');
        output.Append("+++ b/").Append(path).Append('\n');
        var changed = edits.Select((e, i) => (e, i)).Where(x => x.e.Kind != ' ').Select(x => x.i).ToList();
        var index = 0;
        while (index < changed.Count)
        {
            var start = Math.Max(0, changed[index] - Context);
            var end = changed[index];
            while (index < changed.Count && changed[index] - end <= 2 * Context)
            {
                end = changed[index++];
            }

            end = Math.Min(edits.Count - 1, end + Context);
            var hunk = edits.Skip(start).Take(end - start + 1).ToList();
            var aStart = hunk.FirstOrDefault(e => e.Kind != '+').A;
            var bStart = hunk.FirstOrDefault(e => e.Kind != '-').B;
            var aCount = hunk.Count(e => e.Kind != '+');
            var bCount = hunk.Count(e => e.Kind != '-');
            output.Append($"@@ -{aStart + (aCount > 0 ? 1 : 0)},{aCount} +{bStart + (bCount > 0 ? 1 : 0)},{bCount} @@\n");
            foreach (var (kind, ai, bi) in hunk)
            {
                output.Append(kind).Append(kind == '+' ? b[bi] : a[ai]).Append('\n');
            }
        }

        return output.ToString();
    }

    private static IEnumerable<(char Kind, int A, int B)> Middle(string[] a, string[] b, int from, int aEnd, int bEnd)
    {
        var n = aEnd - from;
        var m = bEnd - from;
        var lcs = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
        {
            for (var j = m - 1; j >= 0; j--)
            {
                lcs[i, j] = a[from + i] == b[from + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[from + x] == b[from + y])
            {
                yield return (' ', from + x++, from + y++);
            }
            else if (x < n && (y == m || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                yield return ('-', from + x++, from + y);
            }
            else
            {
                yield return ('+', from + x, from + y++);
            }
        }
    }

    private static string[] Lines(string text) =>
        text.Length == 0 ? [] : text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
}
