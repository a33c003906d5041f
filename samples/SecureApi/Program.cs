using SecureApi.Endpoints;
using SecureApi.Infrastructure;

// The same order-tracking API as samples/VulnerableApi, written securely: it builds with zero SAPI findings.
var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllers();
builder.Services.AddSingleton<OrderStore>();
builder.Services.AddPartnerCors(builder.Configuration);

var trustedOrigins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];

builder.Services.AddCors(options =>
{
    // Dashboards and the widget: only the origins operations registered in configuration, with the session cookie.
    options.AddPolicy("Dashboards", policy => policy
        .WithOrigins(trustedOrigins)
        .AllowAnyHeader()
        .AllowAnyMethod()
        .AllowCredentials());

    options.AddPolicy("Widget", policy =>
    {
        policy.WithOrigins(trustedOrigins);
        policy.WithMethods("GET", "POST");
        policy.AllowCredentials();
    });

    // The public badge needs no cookie, and still only answers the sites that embed it.
    options.AddPolicy("StatusBadge", policy => policy
        .WithOrigins(trustedOrigins)
        .WithMethods("GET"));
});

var app = builder.Build();

app.UseHttpsRedirection();
app.UseCors();
app.UseAuthorization();

app.MapControllers();
app.MapStatusEndpoints();

app.Run();
