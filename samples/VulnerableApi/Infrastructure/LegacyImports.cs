using System.Runtime.Serialization.Formatters.Binary;
using Newtonsoft.Json;

namespace VulnerableApi.Infrastructure;

/// <summary>Imports order exports of the previous shop system.</summary>
public static class LegacyImports
{
    /// <summary>The old exports carry "$type" for the order line classes.</summary>
    private static readonly JsonSerializerSettings ExportSettings = new()
    {
        TypeNameHandling = TypeNameHandling.Auto,
        NullValueHandling = NullValueHandling.Ignore,
    };

    public static object? ReadExport(string json) => JsonConvert.DeserializeObject<object>(json, ExportSettings);

    /// <summary>Saved carts of the old system were serialized .NET objects.</summary>
    public static object ReadSavedCart(Stream blob)
    {
#pragma warning disable SYSLIB0011 // the old carts exist only in this format
        var formatter = new BinaryFormatter();
        return formatter.Deserialize(blob);
#pragma warning restore SYSLIB0011
    }
}
