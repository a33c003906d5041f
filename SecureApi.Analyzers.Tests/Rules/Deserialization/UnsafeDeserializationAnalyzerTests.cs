using Microsoft.CodeAnalysis.Testing;
using SecureApi.Analyzers.Core;
using SecureApi.Analyzers.Tests.Infrastructure;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Deserialization.UnsafeDeserializationAnalyzer>;

namespace SecureApi.Analyzers.Tests.Rules.Deserialization;

/// <summary>SAPI4005: the formatters that create the types the data names, and Json.NET's TypeNameHandling without a binder.</summary>
public sealed class UnsafeDeserializationAnalyzerTests
{
    private const string FormatterWhy = "it creates whatever types the serialized data names and no setting makes that safe: a crafted payload names a type whose construction runs the attacker's code";
    private const string CallWhy = "the formatter creates whatever types the data names: a crafted payload names a type whose construction runs the attacker's code";
    private const string JsonWhy = "Json.NET creates the types named in the payload's \"$type\": a crafted payload names a type whose construction runs the attacker's code";
    private const string AttributeWhy = "Json.NET creates the types named in the payload's \"$type\" for this member: a crafted payload names a type whose construction runs the attacker's code";

    private static DiagnosticResult Finding(int markup, string what, string why) =>
        Verify.Diagnostic(Descriptors.UnsafeDeserialization).WithLocation(markup).WithArguments(what, why);

    // ---------------------------------------------------------------- formatters

    [Fact]
    public Task BinaryFormatter_is_reported_where_it_is_created()
    {
        const string source = """
            #pragma warning disable SYSLIB0011
            using System.Runtime.Serialization;
            using System.Runtime.Serialization.Formatters.Binary;

            public sealed class LegacyImporter
            {
                private readonly BinaryFormatter _shared = {|#0:new BinaryFormatter()|};
                private readonly BinaryFormatter _targetTyped = {|#1:new()|};

                public object Import(Stream blob)
                {
                    var formatter = {|#2:new BinaryFormatter()|};
                    return formatter.Deserialize(blob);
                }

                public object ImportWithSelector(Stream blob) =>
                    {|#3:new BinaryFormatter(null, new StreamingContext(StreamingContextStates.File))|}.Deserialize(blob);

                public object ImportAsInterface(Stream blob)
                {
                    IFormatter formatter = {|#4:new BinaryFormatter()|};
                    return formatter.Deserialize(blob);
                }

                // Uses of the fields: the creations above carry the findings.
                public object Shared(Stream blob) => _shared.Deserialize(blob);

                public object TargetTyped(Stream blob) => _targetTyped.Deserialize(blob);
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "BinaryFormatter is created", FormatterWhy),
            Finding(1, "BinaryFormatter is created", FormatterWhy),
            Finding(2, "BinaryFormatter is created", FormatterWhy),
            Finding(3, "BinaryFormatter is created", FormatterWhy),
            Finding(4, "BinaryFormatter is created", FormatterWhy));
    }

    [Fact]
    public Task Deserialize_on_a_formatter_created_elsewhere_is_reported_at_the_call()
    {
        const string source = """
            #pragma warning disable SYSLIB0011
            using System.Runtime.Serialization.Formatters.Binary;

            public sealed class BlobReader
            {
                private readonly BinaryFormatter _formatter;

                public BlobReader(BinaryFormatter formatter) => _formatter = formatter;

                public object Read(Stream blob) => _formatter.{|#0:Deserialize(blob)|};

                public static object ReadWith(BinaryFormatter formatter, Stream blob)
                {
                    var local = formatter;
                    return local.{|#1:Deserialize(blob)|};
                }

                // Serializing creates no object from the data.
                public void Write(Stream blob, object graph) => _formatter.Serialize(blob, graph);
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "BinaryFormatter.Deserialize reads data", CallWhy),
            Finding(1, "BinaryFormatter.Deserialize reads data", CallWhy));
    }

    [Fact]
    public Task Formatter_created_in_the_constructor_is_one_finding()
    {
        const string source = """
            #pragma warning disable SYSLIB0011
            using System.Runtime.Serialization.Formatters.Binary;

            public sealed class SessionStore
            {
                private readonly BinaryFormatter _formatter;

                public SessionStore() => _formatter = {|#0:new BinaryFormatter()|};

                public object Load(Stream blob) => _formatter.Deserialize(blob);

                public object LoadAgain(Stream blob) => _formatter.Deserialize(blob);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source, Finding(0, "BinaryFormatter is created", FormatterWhy));
    }

    [Fact]
    public Task Safe_serializers_are_not_reported()
    {
        const string source = """
            using System.Runtime.Serialization;
            using System.Text.Json;
            using System.Xml.Serialization;

            public sealed record Ticket(int Id, string Title);

            public static class Readers
            {
                public static Ticket? Json(string body) => JsonSerializer.Deserialize<Ticket>(body);

                public static object? Contract(Stream body) => new DataContractSerializer(typeof(Ticket)).ReadObject(body);

                public static object? Xml(Stream body) => new XmlSerializer(typeof(Ticket)).Deserialize(body);

                public static object? Interface(IFormatter formatter, Stream body) => formatter.Deserialize(body);
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    // ---------------------------------------------------------------- Json.NET settings and serializer

    [Fact]
    public Task TypeNameHandling_in_settings_initializers()
    {
        const string source = """
            using Newtonsoft.Json;

            public static class Legacy
            {
                private static readonly JsonSerializerSettings Export = new()
                {
                    {|#0:TypeNameHandling = TypeNameHandling.All|},
                    NullValueHandling = NullValueHandling.Ignore,
                };

                public static object? Read(string json) =>
                    JsonConvert.DeserializeObject(json, new JsonSerializerSettings { {|#1:TypeNameHandling = TypeNameHandling.Auto|} });

                public static object? ReadFlags(string json) =>
                    JsonConvert.DeserializeObject(json, new JsonSerializerSettings { {|#2:TypeNameHandling = TypeNameHandling.Objects | TypeNameHandling.Arrays|} });

                public static object? ReadCast(string json) =>
                    JsonConvert.DeserializeObject(json, new JsonSerializerSettings { {|#3:TypeNameHandling = (TypeNameHandling)4|} });
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "TypeNameHandling = All without a SerializationBinder", JsonWhy),
            Finding(1, "TypeNameHandling = Auto without a SerializationBinder", JsonWhy),
            Finding(2, "TypeNameHandling = All without a SerializationBinder", JsonWhy),
            Finding(3, "TypeNameHandling = Auto without a SerializationBinder", JsonWhy));
    }

    [Fact]
    public Task TypeNameHandling_assigned_to_settings_and_serializers()
    {
        const string source = """
            using Newtonsoft.Json;

            public sealed class Importer
            {
                private readonly JsonSerializerSettings _settings = new();

                public Importer()
                {
                    _settings.{|#0:TypeNameHandling = TypeNameHandling.Objects|};
                }

                public object? Read(JsonReader reader)
                {
                    var serializer = JsonSerializer.CreateDefault();
                    serializer.{|#1:TypeNameHandling = TypeNameHandling.Auto|};
                    return serializer.Deserialize(reader);
                }

                public static void Defaults() =>
                    JsonConvert.DefaultSettings = () => new JsonSerializerSettings { {|#2:TypeNameHandling = TypeNameHandling.All|} };
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "TypeNameHandling = Objects without a SerializationBinder", JsonWhy),
            Finding(1, "TypeNameHandling = Auto without a SerializationBinder", JsonWhy),
            Finding(2, "TypeNameHandling = All without a SerializationBinder", JsonWhy));
    }

    [Fact]
    public Task TypeNameHandling_in_AddNewtonsoftJson()
    {
        const string source = """
            using Newtonsoft.Json;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddControllers().AddNewtonsoftJson(o => o.SerializerSettings.{|#0:TypeNameHandling = TypeNameHandling.Auto|});
            builder.Services.AddControllers().AddNewtonsoftJson(options =>
            {
                options.SerializerSettings.NullValueHandling = NullValueHandling.Ignore;
                options.SerializerSettings.{|#1:TypeNameHandling = TypeNameHandling.All|};
            });
            builder.Build().Run();
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "TypeNameHandling = Auto without a SerializationBinder", JsonWhy),
            Finding(1, "TypeNameHandling = All without a SerializationBinder", JsonWhy));
    }

    [Fact]
    public Task A_binder_on_the_same_settings_silences_the_finding()
    {
        const string source = """
            using Newtonsoft.Json;
            using Newtonsoft.Json.Serialization;

            public sealed class KnownTypesBinder : ISerializationBinder
            {
                public Type BindToType(string? assemblyName, string typeName) => typeName == "Ticket" ? typeof(object) : throw new JsonSerializationException(typeName);

                public void BindToName(Type serializedType, out string? assemblyName, out string? typeName)
                {
                    assemblyName = null;
                    typeName = serializedType.Name;
                }
            }

            public sealed class Workflows
            {
                private static readonly JsonSerializerSettings Steps = new()
                {
                    TypeNameHandling = TypeNameHandling.Objects,
                    SerializationBinder = new KnownTypesBinder(),
                };

                public static object? ViaLocal(string json)
                {
                    var settings = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Auto };
                    settings.SerializationBinder = new KnownTypesBinder();
                    return JsonConvert.DeserializeObject(json, settings);
                }

                public static object? AssignedLater(string json)
                {
                    var settings = new JsonSerializerSettings { SerializationBinder = new KnownTypesBinder() };
                    settings.TypeNameHandling = TypeNameHandling.All;
                    return JsonConvert.DeserializeObject(json, settings);
                }

                public static object? Serializer(JsonReader reader)
                {
                    var serializer = new JsonSerializer { SerializationBinder = new KnownTypesBinder() };
                    serializer.TypeNameHandling = TypeNameHandling.Auto;
                    return serializer.Deserialize(reader);
                }

                public static void Mvc(IServiceCollection services) =>
                    services.AddControllers().AddNewtonsoftJson(o =>
                    {
                        o.SerializerSettings.TypeNameHandling = TypeNameHandling.Auto;
                        o.SerializerSettings.SerializationBinder = new KnownTypesBinder();
                    });
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    [Fact]
    public Task A_binder_on_other_settings_or_a_binder_that_allows_everything_does_not_count()
    {
        const string source = """
            using Newtonsoft.Json;
            using Newtonsoft.Json.Serialization;

            public static class Readers
            {
                public static object? Two(string json)
                {
                    var first = new JsonSerializerSettings { {|#0:TypeNameHandling = TypeNameHandling.All|} };
                    var second = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None };
                    second.SerializationBinder = new DefaultSerializationBinder();
                    return JsonConvert.DeserializeObject(json, first);
                }

                public static object? Default(string json) =>
                    JsonConvert.DeserializeObject(json, new JsonSerializerSettings
                    {
                        {|#1:TypeNameHandling = TypeNameHandling.Auto|},
                        SerializationBinder = new DefaultSerializationBinder(),
                    });

                public static object? Nulled(string json) =>
                    JsonConvert.DeserializeObject(json, new JsonSerializerSettings { {|#2:TypeNameHandling = TypeNameHandling.Auto|}, SerializationBinder = null });
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "TypeNameHandling = All without a SerializationBinder", JsonWhy),
            Finding(1, "TypeNameHandling = Auto without a SerializationBinder", JsonWhy),
            Finding(2, "TypeNameHandling = Auto without a SerializationBinder", JsonWhy));
    }

    [Fact]
    public Task None_System_Text_Json_and_values_from_configuration_are_not_reported()
    {
        const string source = """
            using System.Text.Json;
            using System.Text.Json.Serialization;
            using Newtonsoft.Json;

            [JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
            [JsonDerivedType(typeof(Circle), "circle")]
            public abstract class Shape;

            public sealed class Circle : Shape;

            public static class Readers
            {
                private static readonly JsonSerializerSettings Plain = new() { TypeNameHandling = TypeNameHandling.None };

                public static Shape? Stj(string json) => System.Text.Json.JsonSerializer.Deserialize<Shape>(json);

                public static object? Configured(string json, TypeNameHandling handling) =>
                    JsonConvert.DeserializeObject(json, new JsonSerializerSettings { TypeNameHandling = handling });

                public static void Reset(JsonSerializerSettings settings) => settings.TypeNameHandling = default;
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }

    // ---------------------------------------------------------------- attributes and contracts

    [Fact]
    public Task TypeNameHandling_in_attributes_and_contracts()
    {
        const string source = """
            using Newtonsoft.Json;
            using Newtonsoft.Json.Serialization;
            using System.Reflection;

            [JsonObject({|#0:ItemTypeNameHandling = TypeNameHandling.All|})]
            public sealed class Envelope
            {
                [JsonProperty({|#1:TypeNameHandling = TypeNameHandling.Auto|})]
                public object? Payload { get; set; }

                [JsonProperty("items", {|#2:ItemTypeNameHandling = TypeNameHandling.Objects|})]
                public List<object> Items { get; set; } = new();

                [JsonProperty(TypeNameHandling = TypeNameHandling.None)]
                public object? Plain { get; set; }

                [JsonProperty(Order = 1)]
                public string? Name;
            }

            public sealed class PolymorphicResolver : DefaultContractResolver
            {
                protected override JsonProperty CreateProperty(MemberInfo member, MemberSerialization memberSerialization)
                {
                    var property = base.CreateProperty(member, memberSerialization);
                    property.{|#3:TypeNameHandling = TypeNameHandling.All|};
                    property.TypeNameHandling = null;
                    return property;
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(
            source,
            Finding(0, "[JsonObject(ItemTypeNameHandling = All)]", AttributeWhy),
            Finding(1, "[JsonProperty(TypeNameHandling = Auto)]", AttributeWhy),
            Finding(2, "[JsonProperty(ItemTypeNameHandling = Objects)]", AttributeWhy),
            Finding(3, "TypeNameHandling = All", JsonWhy));
    }

    [Fact]
    public Task Generated_code_is_skipped()
    {
        const string source = """
            // <auto-generated/>
            using Newtonsoft.Json;

            public static class Generated
            {
                public static readonly JsonSerializerSettings Settings = new() { TypeNameHandling = TypeNameHandling.All };
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }
}
