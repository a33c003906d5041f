using System.Collections.Concurrent;
using VulnerableApi.Models;

namespace VulnerableApi.Infrastructure;

public sealed class OrderStore
{
    private readonly ConcurrentDictionary<int, Order> _orders = new();
    private int _nextId;

    public IReadOnlyCollection<Order> All() => _orders.Values.ToArray();

    public Order? Find(int id) => _orders.TryGetValue(id, out var order) ? order : null;

    public Order Add(string customer, decimal total)
    {
        var order = new Order(Interlocked.Increment(ref _nextId), customer, total, "Received");
        _orders[order.Id] = order;
        return order;
    }
}
