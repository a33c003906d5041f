using Microsoft.CodeAnalysis;

namespace SecureApi.Analyzers.Core.Strings;

/// <summary>A place where a string must not be built from input (a SQL command, a process command line...).</summary>
internal readonly struct StringSink
{
    public StringSink(IOperation value, Location location, string api)
    {
        Value = value;
        Location = location;
        Api = api;
    }

    /// <summary>The string that reaches the sink (the argument or assigned value).</summary>
    public IOperation Value { get; }

    /// <summary>Where a finding about this sink is reported.</summary>
    public Location Location { get; }

    /// <summary>Which API family it is (the code fix needs it).</summary>
    public string Api { get; }
}
