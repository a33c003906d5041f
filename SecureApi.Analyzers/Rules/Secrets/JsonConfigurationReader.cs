using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis.Text;

namespace SecureApi.Analyzers.Rules.Secrets;

/// <summary>
/// Reads the string values of a JSON configuration file the way ASP.NET Core's JSON configuration provider accepts it
/// (a top-level object, <c>//</c> and <c>/* */</c> comments, trailing commas). Hand-written because the analyzer may not
/// depend on System.Text.Json. A file the provider would reject (malformed, unterminated, nested deeper than
/// <see cref="MaxDepth"/>) yields nothing: no half-read values, never an exception.
/// </summary>
internal sealed class JsonConfigurationReader
{
    /// <summary>System.Text.Json's default maximum depth, which the configuration provider uses.</summary>
    public const int MaxDepth = 64;

    private readonly string _text;
    private readonly CancellationToken _cancellationToken;
    private readonly List<string> _path = new();
    private readonly List<string> _names = new();
    private readonly ImmutableArray<JsonStringValue>.Builder _values = ImmutableArray.CreateBuilder<JsonStringValue>();
    private int _position;

    private JsonConfigurationReader(string text, CancellationToken cancellationToken)
    {
        _text = text;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Every string value of <paramref name="text"/> in document order, or none when the file is not valid.</summary>
    public static ImmutableArray<JsonStringValue> ReadStrings(string text, CancellationToken cancellationToken = default)
    {
        var reader = new JsonConfigurationReader(text, cancellationToken);
        return reader.ReadDocument() ? reader._values.ToImmutable() : ImmutableArray<JsonStringValue>.Empty;
    }

    private bool ReadDocument()
    {
        // The provider requires an object at the top ("Top-level JSON element must be an object").
        return SkipTrivia() && Peek() == '{' && ReadObject(1) && SkipTrivia() && _position == _text.Length;
    }

    private bool ReadValue(int depth)
    {
        if (!SkipTrivia())
        {
            return false;
        }

        switch (Peek())
        {
            case '{':
                return ReadObject(depth + 1);
            case '[':
                return ReadArray(depth + 1);
            case '"':
                var start = _position;
                if (!ReadString(out var value))
                {
                    return false;
                }

                var name = _names.Count > 0 ? _names[_names.Count - 1] : string.Empty;
                var parent = _names.Count > 1 ? _names[_names.Count - 2] : null;
                _values.Add(new JsonStringValue(string.Join(":", _path), name, parent, value, TextSpan.FromBounds(start, _position)));
                return true;
            case 't':
                return ReadWord("true");
            case 'f':
                return ReadWord("false");
            case 'n':
                return ReadWord("null");
            default:
                return ReadNumber();
        }
    }

    private bool ReadObject(int depth)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        if (depth > MaxDepth)
        {
            return false;
        }

        _position++;
        if (!SkipTrivia())
        {
            return false;
        }

        if (Peek() == '}')
        {
            _position++;
            return true;
        }

        while (true)
        {
            if (Peek() != '"' || !ReadString(out var name) || !SkipTrivia() || Peek() != ':')
            {
                return false;
            }

            _position++;
            _path.Add(name);
            _names.Add(name);
            var read = ReadValue(depth);
            _path.RemoveAt(_path.Count - 1);
            _names.RemoveAt(_names.Count - 1);
            if (!read || !ReadSeparator('}', out var closed))
            {
                return false;
            }

            if (closed)
            {
                return true;
            }
        }
    }

    private bool ReadArray(int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        _position++;
        if (!SkipTrivia())
        {
            return false;
        }

        if (Peek() == ']')
        {
            _position++;
            return true;
        }

        for (var index = 0; ; index++)
        {
            // Items are keyed by index (Cors:Origins:0); their name stays the array's.
            _path.Add(index.ToString(CultureInfo.InvariantCulture));
            var read = ReadValue(depth);
            _path.RemoveAt(_path.Count - 1);
            if (!read || !ReadSeparator(']', out var closed))
            {
                return false;
            }

            if (closed)
            {
                return true;
            }
        }
    }

    /// <summary>After a member or item: a comma (a trailing one before the close is allowed) or the close.</summary>
    private bool ReadSeparator(char close, out bool closed)
    {
        closed = false;
        if (!SkipTrivia())
        {
            return false;
        }

        if (Peek() == ',')
        {
            _position++;
            if (!SkipTrivia())
            {
                return false;
            }

            closed = Peek() == close;
        }
        else if (Peek() == close)
        {
            closed = true;
        }
        else
        {
            return false;
        }

        if (closed)
        {
            _position++;
        }

        return true;
    }

    private bool ReadString(out string value)
    {
        value = string.Empty;
        _position++;
        StringBuilder? builder = null;
        var runStart = _position;
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c == '"')
            {
                value = builder is null
                    ? _text.Substring(runStart, _position - runStart)
                    : builder.Append(_text, runStart, _position - runStart).ToString();
                _position++;
                return true;
            }

            if (c < ' ')
            {
                return false;
            }

            if (c != '\\')
            {
                _position++;
                continue;
            }

            builder ??= new StringBuilder();
            builder.Append(_text, runStart, _position - runStart);
            if (!ReadEscape(builder))
            {
                return false;
            }

            runStart = _position;
        }

        return false;
    }

    private bool ReadEscape(StringBuilder builder)
    {
        _position++;
        if (_position >= _text.Length)
        {
            return false;
        }

        var c = _text[_position++];
        switch (c)
        {
            case '"':
            case '\\':
            case '/':
                builder.Append(c);
                return true;
            case 'b':
                builder.Append('\b');
                return true;
            case 'f':
                builder.Append('\f');
                return true;
            case 'n':
                builder.Append('\n');
                return true;
            case 'r':
                builder.Append('\r');
                return true;
            case 't':
                builder.Append('\t');
                return true;
            case 'u':
                if (_position + 4 <= _text.Length
                    && int.TryParse(_text.Substring(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                {
                    builder.Append((char)code);
                    _position += 4;
                    return true;
                }

                return false;
            default:
                return false;
        }
    }

    private bool ReadWord(string word)
    {
        if (string.CompareOrdinal(_text, _position, word, 0, word.Length) != 0)
        {
            return false;
        }

        _position += word.Length;
        return _position >= _text.Length || !char.IsLetterOrDigit(_text[_position]);
    }

    /// <summary>A JSON number: <c>-?digits(.digits)?([eE][+-]?digits)?</c>.</summary>
    private bool ReadNumber()
    {
        if (Peek() == '-')
        {
            _position++;
        }

        if (!ReadDigits())
        {
            return false;
        }

        if (Peek() == '.')
        {
            _position++;
            if (!ReadDigits())
            {
                return false;
            }
        }

        if (Peek() is 'e' or 'E')
        {
            _position++;
            if (Peek() is '+' or '-')
            {
                _position++;
            }

            if (!ReadDigits())
            {
                return false;
            }
        }

        return _position >= _text.Length || !char.IsLetterOrDigit(_text[_position]);
    }

    private bool ReadDigits()
    {
        var start = _position;
        while (Peek() is >= '0' and <= '9')
        {
            _position++;
        }

        return _position > start;
    }

    /// <summary>Skips whitespace and comments; false on an unterminated block comment or a lone slash.</summary>
    private bool SkipTrivia()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c is ' ' or '\t' or '\r' or '\n' or '\uFEFF')
            {
                _position++;
            }
            else if (c == '/' && Peek(1) == '/')
            {
                while (_position < _text.Length && _text[_position] != '\n')
                {
                    _position++;
                }
            }
            else if (c == '/' && Peek(1) == '*')
            {
                var end = _text.IndexOf("*/", _position + 2, System.StringComparison.Ordinal);
                if (end < 0)
                {
                    return false;
                }

                _position = end + 2;
            }
            else if (c == '/')
            {
                return false;
            }
            else
            {
                return true;
            }
        }

        return true;
    }

    private char Peek(int offset = 0) => _position + offset < _text.Length ? _text[_position + offset] : '\0';
}
