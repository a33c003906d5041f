using MongoDB.Bson;
using MongoDB.Driver;

namespace VulnerableApi.Infrastructure;

/// <summary>A delivery van's temperature reading, kept in MongoDB.</summary>
public sealed class Reading
{
    public ObjectId Id { get; set; }
    public string OrderId { get; set; } = string.Empty;
    public string Sensor { get; set; } = string.Empty;
    public double Celsius { get; set; }
}

/// <summary>Cold-chain readings for the delivery portal.</summary>
public sealed class ReadingStore(IMongoCollection<Reading> readings)
{
    public Task<List<Reading>> ForOrderAsync(string orderId, string sensor, CancellationToken ct) =>
        readings.Find($"{{ OrderId: '{orderId}', Sensor: '{sensor}' }}").ToListAsync(ct);
}
