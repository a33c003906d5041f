using System.Collections.Immutable;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Strings;

namespace SecureApi.Analyzers.Rules.Injection;

/// <summary>
/// Where a process's command line is set, as data. <c>Process.Start(fileName, IEnumerable&lt;string&gt;)</c> and
/// <c>ProcessStartInfo.ArgumentList</c> pass each argument as it is: only a built file name is a sink there.
/// </summary>
internal static class CommandSinks
{
    /// <summary><c>Process.Start(fileName[, arguments...])</c>.</summary>
    public const string ProcessStart = "ProcessStart";

    /// <summary><c>new ProcessStartInfo(fileName[, arguments])</c>.</summary>
    public const string StartInfoCreation = "StartInfoCreation";

    /// <summary><c>ProcessStartInfo.FileName</c> or <c>.Arguments</c> assigned (statement or object initializer).</summary>
    public const string StartInfoProperty = "StartInfoProperty";

    private static readonly ImmutableArray<SinkTable.Entry> Entries = ImmutableArray.Create(
        new SinkTable.Entry("System.Diagnostics.Process", "Start", ProcessStart, "fileName", "arguments"),
        new SinkTable.Entry("System.Diagnostics.ProcessStartInfo", SinkTable.Constructor, StartInfoCreation, "fileName", "arguments"),
        new SinkTable.Entry("System.Diagnostics.ProcessStartInfo", "FileName", StartInfoProperty),
        new SinkTable.Entry("System.Diagnostics.ProcessStartInfo", "Arguments", StartInfoProperty));

    public static SinkTable For(KnownTypes types) => new(types, Entries);

    /// <summary>Is the sink's string the arguments (rather than the file name)?</summary>
    public static bool IsArguments(string? parameter) => parameter is "arguments" or "Arguments";
}
