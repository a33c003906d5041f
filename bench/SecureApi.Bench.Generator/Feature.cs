namespace SecureApi.Bench.Generator;

/// <summary>One vertical slice of the generated application (an entity and everything serving it).</summary>
internal sealed class Feature
{
    private static readonly string[] Nouns =
    [
        "Order", "Customer", "Invoice", "Product", "Shipment", "Payment", "Ticket", "Project", "Contract", "Supplier",
        "Warehouse", "Booking", "Subscription", "Coupon", "Review", "Employee", "Department", "Vehicle", "Itinerary", "Device",
        "Campaign", "Lead", "Quote", "Refund", "Asset", "Membership", "Incident", "Course", "Lesson", "Meeting",
    ];

    private static readonly (string Name, string Type)[] PropertyPool =
    [
        ("Title", "string"), ("Description", "string"), ("Code", "string"), ("Amount", "decimal"), ("Quantity", "int"),
        ("DueDate", "DateTime"), ("IsActive", "bool"), ("Status", "string"), ("Reference", "string"), ("Notes", "string"),
        ("Priority", "int"), ("Category", "string"), ("ContactEmail", "string"), ("Region", "string"), ("Currency", "string"),
        ("Discount", "decimal"), ("Weight", "decimal"), ("StartsOn", "DateTime"), ("IsArchived", "bool"), ("Rating", "int"),
    ];

    public Feature(int index, int seed, string host)
    {
        Index = index;
        Host = host;
        Random = new Random(unchecked(seed * 1_000_003 + index));
        var round = index / Nouns.Length;
        Name = Nouns[index % Nouns.Length] + (round == 0 ? "" : (round + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Plural = Name.EndsWith('y') && !Name.EndsWith("ey", StringComparison.Ordinal) ? Name[..^1] + "ies" : Name + "s";
        Route = Plural.ToLowerInvariant();
        Lower = char.ToLowerInvariant(Name[0]) + Name[1..];
        Properties = PropertyPool.OrderBy(_ => Random.Next()).Take(Random.Next(3, 10)).ToArray();
        // Feature 0 stays short so that the smallest sizes can still hit their target.
        ExtraValidationRules = index > 0 && Random.NextDouble() < 0.12 ? Random.Next(60, 200) : Random.Next(0, 6);
    }

    public int Index { get; }

    public string Host { get; }

    public Random Random { get; }

    public string Name { get; }

    public string Plural { get; }

    public string Route { get; }

    public string Lower { get; }

    /// <summary>Entity properties besides Id, Name, CreatedAt, UpdatedAt and OwnerId.</summary>
    public (string Name, string Type)[] Properties { get; }

    /// <summary>Extra checks in the service's Validate method; some features get a very long method.</summary>
    public int ExtraValidationRules { get; }
}

/// <summary>The patterns SecureApi's rules flag, planted in a small deterministic share of the sites.</summary>
internal enum Pattern
{
    DapperSqlConcatenation,
    EfFromSqlRawConcatenation,
    Md5Hash,
    RandomForCode,
    HardCodedSecret,
    MissingAuthorize,
    ExceptionMessageInResponse,
    AnonymousMinimalEndpoint,
}

internal sealed class InsecureSites
{
    public const double Share = 0.02;

    private readonly Random _random;

    public InsecureSites(int seed)
    {
        _random = new Random(seed);
    }

    public int Count { get; private set; }

    /// <summary>A shared-file site (bulk endpoints, ...): insecure with probability <see cref="Share"/>.</summary>
    public bool Next()
    {
        var insecure = _random.NextDouble() < Share;
        Count += insecure ? 1 : 0;
        return insecure;
    }

    /// <summary>A site that is always insecure (one per solution, e.g. the legacy CORS policy).</summary>
    public bool Always()
    {
        Count++;
        return true;
    }

    /// <summary>
    /// The insecure patterns of one feature: feature i always carries pattern i (so every pattern appears once
    /// the solution has enough features), any other with probability <see cref="Share"/>.
    /// </summary>
    public FeatureSites For(Feature feature)
    {
        var random = new Random(feature.Random.Next());
        var chosen = new HashSet<Pattern>();
        foreach (var pattern in Enum.GetValues<Pattern>())
        {
            if ((int)pattern == feature.Index || random.NextDouble() < Share)
            {
                chosen.Add(pattern);
            }
        }

        return new FeatureSites(chosen);
    }

    public void Commit(FeatureSites sites) => Count += sites.Count;
}

internal sealed class FeatureSites(HashSet<Pattern> chosen)
{
    public int Count => chosen.Count;

    public bool Has(Pattern pattern) => chosen.Contains(pattern);
}
