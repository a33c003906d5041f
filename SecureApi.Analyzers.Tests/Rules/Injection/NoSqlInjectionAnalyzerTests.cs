using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Injection.NoSqlInjectionAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Injection;

/// <summary>SAPI4002: MongoDB JSON or JavaScript built from non-constant input (against MongoDB.Driver 3.14).</summary>
public sealed class NoSqlInjectionAnalyzerTests
{
    private static DiagnosticResult At(int markup, string what) =>
        Verify.Diagnostic(Descriptors.NoSqlInjection).WithLocation(markup).WithArguments(what);

    [Fact]
    public Task Strings_converted_to_filters_updates_and_stages_by_the_collection_methods()
    {
        const string source = """
            using MongoDB.Bson;
            using MongoDB.Driver;

            public sealed class Reading
            {
                public string Id { get; set; } = "";
                public string TenantId { get; set; } = "";
                public double Value { get; set; }
            }

            public sealed class ReadingStore
            {
                private readonly IMongoCollection<Reading> _readings;

                public ReadingStore(IMongoCollection<Reading> readings) => _readings = readings;

                public async Task Run(string tenantId, string metric, string field, int limit, CancellationToken ct)
                {
                    var json = $"{{ TenantId: '{tenantId}', Metric: '{metric}' }}";
                    await _readings.{|#0:Find(json)|}.Limit(500).ToListAsync(ct);
                    await _readings.{|#1:FindAsync("{ TenantId: '" + tenantId + "' }")|};
                    await _readings.{|#2:DeleteManyAsync($"{{ TenantId: '{tenantId}' }}", ct)|};
                    _readings.{|#3:DeleteOne(string.Format("{{ _id: '{0}' }}", metric))|};
                    _readings.{|#4:CountDocuments(string.Concat("{ Metric: '", metric, "' }"))|};
                    await _readings.{|#5:UpdateOneAsync($"{{ _id: '{metric}' }}", "{ $set: { Value: " + limit + " } }")|};
                    _readings.{|#6:UpdateMany("{ TenantId: 't1' }", $"{{ $set: {{ {field}: 1 }} }}")|};
                    await _readings.Aggregate().{|#7:Match($"{{ TenantId: '{tenantId}' }}")|}.ToListAsync(ct);
                    await _readings.Find("{}").{|#8:Sort($"{{ {field}: 1 }}")|}.{|#9:Project($"{{ {field}: 1 }}")|}.ToListAsync(ct);
                    await _readings.Aggregate().{|#10:AppendStage<BsonDocument>($"{{ $group: {{ _id: '${field}' }} }}")|}.ToListAsync(ct);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            At(0, "filter"),
            At(1, "filter"),
            At(2, "filter"),
            At(3, "filter"),
            At(4, "filter"),
            At(5, "filter"),
            At(5, "update"),
            At(6, "update"),
            At(7, "filter"),
            At(8, "sort"),
            At(9, "projection"),
            At(10, "pipeline"));
    }

    [Fact]
    public Task Parsed_documents_json_definitions_pipelines_and_commands()
    {
        const string source = """
            using System.Text;
            using MongoDB.Bson;
            using MongoDB.Driver;

            public sealed class Reading
            {
                public string TenantId { get; set; } = "";
            }

            public sealed class Queries
            {
                public async Task Run(IMongoDatabase database, IMongoCollection<Reading> readings, string tenantId, string advanced, DateTime before, CancellationToken ct)
                {
                    var filter = BsonDocument.{|#0:Parse("{ TenantId: '" + tenantId + "', " + advanced.Trim().Trim('{', '}') + " }")|};
                    BsonDocument.{|#1:TryParse($"{{ TenantId: '{tenantId}' }}", out var parsed)|};
                    var range = {|#2:new JsonFilterDefinition<Reading>(
                        $"{{ TenantId: '{tenantId}', Timestamp: {{ $lt: ISODate('{before:O}') }} }}")|};
                    await readings.DeleteManyAsync(range, ct);
                    var update = {|#3:new JsonUpdateDefinition<Reading>("{ $set: { TenantId: '" + tenantId + "' } }")|};
                    var stage = {|#4:new JsonPipelineStageDefinition<Reading, BsonDocument>($"{{ $match: {{ TenantId: '{tenantId}' }} }}")|};
                    var pipeline = PipelineDefinition<Reading, Reading>.{|#5:Create("{ $sort: { _id: 1 } }", $"{{ $match: {{ TenantId: '{tenantId}' }} }}")|};
                    await readings.AggregateAsync(pipeline, cancellationToken: ct);

                    var builder = new StringBuilder("{ count: '");
                    builder.Append(tenantId).Append("' }");
                    await database.{|#6:RunCommandAsync<BsonDocument>(builder.ToString(), cancellationToken: ct)|};
                    database.{|#7:RunCommand<BsonDocument>("{ ping: 1, comment: '" + tenantId + "' }")|};
                    var command = {|#8:new JsonCommand<BsonDocument>($"{{ count: '{tenantId}' }}")|};

                    FilterDefinition<Reading> declared = {|#9:$"{{ TenantId: '{tenantId}' }}"|};
                    ProjectionDefinition<Reading> projection;
                    projection = {|#10:"{ " + advanced + ": 1 }"|};
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            At(0, "JSON document"),
            At(1, "JSON document"),
            At(2, "filter"),
            At(3, "update"),
            At(4, "pipeline"),
            At(5, "pipeline"),
            At(6, "command"),
            At(7, "command"),
            At(8, "command"),
            At(9, "filter"),
            At(10, "projection"));
    }

    [Fact]
    public Task Where_keys_and_javascript_built_from_input()
    {
        const string source = """
            using MongoDB.Bson;
            using MongoDB.Driver;

            public sealed class Raw
            {
                private const string Where = "$where";

                public async Task Run(IMongoCollection<BsonDocument> raw, string deviceId, long since, CancellationToken ct)
                {
                    var filter = {|#0:new BsonDocument("$where", $"this.deviceId == '{deviceId}' && this.receivedAt > {since}")|};
                    await raw.Find(filter).ToListAsync(ct);

                    var initialized = new BsonDocument
                    {
                        { "status", "active" },
                        {|#1:{ "$where", "this.deviceId == '" + deviceId + "'" }|},
                    };
                    var added = new BsonDocument();
                    added.{|#2:Add(Where, "this.owner == '" + deviceId + "'")|};
                    added.{|#3:Set("$where", string.Format("this.a == '{0}'", deviceId))|};
                    {|#4:added["$where"] = $"this.b == '{deviceId}'"|};
                    var element = {|#5:new BsonElement("$where", $"this.c == '{deviceId}'")|};
                    var code = {|#6:new BsonJavaScript($"function() {{ return this.d == '{deviceId}'; }}")|};
                    var scoped = {|#7:new BsonJavaScriptWithScope("function() { return this.e == '" + deviceId + "'; }", new BsonDocument())|};
                    var script = new BsonDocument("$where", {|#8:(BsonJavaScript)("this.f == '" + deviceId + "'")|});
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            At(0, "JavaScript"),
            At(1, "JavaScript"),
            At(2, "JavaScript"),
            At(3, "JavaScript"),
            At(4, "JavaScript"),
            At(5, "JavaScript"),
            At(6, "JavaScript"),
            At(7, "JavaScript"),
            At(8, "JavaScript"));
    }

    [Fact]
    public Task String_built_at_the_call_of_a_helper_whose_parameter_reaches_a_sink()
    {
        const string source = """
            using MongoDB.Bson;
            using MongoDB.Driver;

            public sealed class Reading
            {
                public string TenantId { get; set; } = "";
            }

            public sealed class Repository
            {
                private readonly IMongoCollection<Reading> _readings;

                public Repository(IMongoCollection<Reading> readings) => _readings = readings;

                // Runs a filter the caller has already written.
                private Task<List<Reading>> Query(string json) => _readings.{|#1:Find(json)|}.ToListAsync();

                private Task<List<Reading>> Parsed(string json) => _readings.Find(BsonDocument.{|#3:Parse(json)|}).ToListAsync();

                private Task<List<Reading>> Logged(string json) => Query(json);

                public Task<List<Reading>> All() => Query("{}");

                public Task<List<Reading>> ForTenant(string tenantId) => {|#0:Query($"{{ TenantId: '{tenantId}' }}")|};

                public Task<List<Reading>> ForTenantLogged(string tenantId)
                {
                    var json = "{ TenantId: '" + tenantId + "' }";
                    return {|#2:Logged(json)|};
                }

                public Task<List<Reading>> ForTenantParsed(string tenantId) => {|#4:Parsed($"{{ TenantId: '{tenantId}' }}")|};
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            At(0, "query").WithLocation(1),
            At(2, "query").WithLocation(1),
            At(4, "query").WithLocation(3));
    }

    [Fact]
    public Task Shapes_seen_in_public_repositories()
    {
        const string source = """
            using System.Security.Claims;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using MongoDB.Bson;
            using MongoDB.Driver;

            public sealed class User
            {
                public ObjectId Id { get; set; }
                public int UserId { get; set; }
                public string Username { get; set; } = "";
            }

            public static class UserEndpoints
            {
                public static void Map(WebApplication app)
                {
                    app.MapGet("/users/{id}", async (IMongoCollection<User> users, string id) =>
                    {
                        id = id.ToLower();
                        var found = await users.{|#0:Find($"{{username: '{id}'}}")|}.ToListAsync();
                        return found.Count == 0 ? Results.NotFound() : Results.Ok(found[0]);
                    });
                }
            }

            public sealed class Repository(IMongoCollection<User> users, IMongoCollection<BsonDocument> raw)
            {
                // Numbers and ObjectIds cannot break out of the JSON, but they count as input, as for SQL (SAPI4001).
                public Task<User> ByUserId(int userId) => users.{|#1:Find($"{{ UserId: {userId} }}")|}.SingleAsync();

                public Task Replace(string id, User user) => users.{|#2:ReplaceOneAsync($"{{ _id: ObjectId('{id}') }}", user)|};

                public Task<List<BsonDocument>> Search(string item) => raw.{|#3:Find($"{{value: /{item}/ }}")|}.ToListAsync();

                public BsonDocument Me(ClaimsPrincipal principal) =>
                    raw.Find({|#4:new BsonDocument("$where", "this._id == '" + principal.FindFirst(ClaimTypes.NameIdentifier)!.Value + "'")|}).Single();
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            At(0, "filter"),
            At(1, "filter"),
            At(2, "filter"),
            At(3, "filter"),
            At(4, "JavaScript"));
    }

    // ---------------------------------------------------------------- not flagged

    [Fact]
    public Task Builders_linq_value_documents_and_field_names()
    {
        const string source = """
            using MongoDB.Bson;
            using MongoDB.Driver;

            public sealed class Reading
            {
                public string TenantId { get; set; } = "";
                public string DeviceId { get; set; } = "";
                public DateTime Timestamp { get; set; }
                public Dictionary<string, string> Tags { get; set; } = new();
            }

            public sealed class Safe
            {
                public async Task Run(IMongoCollection<Reading> readings, IMongoCollection<BsonDocument> raw, string tenantId, string deviceId, string tag, string key, CancellationToken ct)
                {
                    var filter = Builders<Reading>.Filter.Eq(r => r.TenantId, tenantId) & Builders<Reading>.Filter.Eq(r => r.DeviceId, deviceId);
                    await readings.Find(filter).SortByDescending(r => r.Timestamp).Limit(10).ToListAsync(ct);
                    await readings.Find(r => r.TenantId == tenantId).ToListAsync(ct);
                    await readings.Find(Builders<Reading>.Filter.Eq($"Tags.{tag}", key)).ToListAsync(ct);
                    await readings.UpdateOneAsync(filter, Builders<Reading>.Update.Set(r => r.DeviceId, deviceId), cancellationToken: ct);
                    await readings.Find(filter).Sort(Builders<Reading>.Sort.Ascending("Tags." + tag)).ToListAsync(ct);

                    await raw.Find(new BsonDocument("deviceId", deviceId)).ToListAsync(ct);
                    await raw.InsertOneAsync(new BsonDocument
                    {
                        { "deviceId", deviceId },
                        { "payload", "device " + deviceId },
                        { key, tag },
                    }, cancellationToken: ct);
                    var document = new BsonDocument();
                    document.Add("tenant", "t-" + tenantId);
                    document["device"] = $"d-{deviceId}";
                    document.Set("where", "this.x == '" + key + "'");
                    var element = new BsonElement("name", "n-" + key);
                    var where = new BsonDocument(key, $"this.a == '{deviceId}'");
                    var regex = Builders<BsonDocument>.Filter.Regex("name", new BsonRegularExpression(tag));
                    var text = Builders<BsonDocument>.Filter.Text(tag);
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task Constant_json_and_javascript_and_json_received_unbuilt()
    {
        const string source = """
            using System.Text.Json;
            using MongoDB.Bson;
            using MongoDB.Driver;

            public sealed class Reading
            {
                public string TenantId { get; set; } = "";
            }

            public sealed class Queries
            {
                private const string Active = "{ status: 'active', archived: false }";
                private static readonly string Archived = "{ archived: " + "true }";

                public async Task Run(IMongoCollection<BsonDocument> raw, IMongoDatabase database, string filterJson, Reading sample, CancellationToken ct)
                {
                    var filter = BsonDocument.Parse("{ status: 'active', archived: false }");
                    await raw.Find(filter).Limit(100).ToListAsync(ct);
                    await raw.Find(Active).ToListAsync(ct);
                    await raw.Find(Archived).ToListAsync(ct);
                    await raw.DeleteManyAsync("{ expired: " + "true }", ct);
                    await raw.Find(new BsonDocument("$where", "this.a > this.b")).ToListAsync(ct);
                    var code = new BsonJavaScript("function() { return this.total > 100; }");
                    await database.RunCommandAsync<BsonDocument>("{ ping: 1 }", cancellationToken: ct);
                    var pipeline = PipelineDefinition<BsonDocument, BsonDocument>.Create("{ $sort: { _id: 1 } }", "{ $limit: 10 }");
                    await raw.Find($"{{}}").ToListAsync(ct);
                    var all = new JsonFilterDefinition<BsonDocument>($"{{}}");
                    var counted = await raw.CountDocumentsAsync(new JsonFilterDefinition<BsonDocument>(filterJson ?? "{}"), cancellationToken: ct);
                    var sort = filterJson switch { "name" => "{ name: 1 }", "date" => "{ createdAt: -1 }", _ => "{ _id: 1 }" };
                    await raw.Find(FilterDefinition<BsonDocument>.Empty).Sort(sort).ToListAsync(ct);

                    // Received as it is (no visible construction): the rule looks at the callers instead.
                    await raw.Find(filterJson).ToListAsync(ct);
                    var received = BsonDocument.Parse(filterJson);

                    // Serialized values: the serializer escapes them.
                    var serialized = BsonDocument.Parse(JsonSerializer.Serialize(sample));
                    var bson = sample.ToBsonDocument();
                    await raw.Find(bson.ToJson()).ToListAsync(ct);
                }

                private static Task<List<BsonDocument>> Fixed(IMongoCollection<BsonDocument> raw, string status) =>
                    raw.Find("{ status: '" + status + "' }").ToListAsync();

                public Task Callers(IMongoCollection<BsonDocument> raw) => Task.WhenAll(Fixed(raw, "active"), Fixed(raw, "archived"));
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task A_look_alike_type_of_another_library()
    {
        const string source = """
            public sealed class BsonDocument
            {
                public static BsonDocument Parse(string json) => new();
            }

            public sealed class Store
            {
                public BsonDocument Run(string id) => BsonDocument.Parse("{ _id: '" + id + "' }");
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }
}
