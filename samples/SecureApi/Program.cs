using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using SecureApi.Endpoints;
using SecureApi.Infrastructure;

// The same order-tracking API as samples/VulnerableApi, written securely: it builds with zero SAPI findings.
var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllers();
builder.Services.AddSingleton<OrderStore>();
builder.Services.AddSingleton<TokenIssuer>();
builder.Services.AddSingleton<OrderRepository>();
builder.Services.AddPartnerCors(builder.Configuration);
builder.Services.AddAuthorizationBuilder()
    .AddPolicy("Admin", policy => policy.RequireRole("admin"))
    .AddPolicy("Partner", policy => policy.RequireClaim("partner_id"));

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

builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
    .AddJwtBearer(options =>
    {
        // Plain-HTTP metadata only on a developer's machine.
        options.RequireHttpsMetadata = !builder.Environment.IsDevelopment();
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = builder.Configuration["Jwt:Issuer"],
            ValidAudience = TokenIssuer.Audience,
            IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(builder.Configuration["Jwt:SigningKey"]!)),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        };
    })
    // The tracking web front end signs customers in with a cookie.
    .AddCookie("WebFrontEnd");

builder.Services.AddApiErrorDetails();
builder.Services.AddEdgeSettings(builder.Configuration);
builder.Services.AddSignInLimits();

var app = builder.Build();

app.UseApiErrorHandling();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseHttpsRedirection();
app.UseCors();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapControllers();
app.MapStatusEndpoints();
app.MapGroup("/admin").RequireAuthorization("Admin").MapOrderAdmin();
app.MapAccountEndpoints();

app.Run();
