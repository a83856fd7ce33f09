using Mash.BuildingBlocks.Data;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.ServiceDefaults;
using Mash.EarlyHelp.Data;
using Mash.EarlyHelp.Grpc;
using Mash.EarlyHelp.Hosting;
using MassTransit;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("earlyhelp", defaultPort: 5103);
builder.AddMashIdentity(Access.Table);
builder.AddServiceDatabase<EarlyHelpDbContext>();
builder.AddEarlyHelpPathway();
builder.AddMessaging<EarlyHelpDbContext>("earlyhelp", bus => bus.AddConsumers(typeof(Program).Assembly));

var app = builder.Build();
app.UseMashIdentity();
app.MapGrpcService<EarlyHelpGrpcService>().RequireAuthorization();
app.MapDefaultEndpoints();
await app.MigrateDatabaseAsync<EarlyHelpDbContext>();
app.Services.LoadReferenceData();
await app.RunAsync();
