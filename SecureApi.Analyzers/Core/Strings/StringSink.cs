using Microsoft.CodeAnalysis;

namespace SecureApi.Analyzers.Core.Strings;

/// <summary>A place where a string must not be built from input (a SQL command, a process command line...).</summary>
internal readonly struct StringSink
{
    /// <summary>The <see cref="Api"/> of a call of a helper method whose string parameter reaches a sink.</summary>
    public const string Helper = "Helper";

    public StringSink(IOperation value, Location location, string api, string? parameter = null)
    {
        Value = value;
        Location = location;
        Api = api;
        Parameter = parameter;
    }

    /// <summary>The string that reaches the sink (the argument or assigned value).</summary>
    public IOperation Value { get; }

    /// <summary>Where a finding about this sink is reported.</summary>
    public Location Location { get; }

    /// <summary>Which API family it is (the code fix needs it).</summary>
    public string Api { get; }

    /// <summary>The parameter or property that carries the string, where the API has several (a file name and arguments).</summary>
    public string? Parameter { get; }
}
