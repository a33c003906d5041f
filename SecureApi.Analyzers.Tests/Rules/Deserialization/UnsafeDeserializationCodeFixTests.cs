using SecureApi.CodeFixes.Rules.Deserialization;
using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<
    SecureApi.Analyzers.Rules.Deserialization.UnsafeDeserializationAnalyzer,
    SecureApi.CodeFixes.Rules.Deserialization.UnsafeDeserializationCodeFix>;

namespace SecureApi.Analyzers.Tests.Rules.Deserialization;

/// <summary>Fix of SAPI4005: TypeNameHandling.None, qualified as the code qualifies the enum; no fix for the formatters.</summary>
public sealed class UnsafeDeserializationCodeFixTests
{
    private const string Key = UnsafeDeserializationCodeFix.TypeNameHandlingNone;

    [Fact]
    public Task Settings_and_serializers_get_None()
    {
        const string source = """
            using Newtonsoft.Json;

            public sealed class Importer
            {
                private static readonly JsonSerializerSettings Export = new()
                {
                    {|SAPI4005:TypeNameHandling = TypeNameHandling.All|}, // v1 exports
                    NullValueHandling = NullValueHandling.Ignore,
                };

                public object? Read(JsonReader reader)
                {
                    var serializer = JsonSerializer.CreateDefault();
                    serializer.{|SAPI4005:TypeNameHandling = Newtonsoft.Json.TypeNameHandling.Objects | Newtonsoft.Json.TypeNameHandling.Arrays|};
                    return serializer.Deserialize(reader);
                }

                public static object? Cast(string json) =>
                    JsonConvert.DeserializeObject(json, new JsonSerializerSettings { {|SAPI4005:TypeNameHandling = (TypeNameHandling)4|} });
            }
            """;
        const string fixedSource = """
            using Newtonsoft.Json;

            public sealed class Importer
            {
                private static readonly JsonSerializerSettings Export = new()
                {
                    TypeNameHandling = TypeNameHandling.None, // v1 exports
                    NullValueHandling = NullValueHandling.Ignore,
                };

                public object? Read(JsonReader reader)
                {
                    var serializer = JsonSerializer.CreateDefault();
                    serializer.TypeNameHandling = Newtonsoft.Json.TypeNameHandling.None;
                    return serializer.Deserialize(reader);
                }

                public static object? Cast(string json) =>
                    JsonConvert.DeserializeObject(json, new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None });
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task AddNewtonsoftJson_and_attributes_get_None()
    {
        const string source = """
            using Newtonsoft.Json;
            using static Newtonsoft.Json.TypeNameHandling;

            public sealed class Envelope
            {
                [JsonProperty({|SAPI4005:TypeNameHandling = All|})]
                public object? Payload { get; set; }

                public static void Mvc(IServiceCollection services) =>
                    services.AddControllers().AddNewtonsoftJson(o => o.SerializerSettings.{|SAPI4005:TypeNameHandling = TypeNameHandling.Auto|});
            }
            """;
        const string fixedSource = """
            using Newtonsoft.Json;
            using static Newtonsoft.Json.TypeNameHandling;

            public sealed class Envelope
            {
                [JsonProperty(TypeNameHandling = None)]
                public object? Payload { get; set; }

                public static void Mvc(IServiceCollection services) =>
                    services.AddControllers().AddNewtonsoftJson(o => o.SerializerSettings.TypeNameHandling = TypeNameHandling.None);
            }
            """;
        return Verify.VerifyCodeFixAsync(source, fixedSource, Key, batchFixedSource: fixedSource);
    }

    [Fact]
    public Task No_fix_where_the_type_names_are_evidently_wanted()
    {
        const string source = """
            using Newtonsoft.Json;

            public abstract class SensorPayload
            {
                public string DeviceId { get; set; } = "";
            }

            public sealed class Batch
            {
                [JsonProperty({|#0:TypeNameHandling = TypeNameHandling.Auto|})]
                public SensorPayload? First { get; set; }

                [JsonProperty({|#1:ItemTypeNameHandling = TypeNameHandling.Auto|})]
                public List<SensorPayload> Payloads { get; set; } = new();

                // ReadAhead exists to find "$type" anywhere in an object.
                public static readonly JsonSerializerSettings Settings = new()
                {
                    {|#2:TypeNameHandling = TypeNameHandling.All|},
                    MetadataPropertyHandling = MetadataPropertyHandling.ReadAhead,
                };
            }
            """;
        return Verify.VerifyNoCodeFixAsync(
            source,
            Key,
            expected:
            [
                Verify.Diagnostic(Analyzers.Core.Descriptors.UnsafeDeserialization).WithLocation(0).WithArguments("[JsonProperty(TypeNameHandling = Auto)]", "Json.NET creates the types named in the payload's \"$type\" for this member: a crafted payload names a type whose construction runs the attacker's code"),
                Verify.Diagnostic(Analyzers.Core.Descriptors.UnsafeDeserialization).WithLocation(1).WithArguments("[JsonProperty(ItemTypeNameHandling = Auto)]", "Json.NET creates the types named in the payload's \"$type\" for this member: a crafted payload names a type whose construction runs the attacker's code"),
                Verify.Diagnostic(Analyzers.Core.Descriptors.UnsafeDeserialization).WithLocation(2).WithArguments("TypeNameHandling = All without a SerializationBinder", "Json.NET creates the types named in the payload's \"$type\": a crafted payload names a type whose construction runs the attacker's code"),
            ]);
    }

    [Fact]
    public Task No_fix_for_the_formatters()
    {
        const string source = """
            #pragma warning disable SYSLIB0011
            using System.Runtime.Serialization.Formatters.Binary;

            public static class Blobs
            {
                public static object Read(Stream blob) => {|SAPI4005:new BinaryFormatter()|}.Deserialize(blob);
            }
            """;
        return Verify.VerifyNoCodeFixAsync(source, Key);
    }
}
