using Mash.BuildingBlocks.Data;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.Rest;
using Mash.BuildingBlocks.ServiceDefaults;
using Mash.Thresholds.Data;
using Mash.Thresholds.Grpc;
using Mash.Thresholds.Hosting;
using Mash.Thresholds.Triage;
using MassTransit;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("thresholds", defaultPort: 5102);
builder.AddMashIdentity(Access.Table);
builder.AddRestDoor("Mash thresholds (partner REST door)");
builder.AddServiceDatabase<ThresholdsDbContext>();
builder.AddThresholdRules();
builder.Services.AddScoped<ChildTriage>();
builder.Services.AddScoped<Routing>();
builder.AddMessaging<ThresholdsDbContext>("thresholds", bus => bus.AddConsumers(typeof(Program).Assembly));

var app = builder.Build();
app.UseRestDoor();
app.UseMashIdentity();
app.MapGrpcService<ThresholdGrpcService>().RequireAuthorization();
app.MapDefaultEndpoints();
await app.MigrateDatabaseAsync<ThresholdsDbContext>();
app.Services.LoadReferenceData();
await app.RunAsync();
