using Mash.BuildingBlocks.Data;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.ServiceDefaults;
using Mash.Allocation.Data;
using Mash.Allocation.Grpc;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("allocation", defaultPort: 5104);
builder.AddMashIdentity(Access.Service, Access.Methods);
builder.AddServiceDatabase<AllocationDbContext>();
builder.AddMessaging<AllocationDbContext>("allocation");

var app = builder.Build();
app.UseMashIdentity();
app.MapGrpcService<AllocationServiceGrpcService>();
app.MapDefaultEndpoints();
await app.MigrateDatabaseAsync<AllocationDbContext>();
await app.RunAsync();
