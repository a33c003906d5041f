namespace VulnerableApi.Models;

public sealed record Order(int Id, string Customer, decimal Total, string Status);

public sealed record CreateOrderRequest(string Customer, decimal Total);
