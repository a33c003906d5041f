using System.Collections.Immutable;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Core.Strings;

namespace SecureApi.Analyzers.Rules.Injection;

/// <summary>
/// Where MongoDB reads text as a query, as data: JSON parsed into a document, filter, update, projection, sort,
/// pipeline stage or command (the <c>Json*Definition</c> classes, and the <c>string</c> conversions of the
/// <c>*Definition</c> types that <c>Find(json)</c>, <c>UpdateOne(json, json)</c>, <c>Aggregate().Match(json)</c>,
/// <c>RunCommand&lt;T&gt;(json)</c> use), and JavaScript the server runs (<c>BsonJavaScript</c>, a <c>"$where"</c>
/// key). <c>FieldDefinition</c>'s string conversion is a field name, not JSON: it is not a sink.
/// </summary>
internal static class MongoSinks
{
    public const string Document = "JSON document";
    public const string Filter = "filter";
    public const string Update = "update";
    public const string Projection = "projection";
    public const string Sort = "sort";
    public const string Pipeline = "pipeline";
    public const string Expression = "aggregation expression";
    public const string Command = "command";
    public const string JavaScript = "JavaScript";

    private const string Bson = "MongoDB.Bson.";
    private const string Driver = "MongoDB.Driver.";

    private static readonly ImmutableArray<SinkTable.Entry> Entries = ImmutableArray.Create(
        new SinkTable.Entry(Bson + "BsonDocument", "Parse", Document, "json"),
        new SinkTable.Entry(Bson + "BsonDocument", "TryParse", Document, "s"),

        new SinkTable.Entry(Driver + "JsonFilterDefinition`1", SinkTable.Constructor, Filter, "json"),
        new SinkTable.Entry(Driver + "JsonArrayFilterDefinition`1", SinkTable.Constructor, Filter, "json"),
        new SinkTable.Entry(Driver + "JsonUpdateDefinition`1", SinkTable.Constructor, Update, "json"),
        new SinkTable.Entry(Driver + "JsonProjectionDefinition`1", SinkTable.Constructor, Projection, "json"),
        new SinkTable.Entry(Driver + "JsonProjectionDefinition`2", SinkTable.Constructor, Projection, "json"),
        new SinkTable.Entry(Driver + "JsonSortDefinition`1", SinkTable.Constructor, Sort, "json"),
        new SinkTable.Entry(Driver + "JsonPipelineStageDefinition`2", SinkTable.Constructor, Pipeline, "json"),
        new SinkTable.Entry(Driver + "JsonCommand`1", SinkTable.Constructor, Command, "json"),
        new SinkTable.Entry(Driver + "PipelineDefinition`2", "Create", Pipeline, "stages"),

        new SinkTable.Entry(Driver + "FilterDefinition`1", SinkTable.FromString, Filter),
        new SinkTable.Entry(Driver + "ArrayFilterDefinition`1", SinkTable.FromString, Filter),
        new SinkTable.Entry(Driver + "UpdateDefinition`1", SinkTable.FromString, Update),
        new SinkTable.Entry(Driver + "ProjectionDefinition`1", SinkTable.FromString, Projection),
        new SinkTable.Entry(Driver + "ProjectionDefinition`2", SinkTable.FromString, Projection),
        new SinkTable.Entry(Driver + "SortDefinition`1", SinkTable.FromString, Sort),
        new SinkTable.Entry(Driver + "PipelineStageDefinition`2", SinkTable.FromString, Pipeline),
        new SinkTable.Entry(Driver + "AggregateExpressionDefinition`2", SinkTable.FromString, Expression),
        new SinkTable.Entry(Driver + "Command`1", SinkTable.FromString, Command),

        // Server-side JavaScript: the code itself, or the value of a "$where" key (a string becomes a BsonValue).
        new SinkTable.Entry(Bson + "BsonJavaScript", SinkTable.Constructor, JavaScript, "code"),
        new SinkTable.Entry(Bson + "BsonJavaScriptWithScope", SinkTable.Constructor, JavaScript, "code"),
        new SinkTable.Entry(Bson + "BsonJavaScript", SinkTable.FromString, JavaScript),
        new SinkTable.Entry(Bson + "BsonDocument", SinkTable.Constructor, JavaScript, "value").When("name", "$where"),
        new SinkTable.Entry(Bson + "BsonDocument", "Add", JavaScript, "value").When("name", "$where"),
        new SinkTable.Entry(Bson + "BsonDocument", "Set", JavaScript, "value").When("name", "$where"),
        new SinkTable.Entry(Bson + "BsonDocument", "this[]", JavaScript).When("name", "$where"),
        new SinkTable.Entry(Bson + "BsonElement", SinkTable.Constructor, JavaScript, "value").When("name", "$where"));

    /// <summary>The sinks of this compilation; null when MongoDB is not referenced (one type lookup decides).</summary>
    public static SinkTable? For(KnownTypes types) => types.BsonDocument is null ? null : new SinkTable(types, Entries);
}
