using System.Text;

namespace SecureApi.Bench.Generator;

/// <summary>Wiring that lists every feature: DI registrations, the DbContext model, the endpoint modules.</summary>
internal static class RegistrationFiles
{
    /// <summary>Lines of these files that do not depend on the number of features.</summary>
    public static int FixedLines(int hosts) => 60 + hosts * 15;

    public static void Write(OutputFiles output, IReadOnlyList<Feature> features, IReadOnlyList<string> hosts)
    {
        var services = new StringBuilder();
        var model = new StringBuilder();
        foreach (var f in features)
        {
            services.Append($"        services.AddScoped<{f.Name}DapperRepository>();\n");
            services.Append($"        services.AddScoped<{f.Name}EfRepository>();\n");
            services.Append($"        services.AddScoped<{f.Name}Service>();\n");
            model.Append($"        Configure{f.Name}(modelBuilder);\n");
        }

        output.Add(Names.Src(Names.InfrastructureProject, "ServiceCollectionExtensions.cs"), $$"""
            using Bench.Domain.Configuration;
            using Bench.Infrastructure.Data;
            using Bench.Infrastructure.Reports;
            using Bench.Infrastructure.Repositories;
            using Bench.Infrastructure.Security;
            using Bench.Infrastructure.Services;
            using Microsoft.Extensions.Configuration;
            using Microsoft.Extensions.DependencyInjection;

            namespace Bench.Infrastructure;

            public static class ServiceCollectionExtensions
            {
                public static IServiceCollection AddInfrastructure(this IServiceCollection services, IConfiguration configuration)
                {
                    services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.SectionName));
                    services.AddSingleton<IDbConnectionFactory, SqliteConnectionFactory>();
                    services.AddDbContext<AppDbContext>();
                    services.AddScoped<TokenService>();
                    services.AddScoped<ReportQueries>();
            {{services}}        return services;
                }
            }
            """);

        output.Add(Names.Src(Names.InfrastructureProject, "Data/AppDbContext.cs"), $$"""
            using Microsoft.EntityFrameworkCore;

            namespace Bench.Infrastructure.Data;

            /// <summary>The EF Core context; each feature adds its set and mapping in its own partial file.</summary>
            public sealed partial class AppDbContext : DbContext
            {
                public AppDbContext(DbContextOptions<AppDbContext> options)
                    : base(options)
                {
                }

                protected override void OnModelCreating(ModelBuilder modelBuilder)
                {
                    base.OnModelCreating(modelBuilder);
            {{model}}    }
            }
            """);

        foreach (var host in hosts)
        {
            var maps = new StringBuilder();
            foreach (var f in features.Where(f => f.Host == host))
            {
                maps.Append($"        routes.Map{f.Name}Endpoints();\n");
            }

            output.Add(Names.Src(host, "Endpoints/Modules.cs"), $$"""
                using Microsoft.AspNetCore.Routing;

                namespace {{host}}.Endpoints;

                public static class {{host.Replace(".", "", StringComparison.Ordinal)}}ModuleRegistration
                {
                    public static IEndpointRouteBuilder Map{{host.Replace(".", "", StringComparison.Ordinal)}}Modules(this IEndpointRouteBuilder routes)
                    {
                {{maps}}        return routes;
                    }
                }
                """);
        }
    }
}

/// <summary>A settings class sized to bring the line count to the target.</summary>
internal static class FillerFiles
{
    public static void Write(OutputFiles output, int lines)
    {
        const int overhead = 8;
        var properties = Math.Max(1, (lines - overhead) / 2);
        var text = new StringBuilder();
        for (var i = 0; i < properties; i++)
        {
            text.Append(i % 3 == 0
                ? $"    public bool EnableFeature{i:D4} {{ get; set; }}\n\n"
                : $"    public int Limit{i:D4} {{ get; set; }} = {i * 10 % 997};\n\n");
        }

        output.Add(Names.Src(Names.DomainProject, "Configuration/FeatureSwitches.cs"), $$"""
            namespace Bench.Domain.Configuration;

            /// <summary>Feature switches and limits (section "FeatureSwitches").</summary>
            public sealed class FeatureSwitches
            {
                public const string SectionName = "FeatureSwitches";

            {{text.ToString().TrimEnd('\n')}}
            }
            """);
    }
}
