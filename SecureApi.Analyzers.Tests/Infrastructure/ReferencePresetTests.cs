using Xunit;
using Verify = SecureApi.Analyzers.Tests.Infrastructure.CSharpAnalyzerVerifier<SecureApi.Analyzers.Rules.Cors.PermissiveCorsPolicyAnalyzer>;

namespace SecureApi.Analyzers.Tests.Infrastructure;

/// <summary>The reference preset really compiles code against every library the rules know (zero compiler errors).</summary>
public sealed class ReferencePresetTests
{
    [Fact]
    public Task Snippets_compile_against_every_library_of_the_preset()
    {
        const string source = """
            using System.Data;
            using System.IdentityModel.Tokens.Jwt;
            using Dapper;
            using Microsoft.AspNetCore.Authentication.JwtBearer;
            using Microsoft.AspNetCore.Authentication.OpenIdConnect;
            using Microsoft.AspNetCore.Identity;
            using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
            using Microsoft.Data.Sqlite;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.IdentityModel.JsonWebTokens;
            using Microsoft.IdentityModel.Tokens;
            using MongoDB.Bson;
            using MongoDB.Driver;
            using MySqlConnector;
            using Newtonsoft.Json;
            using Npgsql;

            public sealed class AppDb(DbContextOptions<AppDb> options) : IdentityDbContext<IdentityUser>(options)
            {
                public DbSet<Order> Orders => Set<Order>();
            }

            public sealed class Order
            {
                public int Id { get; set; }
            }

            public static class Everything
            {
                public static async Task Use(IServiceCollection services, AppDb db, IDbConnection connection, string id)
                {
                    services.AddDbContext<AppDb>(o => o.UseSqlServer("Server=.;Database=app;Integrated Security=true"));
                    services.AddAuthentication().AddJwtBearer(o => o.TokenValidationParameters = new TokenValidationParameters
                    {
                        ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
                    }).AddOpenIdConnect(o => o.RequireHttpsMetadata = true);

                    _ = db.Orders.FromSql($"SELECT * FROM Orders WHERE Id = {id}").ToList();
                    _ = await connection.QueryAsync<Order>("SELECT * FROM Orders WHERE Id = @id", new { id });
                    using var sql = new Microsoft.Data.SqlClient.SqlCommand("SELECT 1");
                    using var legacySql = new System.Data.SqlClient.SqlCommand("SELECT 1");
                    using var npgsql = new NpgsqlCommand("SELECT 1");
                    using var sqlite = new SqliteCommand("SELECT 1");
                    using var mysql = new MySqlCommand("SELECT 1");

                    var handler = new JwtSecurityTokenHandler();
                    _ = handler.ReadJwtToken(id).Claims;
                    _ = await new JsonWebTokenHandler().ValidateTokenAsync(id, new TokenValidationParameters());
                    _ = JwtBearerDefaults.AuthenticationScheme + OpenIdConnectDefaults.AuthenticationScheme;

                    var orders = new MongoClient("mongodb://localhost").GetDatabase("app").GetCollection<BsonDocument>("orders");
                    _ = await orders.Find(Builders<BsonDocument>.Filter.Eq("id", id)).ToListAsync();
                    _ = JsonConvert.DeserializeObject<Order>("{}", new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None });
                }
            }
            """;
        return Verify.VerifyAnalyzerAsync(source);
    }
}
