using MongoDB.Bson;
using MongoDB.Driver;

namespace SecureApi.Infrastructure;

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
    // Builders pass the values as BSON values: an order id cannot add query operators.
    public Task<List<Reading>> ForOrderAsync(string orderId, string sensor, CancellationToken ct) =>
        readings.Find(Builders<Reading>.Filter.Eq(r => r.OrderId, orderId) & Builders<Reading>.Filter.Eq(r => r.Sensor, sensor))
            .ToListAsync(ct);
}
