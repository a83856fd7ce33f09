using Mash.BuildingBlocks.Data;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.ServiceDefaults;
using Mash.Thresholds.Data;
using Mash.Thresholds.Grpc;
using Mash.Thresholds.Messaging;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("thresholds", defaultPort: 5102);
builder.AddMashIdentity(Access.Service, Access.Methods);
builder.AddServiceDatabase<ThresholdsDbContext>();
builder.AddMessaging<ThresholdsDbContext>("thresholds", bus => bus.AddConsumer<ContactReceivedConsumer>());

var app = builder.Build();
app.UseMashIdentity();
app.MapGrpcService<ThresholdGrpcService>();
app.MapDefaultEndpoints();
await app.MigrateDatabaseAsync<ThresholdsDbContext>();
await app.RunAsync();
