using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;
using VulnerableApi.Endpoints;
using VulnerableApi.Infrastructure;

// A small order-tracking API. Every SAPI finding in this project is listed in expected-findings.txt.
var builder = WebApplication.CreateBuilder(args);

builder.Services.AddControllers();
builder.Services.AddSingleton<OrderStore>();
builder.Services.AddSingleton<TokenIssuer>();
builder.Services.AddSingleton<OrderRepository>();
builder.Services.AddPartnerCors(builder.Configuration);

builder.Services.AddCors(options =>
{
    // White-labelled dashboards run on each customer's own domain.
    options.AddPolicy("Dashboards", policy => policy
        .SetIsOriginAllowed(_ => true)
        .AllowAnyHeader()
        .AllowAnyMethod()
        .AllowCredentials());

    // The support widget is embedded on customer sites and keeps the visitor's session.
    options.AddPolicy("Widget", policy =>
    {
        policy.AllowAnyOrigin();
        policy.WithMethods("GET", "POST");
        policy.AllowCredentials();
    });

    // Public order-status badge.
    options.AddPolicy("StatusBadge", policy => policy
        .AllowAnyOrigin()
        .WithMethods("GET"));
});

builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
    .AddJwtBearer(options =>
    {
        // The staging identity server has no certificate yet.
        options.RequireHttpsMetadata = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = builder.Configuration["Jwt:Issuer"],
            // Mobile and web clients send different audiences.
            ValidateAudience = false,
            IssuerSigningKey = new SymmetricSecurityKey(Convert.FromBase64String(builder.Configuration["Jwt:SigningKey"]!)),
        };
    })
    // The tracking web front end signs customers in with a cookie.
    .AddCookie("WebFrontEnd");

builder.Services.AddApiErrorDetails();
builder.Services.AddEdgeSettings();
builder.Services.AddSignInLimits();

var app = builder.Build();

app.UseApiErrorHandling();
app.UseHttpsRedirection();
app.UseCors();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapControllers();
app.MapStatusEndpoints();
app.MapOrderAdmin();
app.MapAccountEndpoints();

app.Run();
