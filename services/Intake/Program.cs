using Mash.BuildingBlocks.Data;
using Mash.BuildingBlocks.Grpc.Limits;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.ServiceDefaults;
using Mash.Intake.Data;
using Mash.Intake.Domain;
using Mash.Intake.Grpc;
using Mash.Intake.Hosting;
using MassTransit;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("intake", defaultPort: 5101);
builder.AddMashIdentity(Access.Table);
builder.AddRateLimits();
builder.AddServiceDatabase<IntakeDbContext>();
builder.AddMessaging<IntakeDbContext>("intake", bus => bus.AddConsumers(typeof(Program).Assembly));
builder.Services.AddScoped<ChildMatcher>();
builder.AddReceivingHubs();
builder.Services.Configure<AgencyCheckOptions>(builder.Configuration.GetSection("AgencyChecks"));

var app = builder.Build();
app.UseMashIdentity();
app.MapGrpcService<IntakeGrpcService>().RequireAuthorization();
app.MapDefaultEndpoints();
await app.MigrateDatabaseAsync<IntakeDbContext>();
await app.BackfillGivenNamesAsync();
app.Services.LoadReferenceData();
await app.RunAsync();
