using Newtonsoft.Json;
using Newtonsoft.Json.Serialization;

namespace SecureApi.Infrastructure;

public sealed record ExportLine(string Sku, int Quantity);

public sealed record SavedCart(string CustomerId, List<ExportLine> Lines);

/// <summary>Imports order exports of the previous shop system.</summary>
public static class LegacyImports
{
    /// <summary>The old exports carry "$type" for the order line classes: only those may be created.</summary>
    private static readonly JsonSerializerSettings ExportSettings = new()
    {
        TypeNameHandling = TypeNameHandling.Auto,
        SerializationBinder = new ExportLineBinder(),
        NullValueHandling = NullValueHandling.Ignore,
    };

    public static List<ExportLine>? ReadExport(string json) => JsonConvert.DeserializeObject<List<ExportLine>>(json, ExportSettings);

    /// <summary>Saved carts were converted to JSON once, offline; System.Text.Json never reads type names.</summary>
    public static async Task<SavedCart?> ReadSavedCartAsync(Stream json) => await System.Text.Json.JsonSerializer.DeserializeAsync<SavedCart>(json);

    private sealed class ExportLineBinder : ISerializationBinder
    {
        public Type BindToType(string? assemblyName, string typeName) =>
            typeName == typeof(ExportLine).FullName ? typeof(ExportLine) : throw new JsonSerializationException($"Type {typeName} is not allowed.");

        public void BindToName(Type serializedType, out string? assemblyName, out string? typeName)
        {
            assemblyName = null;
            typeName = serializedType.FullName;
        }
    }
}
