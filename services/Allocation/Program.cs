using Mash.Allocation.Allocating;
using Mash.Allocation.Data;
using Mash.Allocation.Grpc;
using Mash.Allocation.Hosting;
using Mash.Allocation.Messaging;
using Mash.BuildingBlocks.Data;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.ServiceDefaults;
using MassTransit;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("allocation", defaultPort: 5104);
builder.AddMashIdentity(Access.Table);
builder.AddServiceDatabase<AllocationDbContext>();
builder.AddAllocationReferenceData();
builder.Services.AddScoped<CaseAllocator>();
builder.Services.AddGroupCommit<PlacementGroups>();
builder.Services.AddSingleton<AllocationMapper>();
builder.AddMessaging<AllocationDbContext>("allocation", bus => bus.AddConsumers(typeof(Program).Assembly));

var app = builder.Build();
app.UseMashIdentity();
app.MapGrpcService<AllocationGrpcService>().RequireAuthorization();
app.MapDefaultEndpoints();
await app.MigrateDatabaseAsync<AllocationDbContext>();
app.Services.LoadReferenceData();
await app.RunAsync();
