using Mash.Audit.Checkpoints;
using Mash.Audit.Clocks;
using Mash.Audit.Data;
using Mash.Audit.Grpc;
using Mash.Audit.Messaging;
using Mash.Audit.Messaging.Reports;
using Mash.Audit.Reports;
using Mash.Audit.Trail;
using Mash.BuildingBlocks.Data;
using Mash.BuildingBlocks.Identity;
using Mash.BuildingBlocks.Messaging;
using Mash.BuildingBlocks.Rest;
using Mash.BuildingBlocks.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults("audit", defaultPort: 5105);
builder.AddMashIdentity(Access.Table);
builder.AddRestDoor("Mash audit (partner REST door)");
builder.AddServiceDatabase<AuditDbContext>();
builder.AddTrail();
builder.AddTrailCheckpoints();
builder.AddClocks();
builder.AddReports();
builder.AddMessaging<AuditDbContext>("audit", bus =>
{
    bus.AddTrailConsumers();
    bus.AddClockConsumers();
    bus.AddReportProjections();
});

var app = builder.Build();
app.UseRestDoor();
app.UseMashIdentity();
app.MapGrpcService<AuditGrpcService>().RequireAuthorization();
app.MapDefaultEndpoints();
await app.MigrateDatabaseAsync<AuditDbContext>();
app.Services.LoadCalendar();
app.Services.LoadReportSpecs();
app.Services.LoadCheckpointKeys();
await app.RunAsync();
